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
        if !store.bookings.contains_key(id) {
            return Reply::not_found("Booking");
        }
        if !store.due_around(id, now) {
            return render(&store, id, includes, now, StatusCode::OK);
        }
    }
    // An auto-complete or payment timeout is due (for it or a bulk sibling): apply it first.
    let mut store = shared.write();
    store.sweep_booking(id, now);
    render(&store, id, includes, now, StatusCode::OK)
}
