//! `POST /bookings/{id}/reschedule` (timekit-api-more.md §5.3.6): the old booking becomes
//! `rescheduled_by_customer` and a new `instant` booking at the new time and resource is
//! created and returned (the id changes, as Timekit's reference says).

use std::sync::Arc;

use http::StatusCode;
use serde_json::{Map, Value, json};

use super::create::{Conflicts, build_booking};
use super::render;
use crate::api::ApiRequest;
use crate::api::fields::{optional_string, required_string};
use crate::api::reply::{FieldErrors, Reply};
use crate::graph::{Graph, State};
use crate::shared::Shared;
use crate::store::{Booking, BookingIncludes};

const ACTION: &str = "reschedule_by_customer";

/// The create body of the new booking: the old one's details at the new time and resource.
fn new_booking_body(old: &Booking, body: &Map<String, Value>) -> Map<String, Value> {
    let mut new = Map::new();
    new.insert("graph".to_owned(), json!(Graph::Instant.name()));
    for key in ["resource_id", "start", "end"] {
        if let Some(value) = body.get(key) {
            new.insert(key.to_owned(), value.clone());
        }
    }
    let texts = [
        ("what", &old.what),
        ("where", &old.location),
        ("description", &old.description),
        ("project_id", &old.project_id),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            new.insert(key.to_owned(), json!(value));
        }
    }
    if body.get("resource_id").and_then(Value::as_str) == Some(old.resource_id.as_str()) {
        if let Some(calendar) = &old.calendar_id {
            new.insert("calendar_id".to_owned(), json!(calendar));
        }
    }
    if let Some(customer) = old.customers.first() {
        let mut customer = customer.to_map();
        customer.remove("id");
        new.insert("customer".to_owned(), Value::Object(customer));
    }
    new.insert("meta".to_owned(), Value::Object(old.meta.clone()));
    new.insert("settings".to_owned(), Value::Object(old.settings.clone()));
    new.insert(
        "auto_complete_one_hour_after_booking_ends".to_owned(),
        json!({"enabled": old.auto_complete}),
    );
    new
}

/// `POST /bookings/{id}/reschedule` `{start, end, resource_id, message?}` → 200 `{"data":
/// Booking}` (the new booking). 404 unknown booking; 422 for another graph than `instant`,
/// a state other than `confirmed`, missing or bad fields, or a new slot that is taken (the
/// old booking's own slot does not count).
pub(crate) fn reschedule(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let id = request.id();
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let body = &request.body;
    let snapshot = {
        let mut store = shared.write();
        if !store.bookings.contains_key(id) {
            return Reply::not_found("Booking");
        }
        store.sweep_booking(id, now);
        let Some(old) = store.bookings.get(id).cloned() else {
            return Reply::not_found("Booking");
        };
        if old.graph != Graph::Instant {
            return Reply::error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Reschedule is only supported for bookings using the instant graph",
            );
        }
        let Some(transition) = old
            .graph
            .user_transition(old.state, ACTION)
            .filter(|_| old.state == State::Confirmed)
        else {
            return Reply::illegal_action(ACTION, old.state.name());
        };
        let mut errors = FieldErrors::default();
        for key in ["start", "end", "resource_id"] {
            required_string(body, key, key, &mut errors);
        }
        let message = optional_string(body, "message", "message", &mut errors);
        if !errors.is_empty() {
            return Reply::invalid(&errors);
        }
        // The old booking stops holding its slot first, so moving within it is allowed;
        // it is put back unchanged when the new booking is refused.
        let before: Arc<Booking> = Arc::clone(&old);
        if let Some(stored) = store.booking_mut(id) {
            stored.apply(transition, now, None);
        }
        let new_body = new_booking_body(&old, body);
        let booking = match build_booking(&store, &new_body, now, Conflicts::Check) {
            Ok(booking) => booking,
            Err(error) => {
                store.restore_booking(before);
                return error.reply();
            }
        };
        let new_id = booking.id.clone();
        store.insert_booking(booking);
        if let Some(stored) = store.booking_mut(id) {
            if let Some(entry) = stored.logs.last_mut() {
                entry.input = Some(json!({"message": message, "booking_id": new_id}));
            }
        }
        if let Some(stored) = store.booking_mut(&new_id) {
            if let Some(entry) = stored.logs.last_mut() {
                entry.input = Some(json!({"rescheduled_from": id}));
            }
        }
        store.snapshot_of(&new_id, includes, now)
    };
    render(snapshot, StatusCode::OK)
}
