//! `PUT /bookings/{id}` with `{"meta": {...}}`: shallow-merges keys into the booking's meta.

use http::StatusCode;
use serde_json::Value;

use super::render;
use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::shared::Shared;
use crate::store::BookingIncludes;
use crate::time::Stamp;

/// `PUT /bookings/{id}` → 200 `{"data": Booking}`. Other top-level fields are ignored.
pub(crate) fn update(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let meta = match request.body.get("meta") {
        Some(Value::Object(meta)) => meta,
        None | Some(Value::Null) => {
            return Reply::invalid_field("meta", "The meta field is required.");
        }
        Some(_) => return Reply::invalid_field("meta", "The meta must be an object."),
    };
    let id = request.id();
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let snapshot = {
        let mut store = shared.write();
        store.sweep_booking(id, now);
        let Some(booking) = store.booking_mut(id) else {
            return Reply::not_found("Booking");
        };
        // Shallow merge: given keys replace, others stay; a key set to null is stored as null.
        booking
            .meta
            .extend(meta.iter().map(|(key, value)| (key.clone(), value.clone())));
        booking.updated_at = Stamp::new(now);
        store.snapshot_of(id, includes, now)
    };
    render(snapshot, StatusCode::OK)
}
