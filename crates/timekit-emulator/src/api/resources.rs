//! `/resources`: create, list, get, update, delete.

use std::sync::Arc;

use http::StatusCode;
use jiff::Timestamp;
use serde_json::{Map, Value};

use super::ApiRequest;
use super::fields::{
    email_field, optional_array, optional_object, optional_string, required_string, timezone_field,
};
use super::pagination::{Page, PageRequest};
use super::reply::{FieldErrors, Reply};
use super::search::{glob_matches, meta_matches, parse_criteria};
use crate::availability::{AvailabilityError, validate_constraint};
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::store::{Resource, ResourceIncludes, ResourceView, Store};
use crate::time::Stamp;

/// Page size of `GET /resources` without `limit` (the pagination guide's 50).
const DEFAULT_LIMIT: usize = 50;

/// A resource with defaults for everything optional.
pub(crate) fn new_resource(
    name: String,
    first_name: String,
    last_name: String,
    email: Option<String>,
    timezone: String,
    now: Timestamp,
) -> Resource {
    let stamp = Stamp::new(now);
    Resource {
        id: new_uuid(),
        seq: 0,
        name,
        first_name,
        last_name,
        email,
        timezone,
        image: None,
        tags: None,
        meta: Map::new(),
        availability_constraints: Vec::new(),
        calendar_id: new_uuid(),
        created_at: stamp.clone(),
        updated_at: stamp,
    }
}

/// The optional fields shared by create and update, validated.
#[derive(Default)]
struct ResourceFields {
    first_name: Option<String>,
    last_name: Option<String>,
    image: Option<String>,
    tags: Option<Vec<Value>>,
    meta: Option<Map<String, Value>>,
    constraints: Option<Vec<Value>>,
}

fn optional_fields(body: &Map<String, Value>, errors: &mut FieldErrors) -> ResourceFields {
    // The password is never shown; handlers store it for `POST /auth` (issue 16) with
    // [`remember_password`].
    optional_string(body, "password", "password", errors);
    let constraints = optional_array(
        body,
        "availability_constraints",
        "availability_constraints",
        errors,
    );
    // Refused up front with the engine's own reading, so a stored resource never carries a
    // constraint that would make every later availability query fail.
    for (index, item) in constraints.into_iter().flatten().enumerate() {
        let field = format!("availability_constraints.{index}");
        if let Err(AvailabilityError::Invalid { field, message }) =
            validate_constraint(item, &field)
        {
            errors.add(field, message);
        }
    }
    let tags = optional_array(body, "tags", "tags", errors);
    if tags.is_some_and(|tags| tags.iter().any(|tag| !tag.is_string())) {
        errors.add("tags", "Each tag must be a string.");
    }
    ResourceFields {
        first_name: optional_string(body, "first_name", "first_name", errors),
        last_name: optional_string(body, "last_name", "last_name", errors),
        image: optional_string(body, "image", "image", errors),
        tags: tags.cloned(),
        meta: optional_object(body, "meta", "meta", errors).cloned(),
        constraints: constraints.cloned(),
    }
}

/// Validates a `POST /resources` body and builds the resource (not yet stored).
pub(crate) fn build_resource(
    store: &Store,
    body: &Map<String, Value>,
    now: Timestamp,
) -> Result<Resource, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = required_string(body, "name", "name", &mut errors);
    let timezone = timezone_field(body, "timezone", "timezone", true, &mut errors);
    let email = email_field(body, "email", "email", false, &mut errors);
    if email
        .as_deref()
        .is_some_and(|email| store.resource_by_email(email).is_some())
    {
        errors.add("email", "Email already exists");
    }
    let fields = optional_fields(body, &mut errors);
    let (Some(name), Some(timezone)) = (name, timezone) else {
        return Err(errors);
    };
    errors.into_result()?;
    // Timekit fills first_name with the whole name when only `name` is given (§4.3).
    let first_name = fields.first_name.unwrap_or_else(|| name.clone());
    let last_name = fields.last_name.unwrap_or_default();
    let mut resource = new_resource(name, first_name, last_name, email, timezone, now);
    resource.image = fields.image;
    resource.tags = fields.tags;
    resource.meta = fields.meta.unwrap_or_default();
    resource.availability_constraints = fields.constraints.unwrap_or_default();
    Ok(resource)
}

/// `POST /resources` → 201.
pub(crate) fn create(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let includes = ResourceIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let mut store = shared.write();
    let resource = match build_resource(&store, &request.body, now) {
        Ok(resource) => resource,
        Err(errors) => return Reply::invalid(&errors),
    };
    let id = resource.id.clone();
    store.insert_resource(resource);
    remember_password(&mut store, &id, &request.body);
    match store.resources.get(&id) {
        Some(resource) => Reply::data(StatusCode::CREATED, &ResourceView { resource, includes }),
        None => Reply::not_found("Resource"),
    }
}

/// `GET /resources/{id}`.
pub(crate) fn get(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let includes = ResourceIncludes::parse(request.query.get("include"));
    let store = shared.read();
    match store.resources.get(request.id()) {
        Some(resource) => Reply::data(StatusCode::OK, &ResourceView { resource, includes }),
        None => Reply::not_found("Resource"),
    }
}

/// `PUT /resources/{id}` → 204: a partial update; the e-mail cannot change.
pub(crate) fn update(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let now = shared.clock.now();
    let mut store = shared.write();
    let Some(resource) = store.resource_mut(request.id()) else {
        return Reply::not_found("Resource");
    };
    let mut errors = FieldErrors::default();
    let name = match body.get("name") {
        None | Some(Value::Null) => None,
        Some(_) => required_string(body, "name", "name", &mut errors),
    };
    let timezone = timezone_field(body, "timezone", "timezone", false, &mut errors);
    let email = optional_string(body, "email", "email", &mut errors);
    if let Some(email) = email {
        let unchanged = resource
            .email
            .as_deref()
            .is_some_and(|current| current.eq_ignore_ascii_case(&email));
        if !unchanged {
            errors.add("email", "The email cannot be changed.");
        }
    }
    let fields = optional_fields(body, &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    if let Some(name) = name {
        resource.name = name;
    }
    if let Some(timezone) = timezone {
        resource.timezone = timezone;
    }
    if let Some(first_name) = fields.first_name {
        resource.first_name = first_name;
    }
    if let Some(last_name) = fields.last_name {
        resource.last_name = last_name;
    }
    if fields.image.is_some() {
        resource.image = fields.image;
    }
    if fields.tags.is_some() {
        resource.tags = fields.tags;
    }
    if let Some(meta) = fields.meta {
        // Shallow merge, like booking meta (docs/api-decisions.md).
        resource.meta.extend(meta);
    }
    if let Some(constraints) = fields.constraints {
        resource.availability_constraints = constraints;
    }
    resource.updated_at = Stamp::new(now);
    remember_password(&mut store, request.id(), body);
    Reply::no_content()
}

/// Keeps a (validated) `password` of a create or update for `POST /auth`; a new password
/// ends the resource's old resource-key token.
fn remember_password(store: &mut Store, id: &str, body: &Map<String, Value>) {
    if let Some(Value::String(password)) = body.get("password") {
        store
            .legacy
            .passwords
            .insert(id.to_owned(), password.clone());
        store.legacy.tokens.remove(id);
    }
}

/// `DELETE /resources/{id}` → 204. The resource's bookings are kept.
pub(crate) fn delete(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    if shared.write().remove_resource(request.id()) {
        Reply::no_content()
    } else {
        Reply::not_found("Resource")
    }
}

/// `GET /resources`: paginated, searchable by `name` (wildcards), `email`, `timezone`, `meta.*`
/// (other keys are skipped).
pub(crate) fn list(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = parse_criteria(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    let order = match query.get("orderBy").unwrap_or("created_at") {
        key @ ("created_at" | "updated_at" | "name") => key,
        other => {
            errors.add(
                "orderBy",
                format!("The orderBy value '{other}' is not supported."),
            );
            "created_at"
        }
    };
    let descending = super::bookings::list::parse_direction(query.get("sortedBy"), &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let includes = ResourceIncludes::parse(query.get("include"));
    // Pointers are copied under the read lock; matching, sorting and JSON happen after it.
    let mut matching: Vec<Arc<Resource>> = shared.read().resources.values().cloned().collect();
    matching.retain(|resource| {
        criteria
            .iter()
            .all(|(key, value)| resource_matches(resource, key, value))
    });
    let total = matching.len();
    let in_page =
        super::bookings::list::sorted_window(&mut matching, page.window(total), |a, b| {
            let primary = match order {
                "updated_at" => a.updated_at.ts().cmp(&b.updated_at.ts()),
                "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                _ => a.created_at.ts().cmp(&b.created_at.ts()),
            };
            let primary = if descending {
                primary.reverse()
            } else {
                primary
            };
            primary.then_with(|| a.id.cmp(&b.id))
        });
    let data: Vec<ResourceView<'_>> = in_page
        .iter()
        .map(|resource| ResourceView { resource, includes })
        .collect();
    let url = request.collection_url(shared, "resources");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}

fn resource_matches(resource: &Resource, key: &str, value: &str) -> bool {
    match key {
        "name" => glob_matches(value, &resource.name),
        "email" => resource
            .email
            .as_deref()
            .is_some_and(|email| email.eq_ignore_ascii_case(value)),
        "timezone" => resource.timezone.eq_ignore_ascii_case(value),
        // Like l5-repository, fields that are not searchable are skipped.
        _ => match key
            .strip_prefix("meta.")
            .filter(|meta_key| !meta_key.is_empty())
        {
            Some(meta_key) => meta_matches(&resource.meta, meta_key, value),
            None => true,
        },
    }
}
