//! A booking and everything its JSON reads from the store, taken under a read lock so the
//! answer is serialized after the lock is released.

use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::view::{CALENDAR_DESCRIPTION, CALENDAR_NAME};
use super::{Booking, BookingIncludes, Resource, Store};
use crate::graph::{Graph, PossibleActions};
use crate::time::Stamp;

/// The most bookings one answer may embed through `include=bulked_bookings` (summed over the
/// bookings it shows). Related bulks of a few hundred bookings listed a thousand at a time
/// would otherwise embed hundreds of thousands of copies (a 110 MB answer); past the cap the
/// request is refused with a 422 that says how to page it (`docs/api-decisions.md`).
pub(crate) const MAX_EMBEDDED_BOOKINGS: usize = 5_000;

/// One booking ready to render: shared pointers and counts only, no borrow of the store.
#[derive(Debug)]
pub(crate) struct BookingSnapshot {
    booking: Arc<Booking>,
    includes: BookingIncludes,
    /// The request's emulator time: due transitions are shown as of it.
    now: Timestamp,
    /// `attributes.group_booking.current_seats` of a group owner.
    current_seats: Option<usize>,
    siblings: Vec<Arc<Booking>>,
    resource: Option<Arc<Resource>>,
}

impl Store {
    /// The snapshot of `booking` for `includes`. Cost: the seats of a group owner and the
    /// bulk siblings when asked for, never the whole store.
    pub(crate) fn snapshot(
        &self,
        booking: &Arc<Booking>,
        includes: BookingIncludes,
        now: Timestamp,
    ) -> BookingSnapshot {
        let current_seats = (includes.attributes && booking.graph == Graph::GroupOwner)
            .then(|| self.seats_taken(&booking.id, now));
        let siblings = if includes.bulked_bookings {
            self.siblings_of(booking).cloned().collect()
        } else {
            Vec::new()
        };
        let resource = (includes.resource || includes.calendar)
            .then(|| self.resources.get(&booking.resource_id).cloned())
            .flatten();
        BookingSnapshot {
            booking: Arc::clone(booking),
            includes,
            now,
            current_seats,
            siblings,
            resource,
        }
    }

    /// The snapshot of the booking `id`, if it exists.
    pub(crate) fn snapshot_of(
        &self,
        id: &str,
        includes: BookingIncludes,
        now: Timestamp,
    ) -> Option<BookingSnapshot> {
        self.bookings
            .get(id)
            .map(|booking| self.snapshot(booking, includes, now))
    }
}

#[derive(Serialize)]
struct EventInfo<'a> {
    start: &'a Stamp,
    end: &'a Stamp,
    what: Option<&'a str>,
    #[serde(rename = "where")]
    location: Option<&'a str>,
    description: Option<&'a str>,
    calendar_id: Option<&'a str>,
}

impl<'a> EventInfo<'a> {
    fn of(booking: &'a Booking) -> Self {
        Self {
            start: &booking.start,
            end: &booking.end,
            what: booking.what.as_deref(),
            location: booking.location.as_deref(),
            description: booking.description.as_deref(),
            calendar_id: booking.calendar_id.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct GroupBooking<'a> {
    max_seats: Option<&'a Value>,
    current_seats: usize,
}

#[derive(Serialize)]
struct Attributes<'a> {
    event_info: EventInfo<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_booking: Option<GroupBooking<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    owner_booking_id: &'a str,
}

#[derive(Serialize)]
struct ResourceSummary<'a> {
    id: &'a str,
    name: &'a str,
    email: Option<&'a str>,
    timezone: &'a str,
}

/// `include=calendar`: the fields of booking.js's captured `calendar` include.
#[derive(Serialize)]
struct BookingCalendar<'a> {
    id: &'a str,
    name: &'static str,
    display_name: &'static str,
    description: &'static str,
    foregroundcolor: Option<&'a str>,
    backgroundcolor: Option<&'a str>,
    created_at: &'a Stamp,
    updated_at: &'a Stamp,
}

#[derive(Serialize)]
struct ProviderEvent {
    id: String,
}

/// The event's id at the provider: like the captured one, the hex digits of a text id (here
/// the booking's, so it is stable without being stored).
fn provider_event_id(booking_id: &str) -> String {
    booking_id.bytes().map(|b| format!("{b:02x}")).collect()
}

impl BookingSnapshot {
    /// The booking's calendar: its `calendar_id`, else the resource's "Bookings" calendar;
    /// `null` when neither is known (resource deleted, no `calendar_id`).
    fn calendar<'a>(&'a self, booking: &'a Booking) -> Option<BookingCalendar<'a>> {
        let resource = self.resource.as_deref()?;
        let id = booking
            .calendar_id
            .as_deref()
            .unwrap_or(&resource.calendar_id);
        Some(BookingCalendar {
            id,
            name: CALENDAR_NAME,
            display_name: CALENDAR_NAME,
            description: CALENDAR_DESCRIPTION,
            foregroundcolor: None,
            backgroundcolor: None,
            created_at: &resource.created_at,
            updated_at: &resource.created_at,
        })
    }
}

/// A bulk sibling: the booking's own fields, no includes.
struct Plain<'a> {
    booking: &'a Booking,
    now: Timestamp,
}

impl Serialize for Plain<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let booking = self.booking.at(self.now);
        let mut map = serializer.serialize_map(None)?;
        write_own_fields(&mut map, &booking)?;
        map.end()
    }
}

fn write_own_fields<M: SerializeMap>(map: &mut M, b: &Booking) -> Result<(), M::Error> {
    map.serialize_entry("id", &b.id)?;
    map.serialize_entry("graph", b.graph.name())?;
    map.serialize_entry("state", b.state.name())?;
    map.serialize_entry("completed", &b.is_final())?;
    map.serialize_entry("possible_actions", &PossibleActions(b.graph, b.state))?;
    map.serialize_entry("created_at", &b.created_at)?;
    map.serialize_entry("updated_at", &b.updated_at)?;
    map.serialize_entry("meta", &b.meta)?;
    if let Some(expires_at) = &b.expires_at {
        map.serialize_entry("expires_at", expires_at)?;
    }
    if let Some(owner) = &b.owner_booking_id {
        map.serialize_entry(
            "related",
            &Related {
                owner_booking_id: owner,
            },
        )?;
    }
    Ok(())
}

impl Serialize for BookingSnapshot {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Due transitions are shown, not stored: a read never needs the write lock.
        let b = self.booking.at(self.now);
        let mut map = serializer.serialize_map(None)?;
        write_own_fields(&mut map, &b)?;
        if self.includes.resource_id {
            map.serialize_entry("resource_id", &b.resource_id)?;
        }
        if self.includes.attributes {
            let group_booking = self.current_seats.map(|current_seats| GroupBooking {
                max_seats: b.settings.get("max_seats"),
                current_seats,
            });
            let attributes = Attributes {
                event_info: EventInfo::of(&b),
                group_booking,
            };
            map.serialize_entry("attributes", &attributes)?;
        }
        if self.includes.customers {
            map.serialize_entry("customers", &b.customers)?;
        }
        if self.includes.event {
            map.serialize_entry("event", &EventInfo::of(&b))?;
        }
        if self.includes.logs {
            map.serialize_entry("logs", &b.logs)?;
        }
        if self.includes.bulked_bookings {
            let siblings: Vec<Plain<'_>> = self
                .siblings
                .iter()
                .map(|booking| Plain {
                    booking,
                    now: self.now,
                })
                .collect();
            map.serialize_entry("bulked_bookings", &siblings)?;
        }
        if self.includes.resource {
            let summary = self.resource.as_deref().map(|r| ResourceSummary {
                id: &r.id,
                name: &r.name,
                email: r.email.as_deref(),
                timezone: &r.timezone,
            });
            map.serialize_entry("user", &summary)?;
        }
        if self.includes.calendar {
            map.serialize_entry("calendar", &self.calendar(&b))?;
        }
        if self.includes.provider_event {
            map.serialize_entry(
                "provider_event",
                &ProviderEvent {
                    id: provider_event_id(&b.id),
                },
            )?;
        }
        map.end()
    }
}
