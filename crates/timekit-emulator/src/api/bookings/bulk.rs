//! `POST /bookings/bulk` and `PUT /bookings/bulk`: many creates or actions in one request,
//! processed in order under one store lock, with all-or-nothing options.

use std::collections::HashMap;
use std::sync::Arc;

use http::StatusCode;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value};

use super::action::{ActionError, perform, replicate_flag};
use super::create::{Conflicts, CreateError, build_booking};
use super::too_many_embedded;
use crate::api::ApiRequest;
use crate::api::fields::{optional_bool, required_string};
use crate::api::reply::{FieldErrors, Reply, SLOT_TAKEN, illegal_action_message};
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::store::{Booking, BookingIncludes, BookingSnapshot, MAX_EMBEDDED_BOOKINGS, Store};

/// The request's `bookings` array and boolean options; `Err` is the 422 to answer.
fn read_request<'a>(
    body: &'a Map<String, Value>,
    flags: &[&str],
) -> Result<(&'a Vec<Value>, Vec<bool>), Reply> {
    let mut errors = FieldErrors::default();
    let items = match body.get("bookings") {
        Some(Value::Array(items)) => Some(items),
        None | Some(Value::Null) => {
            errors.add("bookings", "The bookings field is required.");
            None
        }
        Some(_) => {
            errors.add("bookings", "The bookings must be an array.");
            None
        }
    };
    let values = flags
        .iter()
        .map(|flag| optional_bool(body, flag, flag, &mut errors).unwrap_or(false))
        .collect();
    match items {
        Some(items) if errors.is_empty() => Ok((items, values)),
        _ => Err(Reply::invalid(&errors)),
    }
}

fn not_an_object() -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add("booking", "The booking must be an object.");
    errors
}

/// One entry of a bulk answer: a booking (rendered after the lock is released) or its error.
#[derive(Serialize)]
#[serde(untagged)]
enum Item {
    Booking(Option<BookingSnapshot>),
    Error(Value),
}

/// `POST /bookings/bulk` → 201 `{"data": [Booking | error, …]}` in request order.
///
/// `stop_on_first_error` stops after the first failing item (later items are left out);
/// `delete_all_on_error` turns any failure into a 422 with nothing stored;
/// `relate_bookings` makes the created bookings siblings (`include=bulked_bookings`, actions
/// replicate).
pub(crate) fn create(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let (items, flags) = match read_request(
        &request.body,
        &[
            "stop_on_first_error",
            "delete_all_on_error",
            "relate_bookings",
        ],
    ) {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    let (stop_on_first_error, delete_all_on_error, relate) = (flags[0], flags[1], flags[2]);
    let includes = BookingIncludes::parse(request.query.get("include"));
    // Each related booking would embed all the others: refuse before storing anything.
    let embedded = items.len().saturating_mul(items.len().saturating_sub(1));
    if includes.bulked_bookings && relate && embedded > MAX_EMBEDDED_BOOKINGS {
        return too_many_embedded(embedded);
    }
    let now = shared.clock.now();
    let mut store = shared.write();

    let mut outcomes: Vec<Result<String, CreateError>> = Vec::with_capacity(items.len());
    for item in items {
        let outcome = match item {
            Value::Object(payload) => build_booking(&store, payload, now, Conflicts::Check),
            _ => Err(CreateError::Invalid(not_an_object())),
        };
        let failed = outcome.is_err();
        outcomes.push(outcome.map(|booking| {
            let id = booking.id.clone();
            store.insert_booking(booking);
            id
        }));
        if failed && stop_on_first_error {
            break;
        }
    }
    let created: Vec<String> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().ok().cloned())
        .collect();

    if delete_all_on_error && created.len() < outcomes.len() {
        for id in &created {
            store.remove_booking(id);
        }
        let mut errors = FieldErrors::default();
        for (index, outcome) in outcomes.iter().enumerate() {
            if let Err(error) = outcome {
                error.merge_into(&format!("bookings.{index}"), &mut errors);
            }
        }
        return Reply::invalid(&errors);
    }
    if relate && !created.is_empty() {
        store.relate(&created, &new_uuid());
    }
    let data: Vec<Item> = outcomes
        .iter()
        .map(|outcome| match outcome {
            Ok(id) => Item::Booking(store.snapshot_of(id, includes, now)),
            Err(error) => Item::Error(error.to_value()),
        })
        .collect();
    drop(store);
    Reply::data(StatusCode::CREATED, &data)
}

/// Why one item of a bulk update failed.
enum UpdateError {
    Invalid(FieldErrors),
    NotFound,
    Illegal { action: String, state: &'static str },
    SlotTaken,
}

impl UpdateError {
    fn to_value(&self) -> Value {
        match self {
            UpdateError::Invalid(errors) => errors.to_value(),
            UpdateError::NotFound => {
                serde_json::json!({"error": "Resource does not exist", "model": "Booking"})
            }
            UpdateError::Illegal { action, state } => {
                serde_json::json!({"error": illegal_action_message(action, state)})
            }
            UpdateError::SlotTaken => serde_json::json!({"error": SLOT_TAKEN}),
        }
    }

    fn merge_into(&self, prefix: &str, errors: &mut FieldErrors) {
        match self {
            UpdateError::Invalid(item) => errors.merge_prefixed(prefix, item.clone()),
            UpdateError::NotFound => errors.add(format!("{prefix}.id"), "Resource does not exist"),
            UpdateError::Illegal { action, state } => {
                errors.add(
                    format!("{prefix}.action"),
                    illegal_action_message(action, state),
                );
            }
            UpdateError::SlotTaken => errors.add(format!("{prefix}.start"), SLOT_TAKEN),
        }
    }
}

/// Runs one bulk-update item: `{"id", "action", "<action>": {...}, "apply_to_bulked_bookings"?}`.
fn update_one(
    store: &mut Store,
    item: &Value,
    now: Timestamp,
    originals: &mut HashMap<String, Arc<Booking>>,
) -> Result<String, UpdateError> {
    let Value::Object(payload) = item else {
        return Err(UpdateError::Invalid(not_an_object()));
    };
    let mut errors = FieldErrors::default();
    let id = required_string(payload, "id", "id", &mut errors);
    let action = required_string(payload, "action", "action", &mut errors);
    // Replication is off by default here: a bulk update usually lists every sibling itself.
    let replicate = replicate_flag(payload, false).unwrap_or_else(|_| {
        errors.add(
            "apply_to_bulked_bookings",
            "The apply_to_bulked_bookings field must be true or false.",
        );
        false
    });
    let (Some(id), Some(action)) = (id, action) else {
        return Err(UpdateError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(UpdateError::Invalid(errors));
    }
    // Remember every booking this item may touch, once, for `reset_all_on_error`.
    let mut touched = vec![id.clone()];
    if replicate {
        touched.extend(store.sibling_ids(&id));
    }
    for touched_id in touched {
        if let Some(booking) = store.bookings.get(&touched_id) {
            originals
                .entry(touched_id)
                .or_insert_with(|| Arc::clone(booking));
        }
    }
    match perform(store, &id, &action, payload, now, replicate) {
        Ok(()) => Ok(id),
        Err(ActionError::NotFound) => Err(UpdateError::NotFound),
        Err(ActionError::Illegal(state)) => Err(UpdateError::Illegal { action, state }),
        Err(ActionError::SlotTaken) => Err(UpdateError::SlotTaken),
    }
}

/// `PUT /bookings/bulk` → 200 `{"data": [Booking | error, …]}` in request order, each booking
/// as its item's action left it.
///
/// `stop_on_first_error` stops after the first failing item; `reset_all_on_error` turns any
/// failure into a 422 with every booking of the request back in its previous state.
pub(crate) fn update(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let (items, flags) = match read_request(
        &request.body,
        &["reset_all_on_error", "stop_on_first_error"],
    ) {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    let (reset_all_on_error, stop_on_first_error) = (flags[0], flags[1]);
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let mut store = shared.write();
    if includes.bulked_bookings {
        let embedded = items
            .iter()
            .filter_map(|item| item.get("id").and_then(Value::as_str))
            .filter_map(|id| store.bookings.get(id))
            .map(|booking| store.sibling_count(booking))
            .fold(0usize, usize::saturating_add);
        if embedded > MAX_EMBEDDED_BOOKINGS {
            return too_many_embedded(embedded);
        }
    }

    let mut originals = HashMap::new();
    let mut outcomes = Vec::with_capacity(items.len());
    for item in items {
        // Each item shows the booking as its own action left it (later items may move it on):
        // the snapshot keeps that version even if a later item changes the booking again.
        let outcome = update_one(&mut store, item, now, &mut originals)
            .map(|id| store.snapshot_of(&id, includes, now));
        let failed = outcome.is_err();
        outcomes.push(outcome);
        if failed && stop_on_first_error {
            break;
        }
    }

    if reset_all_on_error && outcomes.iter().any(Result::is_err) {
        for original in originals.into_values() {
            store.restore_booking(original);
        }
        let mut errors = FieldErrors::default();
        for (index, outcome) in outcomes.iter().enumerate() {
            if let Err(error) = outcome {
                error.merge_into(&format!("bookings.{index}"), &mut errors);
            }
        }
        return Reply::invalid(&errors);
    }
    drop(store);
    let data: Vec<Item> = outcomes
        .into_iter()
        .map(|outcome| match outcome {
            Ok(snapshot) => Item::Booking(snapshot),
            Err(error) => Item::Error(error.to_value()),
        })
        .collect();
    Reply::data(StatusCode::OK, &data)
}
