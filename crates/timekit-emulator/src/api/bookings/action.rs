//! `PUT /bookings/{id}/{action}`: moves a booking through its graph.

use http::StatusCode;
use jiff::Timestamp;
use serde_json::{Map, Value};

use super::render;
use crate::api::ApiRequest;
use crate::api::reply::{Reply, SLOT_TAKEN};
use crate::graph::Transition;
use crate::shared::Shared;
use crate::store::{BookingIncludes, Store};

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ActionError {
    NotFound,
    /// The booking's state (name) does not allow the action.
    Illegal(&'static str),
    /// The action would make the booking hold a slot another blocking booking already holds
    /// (confirming a request whose time was booked meanwhile).
    SlotTaken,
}

/// The transition `action` takes booking `id` through now, checked against the graph and,
/// when the booking would start holding its slot, against the other bookings of its resource.
fn allowed_transition(
    store: &Store,
    id: &str,
    action: &str,
    now: Timestamp,
) -> Result<&'static Transition, ActionError> {
    let booking = store.bookings.get(id).ok_or(ActionError::NotFound)?;
    let transition = booking
        .graph
        .user_transition(booking.state, action)
        .ok_or(ActionError::Illegal(booking.state.name()))?;
    if booking.must_claim_slot(transition)
        && store.slot_taken(
            &booking.resource_id,
            booking.start.ts(),
            booking.end.ts(),
            Some(id),
            now,
        )
    {
        return Err(ActionError::SlotTaken);
    }
    Ok(transition)
}

/// Applies `action` to booking `id` (after its due clock transitions); when `replicate`, also
/// to its related bulk siblings whose state (and slot) allows it (the others are left alone).
pub(crate) fn perform(
    store: &mut Store,
    id: &str,
    action: &str,
    body: &Map<String, Value>,
    now: Timestamp,
    replicate: bool,
) -> Result<(), ActionError> {
    store.sweep_booking(id, now);
    let transition = allowed_transition(store, id, action, now)?;
    let input = body.get(action).cloned();
    if let Some(booking) = store.booking_mut(id) {
        booking.apply(transition, now, input.clone());
    }
    if replicate {
        // `sweep_booking` above brought the siblings up to date too.
        for sibling_id in store.sibling_ids(id) {
            if let Ok(transition) = allowed_transition(store, &sibling_id, action, now) {
                if let Some(sibling) = store.booking_mut(&sibling_id) {
                    sibling.apply(transition, now, input.clone());
                }
            }
        }
    }
    Ok(())
}

/// Reads `apply_to_bulked_bookings` (default `default`); `Err` for a non-boolean value.
pub(crate) fn replicate_flag(body: &Map<String, Value>, default: bool) -> Result<bool, Reply> {
    match body.get("apply_to_bulked_bookings") {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(flag)) => Ok(*flag),
        Some(_) => Err(Reply::invalid_field(
            "apply_to_bulked_bookings",
            "The apply_to_bulked_bookings field must be true or false.",
        )),
    }
}

/// `PUT /bookings/{id}/{action}` → 200 `{"data": Booking}`, 404, or 422 ("Cannot apply
/// action …", or the slot is already booked).
pub(crate) fn apply(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let replicate = match replicate_flag(&request.body, true) {
        Ok(flag) => flag,
        Err(reply) => return reply,
    };
    let (id, action) = (request.id(), request.action());
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let outcome = {
        let mut store = shared.write();
        perform(&mut store, id, action, &request.body, now, replicate)
            .map(|()| store.snapshot_of(id, includes, now))
    };
    match outcome {
        Ok(snapshot) => render(snapshot, StatusCode::OK),
        Err(ActionError::NotFound) => Reply::not_found("Booking"),
        Err(ActionError::Illegal(state)) => Reply::illegal_action(action, state),
        Err(ActionError::SlotTaken) => Reply::error(StatusCode::UNPROCESSABLE_ENTITY, SLOT_TAKEN),
    }
}
