//! `POST /availability`: snapshots the store and hands it to the availability engine.

use http::StatusCode;
use serde_json::Value;

use super::ApiRequest;
use super::reply::Reply;
use crate::availability::{
    AvailabilityError, AvailabilityInput, BookingInfo, ResourceInfo, compute,
};
use crate::shared::Shared;

/// `POST /availability` → 200 `{"data": [slots]}`.
pub(crate) fn query(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let input = snapshot(shared, now);
    // The engine is pure and may take a while: it runs without holding the store lock.
    let body = Value::Object(request.body.clone());
    match compute(&body, now, &input) {
        Ok(slots) => Reply::data(StatusCode::OK, &slots),
        Err(AvailabilityError::UnknownResource(_)) => Reply::not_found("Resource"),
        Err(AvailabilityError::Invalid { field, message }) => {
            Reply::invalid_field(&field, &message)
        }
    }
}

fn snapshot(shared: &Shared, now: jiff::Timestamp) -> AvailabilityInput {
    // States must reflect due timeouts/auto-completes before the engine decides what blocks.
    if shared.read().any_due(now) {
        shared.write().sweep_all(now);
    }
    let store = shared.read();
    AvailabilityInput {
        resources: store
            .resources
            .values()
            .map(|resource| ResourceInfo {
                id: resource.id.clone(),
                name: resource.name.clone(),
                timezone: resource.timezone.clone(),
                constraints: resource.availability_constraints.clone(),
            })
            .collect(),
        bookings: store
            .bookings
            .values()
            .map(|booking| BookingInfo {
                resource_id: booking.resource_id.clone(),
                start: booking.start.ts(),
                end: booking.end.ts(),
                graph: booking.graph.name().to_owned(),
                state: booking.state.name().to_owned(),
            })
            .collect(),
    }
}
