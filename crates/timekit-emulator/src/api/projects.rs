//! `/projects`: list (search), get, hosted by slug, embed by id, create, update, delete, and
//! the project's resources (timekit-api-more.md §5.1–§5.2).

use http::StatusCode;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::ApiRequest;
use super::fields::{
    optional_array, optional_bool, optional_object, optional_string, required_string,
};
use super::pagination::{Page, PageRequest};
use super::reply::{FieldErrors, Reply};
use super::search::{glob_matches, meta_matches, parse_criteria};
use crate::availability::{AvailabilityError, AvailabilityInput, compute, validate_constraint};
use crate::graph::Graph;
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::store::{Catalog, Project, ResourceIncludes, ResourceView, Store};
use crate::time::Stamp;

/// Page size of `GET /projects` without `limit` (the API-wide 50).
const DEFAULT_LIMIT: usize = 50;

/// The object settings a project stores as given (after type checks).
const OBJECT_SETTINGS: [&str; 5] = ["availability", "booking", "customer_fields", "ui", "meta"];

/// `{"data": Project}` as the API shows it; hosted and embedded answers add `app_key`.
pub(crate) fn project_json(project: &Project, app_key: Option<&str>) -> Value {
    let setting = |key: &str, empty: Value| project.settings.get(key).cloned().unwrap_or(empty);
    let mut map = Map::new();
    map.insert("id".to_owned(), json!(project.id));
    map.insert("name".to_owned(), json!(project.name));
    map.insert("slug".to_owned(), json!(project.slug));
    map.insert("resources".to_owned(), json!(project.resources));
    map.insert(
        "availability".to_owned(),
        setting("availability", json!({})),
    );
    map.insert(
        "availability_constraints".to_owned(),
        setting("availability_constraints", json!([])),
    );
    map.insert("booking".to_owned(), setting("booking", json!({})));
    map.insert("reminders".to_owned(), setting("reminders", json!([])));
    map.insert(
        "customer_fields".to_owned(),
        setting("customer_fields", json!({})),
    );
    map.insert("ui".to_owned(), setting("ui", json!({})));
    map.insert("meta".to_owned(), setting("meta", json!({})));
    map.insert(
        "allow_double_bookings".to_owned(),
        setting("allow_double_bookings", json!(false)),
    );
    for key in [
        "reservation_time",
        "allow_conference",
        "enabled_email_notification",
        "use_hours_from",
    ] {
        if let Some(value) = project.settings.get(key) {
            map.insert(key.to_owned(), value.clone());
        }
    }
    map.insert("locations".to_owned(), json!(project.locations));
    map.insert("services".to_owned(), json!(project.services));
    if let Some(key) = app_key {
        map.insert("app_key".to_owned(), json!(key));
    }
    map.insert("created_at".to_owned(), json!(project.created_at));
    map.insert("updated_at".to_owned(), json!(project.updated_at));
    Value::Object(map)
}

/// `name` as a slug: lower-case letters and digits, runs of anything else as one `-`.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "project".to_owned()
    } else {
        slug
    }
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 255
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks an `availability` settings object the way `POST /availability` will read it (the
/// project's own resources are filled in at query time), so a stored project never makes
/// every later query fail.
pub(crate) fn check_availability(
    availability: &Map<String, Value>,
    label: &str,
    now: Timestamp,
    errors: &mut FieldErrors,
) {
    let mut probe = availability.clone();
    probe.insert("resources".to_owned(), json!(["probe"]));
    match compute(&Value::Object(probe), now, &AvailabilityInput::default()) {
        Err(AvailabilityError::Invalid { field, message }) => {
            errors.add(format!("{label}.{field}"), message);
        }
        Ok(_) | Err(AvailabilityError::UnknownResource(_)) => {}
    }
}

/// Checks a `booking` settings object: `graph`, when given, must be a bookable graph.
pub(crate) fn check_booking(booking: &Map<String, Value>, label: &str, errors: &mut FieldErrors) {
    if let Some(graph) = optional_string(booking, "graph", &format!("{label}.graph"), errors) {
        if Graph::parse(&graph).is_none_or(|graph| graph == Graph::Reservation) {
            errors.add(
                format!("{label}.graph"),
                format!("The selected {label}.graph is invalid."),
            );
        }
    }
    if let Some(settings) =
        optional_object(booking, "settings", &format!("{label}.settings"), errors)
    {
        optional_bool(
            settings,
            "allow_double_bookings",
            &format!("{label}.settings.allow_double_bookings"),
            errors,
        );
    }
}

/// Ids in `key` (an array of strings) that all satisfy `exists`; errors name `key.<i>`.
pub(crate) fn id_list(
    body: &Map<String, Value>,
    key: &str,
    exists: impl Fn(&str) -> bool,
    errors: &mut FieldErrors,
) -> Option<Vec<String>> {
    let items = optional_array(body, key, key, errors)?;
    let mut ids: Vec<String> = Vec::with_capacity(items.len());
    let mut ok = true;
    for (index, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(id) if exists(id) => {
                if !ids.iter().any(|known| known == id) {
                    ids.push(id.to_owned());
                }
            }
            _ => {
                ok = false;
                errors.add(
                    format!("{key}.{index}"),
                    format!("The selected {key}.{index} is invalid."),
                );
            }
        }
    }
    ok.then_some(ids)
}

/// The settings of a create or update body (only the keys present), validated.
fn project_settings(
    body: &Map<String, Value>,
    now: Timestamp,
    errors: &mut FieldErrors,
) -> Map<String, Value> {
    let mut settings = Map::new();
    for key in OBJECT_SETTINGS {
        if let Some(object) = optional_object(body, key, key, errors) {
            match key {
                "availability" => check_availability(object, key, now, errors),
                "booking" => check_booking(object, key, errors),
                _ => {}
            }
            settings.insert(key.to_owned(), Value::Object(object.clone()));
        }
    }
    if let Some(constraints) = optional_array(
        body,
        "availability_constraints",
        "availability_constraints",
        errors,
    ) {
        for (index, item) in constraints.iter().enumerate() {
            let field = format!("availability_constraints.{index}");
            if let Err(AvailabilityError::Invalid { field, message }) =
                validate_constraint(item, &field)
            {
                errors.add(field, message);
            }
        }
        settings.insert(
            "availability_constraints".to_owned(),
            Value::Array(constraints.clone()),
        );
    }
    if let Some(reminders) = optional_array(body, "reminders", "reminders", errors) {
        settings.insert("reminders".to_owned(), Value::Array(reminders.clone()));
    }
    for key in ["allow_double_bookings", "enabled_email_notification"] {
        if let Some(flag) = optional_bool(body, key, key, errors) {
            settings.insert(key.to_owned(), Value::Bool(flag));
        }
    }
    if let Some(value) = body.get("reservation_time").filter(|v| !v.is_null()) {
        match reservation_seconds(value) {
            Some(_) => {
                settings.insert("reservation_time".to_owned(), value.clone());
            }
            None => errors.add(
                "reservation_time",
                "The reservation_time must be a positive number of seconds.",
            ),
        }
    }
    for key in ["allow_conference", "use_hours_from"] {
        if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
            settings.insert(key.to_owned(), value.clone());
        }
    }
    settings
}

/// Seconds of a `reservation_time`: a positive integer or a string of digits, at most a day.
pub(crate) fn reservation_seconds(value: &Value) -> Option<i64> {
    let seconds = match value {
        Value::Number(number) => number.as_i64()?,
        Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    (1..=86_400).contains(&seconds).then_some(seconds)
}

/// Links (`resources`, `locations`, `services`) of a create or update body, validated.
struct Links {
    resources: Option<Vec<String>>,
    locations: Option<Vec<String>>,
    services: Option<Vec<String>>,
}

fn links(store: &Store, body: &Map<String, Value>, errors: &mut FieldErrors) -> Links {
    Links {
        resources: id_list(
            body,
            "resources",
            |id| store.resources.contains_key(id),
            errors,
        ),
        locations: id_list(
            body,
            "locations",
            |id| store.catalog.locations.contains_key(id),
            errors,
        ),
        services: id_list(
            body,
            "services",
            |id| store.catalog.services.contains_key(id),
            errors,
        ),
    }
}

/// The slug of a create or update body: given (checked, unique) or `None`.
fn given_slug(
    catalog: &Catalog,
    body: &Map<String, Value>,
    except: Option<&str>,
    errors: &mut FieldErrors,
) -> Option<String> {
    let slug = optional_string(body, "slug", "slug", errors)?;
    if !is_valid_slug(&slug) {
        errors.add(
            "slug",
            "The slug may only contain letters, numbers, dashes and underscores.",
        );
        return None;
    }
    if catalog
        .project_by_slug(&slug)
        .is_some_and(|other| Some(other.id.as_str()) != except)
    {
        errors.add("slug", "The slug has already been taken.");
        return None;
    }
    Some(slug)
}

/// `POST /projects` → 201 `{"data": Project}`.
pub(crate) fn create(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let now = shared.clock.now();
    let mut store = shared.write();
    let mut errors = FieldErrors::default();
    let name = required_string(body, "name", "name", &mut errors);
    let slug = given_slug(&store.catalog, body, None, &mut errors);
    let settings = project_settings(body, now, &mut errors);
    let links = links(&store, body, &mut errors);
    let Some(name) = name else {
        return Reply::invalid(&errors);
    };
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let slug = slug.unwrap_or_else(|| store.catalog.free_slug(&slugify(&name), None));
    let stamp = Stamp::new(now);
    let project = Project {
        id: new_uuid(),
        seq: 0,
        name,
        slug,
        resources: links.resources.unwrap_or_default(),
        locations: links.locations.unwrap_or_default(),
        services: links.services.unwrap_or_default(),
        settings,
        hidden: false,
        created_at: stamp.clone(),
        updated_at: stamp,
    };
    let json = project_json(&project, None);
    store.catalog.insert_project(project);
    Reply::data(StatusCode::CREATED, &json)
}

/// `GET /projects/{id}`.
pub(crate) fn get(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    match shared.read().catalog.projects.get(request.id()) {
        Some(project) => Reply::data(StatusCode::OK, &project_json(project, None)),
        None => Reply::not_found("Project"),
    }
}

/// `GET /projects/hosted/{slug}` (public): the project with the key booking.js goes on with —
/// the widget key, never the API key (§5.2.1: "omit nothing but secrets").
pub(crate) fn hosted(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    match shared.read().catalog.project_by_slug(request.param("slug")) {
        Some(project) => Reply::data(
            StatusCode::OK,
            &project_json(project, Some(&shared.widget_key)),
        ),
        None => Reply::not_found("Widget"),
    }
}

/// `GET /projects/embed/{id}` (widget key or API key): as hosted, by id.
pub(crate) fn embed(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    match shared.read().catalog.projects.get(request.id()) {
        Some(project) => Reply::data(
            StatusCode::OK,
            &project_json(project, Some(&shared.widget_key)),
        ),
        None => Reply::not_found("Widget"),
    }
}

/// `PUT /projects/{id}` → 204: given top-level keys replace, `meta` is shallow-merged.
pub(crate) fn update(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let now = shared.clock.now();
    let mut store = shared.write();
    let id = request.id().to_owned();
    if !store.catalog.projects.contains_key(&id) {
        return Reply::not_found("Project");
    }
    let mut errors = FieldErrors::default();
    let name = match body.get("name") {
        None | Some(Value::Null) => None,
        Some(_) => required_string(body, "name", "name", &mut errors),
    };
    let slug = given_slug(&store.catalog, body, Some(&id), &mut errors);
    let settings = project_settings(body, now, &mut errors);
    let links = links(&store, body, &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let Some(project) = store.catalog.projects.get_mut(&id) else {
        return Reply::not_found("Project");
    };
    if let Some(name) = name {
        project.name = name;
    }
    if let Some(slug) = slug {
        project.slug = slug;
    }
    for (key, value) in settings {
        match (key.as_str(), value, project.settings.get_mut("meta")) {
            ("meta", Value::Object(new), Some(Value::Object(meta))) => meta.extend(new),
            (_, value, _) => {
                project.settings.insert(key, value);
            }
        }
    }
    if let Some(resources) = links.resources {
        project.resources = resources;
    }
    if let Some(locations) = links.locations {
        project.locations = locations;
    }
    if let Some(services) = links.services {
        project.services = services;
    }
    project.updated_at = Stamp::new(now);
    Reply::no_content()
}

/// `DELETE /projects/{id}` → 204. Bookings keep their `project_id`; resources stay.
pub(crate) fn delete(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    if shared
        .write()
        .catalog
        .projects
        .remove(request.id())
        .is_some()
    {
        Reply::no_content()
    } else {
        Reply::not_found("Project")
    }
}

/// `GET /projects`: paginated, newest first; search `locations.uuid`, `services.uuid`, `id`,
/// `slug`, `name` (`*` wildcard), `meta.<key>`.
pub(crate) fn list(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = parse_criteria(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    for (key, _) in &criteria {
        let known = matches!(
            *key,
            "locations.uuid" | "services.uuid" | "id" | "slug" | "name"
        ) || key.strip_prefix("meta.").is_some_and(|k| !k.is_empty());
        if !known {
            errors.add(
                "search",
                format!("The search field '{key}' is not searchable."),
            );
        }
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let mut matching: Vec<Project> = shared
        .read()
        .catalog
        .projects
        .values()
        .filter(|project| {
            criteria
                .iter()
                .all(|(key, value)| project_matches(project, key, value))
        })
        .cloned()
        .collect();
    matching.sort_by(|a, b| {
        b.created_at
            .ts()
            .cmp(&a.created_at.ts())
            .then(b.seq.cmp(&a.seq))
    });
    let total = matching.len();
    let data: Vec<Value> = matching[page.window(total)]
        .iter()
        .map(|project| project_json(project, None))
        .collect();
    let url = request.collection_url(shared, "projects");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}

fn project_matches(project: &Project, key: &str, value: &str) -> bool {
    match key {
        "locations.uuid" => project.locations.iter().any(|id| id == value),
        "services.uuid" => project.services.iter().any(|id| id == value),
        "id" => project.id == value,
        "slug" => project.slug == value,
        "name" => glob_matches(value, &project.name),
        _ => key.strip_prefix("meta.").is_some_and(|meta_key| {
            project
                .object("meta")
                .is_some_and(|meta| meta_matches(meta, meta_key, value))
        }),
    }
}

/// `GET /projects/{id}/resources` → `{"data": [Resource]}` (not paginated).
pub(crate) fn list_resources(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let store = shared.read();
    let Some(project) = store.catalog.projects.get(request.id()) else {
        return Reply::not_found("Project");
    };
    let includes = ResourceIncludes::parse(request.query.get("include"));
    let views: Vec<ResourceView<'_>> = project
        .resources
        .iter()
        .filter_map(|id| store.resources.get(id))
        .map(|resource| ResourceView { resource, includes })
        .collect();
    Reply::data(StatusCode::OK, &views)
}

/// `POST /projects/{id}/resources` `{"resource_id"}` → 201 `{"data": Project}`; 200 when the
/// resource already belongs to the project (idempotent, no duplicate).
pub(crate) fn add_resource(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let mut store = shared.write();
    if !store.catalog.projects.contains_key(request.id()) {
        return Reply::not_found("Project");
    }
    let mut errors = FieldErrors::default();
    let Some(resource_id) =
        required_string(&request.body, "resource_id", "resource_id", &mut errors)
    else {
        return Reply::invalid(&errors);
    };
    if !store.resources.contains_key(&resource_id) {
        return Reply::invalid_field("resource_id", "The selected resource_id is invalid.");
    }
    let Some(project) = store.catalog.projects.get_mut(request.id()) else {
        return Reply::not_found("Project");
    };
    let status = if project.resources.contains(&resource_id) {
        StatusCode::OK
    } else {
        project.resources.push(resource_id);
        project.updated_at = Stamp::new(now);
        StatusCode::CREATED
    };
    Reply::data(status, &project_json(project, None))
}

/// `PUT /projects/{id}/resources` with a bare array of ids (or `{"resources": [...]}`) →
/// 204: the project's resources become exactly those.
pub(crate) fn replace_resources(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let mut store = shared.write();
    if !store.catalog.projects.contains_key(request.id()) {
        return Reply::not_found("Project");
    }
    let mut errors = FieldErrors::default();
    if !matches!(request.body.get("resources"), Some(Value::Array(_))) {
        errors.add(
            "resources",
            "The body must be an array of resource ids (or {\"resources\": [...]}).",
        );
        return Reply::invalid(&errors);
    }
    let store_ref = &*store;
    let ids = id_list(
        &request.body,
        "resources",
        |id| store_ref.resources.contains_key(id),
        &mut errors,
    );
    let Some(ids) = ids.filter(|_| errors.is_empty()) else {
        return Reply::invalid(&errors);
    };
    let Some(project) = store.catalog.projects.get_mut(request.id()) else {
        return Reply::not_found("Project");
    };
    project.resources = ids;
    project.updated_at = Stamp::new(now);
    Reply::no_content()
}

/// `DELETE /projects/{id}/resources/{resource_id}` → 204; a non-member → 404 `Resource`.
pub(crate) fn remove_resource(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let mut store = shared.write();
    let Some(project) = store.catalog.projects.get_mut(request.id()) else {
        return Reply::not_found("Project");
    };
    let resource_id = request.param("resource_id");
    let before = project.resources.len();
    project.resources.retain(|id| id != resource_id);
    if project.resources.len() == before {
        return Reply::not_found("Resource");
    }
    project.updated_at = Stamp::new(now);
    Reply::no_content()
}
