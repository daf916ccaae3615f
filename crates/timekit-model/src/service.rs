//! Services (`/location/services`, `timekit-api-more.md` §5.6): what is booked across
//! locations, holding project-like settings, and their create/update requests.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::availability::AvailabilityRequest;
use crate::ids::{LocationId, ServiceId};
use crate::location::Location;
use crate::project::ProjectBooking;
use crate::timestamp::Timestamp;

/// A service. Only `id` is always present; `locations` comes with `?include=locations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// The service id (searchable on projects as `services.uuid`).
    pub id: ServiceId,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Availability settings propagated to the location × service projects
    /// (booking.js reads `availability.length`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<AvailabilityRequest>,
    /// Booking defaults propagated to the location × service projects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<ProjectBooking>,
    /// Free key/values; `[]` reads as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Map<String, Value>>,
    /// The locations offering the service (with `?include=locations`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<Location>>,
    /// When the service was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the service was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /location/services`. `name` is required; the rest of the body is not
/// documented (`timekit-api-more.md` §5.6), so anything else goes through `extra_field`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateServiceRequest {
    /// Display name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Availability settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<AvailabilityRequest>,
    /// Booking defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<ProjectBooking>,
    /// Locations offering the service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<LocationId>,
    /// Free key/values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateServiceRequest {
    /// A service called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            image_url: None,
            availability: None,
            booking: None,
            locations: Vec::new(),
            meta: None,
            extra: Map::new(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the image URL.
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }

    /// Sets the availability settings.
    pub fn availability(mut self, availability: AvailabilityRequest) -> Self {
        self.availability = Some(availability);
        self
    }

    /// Sets the booking defaults.
    pub fn booking(mut self, booking: ProjectBooking) -> Self {
        self.booking = Some(booking);
        self
    }

    /// Adds one location offering the service.
    pub fn location(mut self, id: impl Into<LocationId>) -> Self {
        self.locations.push(id.into());
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

/// Body of `PUT /location/services/{id}`: a partial update; only the fields set are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateServiceRequest {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// New availability settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<AvailabilityRequest>,
    /// New booking defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<ProjectBooking>,
    /// New set of locations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<LocationId>>,
    /// New `meta` object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateServiceRequest {
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

    /// Changes the image URL.
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }

    /// Replaces the availability settings.
    pub fn availability(mut self, availability: AvailabilityRequest) -> Self {
        self.availability = Some(availability);
        self
    }

    /// Replaces the booking defaults.
    pub fn booking(mut self, booking: ProjectBooking) -> Self {
        self.booking = Some(booking);
        self
    }

    /// Replaces the set of locations.
    pub fn locations<I, L>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = L>,
        L: Into<LocationId>,
    {
        self.locations = Some(ids.into_iter().map(Into::into).collect());
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
    use crate::graph::Graph;
    use serde_json::json;

    #[test]
    fn create_body() {
        let body = CreateServiceRequest::new("Haircut")
            .description("30 minutes")
            .image_url("https://example.com/cut.png")
            .availability(AvailabilityRequest::default().length("30 minutes"))
            .booking(ProjectBooking::new(Graph::Instant).what("Haircut"))
            .location("l1")
            .meta("t_code", "H1");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "Haircut", "description": "30 minutes",
                   "image_url": "https://example.com/cut.png",
                   "availability": {"length": "30 minutes"},
                   "booking": {"graph": "instant", "what": "Haircut"},
                   "locations": ["l1"], "meta": {"t_code": "H1"}})
        );
    }

    #[test]
    fn update_sends_only_what_changes() {
        assert_eq!(
            serde_json::to_value(UpdateServiceRequest::new()).unwrap(),
            json!({})
        );
        let body = UpdateServiceRequest::new()
            .name("Cut")
            .locations(["l1", "l2"]);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "Cut", "locations": ["l1", "l2"]})
        );
    }

    #[test]
    fn service_with_its_locations_decodes() {
        let service: Service = serde_json::from_value(json!({
            "id": "s1", "name": "Haircut", "availability": {"length": "30 minutes"},
            "locations": [{"id": "l1", "name": "Main St"}]
        }))
        .unwrap();
        assert_eq!(
            service.availability.unwrap().length.as_deref(),
            Some("30 minutes")
        );
        assert_eq!(service.locations.unwrap()[0].id.as_str(), "l1");
    }
}
