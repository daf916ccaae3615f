//! Reservations (timekit-api-more.md §5.3.3–§5.3.5): `POST /bookings/reserve` holds a slot,
//! `PUT /bookings/reserve/extend` moves the end of the hold, and `POST /bookings` with
//! `reservation_id` turns the hold into a booking.

use std::borrow::Cow;
use std::sync::Arc;

use http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};

use super::render;
use crate::api::ApiRequest;
use crate::api::fields::{optional_object, optional_string, required_string};
use crate::api::project_defaults::booking_body;
use crate::api::projects::reservation_seconds;
use crate::api::reply::{FieldErrors, Reply, SLOT_TAKEN};
use crate::graph::{Graph, State};
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::store::{Booking, BookingIncludes, Store};
use crate::time::{Stamp, parse_timestamp};

/// Hold length when neither the request nor the project sets `reservation_time` (the
/// reference's documented default, in seconds).
const DEFAULT_RESERVATION_SECONDS: i64 = 30;

/// `reservation_time` of a body (seconds), `None` when absent; 422 message when malformed.
fn reservation_time(body: &Map<String, Value>, errors: &mut FieldErrors) -> Option<i64> {
    let value = body.get("reservation_time").filter(|v| !v.is_null())?;
    let seconds = reservation_seconds(value);
    if seconds.is_none() {
        errors.add(
            "reservation_time",
            "The reservation_time must be a whole number of seconds from 1 to 86400.",
        );
    }
    seconds
}

fn timestamp_field(
    body: &Map<String, Value>,
    key: &str,
    errors: &mut FieldErrors,
) -> Option<Stamp> {
    let text = required_string(body, key, key, errors)?;
    // An event time keeps the instant, offset and spelling it was sent with (issue 14), so the
    // booking made from the reservation carries the times the customer chose.
    match crate::time::parse_input(&text) {
        Ok(stamp) => Some(stamp),
        Err(_) => {
            errors.add(key, format!("The {key} is not a valid RFC 3339 date."));
            None
        }
    }
}

fn expiry(now: Timestamp, seconds: i64) -> Stamp {
    Stamp::new(
        now.saturating_add(SignedDuration::from_secs(seconds))
            .unwrap_or(now),
    )
}

/// `POST /bookings/reserve` → 201 `{"data": Booking}` (graph `reservation`, state
/// `reserved`, `expires_at`). Project defaults apply as for `POST /bookings`.
pub(crate) fn reserve(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let snapshot = {
        let mut store = shared.write();
        let body = match booking_body(&store, Cow::Borrowed(&request.body)) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let booking = match build_reservation(&store, &body, now) {
            Ok(booking) => booking,
            Err(errors) => return Reply::invalid(&errors),
        };
        let id = booking.id.clone();
        store.insert_booking(booking);
        store.snapshot_of(&id, includes, now)
    };
    render(snapshot, StatusCode::CREATED)
}

fn build_reservation(
    store: &Store,
    body: &Map<String, Value>,
    now: Timestamp,
) -> Result<Booking, FieldErrors> {
    let mut errors = FieldErrors::default();
    let resource_id = required_string(body, "resource_id", "resource_id", &mut errors);
    if resource_id
        .as_deref()
        .is_some_and(|id| !store.resources.contains_key(id))
    {
        errors.add("resource_id", "The selected resource_id is invalid.");
    }
    let start = timestamp_field(body, "start", &mut errors);
    let end = timestamp_field(body, "end", &mut errors);
    if let (Some(start), Some(end)) = (&start, &end) {
        if end.ts() <= start.ts() {
            errors.add("end", "The end must be a date after start.");
        }
    }
    let what = optional_string(body, "what", "what", &mut errors);
    let location = optional_string(body, "where", "where", &mut errors);
    let description = optional_string(body, "description", "description", &mut errors);
    let project_id = optional_string(body, "project_id", "project_id", &mut errors);
    let graph = optional_string(body, "graph", "graph", &mut errors);
    if graph
        .as_deref()
        .is_some_and(|name| Graph::parse(name).is_none_or(|g| g == Graph::Reservation))
    {
        errors.add("graph", "The selected graph is invalid.");
    }
    let customer = optional_object(body, "customer", "customer", &mut errors).cloned();
    let meta = optional_object(body, "meta", "meta", &mut errors)
        .cloned()
        .unwrap_or_default();
    let seconds = reservation_time(body, &mut errors);
    let project_seconds = project_id
        .as_deref()
        .and_then(|id| store.catalog.projects.get(id))
        .and_then(|project| project.settings.get("reservation_time"))
        .and_then(reservation_seconds);
    let (Some(resource_id), Some(start), Some(end)) = (resource_id, start, end) else {
        return Err(errors);
    };
    errors.into_result()?;
    if store.slot_taken(&resource_id, start.ts(), end.ts(), None, now) {
        let mut errors = FieldErrors::default();
        errors.add("start", SLOT_TAKEN);
        return Err(errors);
    }
    let seconds = seconds
        .or(project_seconds)
        .unwrap_or(DEFAULT_RESERVATION_SECONDS);
    let mut settings = Map::new();
    if let Some(graph) = graph {
        // The graph the booking made from this reservation will have.
        settings.insert("graph".to_owned(), Value::String(graph));
    }
    let created = Stamp::new(now);
    let mut booking = Booking {
        id: new_uuid(),
        seq: 0,
        resource_id,
        graph: Graph::Reservation,
        state: State::Initialized,
        start,
        end,
        what,
        location,
        description,
        calendar_id: None,
        project_id,
        customers: customer
            .map(|customer| {
                let mut stored = Map::new();
                stored.insert("id".to_owned(), Value::String(new_uuid()));
                stored.extend(customer);
                stored
            })
            .into_iter()
            .collect(),
        meta,
        settings,
        owner_booking_id: None,
        auto_complete: false,
        bulk_group: None,
        expires_at: Some(expiry(now, seconds)),
        created_at: created.clone(),
        updated_at: created,
        logs: Vec::new(),
    };
    if let Some(initial) = Graph::Reservation.user_transition(State::Initialized, "reserve") {
        booking.apply(initial, now, Some(json!({"reservation_time": seconds})));
    }
    Ok(booking)
}

/// `PUT /bookings/reserve/extend` `{"reservation_id", "reservation_time"}` → 200: the hold
/// now ends `reservation_time` seconds (default 30) from now.
pub(crate) fn extend(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let id = required_string(body, "reservation_id", "reservation_id", &mut errors);
    let seconds = reservation_time(body, &mut errors).unwrap_or(DEFAULT_RESERVATION_SECONDS);
    let Some(id) = id.filter(|_| errors.is_empty()) else {
        return Reply::invalid(&errors);
    };
    let snapshot = {
        let mut store = shared.write();
        let is_reservation = store
            .bookings
            .get(&id)
            .is_some_and(|booking| booking.graph == Graph::Reservation);
        if !is_reservation {
            return Reply::not_found("Booking");
        }
        store.sweep_booking(&id, now);
        let Some(booking) = store.booking_mut(&id) else {
            return Reply::not_found("Booking");
        };
        if booking.state != State::Reserved {
            return Reply::illegal_action("extend", booking.state.name());
        }
        let stamp = Stamp::new(now);
        booking.expires_at = Some(expiry(now, seconds));
        booking.logs.push(crate::store::LogEntry {
            action: "extend",
            from_state: State::Reserved.name(),
            to_state: State::Reserved.name(),
            automatic: false,
            input: Some(json!({"reservation_time": seconds})),
            created_at: stamp.clone(),
        });
        booking.updated_at = stamp;
        store.snapshot_of(&id, includes, now)
    };
    render(snapshot, StatusCode::OK)
}

/// A `POST /bookings` body prepared for `build_booking`: reservation and project defaults
/// filled in, and the reservation (if any) already released so its own hold does not count
/// as a double booking. [`Prepared::commit`] or [`Prepared::rollback`] must follow.
pub(crate) struct Prepared<'b> {
    pub(crate) body: Cow<'b, Map<String, Value>>,
    /// The reservation as it was before it was released.
    reservation: Option<Arc<Booking>>,
}

impl Prepared<'_> {
    /// The booking `booking_id` was stored: the reservation's log says what it became.
    pub(crate) fn commit(self, store: &mut Store, booking_id: &str) {
        if let Some(reservation) = self.reservation {
            if let Some(stored) = store.booking_mut(&reservation.id) {
                if let Some(entry) = stored.logs.last_mut() {
                    entry.input = Some(json!({"booking_id": booking_id}));
                }
            }
        }
    }

    /// The booking was refused: the reservation holds its slot again, unchanged.
    pub(crate) fn rollback(self, store: &mut Store) {
        if let Some(reservation) = self.reservation {
            store.restore_booking(reservation);
        }
    }
}

fn mismatch(errors: &mut FieldErrors, key: &str) {
    errors.add(
        key,
        format!("The {key} must match the reservation's {key}."),
    );
}

/// Fills `body` from `project_id` and `reservation_id` (timekit-api-more.md §5.3.5, §6.2).
pub(crate) fn prepare_create<'b>(
    store: &mut Store,
    body: &'b Map<String, Value>,
    now: Timestamp,
) -> Result<Prepared<'b>, Reply> {
    let Some(given) = body.get("reservation_id").filter(|v| !v.is_null()) else {
        let body = booking_body(store, Cow::Borrowed(body))?;
        return Ok(Prepared {
            body,
            reservation: None,
        });
    };
    let Some(reservation_id) = given.as_str() else {
        return Err(Reply::invalid_field(
            "reservation_id",
            "The reservation_id must be a string.",
        ));
    };
    let Some(reservation) = store
        .bookings
        .get(reservation_id)
        .filter(|booking| booking.graph == Graph::Reservation)
        .cloned()
    else {
        return Err(Reply::invalid_field(
            "reservation_id",
            "The selected reservation_id is invalid.",
        ));
    };
    if reservation.state_at(now) != State::Reserved {
        return Err(Reply::invalid_field(
            "reservation_id",
            "The reservation has expired or has already been booked.",
        ));
    }
    let mut merged = body.clone();
    let mut errors = FieldErrors::default();
    match merged.get("resource_id") {
        None | Some(Value::Null) => {
            merged.insert("resource_id".to_owned(), json!(reservation.resource_id));
        }
        Some(value) if value.as_str() != Some(reservation.resource_id.as_str()) => {
            mismatch(&mut errors, "resource_id");
        }
        Some(_) => {}
    }
    for (key, stamp) in [("start", &reservation.start), ("end", &reservation.end)] {
        match merged.get(key) {
            None | Some(Value::Null) => {
                merged.insert(key.to_owned(), json!(stamp));
            }
            Some(value) => {
                let same = value
                    .as_str()
                    .and_then(parse_timestamp)
                    .is_some_and(|ts| ts == stamp.ts());
                if !same {
                    mismatch(&mut errors, key);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Reply::invalid(&errors));
    }
    let texts = [
        ("what", reservation.what.as_deref()),
        ("where", reservation.location.as_deref()),
        ("description", reservation.description.as_deref()),
        ("project_id", reservation.project_id.as_deref()),
        (
            "graph",
            reservation.settings.get("graph").and_then(Value::as_str),
        ),
    ];
    for (key, value) in texts {
        if let (Some(value), true) = (value, merged.get(key).is_none_or(Value::is_null)) {
            merged.insert(key.to_owned(), json!(value));
        }
    }
    if merged.get("customer").is_none_or(Value::is_null) {
        if let Some(customer) = reservation.customers.first() {
            let mut customer = customer.clone();
            customer.remove("id");
            merged.insert("customer".to_owned(), Value::Object(customer));
        }
    }
    let mut merged = booking_body(store, Cow::Owned(merged))?.into_owned();
    if merged.get("graph").is_none_or(Value::is_null) {
        merged.insert("graph".to_owned(), json!(Graph::Instant.name()));
    }
    // Release the hold: the reservation is used up (expired) whether or not its slot is
    // booked by the same request; `rollback` puts it back if the create fails.
    let id = reservation.id.clone();
    store.sweep_booking(&id, now);
    if let Some(stored) = store.booking_mut(&id) {
        if let Some(expire) = Graph::Reservation.timeout_transition(State::Reserved) {
            stored.apply(expire, now, None);
        }
    }
    Ok(Prepared {
        body: Cow::Owned(merged),
        reservation: Some(reservation),
    })
}
