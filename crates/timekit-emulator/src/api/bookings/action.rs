//! `PUT /bookings/{id}/{action}`: moves a booking through its graph.

use http::StatusCode;
use jiff::Timestamp;
use serde_json::{Map, Value};

use super::render;
use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::shared::Shared;
use crate::store::{BookingIncludes, Store};

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ActionError {
    NotFound,
    /// The booking's state (name) does not allow the action.
    Illegal(&'static str),
}

/// Applies `action` to booking `id` (after its due clock transitions); when `replicate`, also
/// to its related bulk siblings whose state allows it (the others are left alone).
pub(crate) fn perform(
    store: &mut Store,
    id: &str,
    action: &str,
    body: &Map<String, Value>,
    now: Timestamp,
    replicate: bool,
) -> Result<(), ActionError> {
    store.sweep_booking(id, now);
    let booking = store.bookings.get_mut(id).ok_or(ActionError::NotFound)?;
    let transition = booking
        .graph
        .user_transition(booking.state, action)
        .ok_or(ActionError::Illegal(booking.state.name()))?;
    let input = body.get(action).cloned();
    booking.apply(transition, now, input.clone());
    if replicate {
        for sibling_id in store.sibling_ids(id) {
            store.sweep_booking(&sibling_id, now);
            if let Some(sibling) = store.bookings.get_mut(&sibling_id) {
                if let Some(transition) = sibling.graph.user_transition(sibling.state, action) {
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

/// `PUT /bookings/{id}/{action}` → 200 `{"data": Booking}`, 404, or 422 "Cannot apply action".
pub(crate) fn apply(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let replicate = match replicate_flag(&request.body, true) {
        Ok(flag) => flag,
        Err(reply) => return reply,
    };
    let (id, action) = (request.id(), request.action());
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let mut store = shared.write();
    match perform(&mut store, id, action, &request.body, now, replicate) {
        Ok(()) => render(&store, id, includes, now, StatusCode::OK),
        Err(ActionError::NotFound) => Reply::not_found("Booking"),
        Err(ActionError::Illegal(state)) => Reply::illegal_action(action, state),
    }
}
