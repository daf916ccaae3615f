//! Calendars (`/calendars`, `timekit-api-more.md` §5.8): a resource's containers of events
//! and bookings, and their create/update requests. Legacy-era routes (tier C).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::event::Event;
use crate::ids::{CalendarId, ResourceId};
use crate::timestamp::Timestamp;

/// A calendar. Only `id` is always present; `events` comes with `?include=events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    /// The calendar id (the `calendar_id` of events).
    pub id: CalendarId,
    /// Name (`"Bookings"` for the calendar Timekit creates with each resource).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name shown to the owner (provider calendars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Whether Timekit manages the calendar itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<bool>,
    /// Text colour (`#RRGGBB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foregroundcolor: Option<String>,
    /// Background colour (`#RRGGBB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backgroundcolor: Option<String>,
    /// Where the calendar lives: `timekit`, `google`, `microsoft` (kept as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The provider's id of the calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    /// Whether this is the owner's primary provider calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_primary: Option<bool>,
    /// Whether the calendar is synced with its provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_sync: Option<bool>,
    /// Events (with `?include=events`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<Event>>,
    /// When the calendar was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the calendar was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model (`provider_access` …), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /calendars`. `name` is required; with an app key, `resource_id` says whose
/// calendar it is (`docs/api-decisions.md`, "Rest of the API").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateCalendarRequest {
    /// Name.
    pub name: String,
    /// The owning resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<ResourceId>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Text colour (`#RRGGBB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foregroundcolor: Option<String>,
    /// Background colour (`#RRGGBB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backgroundcolor: Option<String>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateCalendarRequest {
    /// A calendar called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            resource_id: None,
            description: None,
            foregroundcolor: None,
            backgroundcolor: None,
            extra: Map::new(),
        }
    }

    /// Sets the owning resource.
    pub fn resource_id(mut self, id: impl Into<ResourceId>) -> Self {
        self.resource_id = Some(id.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets text and background colour (`#RRGGBB`).
    pub fn colors(mut self, foreground: impl Into<String>, background: impl Into<String>) -> Self {
        self.foregroundcolor = Some(foreground.into());
        self.backgroundcolor = Some(background.into());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `PUT /calendars/{id}`: a partial update; only the fields set are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateCalendarRequest {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New text colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foregroundcolor: Option<String>,
    /// New background colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backgroundcolor: Option<String>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateCalendarRequest {
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

    /// Changes text and background colour.
    pub fn colors(mut self, foreground: impl Into<String>, background: impl Into<String>) -> Self {
        self.foregroundcolor = Some(foreground.into());
        self.backgroundcolor = Some(background.into());
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
    fn the_2015_mock_calendar_round_trips() {
        let value = json!({"name": "MyCalendar", "id": "2e911aa8-05b4-11e5-af06-000000007ed6",
                           "description": "Laboriosam vitae minus", "system": false,
                           "foregroundcolor": "#938710", "backgroundcolor": "#518d83"});
        let calendar: Calendar = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(calendar.system, Some(false));
        assert_eq!(serde_json::to_value(&calendar).unwrap(), value);
        assert!(serde_json::from_value::<Calendar>(json!({"name": "x"})).is_err());
    }

    #[test]
    fn create_and_update_bodies() {
        let body = CreateCalendarRequest::new("Work")
            .resource_id("r1")
            .description("Office")
            .colors("#000000", "#FFFFFF");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"name": "Work", "resource_id": "r1", "description": "Office",
                   "foregroundcolor": "#000000", "backgroundcolor": "#FFFFFF"})
        );
        assert_eq!(
            serde_json::to_value(UpdateCalendarRequest::new()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(UpdateCalendarRequest::new().name("N")).unwrap(),
            json!({"name": "N"})
        );
    }
}
