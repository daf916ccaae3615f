//! JSON renderings of stored resources and the app, and the booking `include` options
//! (bookings render from a [`super::BookingSnapshot`]). Serialized straight from the stored
//! objects: no `Value` trees on the hot read path.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::{App, Resource};
use crate::time::Stamp;

/// Which optional parts of a booking `?include=` asked for.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BookingIncludes {
    pub(crate) attributes: bool,
    pub(crate) customers: bool,
    pub(crate) event: bool,
    pub(crate) logs: bool,
    pub(crate) bulked_bookings: bool,
    /// `user` or `resource`: the booked resource.
    pub(crate) resource: bool,
    /// `calendar`: the calendar the booking's event is in.
    pub(crate) calendar: bool,
    /// `provider_event`: the event at the calendar provider (`{id}`).
    pub(crate) provider_event: bool,
    /// Not an API include: adds `resource_id` for the test inspection snapshot.
    pub(crate) resource_id: bool,
}

impl BookingIncludes {
    /// Parses a comma-separated `include` value; unknown names are ignored like Timekit does.
    pub(crate) fn parse(list: Option<&str>) -> Self {
        let mut includes = Self::default();
        for name in list.unwrap_or("").split(',').map(str::trim) {
            match name {
                "attributes" | "attributes.event_info" | "attributes.group_booking" => {
                    includes.attributes = true;
                }
                "customers" => includes.customers = true,
                "event" => includes.event = true,
                "logs" => includes.logs = true,
                "bulked_bookings" => includes.bulked_bookings = true,
                "user" | "resource" => includes.resource = true,
                "calendar" => includes.calendar = true,
                "provider_event" => includes.provider_event = true,
                _ => {}
            }
        }
        includes
    }

    /// Everything, for the inspection snapshot.
    pub(crate) fn inspection() -> Self {
        Self {
            attributes: true,
            customers: true,
            event: false,
            logs: true,
            bulked_bookings: false,
            resource: false,
            calendar: false,
            provider_event: false,
            resource_id: true,
        }
    }
}

/// Which optional parts of a resource `?include=` asked for.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ResourceIncludes {
    pub(crate) availability_constraints: bool,
    pub(crate) calendars: bool,
    /// `calendars.events`: the calendars with their (always empty) `events`.
    pub(crate) calendar_events: bool,
}

impl ResourceIncludes {
    pub(crate) fn parse(list: Option<&str>) -> Self {
        let mut includes = Self::default();
        for name in list.unwrap_or("").split(',').map(str::trim) {
            match name {
                "availability_constraints" => includes.availability_constraints = true,
                "calendars" => includes.calendars = true,
                "calendars.events" => {
                    includes.calendars = true;
                    includes.calendar_events = true;
                }
                _ => {}
            }
        }
        includes
    }
}

/// A resource as the API shows it.
pub(crate) struct ResourceView<'a> {
    pub(crate) resource: &'a Resource,
    pub(crate) includes: ResourceIncludes,
}

/// The "Bookings" calendar Timekit creates with every resource, with the fields the help
/// centre's "creating resources via the API" answer shows.
#[derive(Serialize)]
struct Calendar<'a> {
    id: &'a str,
    provider_id: Option<&'a str>,
    provider_access: &'static str,
    provider_primary: bool,
    provider_sync: bool,
    name: &'static str,
    description: &'static str,
    foregroundcolor: Option<&'a str>,
    backgroundcolor: Option<&'a str>,
    created_at: &'a Stamp,
    updated_at: &'a Stamp,
    provider: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<[(); 0]>,
}

/// The name Timekit gives the calendar it creates with a resource.
pub(crate) const CALENDAR_NAME: &str = "Bookings";
/// Its description (help centre example).
pub(crate) const CALENDAR_DESCRIPTION: &str = "Created by Timekit on resource creation";

impl Serialize for ResourceView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.resource;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &r.id)?;
        map.serialize_entry("name", &r.name)?;
        map.serialize_entry("first_name", &r.first_name)?;
        map.serialize_entry("last_name", &r.last_name)?;
        map.serialize_entry("email", &r.email)?;
        map.serialize_entry("timezone", &r.timezone)?;
        map.serialize_entry("image", &r.image)?;
        if let Some(tags) = &r.tags {
            map.serialize_entry("tags", tags)?;
        }
        map.serialize_entry("meta", &r.meta)?;
        map.serialize_entry("created_at", &r.created_at)?;
        map.serialize_entry("updated_at", &r.updated_at)?;
        if self.includes.availability_constraints {
            map.serialize_entry("availability_constraints", &r.availability_constraints)?;
        }
        if self.includes.calendars {
            let calendar = Calendar {
                id: &r.calendar_id,
                provider_id: None,
                provider_access: "owner",
                provider_primary: false,
                provider_sync: false,
                name: CALENDAR_NAME,
                description: CALENDAR_DESCRIPTION,
                foregroundcolor: None,
                backgroundcolor: None,
                created_at: &r.created_at,
                updated_at: &r.created_at,
                provider: "timekit",
                events: self.includes.calendar_events.then_some([]),
            };
            map.serialize_entry("calendars", &[calendar])?;
        }
        map.end()
    }
}

/// The app as `GET /app` shows it.
pub(crate) struct AppView<'a> {
    pub(crate) app: &'a App,
    pub(crate) test_mode: bool,
    /// `include=app_token`: the app's API key.
    pub(crate) app_token: Option<&'a str>,
    /// The key webhook deliveries are signed with (issue 19); the emulator's own app only.
    pub(crate) webhook_secret: Option<&'a str>,
}

impl Serialize for AppView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let app = self.app;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &app.id)?;
        map.serialize_entry("slug", &app.slug)?;
        let name = app.settings.get("name").and_then(Value::as_str);
        map.serialize_entry("name", &name.unwrap_or(&app.slug))?;
        map.serialize_entry("test_mode", &self.test_mode)?;
        if let Some(secret) = self.webhook_secret {
            map.serialize_entry("webhook_secret", secret)?;
        }
        map.serialize_entry::<_, Map<String, Value>>("settings", &app.settings)?;
        map.serialize_entry("created_at", &app.created_at)?;
        map.serialize_entry("updated_at", &app.created_at)?;
        if let Some(token) = self.app_token {
            map.serialize_entry("app_token", token)?;
        }
        map.end()
    }
}
