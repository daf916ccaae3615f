//! Resources (people, rooms, things that can be booked) and their create/update requests.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::constraint::Constraint;
use crate::ids::ResourceId;
use crate::timestamp::Timestamp;

/// A resource (`timekit-api.md` §4.3–§4.5). `id`, `name` and `timezone` are always present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The resource id.
    pub id: ResourceId,
    /// Display name.
    pub name: String,
    /// IANA time zone the resource's constraints are evaluated in.
    pub timezone: String,
    /// First name (Timekit fills it with the whole name when only `name` was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Login e-mail; cannot be changed after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Free key/values; `[]` (PHP's empty map) reads as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Map<String, Value>>,
    /// The resource's availability constraints (with `?include=availability_constraints`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_constraints: Option<Vec<Constraint>>,
    /// Calendars (with `?include=calendars`), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendars: Option<Vec<Value>>,
    /// When the resource was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the resource was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /resources`. `name` and `timezone` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateResourceRequest {
    /// Display name.
    pub name: String,
    /// IANA time zone.
    pub timezone: String,
    /// Login e-mail (only needed if the resource signs in to Timekit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Password (Timekit assigns a random one when omitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Availability constraints of the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_constraints: Option<Vec<Constraint>>,
    /// Free key/values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateResourceRequest {
    /// A resource called `name` in time zone `timezone` (IANA name, e.g. `Europe/Berlin`).
    pub fn new(name: impl Into<String>, timezone: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            timezone: timezone.into(),
            email: None,
            first_name: None,
            last_name: None,
            password: None,
            image: None,
            availability_constraints: None,
            meta: None,
            tags: None,
            extra: Map::new(),
        }
    }

    /// Sets the login e-mail.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the first name.
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = Some(first_name.into());
        self
    }

    /// Sets the last name.
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = Some(last_name.into());
        self
    }

    /// Sets the password.
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the image URL.
    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.image = Some(image.into());
        self
    }

    /// Adds one availability constraint.
    pub fn constraint(mut self, constraint: Constraint) -> Self {
        self.availability_constraints
            .get_or_insert_with(Vec::new)
            .push(constraint);
        self
    }

    /// Sets one `meta` key.
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds one tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.get_or_insert_with(Vec::new).push(tag.into());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `PUT /resources/{id}`: a partial update; only the fields set are sent.
///
/// The e-mail is not here: Timekit does not allow changing it after creation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateResourceRequest {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// New last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// New IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// New password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// New image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// New `meta` object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Replaces the resource's whole constraint list (an empty list clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_constraints: Option<Vec<Constraint>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateResourceRequest {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Changes the first name.
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = Some(first_name.into());
        self
    }

    /// Changes the last name.
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = Some(last_name.into());
        self
    }

    /// Changes the time zone.
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.timezone = Some(timezone.into());
        self
    }

    /// Changes the password.
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Changes the image URL.
    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.image = Some(image.into());
        self
    }

    /// Sets one `meta` key (the update sends the `meta` object built this way).
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Replaces the constraint list.
    pub fn availability_constraints(
        mut self,
        constraints: impl IntoIterator<Item = Constraint>,
    ) -> Self {
        self.availability_constraints = Some(constraints.into_iter().collect());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn minimal_create_body_has_only_required_fields() {
        let body = CreateResourceRequest::new("Room 1", "Europe/Berlin");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "Room 1", "timezone": "Europe/Berlin"})
        );
    }

    #[test]
    fn create_setters_fill_their_fields() {
        let body = CreateResourceRequest::new("Jane", "UTC")
            .email("jane@example.com")
            .first_name("Jane")
            .last_name("Roe")
            .password("s3cret")
            .image("https://example.com/j.png")
            .meta("t_store_id", 145)
            .tag("doctor")
            .extra_field("color", json!("red"));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "Jane", "timezone": "UTC", "email": "jane@example.com",
                   "first_name": "Jane", "last_name": "Roe", "password": "s3cret",
                   "image": "https://example.com/j.png", "meta": {"t_store_id": 145},
                   "tags": ["doctor"], "color": "red"})
        );
    }

    #[test]
    fn empty_update_is_an_empty_object() {
        assert_eq!(
            serde_json::to_value(UpdateResourceRequest::new()).unwrap(),
            json!({})
        );
    }

    #[test]
    fn update_with_empty_constraints_clears_them() {
        let body = UpdateResourceRequest::new()
            .name("New")
            .availability_constraints([]);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "New", "availability_constraints": []})
        );
    }

    #[test]
    fn resource_requires_id_name_and_timezone() {
        assert!(serde_json::from_value::<Resource>(json!({"id": "r", "name": "n"})).is_err());
        let ok: Resource =
            serde_json::from_value(json!({"id": "r", "name": "n", "timezone": "UTC"})).unwrap();
        assert_eq!(ok.id.as_str(), "r");
    }
}
