//! `DELETE /bookings/{id}`: only bookings in a final state may be deleted.

use http::StatusCode;

use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::shared::Shared;

/// `DELETE /bookings/{id}` → 204, or 422 while the booking can still change.
pub(crate) fn delete(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let id = request.id();
    let now = shared.clock.now();
    let mut store = shared.write();
    store.sweep_booking(id, now);
    match store.bookings.get(id) {
        None => Reply::not_found("Booking"),
        Some(booking) if !booking.is_final() => Reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Only bookings in a final state can be deleted",
        ),
        Some(_) => {
            store.remove_booking(id);
            Reply::no_content()
        }
    }
}
