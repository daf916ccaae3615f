//! Calendars and their events (`timekit-api-more.md` §5.8–§5.9).
//!
//! Every resource has its auto-created "Bookings" calendar (`Resource::calendar_id`, shown by
//! `include=calendars`); `POST /calendars` adds more. An event belongs to a calendar and so to
//! the calendar's resource, and is busy time for it: events sit in the resource's time index
//! next to its bookings and are read through [`crate::graph::blocks`] like them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Resource;
use super::view::{CALENDAR_DESCRIPTION, CALENDAR_NAME};
use crate::graph::{CALENDAR_EVENT_GRAPH, CALENDAR_EVENT_STATE, blocks};
use crate::time::Stamp;

/// One calendar of a resource.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Calendar {
    pub(crate) id: String,
    #[serde(default, skip_serializing_if = "crate::state::form::wire_only")]
    pub(crate) seq: u64,
    pub(crate) resource_id: String,
    pub(crate) name: String,
    pub(crate) display_name: String,
    pub(crate) description: Option<String>,
    /// The resource's own "Bookings" calendar: read-only through `/calendars`.
    pub(crate) system: bool,
    pub(crate) foregroundcolor: Option<String>,
    pub(crate) backgroundcolor: Option<String>,
    #[serde(deserialize_with = "crate::state::form::interned")]
    pub(crate) provider: crate::state::form::Name,
    pub(crate) provider_id: Option<String>,
    #[serde(deserialize_with = "crate::state::form::interned")]
    pub(crate) provider_access: crate::state::form::Name,
    pub(crate) provider_primary: bool,
    pub(crate) provider_sync: bool,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}

impl Calendar {
    /// The "Bookings" calendar Timekit creates with `resource` (same id and fields as its
    /// `include=calendars`).
    pub(crate) fn of_resource(resource: &Resource) -> Self {
        Calendar {
            id: resource.calendar_id.clone(),
            seq: resource.seq,
            resource_id: resource.id.clone(),
            name: CALENDAR_NAME.to_owned(),
            display_name: CALENDAR_NAME.to_owned(),
            description: Some(CALENDAR_DESCRIPTION.to_owned()),
            system: true,
            foregroundcolor: None,
            backgroundcolor: None,
            provider: "timekit",
            provider_id: None,
            provider_access: "owner",
            provider_primary: false,
            provider_sync: false,
            created_at: resource.created_at.clone(),
            updated_at: resource.created_at.clone(),
        }
    }
}

/// One event: busy time of its calendar's resource.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Event {
    pub(crate) id: String,
    #[serde(default, skip_serializing_if = "crate::state::form::wire_only")]
    pub(crate) seq: u64,
    pub(crate) calendar_id: String,
    pub(crate) resource_id: String,
    pub(crate) what: String,
    #[serde(rename = "where")]
    pub(crate) location: String,
    pub(crate) description: Option<String>,
    pub(crate) start: Stamp,
    pub(crate) end: Stamp,
    pub(crate) all_day: bool,
    pub(crate) rsvp: String,
    pub(crate) invite: bool,
    pub(crate) participants: Vec<Value>,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}

impl Event {
    pub(crate) fn overlaps(&self, start: Timestamp, end: Timestamp) -> bool {
        self.start.ts() < end && start < self.end.ts()
    }

    /// Whether the event holds its time: asked of the one blocking rule, under the names
    /// availability reads events by (an event always does).
    pub(crate) fn blocks(&self) -> bool {
        blocks(CALENDAR_EVENT_GRAPH, CALENDAR_EVENT_STATE)
    }
}
