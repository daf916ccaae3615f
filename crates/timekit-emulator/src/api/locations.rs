//! `/locations` (timekit-api-more.md §5.5) and `/location/services` (§5.6): CRUD with the
//! many-to-many links to projects; a service linked to a location gets a hidden project for
//! the pair unless one already links both.

use http::StatusCode;
use serde_json::{Map, Value, json};

use super::ApiRequest;
use super::fields::{optional_bool, optional_object, optional_string, required_string};
use super::pagination::{Page, PageRequest};
use super::projects::{check_availability, check_booking, id_list, project_json, slugify};
use super::reply::{FieldErrors, Reply};
use super::search::{glob_matches, parse_criteria};
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::store::{Catalog, Location, Project, Service};
use crate::time::Stamp;

/// Page size of the lists without `limit` (the API-wide 50).
const DEFAULT_LIMIT: usize = 50;
/// Mean Earth radius for distances, in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0;

#[derive(Debug, Clone, Copy, Default)]
struct Includes {
    projects: bool,
    services: bool,
    locations: bool,
}

impl Includes {
    fn parse(list: Option<&str>) -> Self {
        let mut includes = Self::default();
        for name in list.unwrap_or("").split(',').map(str::trim) {
            match name {
                "projects" => includes.projects = true,
                "services" => includes.services = true,
                "locations" => includes.locations = true,
                _ => {}
            }
        }
        includes
    }
}

fn location_json(
    catalog: &Catalog,
    location: &Location,
    includes: Includes,
    distance: Option<f64>,
) -> Value {
    let mut map = Map::new();
    map.insert("id".to_owned(), json!(location.id));
    map.insert("name".to_owned(), json!(location.name));
    map.insert("description".to_owned(), json!(location.description));
    map.insert("latitude".to_owned(), json!(location.latitude));
    map.insert("longitude".to_owned(), json!(location.longitude));
    map.insert(
        "use_custom_hours".to_owned(),
        json!(location.use_custom_hours),
    );
    map.insert("meta".to_owned(), json!(location.meta));
    if let Some(distance) = distance {
        map.insert(
            "distance".to_owned(),
            json!((distance * 10.0).round() / 10.0),
        );
    }
    map.insert("created_at".to_owned(), json!(location.created_at));
    map.insert("updated_at".to_owned(), json!(location.updated_at));
    if includes.projects {
        let projects: Vec<Value> = catalog
            .projects_of_location(&location.id)
            .into_iter()
            .map(|project| project_json(project, None))
            .collect();
        map.insert("projects".to_owned(), Value::Array(projects));
    }
    if includes.services {
        let services: Vec<Value> = catalog
            .services_of_location(&location.id)
            .into_iter()
            .map(|service| service_json(catalog, service, Includes::default()))
            .collect();
        map.insert("services".to_owned(), Value::Array(services));
    }
    Value::Object(map)
}

fn service_json(catalog: &Catalog, service: &Service, includes: Includes) -> Value {
    let setting = |key: &str| service.settings.get(key).cloned().unwrap_or(json!({}));
    let mut map = Map::new();
    map.insert("id".to_owned(), json!(service.id));
    map.insert("name".to_owned(), json!(service.name));
    map.insert("description".to_owned(), json!(service.description));
    map.insert("image_url".to_owned(), json!(service.image_url));
    map.insert("availability".to_owned(), setting("availability"));
    map.insert("booking".to_owned(), setting("booking"));
    map.insert("meta".to_owned(), setting("meta"));
    map.insert("created_at".to_owned(), json!(service.created_at));
    map.insert("updated_at".to_owned(), json!(service.updated_at));
    if includes.locations {
        let mut locations: Vec<&Location> = service
            .locations
            .iter()
            .filter_map(|id| catalog.locations.get(id))
            .collect();
        locations.sort_by_key(|location| location.seq);
        let locations: Vec<Value> = locations
            .into_iter()
            .map(|location| location_json(catalog, location, Includes::default(), None))
            .collect();
        map.insert("locations".to_owned(), Value::Array(locations));
    }
    Value::Object(map)
}

/// A coordinate: a number (or numeric string, as Laravel writes decimals) within `±limit`.
fn coordinate(
    body: &Map<String, Value>,
    key: &str,
    limit: f64,
    errors: &mut FieldErrors,
) -> Option<f64> {
    let value = body.get(key).filter(|v| !v.is_null())?;
    let number = match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|n| n.is_finite() && n.abs() <= limit);
    if number.is_none() {
        errors.add(
            key,
            format!("The {key} must be a number between -{limit} and {limit}."),
        );
    }
    number
}

/// The fields of a location create or update body (present keys only), validated.
struct LocationFields {
    name: Option<String>,
    description: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    use_custom_hours: Option<bool>,
    meta: Option<Map<String, Value>>,
    projects: Option<Vec<String>>,
}

fn location_fields(
    catalog: &Catalog,
    body: &Map<String, Value>,
    create: bool,
    errors: &mut FieldErrors,
) -> LocationFields {
    let name = if create || body.get("name").is_some_and(|v| !v.is_null()) {
        required_string(body, "name", "name", errors)
    } else {
        None
    };
    LocationFields {
        name,
        description: optional_string(body, "description", "description", errors),
        latitude: coordinate(body, "latitude", 90.0, errors),
        longitude: coordinate(body, "longitude", 180.0, errors),
        use_custom_hours: optional_bool(body, "use_custom_hours", "use_custom_hours", errors),
        meta: optional_object(body, "meta", "meta", errors).cloned(),
        projects: id_list(
            body,
            "projects",
            |id| catalog.projects.contains_key(id),
            errors,
        ),
    }
}

/// Makes exactly `projects` link to location `id`.
fn link_projects(catalog: &mut Catalog, id: &str, projects: &[String]) {
    for project in catalog.projects.values_mut() {
        let wanted = projects.contains(&project.id);
        let linked = project.locations.iter().any(|l| l == id);
        if wanted && !linked {
            project.locations.push(id.to_owned());
        } else if !wanted && linked && !project.hidden {
            project.locations.retain(|l| l != id);
        }
    }
}

/// `POST /locations` → 201 `{"data": Location}`.
pub(crate) fn create_location(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let includes = Includes::parse(request.query.get("include"));
    let mut store = shared.write();
    let mut errors = FieldErrors::default();
    let fields = location_fields(&store.catalog, &request.body, true, &mut errors);
    let Some(name) = fields.name.filter(|_| errors.is_empty()) else {
        return Reply::invalid(&errors);
    };
    let stamp = Stamp::new(now);
    let location = Location {
        id: new_uuid(),
        seq: 0,
        name,
        description: fields.description,
        latitude: fields.latitude,
        longitude: fields.longitude,
        use_custom_hours: fields.use_custom_hours.unwrap_or(false),
        meta: fields.meta.unwrap_or_default(),
        created_at: stamp.clone(),
        updated_at: stamp,
    };
    let id = location.id.clone();
    store.catalog.insert_location(location);
    if let Some(projects) = fields.projects {
        link_projects(&mut store.catalog, &id, &projects);
    }
    match store.catalog.locations.get(&id) {
        Some(location) => Reply::data(
            StatusCode::CREATED,
            &location_json(&store.catalog, location, includes, None),
        ),
        None => Reply::not_found("Location"),
    }
}

/// `GET /locations/{id}`.
pub(crate) fn get_location(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let includes = Includes::parse(request.query.get("include"));
    let store = shared.read();
    match store.catalog.locations.get(request.id()) {
        Some(location) => Reply::data(
            StatusCode::OK,
            &location_json(&store.catalog, location, includes, None),
        ),
        None => Reply::not_found("Location"),
    }
}

/// `PUT /locations/{id}` → 204: partial; `meta` shallow-merged; `projects` replaces the links.
pub(crate) fn update_location(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let id = request.id().to_owned();
    let mut store = shared.write();
    if !store.catalog.locations.contains_key(&id) {
        return Reply::not_found("Location");
    }
    let mut errors = FieldErrors::default();
    let fields = location_fields(&store.catalog, &request.body, false, &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    if let Some(projects) = &fields.projects {
        link_projects(&mut store.catalog, &id, projects);
    }
    let Some(location) = store.catalog.locations.get_mut(&id) else {
        return Reply::not_found("Location");
    };
    if let Some(name) = fields.name {
        location.name = name;
    }
    if fields.description.is_some() {
        location.description = fields.description;
    }
    if fields.latitude.is_some() {
        location.latitude = fields.latitude;
    }
    if fields.longitude.is_some() {
        location.longitude = fields.longitude;
    }
    if let Some(flag) = fields.use_custom_hours {
        location.use_custom_hours = flag;
    }
    if let Some(meta) = fields.meta {
        location.meta.extend(meta);
    }
    location.updated_at = Stamp::new(now);
    Reply::no_content()
}

/// `DELETE /locations/{id}` → 204; links go, hidden projects of the location go.
pub(crate) fn delete_location(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    if shared.write().catalog.remove_location(request.id()) {
        Reply::no_content()
    } else {
        Reply::not_found("Location")
    }
}

/// Great-circle distance in kilometres (haversine).
fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().atan2((1.0 - a).sqrt())
}

fn number_criterion(value: &str, key: &str, errors: &mut FieldErrors) -> Option<f64> {
    let number = value.parse::<f64>().ok().filter(|n| n.is_finite());
    if number.is_none() {
        errors.add(
            "search",
            format!("The search value for {key} must be a number."),
        );
    }
    number
}

/// `GET /locations`: paginated; search `name` (`*` wildcard), `id`, and `distance` (km) with
/// `latitude` and `longitude` (nearest first, each item with its `distance`).
pub(crate) fn list_locations(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = parse_criteria(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    let (mut name, mut id, mut distance, mut latitude, mut longitude) =
        (None, None, None, None, None);
    for (key, value) in &criteria {
        match *key {
            "name" => name = Some(*value),
            "id" => id = Some(*value),
            "distance" => distance = number_criterion(value, key, &mut errors),
            "latitude" => latitude = number_criterion(value, key, &mut errors),
            "longitude" => longitude = number_criterion(value, key, &mut errors),
            other => errors.add(
                "search",
                format!("The search field '{other}' is not searchable."),
            ),
        }
    }
    let origin = match (latitude, longitude) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        (None, None) => None,
        _ => {
            errors.add(
                "search",
                "latitude and longitude must be searched together.",
            );
            None
        }
    };
    if distance.is_some() && origin.is_none() && errors.is_empty() {
        errors.add("search", "A distance search needs latitude and longitude.");
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let includes = Includes::parse(query.get("include"));
    let store = shared.read();
    let mut matching: Vec<(&Location, Option<f64>)> = store
        .catalog
        .locations
        .values()
        .filter(|location| name.is_none_or(|pattern| glob_matches(pattern, &location.name)))
        .filter(|location| id.is_none_or(|id| location.id == id))
        .filter_map(|location| {
            let Some((lat, lon)) = origin else {
                return Some((location, None));
            };
            let km = distance_km(lat, lon, location.latitude?, location.longitude?);
            distance
                .is_none_or(|max| km <= max)
                .then_some((location, Some(km)))
        })
        .collect();
    matching.sort_by(|(a, da), (b, db)| match (da, db) {
        (Some(da), Some(db)) => da.total_cmp(db).then(a.seq.cmp(&b.seq)),
        _ => b
            .created_at
            .ts()
            .cmp(&a.created_at.ts())
            .then(b.seq.cmp(&a.seq)),
    });
    let total = matching.len();
    let data: Vec<Value> = matching[page.window(total)]
        .iter()
        .map(|(location, km)| location_json(&store.catalog, location, includes, *km))
        .collect();
    drop(store);
    let url = request.collection_url(shared, "locations");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}

/// The fields of a service create or update body (present keys only), validated.
struct ServiceFields {
    name: Option<String>,
    description: Option<String>,
    image_url: Option<String>,
    settings: Map<String, Value>,
    locations: Option<Vec<String>>,
}

fn service_fields(
    shared: &Shared,
    catalog: &Catalog,
    body: &Map<String, Value>,
    create: bool,
    errors: &mut FieldErrors,
) -> ServiceFields {
    let name = if create || body.get("name").is_some_and(|v| !v.is_null()) {
        required_string(body, "name", "name", errors)
    } else {
        None
    };
    let mut settings = Map::new();
    for key in ["availability", "booking", "meta"] {
        if let Some(object) = optional_object(body, key, key, errors) {
            match key {
                "availability" => check_availability(object, key, shared.clock.now(), errors),
                "booking" => check_booking(object, key, errors),
                _ => {}
            }
            settings.insert(key.to_owned(), Value::Object(object.clone()));
        }
    }
    ServiceFields {
        name,
        description: optional_string(body, "description", "description", errors),
        image_url: optional_string(body, "image_url", "image_url", errors),
        settings,
        locations: id_list(
            body,
            "locations",
            |id| catalog.locations.contains_key(id),
            errors,
        ),
    }
}

/// The hidden project for a location × service pair: the service's settings, no resources.
fn hidden_project(location: &Location, service: &Service, catalog: &Catalog) -> Project {
    let name = format!("{} – {}", service.name, location.name);
    let mut settings = Map::new();
    for key in ["availability", "booking"] {
        if let Some(value) = service.settings.get(key) {
            settings.insert(key.to_owned(), value.clone());
        }
    }
    Project {
        id: new_uuid(),
        seq: 0,
        slug: catalog.free_slug(&slugify(&name), None),
        name,
        resources: Vec::new(),
        locations: vec![location.id.clone()],
        services: vec![service.id.clone()],
        settings,
        hidden: true,
        created_at: service.updated_at.clone(),
        updated_at: service.updated_at.clone(),
    }
}

/// `POST /location/services` → 201 `{"data": Service}`.
pub(crate) fn create_service(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let includes = Includes::parse(request.query.get("include"));
    let mut store = shared.write();
    let mut errors = FieldErrors::default();
    let fields = service_fields(shared, &store.catalog, &request.body, true, &mut errors);
    let Some(name) = fields.name.filter(|_| errors.is_empty()) else {
        return Reply::invalid(&errors);
    };
    let stamp = Stamp::new(now);
    let service = Service {
        id: new_uuid(),
        seq: 0,
        name,
        description: fields.description,
        image_url: fields.image_url,
        settings: fields.settings,
        locations: fields.locations.unwrap_or_default(),
        created_at: stamp.clone(),
        updated_at: stamp,
    };
    let id = service.id.clone();
    store.catalog.insert_service(service);
    store.catalog.sync_hidden_projects(&id, hidden_project);
    match store.catalog.services.get(&id) {
        Some(service) => Reply::data(
            StatusCode::CREATED,
            &service_json(&store.catalog, service, includes),
        ),
        None => Reply::not_found("Service"),
    }
}

/// `GET /location/services/{id}`.
pub(crate) fn get_service(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let includes = Includes::parse(request.query.get("include"));
    let store = shared.read();
    match store.catalog.services.get(request.id()) {
        Some(service) => Reply::data(
            StatusCode::OK,
            &service_json(&store.catalog, service, includes),
        ),
        None => Reply::not_found("Service"),
    }
}

/// `PUT /location/services/{id}` → 204: partial; settings propagate to hidden projects.
pub(crate) fn update_service(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let id = request.id().to_owned();
    let mut store = shared.write();
    if !store.catalog.services.contains_key(&id) {
        return Reply::not_found("Service");
    }
    let mut errors = FieldErrors::default();
    let fields = service_fields(shared, &store.catalog, &request.body, false, &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let Some(service) = store.catalog.services.get_mut(&id) else {
        return Reply::not_found("Service");
    };
    if let Some(name) = fields.name {
        service.name = name;
    }
    if fields.description.is_some() {
        service.description = fields.description;
    }
    if fields.image_url.is_some() {
        service.image_url = fields.image_url;
    }
    for (key, value) in fields.settings {
        match (key.as_str(), value, service.settings.get_mut("meta")) {
            ("meta", Value::Object(new), Some(Value::Object(meta))) => meta.extend(new),
            (_, value, _) => {
                service.settings.insert(key, value);
            }
        }
    }
    if let Some(locations) = fields.locations {
        service.locations = locations;
    }
    service.updated_at = Stamp::new(now);
    store.catalog.sync_hidden_projects(&id, hidden_project);
    Reply::no_content()
}

/// `DELETE /location/services/{id}` → 204; its hidden projects go too.
pub(crate) fn delete_service(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    if shared.write().catalog.remove_service(request.id()) {
        Reply::no_content()
    } else {
        Reply::not_found("Service")
    }
}

/// `GET /location/services`: paginated, newest first; search `name` (`*`), `id`,
/// `locations.uuid`.
pub(crate) fn list_services(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = parse_criteria(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    for (key, _) in &criteria {
        if !matches!(*key, "name" | "id" | "locations.uuid") {
            errors.add(
                "search",
                format!("The search field '{key}' is not searchable."),
            );
        }
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let includes = Includes::parse(query.get("include"));
    let store = shared.read();
    let mut matching: Vec<&Service> = store
        .catalog
        .services
        .values()
        .filter(|service| {
            criteria.iter().all(|(key, value)| match *key {
                "name" => glob_matches(value, &service.name),
                "id" => service.id == *value,
                _ => service.locations.iter().any(|id| id == value),
            })
        })
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
        .map(|service| service_json(&store.catalog, service, includes))
        .collect();
    drop(store);
    let url = request.collection_url(shared, "location/services");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}
