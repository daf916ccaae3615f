//! `project_id` in availability and booking requests: the project's settings are the
//! defaults, the request overrides them (timekit-api-more.md §6.1–§6.2).

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::reply::Reply;
use crate::store::{Project, Store};

/// The project a body names with a string `project_id`: `Ok(None)` without one (or with a
/// non-string one, which the route's own validation refuses), 404 `Project` when unknown.
fn project_of<'s>(
    store: &'s Store,
    body: &Map<String, Value>,
) -> Result<Option<&'s Project>, Reply> {
    let Some(id) = body.get("project_id").and_then(Value::as_str) else {
        return Ok(None);
    };
    match store.catalog.projects.get(id) {
        Some(project) => Ok(Some(project)),
        None => Err(Reply::not_found("Project")),
    }
}

fn is_unset(body: &Map<String, Value>, key: &str) -> bool {
    body.get(key).is_none_or(Value::is_null)
}

/// The body an availability query (or variant) runs with: the project's `availability`
/// overlaid by the request's fields; `resources` from the request unless absent, null or
/// empty, else the project's; `constraints` = the project's `availability_constraints`
/// followed by the request's (the resources' own constraints are added by the engine).
pub(crate) fn availability_body<'b>(
    store: &Store,
    body: &'b Map<String, Value>,
) -> Result<Cow<'b, Map<String, Value>>, Reply> {
    let Some(project) = project_of(store, body)? else {
        return Ok(Cow::Borrowed(body));
    };
    let mut merged = project.object("availability").cloned().unwrap_or_default();
    // `resources` and `constraints` live at the project's top level (§5.1.4).
    merged.remove("resources");
    merged.remove("constraints");
    for (key, value) in body {
        if !value.is_null() {
            merged.insert(key.clone(), value.clone());
        }
    }
    let no_resources = match body.get("resources") {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        Some(_) => false,
    };
    if no_resources {
        let ids: Vec<Value> = project
            .resources
            .iter()
            .cloned()
            .map(Value::String)
            .collect();
        merged.insert("resources".to_owned(), Value::Array(ids));
    }
    let project_constraints = project
        .settings
        .get("availability_constraints")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    match body.get("constraints") {
        // A malformed value stays as sent, so the engine's 422 names it.
        Some(value) if !value.is_null() && !value.is_array() => {}
        given => {
            let mut constraints = project_constraints;
            constraints.extend(given.and_then(Value::as_array).cloned().unwrap_or_default());
            merged.insert("constraints".to_owned(), Value::Array(constraints));
        }
    }
    Ok(Cow::Owned(merged))
}

/// The body `POST /bookings` (and `POST /bookings/reserve`) runs with: every field of the
/// project's `booking` the request leaves unset (`graph`, `what`, `where`, `description`, …),
/// `settings` merged key by key (request wins), and `settings.allow_double_bookings` from
/// the project's `allow_double_bookings` when neither sets it.
pub(crate) fn booking_body<'b>(
    store: &Store,
    body: Cow<'b, Map<String, Value>>,
) -> Result<Cow<'b, Map<String, Value>>, Reply> {
    let Some(project) = project_of(store, &body)? else {
        return Ok(body);
    };
    let defaults = project.object("booking").cloned().unwrap_or_default();
    let mut merged = body.into_owned();
    for (key, value) in &defaults {
        if key != "settings" && is_unset(&merged, key) {
            merged.insert(key.clone(), value.clone());
        }
    }
    let given_settings = merged.get("settings").cloned();
    if given_settings
        .as_ref()
        .is_none_or(|v| v.is_null() || v.is_object())
    {
        let mut settings = defaults
            .get("settings")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(Value::Object(given)) = given_settings {
            settings.extend(given);
        }
        if !settings.contains_key("allow_double_bookings") {
            if let Some(flag) = project.settings.get("allow_double_bookings") {
                settings.insert("allow_double_bookings".to_owned(), flag.clone());
            }
        }
        if !settings.is_empty() {
            merged.insert("settings".to_owned(), Value::Object(settings));
        }
    }
    Ok(Cow::Owned(merged))
}
