//! `GET /bookings/{id}`: the hot read path (benchmarked), under a read lock only.

use http::StatusCode;

use super::render;
use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::shared::Shared;
use crate::store::BookingIncludes;

/// `GET /bookings/{id}` → 200 `{"data": Booking}`. Due transitions (auto-complete, payment
/// timeout) are shown as of now without being stored, so this never takes the write lock.
pub(crate) fn get(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let id = request.id();
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let snapshot = shared.read().snapshot_of(id, includes, now);
    render(snapshot, StatusCode::OK)
}
