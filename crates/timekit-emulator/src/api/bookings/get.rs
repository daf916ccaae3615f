//! `GET /bookings/{id}`: the hot read path (benchmarked), normally under a read lock only.

use http::StatusCode;

use super::render;
use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::shared::Shared;
use crate::store::BookingIncludes;

/// `GET /bookings/{id}` → 200 `{"data": Booking}`.
pub(crate) fn get(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let id = request.id();
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    {
        let store = shared.read();
        match store.bookings.get(id) {
            None => return Reply::not_found("Booking"),
            Some(booking) if booking.due_transition(now).is_none() => {
                return render(&store, id, includes, now, StatusCode::OK);
            }
            Some(_) => {}
        }
    }
    // An auto-complete or payment timeout is due: apply it before answering.
    let mut store = shared.write();
    store.sweep_booking(id, now);
    render(&store, id, includes, now, StatusCode::OK)
}
