//! `POST /availability`: snapshots the store and hands it to the availability engine.

use std::sync::Arc;

use http::StatusCode;
use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use serde_json::{Map, Value};

use super::ApiRequest;
use super::reply::Reply;
use crate::availability::{
    AvailabilityError, AvailabilityInput, BookingInfo, CALENDAR_EVENT_GRAPH, CALENDAR_EVENT_STATE,
    ResourceInfo, compute,
};
use crate::shared::Shared;
#[cfg(test)]
use crate::store::Store;
use crate::store::{Booking, Event, Resource};
use crate::time::{current_output, php, written_offset};

/// `POST /availability` → 200 `{"data": [slots]}`.
pub(crate) fn query(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    run(shared, request, |body, now, input| {
        compute(body, now, input).map(|mut slots| {
            if let Value::Object(merged) = body {
                restyle_slots(&mut slots, merged);
            }
            Reply::data(StatusCode::OK, &slots)
        })
    })
}

/// Runs `engine` on the request body with the project's defaults merged in
/// (`project_defaults::availability_body`), and maps the engine's errors to replies.
pub(crate) fn run(
    shared: &Shared,
    request: &ApiRequest<'_>,
    engine: impl FnOnce(&Value, Timestamp, &AvailabilityInput) -> Result<Reply, AvailabilityError>,
) -> Reply {
    let now = shared.clock.now();
    let body = {
        let store = shared.read();
        match super::project_defaults::availability_body(&store, &request.body) {
            Ok(body) => body.into_owned(),
            Err(reply) => return reply,
        }
    };
    let input = snapshot(shared, &body, now);
    // The engine is pure and may take a while: it runs without holding the store lock.
    match engine(&Value::Object(body), now, &input) {
        Ok(reply) => reply,
        Err(AvailabilityError::UnknownResource(_)) => Reply::not_found("Resource"),
        Err(AvailabilityError::Invalid { field, message }) => {
            Reply::invalid_field(&field, &message)
        }
    }
}

/// Applies `Timekit-OutputTimestampFormat` to slot times, and `Timekit-Timezone` when the
/// body has no `output_timezone` (which, when given, stays the slots' zone).
fn restyle_slots(slots: &mut [Value], body: &Map<String, Value>) {
    let Some(output) = current_output() else {
        return;
    };
    let has_output_timezone = body
        .get("output_timezone")
        .is_some_and(|zone| !zone.is_null());
    let header_zone = output.zone.filter(|_| !has_output_timezone);
    if output.format.is_none() && header_zone.is_none() {
        return;
    }
    let format = output.format.as_deref().unwrap_or("Y-m-d\\TH:i:sP");
    for slot in slots.iter_mut() {
        for key in ["start", "end"] {
            let Some(text) = slot.get(key).and_then(Value::as_str) else {
                continue;
            };
            let Ok(ts) = text.parse::<Timestamp>() else {
                continue;
            };
            let zone = match &header_zone {
                Some(zone) => zone.clone(),
                None => TimeZone::fixed(written_offset(text).unwrap_or(Offset::UTC)),
            };
            let zoned = ts.to_zoned(zone);
            slot[key] = Value::String(php::format(&zoned, format));
        }
    }
}

/// `POST /availability/dates` → 200 `{"data": [{"date", "resources": [ids]}]}`.
pub(crate) fn dates(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    run(shared, request, |body, now, input| {
        crate::availability::dates(body, now, input)
            .map(|dates| Reply::data(StatusCode::OK, &dates))
    })
}

/// `POST /availability/count` → 200 `{"data": {"total": n}}`.
pub(crate) fn count(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    run(shared, request, |body, now, input| {
        crate::availability::count(body, now, input)
            .map(|total| Reply::data(StatusCode::OK, &serde_json::json!({"total": total})))
    })
}

/// `POST /unavailable/slots` → 200 `{"data": [slots]}`.
pub(crate) fn unavailable(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    run(shared, request, |body, now, input| {
        crate::availability::unavailable(body, now, input).map(|mut slots| {
            if let Value::Object(merged) = body {
                restyle_slots(&mut slots, merged);
            }
            Reply::data(StatusCode::OK, &slots)
        })
    })
}

/// What the engine reads: the requested resources and their bookings and calendar events
/// only (through the per-resource index), copied as pointers under the read lock and
/// converted after it. All-day events are left out when the body asks
/// `ignore_all_day_events: true`.
pub(crate) fn snapshot(
    shared: &Shared,
    body: &Map<String, Value>,
    now: Timestamp,
) -> AvailabilityInput {
    // The engine validates `resources` itself; here a malformed value just selects nothing.
    let requested: Vec<&str> = match body.get("resources") {
        Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let skip_all_day = body.get("ignore_all_day_events") == Some(&Value::Bool(true));
    let (resources, bookings, events) = {
        let store = shared.read();
        let resources: Vec<Arc<Resource>> = requested
            .iter()
            .filter_map(|id| store.resources.get(*id).cloned())
            .collect();
        let bookings: Vec<Arc<Booking>> = resources
            .iter()
            .flat_map(|resource| store.bookings_of(&resource.id).cloned())
            .collect();
        let events: Vec<Arc<Event>> = resources
            .iter()
            .flat_map(|resource| store.events_of(&resource.id).cloned())
            .filter(|event| !(skip_all_day && event.all_day))
            .collect();
        (resources, bookings, events)
    };
    let mut input = input_from(&resources, &bookings, now);
    input
        .bookings
        .extend(events.iter().map(|event| BookingInfo {
            resource_id: event.resource_id.clone(),
            start: event.start.ts(),
            end: event.end.ts(),
            graph: CALENDAR_EVENT_GRAPH.to_owned(),
            state: CALENDAR_EVENT_STATE.to_owned(),
        }));
    input
}

/// The engine's input for these resources and bookings, with states as of `now` (due
/// timeouts and auto-completes included, so the engine decides what blocks correctly).
fn input_from(
    resources: &[Arc<Resource>],
    bookings: &[Arc<Booking>],
    now: Timestamp,
) -> AvailabilityInput {
    AvailabilityInput {
        resources: resources
            .iter()
            .map(|resource| ResourceInfo {
                id: resource.id.clone(),
                name: resource.name.clone(),
                timezone: resource.timezone.clone(),
                constraints: resource.availability_constraints.clone(),
            })
            .collect(),
        bookings: bookings
            .iter()
            .map(|booking| BookingInfo {
                resource_id: booking.resource_id.clone(),
                start: booking.start.ts(),
                end: booking.end.ts(),
                graph: booking.graph.name().to_owned(),
                state: booking.state_at(now).name().to_owned(),
            })
            .collect(),
    }
}

/// The engine's input for a whole store (tests).
#[cfg(test)]
fn input_of(store: &Store, now: Timestamp) -> AvailabilityInput {
    let resources: Vec<Arc<Resource>> = store.resources.values().cloned().collect();
    let bookings: Vec<Arc<Booking>> = store.bookings.values().cloned().collect();
    input_from(&resources, &bookings, now)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::graph::{Graph, State, blocks};
    use crate::store::{App, Booking, Resource};
    use crate::time::Stamp;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// A store with one resource and one booking of `graph` in `state`, 10:00–11:00.
    fn store_with(graph: Graph, state: State, now: Timestamp) -> Store {
        let stamp = Stamp::new(now);
        let mut store = Store::new(
            App {
                id: "app".to_owned(),
                slug: "app".to_owned(),
                settings: Map::new(),
                created_at: stamp.clone(),
            },
            [],
        );
        store.insert_resource(Resource {
            id: "r1".to_owned(),
            seq: 0,
            name: "Room".to_owned(),
            first_name: "Room".to_owned(),
            last_name: String::new(),
            email: None,
            timezone: "UTC".to_owned(),
            image: None,
            tags: None,
            meta: Map::new(),
            availability_constraints: Vec::new(),
            calendar_id: "c1".to_owned(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
        });
        store.insert_booking(Booking {
            id: "b1".to_owned(),
            seq: 0,
            resource_id: "r1".to_owned(),
            graph,
            state,
            start: Stamp::new(at("2030-01-07T10:00:00Z")),
            end: Stamp::new(at("2030-01-07T11:00:00Z")),
            what: None,
            location: None,
            description: None,
            calendar_id: None,
            project_id: None,
            customers: Vec::new(),
            meta: Map::new(),
            settings: Map::new(),
            owner_booking_id: None,
            auto_complete: false,
            bulk_group: None,
            expires_at: None,
            created_at: stamp.clone(),
            updated_at: stamp,
            logs: Vec::new(),
        });
        store
    }

    /// Availability and the double-booking check read the same booking the same way, for
    /// every state of every graph (reachable or not): the slot is free for one exactly when
    /// it is free for the other, and both follow `graph::blocks`.
    #[test]
    fn availability_and_double_booking_agree_for_every_state_of_every_graph() {
        let now = at("2030-01-07T08:00:00Z");
        let body = json!({
            "resources": ["r1"],
            "from": "2030-01-07T10:00:00Z",
            "to": "2030-01-07T11:00:00Z",
            "length": "1 hour",
        });
        let (start, end) = (at("2030-01-07T10:00:00Z"), at("2030-01-07T11:00:00Z"));
        for graph in Graph::ALL {
            for state in State::ALL {
                let store = store_with(graph, state, now);
                let double_booked = store.slot_taken("r1", start, end, None, now);
                let slots = compute(&body, now, &input_of(&store, now)).unwrap();
                let unavailable = slots.is_empty();
                assert_eq!(
                    double_booked,
                    unavailable,
                    "{}/{}: double-booking check and availability disagree",
                    graph.name(),
                    state.name()
                );
                assert_eq!(
                    unavailable,
                    blocks(graph.name(), state.name()),
                    "{}/{}",
                    graph.name(),
                    state.name()
                );
            }
        }
    }

    /// A calendar event is busy time for both readers of the blocking rule, and its removal
    /// frees the slot for both.
    #[test]
    fn availability_and_double_booking_agree_on_calendar_events() {
        let now = at("2030-01-07T08:00:00Z");
        let mut store = store_with(Graph::Instant, State::Cancelled, now);
        let stamp = Stamp::new(now);
        store.insert_event(crate::store::Event {
            id: "e1".to_owned(),
            seq: 0,
            calendar_id: "c1".to_owned(),
            resource_id: "r1".to_owned(),
            what: "Dentist".to_owned(),
            location: "Downtown".to_owned(),
            description: None,
            start: Stamp::new(at("2030-01-07T10:30:00Z")),
            end: Stamp::new(at("2030-01-07T10:45:00Z")),
            all_day: false,
            rsvp: "accepted".to_owned(),
            invite: false,
            participants: Vec::new(),
            created_at: stamp.clone(),
            updated_at: stamp,
        });
        let body = json!({
            "resources": ["r1"],
            "from": "2030-01-07T10:00:00Z",
            "to": "2030-01-07T11:00:00Z",
            "length": "1 hour",
        });
        let (start, end) = (at("2030-01-07T10:00:00Z"), at("2030-01-07T11:00:00Z"));
        let events: Vec<_> = store.events_of("r1").cloned().collect();
        let mut input = input_of(&store, now);
        input
            .bookings
            .extend(events.iter().map(|event| BookingInfo {
                resource_id: event.resource_id.clone(),
                start: event.start.ts(),
                end: event.end.ts(),
                graph: CALENDAR_EVENT_GRAPH.to_owned(),
                state: CALENDAR_EVENT_STATE.to_owned(),
            }));
        assert!(store.slot_taken("r1", start, end, None, now));
        assert!(compute(&body, now, &input).unwrap().is_empty());
        assert!(blocks(CALENDAR_EVENT_GRAPH, CALENDAR_EVENT_STATE));
        store.remove_event("e1");
        assert!(!store.slot_taken("r1", start, end, None, now));
        assert_eq!(
            compute(&body, now, &input_of(&store, now)).unwrap().len(),
            1
        );
    }

    #[test]
    fn a_free_resource_has_the_slot() {
        let now = at("2030-01-07T08:00:00Z");
        let store = store_with(Graph::Instant, State::Cancelled, now);
        let body = json!({
            "resources": ["r1"],
            "from": "2030-01-07T10:00:00Z",
            "to": "2030-01-07T11:00:00Z",
            "length": "1 hour",
        });
        assert_eq!(
            compute(&body, now, &input_of(&store, now)).unwrap().len(),
            1
        );
    }
}
