//! Locations (`/locations`, `timekit-api-more.md` §5.5): containers of projects, searchable
//! by distance, and their create/update requests.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::ids::{LocationId, ProjectId};
use crate::project::Project;
use crate::service::Service;
use crate::timestamp::Timestamp;

/// A location. Only `id` is always present; `projects` and `services` come with
/// `?include=projects` / `?include=services`, `distance` with a distance search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The location id (searchable on projects as `locations.uuid`).
    pub id: LocationId,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Latitude (a number or a numeric string on the wire; written as a number).
    #[serde(
        default,
        deserialize_with = "lenient_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub latitude: Option<f64>,
    /// Longitude (as `latitude`).
    #[serde(
        default,
        deserialize_with = "lenient_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub longitude: Option<f64>,
    /// Distance from the searched point (distance searches only).
    #[serde(
        default,
        deserialize_with = "lenient_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub distance: Option<f64>,
    /// Whether the location has opening hours of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_custom_hours: Option<bool>,
    /// Free key/values (`t_store_address`, `t_store_city` …); `[]` reads as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Map<String, Value>>,
    /// Linked projects (with `?include=projects`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<Project>>,
    /// Linked services (with `?include=services`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<Service>>,
    /// When the location was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the location was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A number, a string holding one, or `null` (Laravel writes decimal columns as strings).
pub(crate) fn lenient_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    struct NumberVisitor;

    impl Visitor<'_> for NumberVisitor {
        type Value = Option<f64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number, a numeric string or null")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
            Ok(Some(value))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value as f64))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value as f64))
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            match text.trim().parse::<f64>() {
                Ok(number) if number.is_finite() => Ok(Some(number)),
                _ => Err(E::custom(format!("expected a number, got {text:?}"))),
            }
        }
    }

    deserializer.deserialize_any(NumberVisitor)
}

/// Body of `POST /locations`. `name` is required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateLocationRequest {
    /// Display name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Latitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// Projects to link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectId>,
    /// Free key/values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateLocationRequest {
    /// A location called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            latitude: None,
            longitude: None,
            projects: Vec::new(),
            meta: None,
            extra: Map::new(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets latitude and longitude.
    pub fn coordinates(mut self, latitude: f64, longitude: f64) -> Self {
        self.latitude = Some(latitude);
        self.longitude = Some(longitude);
        self
    }

    /// Links one project.
    pub fn project(mut self, id: impl Into<ProjectId>) -> Self {
        self.projects.push(id.into());
        self
    }

    /// Sets one `meta` key.
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta
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

/// Body of `PUT /locations/{id}`: a partial update; only the fields set are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateLocationRequest {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New latitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// New longitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// New set of linked projects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<ProjectId>>,
    /// New `meta` object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateLocationRequest {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Changes the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Changes latitude and longitude.
    pub fn coordinates(mut self, latitude: f64, longitude: f64) -> Self {
        self.latitude = Some(latitude);
        self.longitude = Some(longitude);
        self
    }

    /// Replaces the linked projects.
    pub fn projects<I, P>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<ProjectId>,
    {
        self.projects = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Sets one `meta` key.
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn coordinates_read_numbers_and_numeric_strings() {
        let location: Location = serde_json::from_value(json!({
            "id": "l", "latitude": "42.51", "longitude": 1.54, "distance": null
        }))
        .unwrap();
        assert_eq!(location.latitude, Some(42.51));
        assert_eq!(location.longitude, Some(1.54));
        assert_eq!(location.distance, None);
        assert!(
            serde_json::from_value::<Location>(json!({"id": "l", "latitude": "north"})).is_err()
        );
        assert!(serde_json::from_value::<Location>(json!({"id": "l", "latitude": "NaN"})).is_err());
        assert!(serde_json::from_value::<Location>(json!({"id": "l", "latitude": true})).is_err());
    }

    #[test]
    fn create_body_of_the_cucumber_suite() {
        let body = CreateLocationRequest::new("Toronto")
            .description("Downtown")
            .coordinates(42.51, 1.54)
            .project("p1")
            .meta("t_store_city", "Toronto");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "Toronto", "description": "Downtown", "latitude": 42.51,
                   "longitude": 1.54, "projects": ["p1"], "meta": {"t_store_city": "Toronto"}})
        );
        assert_eq!(
            serde_json::to_value(CreateLocationRequest::new("X")).unwrap(),
            json!({"name": "X"})
        );
    }

    #[test]
    fn update_sends_only_what_changes() {
        assert_eq!(
            serde_json::to_value(UpdateLocationRequest::new()).unwrap(),
            json!({})
        );
        let body = UpdateLocationRequest::new()
            .name("New")
            .projects(["p1"])
            .coordinates(1.0, 2.5);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "New", "latitude": 1.0, "longitude": 2.5, "projects": ["p1"]})
        );
    }
}
