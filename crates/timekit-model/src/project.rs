//! Projects (`timekit-api-more.md` §4, §5.1–5.2): the "event types" that bundle resources,
//! availability settings and booking defaults, and their create/update requests.
//!
//! A project's `availability` object maps 1:1 to the `POST /availability` body, so it is an
//! [`AvailabilityRequest`]; its `booking` object maps to the `POST /bookings` body
//! ([`ProjectBooking`]). Everything the reference only names (`reminders`, `customer_fields`,
//! `ui`) is kept as JSON.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::availability::AvailabilityRequest;
use crate::constraint::Constraint;
use crate::graph::Graph;
use crate::ids::{ProjectId, ResourceId};
use crate::timestamp::Timestamp;

/// A project (`GET /projects/{id}`, also the answer of the hosted and embedded entry points,
/// which add `app_key`). Only `id` is always present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The project id (the `project_id` of availability queries and bookings).
    pub id: ProjectId,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The hosted page's slug (`book.timekit.io/<slug>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The app widget key (hosted and embedded answers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_key: Option<String>,
    /// The project's resources. Written as ids; the read shape is not documented (ids or
    /// resource objects), so it is kept as JSON — see [`Project::resource_ids`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<Value>>,
    /// Defaults for `POST /availability` and its variants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<AvailabilityRequest>,
    /// Constraints applied in addition to the resources' own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_constraints: Option<Vec<Constraint>>,
    /// Defaults for `POST /bookings` (graph, what, where …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<ProjectBooking>,
    /// Reminder objects (e-mail or webhook), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminders: Option<Vec<Value>>,
    /// The booking form's fields, keyed by name; `[]` reads as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_fields: Option<Map<String, Value>>,
    /// Presentation settings of booking.js; `[]` reads as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub ui: Option<Map<String, Value>>,
    /// Free key/values; `[]` reads as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Map<String, Value>>,
    /// Whether bookings made through the project may overlap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_double_bookings: Option<bool>,
    /// Default hold of `POST /bookings/reserve` (seconds; sources show a number or a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_time: Option<Value>,
    /// When the project was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the project was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model (`allow_conference`, `use_hours_from` …), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Project {
    /// The ids in `resources`, whether they arrived as id strings or as objects with an `id`.
    pub fn resource_ids(&self) -> Vec<ResourceId> {
        self.resources
            .iter()
            .flatten()
            .filter_map(|item| match item {
                Value::String(id) => Some(ResourceId::from(id.as_str())),
                Value::Object(map) => map.get("id")?.as_str().map(ResourceId::from),
                _ => None,
            })
            .collect()
    }
}

/// A project's (or service's) `booking` object: defaults for `POST /bookings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct ProjectBooking {
    /// The graph bookings follow (`group_customer` for class projects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<Graph>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// Location (`where` in JSON).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Booking settings (`allow_double_bookings` …); `[]` reads as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub settings: Option<Map<String, Value>>,
    /// Any other `POST /bookings` field (`rescheduling_url` …), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ProjectBooking {
    /// Booking defaults with only a graph.
    pub fn new(graph: Graph) -> Self {
        Self {
            graph: Some(graph),
            ..Self::default()
        }
    }

    /// Sets the title.
    pub fn what(mut self, what: impl Into<String>) -> Self {
        self.what = Some(what.into());
        self
    }

    /// Sets the location (`where`).
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets one `settings` key.
    pub fn setting(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.settings
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `POST /projects`. `name` is required; the reference also marks `resources`,
/// `availability` and `booking` as required, which the server checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateProjectRequest {
    /// Display name.
    pub name: String,
    /// Hosted page slug (the server derives one when omitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Ids of the resources bookable in the project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceId>,
    /// Availability defaults (the `POST /availability` body without resources and constraints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<AvailabilityRequest>,
    /// Project-level constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability_constraints: Vec<Constraint>,
    /// Booking defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<ProjectBooking>,
    /// Reminder objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminders: Option<Vec<Value>>,
    /// booking.js form fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_fields: Option<Map<String, Value>>,
    /// booking.js presentation settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui: Option<Map<String, Value>>,
    /// Free key/values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Whether bookings made through the project may overlap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_double_bookings: Option<bool>,
    /// Default hold of `POST /bookings/reserve`, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_time: Option<Value>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateProjectRequest {
    /// A project called `name`; every other field left to the setters.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            slug: None,
            resources: Vec::new(),
            availability: None,
            availability_constraints: Vec::new(),
            booking: None,
            reminders: None,
            customer_fields: None,
            ui: None,
            meta: None,
            allow_double_bookings: None,
            reservation_time: None,
            extra: Map::new(),
        }
    }

    /// Sets the hosted page slug.
    pub fn slug(mut self, slug: impl Into<String>) -> Self {
        self.slug = Some(slug.into());
        self
    }

    /// Adds one resource.
    pub fn resource(mut self, id: impl Into<ResourceId>) -> Self {
        self.resources.push(id.into());
        self
    }

    /// Sets the availability defaults.
    pub fn availability(mut self, availability: AvailabilityRequest) -> Self {
        self.availability = Some(availability);
        self
    }

    /// Adds one project-level constraint.
    pub fn constraint(mut self, constraint: Constraint) -> Self {
        self.availability_constraints.push(constraint);
        self
    }

    /// Sets the booking defaults.
    pub fn booking(mut self, booking: ProjectBooking) -> Self {
        self.booking = Some(booking);
        self
    }

    /// Adds one reminder object.
    pub fn reminder(mut self, reminder: Value) -> Self {
        self.reminders.get_or_insert_with(Vec::new).push(reminder);
        self
    }

    /// Sets one booking form field (`{"title": …, "required": …}`).
    pub fn customer_field(mut self, name: impl Into<String>, field: Value) -> Self {
        self.customer_fields
            .get_or_insert_with(Map::new)
            .insert(name.into(), field);
        self
    }

    /// Sets one `ui` key.
    pub fn ui(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.ui
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Sets one `meta` key.
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Sets `allow_double_bookings`.
    pub fn allow_double_bookings(mut self, allow: bool) -> Self {
        self.allow_double_bookings = Some(allow);
        self
    }

    /// Sets the default reservation hold, in seconds.
    pub fn reservation_time(mut self, seconds: u64) -> Self {
        self.reservation_time = Some(Value::from(seconds));
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `PUT /projects/{id}`: a partial update; only the fields set are sent, and each
/// replaces the project's whole field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateProjectRequest {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// New resource set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<ResourceId>>,
    /// New availability defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<AvailabilityRequest>,
    /// New project-level constraints (an empty list clears them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_constraints: Option<Vec<Constraint>>,
    /// New booking defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<ProjectBooking>,
    /// New reminders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminders: Option<Vec<Value>>,
    /// New booking form fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_fields: Option<Map<String, Value>>,
    /// New presentation settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui: Option<Map<String, Value>>,
    /// New `meta` object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// New `allow_double_bookings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_double_bookings: Option<bool>,
    /// New default reservation hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_time: Option<Value>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateProjectRequest {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Changes the slug.
    pub fn slug(mut self, slug: impl Into<String>) -> Self {
        self.slug = Some(slug.into());
        self
    }

    /// Replaces the resource set.
    pub fn resources<I, R>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: Into<ResourceId>,
    {
        self.resources = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Replaces the availability defaults.
    pub fn availability(mut self, availability: AvailabilityRequest) -> Self {
        self.availability = Some(availability);
        self
    }

    /// Replaces the project-level constraints.
    pub fn availability_constraints(
        mut self,
        constraints: impl IntoIterator<Item = Constraint>,
    ) -> Self {
        self.availability_constraints = Some(constraints.into_iter().collect());
        self
    }

    /// Replaces the booking defaults.
    pub fn booking(mut self, booking: ProjectBooking) -> Self {
        self.booking = Some(booking);
        self
    }

    /// Replaces the reminders.
    pub fn reminders(mut self, reminders: impl IntoIterator<Item = Value>) -> Self {
        self.reminders = Some(reminders.into_iter().collect());
        self
    }

    /// Sets one `meta` key (the update sends the `meta` object built this way).
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Changes `allow_double_bookings`.
    pub fn allow_double_bookings(mut self, allow: bool) -> Self {
        self.allow_double_bookings = Some(allow);
        self
    }

    /// Changes the default reservation hold, in seconds.
    pub fn reservation_time(mut self, seconds: u64) -> Self {
        self.reservation_time = Some(Value::from(seconds));
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `POST /projects/{id}/resources`: one resource to add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct AddProjectResourceRequest {
    /// The resource to add.
    pub resource_id: ResourceId,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AddProjectResourceRequest {
    /// Adds resource `resource_id`.
    pub fn new(resource_id: impl Into<ResourceId>) -> Self {
        Self {
            resource_id: resource_id.into(),
            extra: Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraint::Hours;
    use serde_json::json;

    #[test]
    fn minimal_create_body() {
        assert_eq!(
            serde_json::to_value(CreateProjectRequest::new("Haircut")).unwrap(),
            json!({"name": "Haircut"})
        );
    }

    #[test]
    fn create_body_of_the_reference_example() {
        let body = CreateProjectRequest::new("Haircut 30 min")
            .slug("haircut-30")
            .resource("d187d6e0-d6cb-409a-ae60-45a8fd0ec879")
            .availability(
                AvailabilityRequest::default()
                    .mode(crate::AvailabilityMode::RoundrobinRandom)
                    .length("30 minutes")
                    .from("now")
                    .to("2 weeks")
                    .buffer("10 minutes"),
            )
            .constraint(Constraint::AllowHours(Hours::new(9, 17)))
            .constraint(Constraint::BlockWeekends)
            .booking(
                ProjectBooking::new(Graph::Instant)
                    .what("Haircut")
                    .location("Main St 1")
                    .description(""),
            )
            .reminder(
                json!({"type": "email", "settings": {"recipient": "customer"},
                             "when": {"type": "before", "unit": "hours", "time": 24}}),
            )
            .customer_field("name", json!({"title": "Name", "required": true}))
            .ui("display_name", "Main St Barbers")
            .meta("t_store_id", "145")
            .allow_double_bookings(false)
            .reservation_time(300);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "Haircut 30 min", "slug": "haircut-30",
                   "resources": ["d187d6e0-d6cb-409a-ae60-45a8fd0ec879"],
                   "availability": {"mode": "roundrobin_random", "length": "30 minutes",
                                    "from": "now", "to": "2 weeks", "buffer": "10 minutes"},
                   "availability_constraints": [{"allow_hours": {"start": 9, "end": 17}},
                                                {"block_weekends": {}}],
                   "booking": {"graph": "instant", "what": "Haircut", "where": "Main St 1",
                               "description": ""},
                   "reminders": [{"type": "email", "settings": {"recipient": "customer"},
                                  "when": {"type": "before", "unit": "hours", "time": 24}}],
                   "customer_fields": {"name": {"title": "Name", "required": true}},
                   "ui": {"display_name": "Main St Barbers"}, "meta": {"t_store_id": "145"},
                   "allow_double_bookings": false, "reservation_time": 300})
        );
    }

    #[test]
    fn update_sends_only_what_changes() {
        assert_eq!(
            serde_json::to_value(UpdateProjectRequest::new()).unwrap(),
            json!({})
        );
        let body = UpdateProjectRequest::new()
            .availability_constraints([Constraint::BlockWeekends])
            .resources(["r1", "r2"])
            .name("New");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "New", "resources": ["r1", "r2"],
                   "availability_constraints": [{"block_weekends": {}}]})
        );
    }

    #[test]
    fn resource_ids_read_strings_and_objects() {
        let project: Project = serde_json::from_value(json!({
            "id": "p", "resources": ["r1", {"id": "r2", "name": "Anna"}, 3]
        }))
        .unwrap();
        assert_eq!(
            project.resource_ids(),
            vec![ResourceId::from("r1"), ResourceId::from("r2")]
        );
    }

    #[test]
    fn php_empty_maps_and_missing_fields() {
        let project: Project =
            serde_json::from_value(json!({"id": "p", "ui": [], "customer_fields": [], "meta": []}))
                .unwrap();
        assert_eq!(project.ui, Some(Map::new()));
        assert!(project.name.is_none());
        assert!(serde_json::from_value::<Project>(json!({"name": "no id"})).is_err());
    }

    #[test]
    fn add_resource_body() {
        assert_eq!(
            serde_json::to_value(AddProjectResourceRequest::new("r1")).unwrap(),
            json!({"resource_id": "r1"})
        );
    }
}
