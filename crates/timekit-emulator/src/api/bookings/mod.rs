//! `/bookings`: create, list, get, actions, meta, delete and the bulk endpoints.

pub(crate) mod action;
pub(crate) mod bulk;
pub(crate) mod create;
pub(crate) mod delete;
pub(crate) mod get;
pub(crate) mod list;
pub(crate) mod meta;
mod search;

use http::StatusCode;
use jiff::Timestamp;

use super::reply::Reply;
use crate::store::{BookingIncludes, BookingView, Store};

/// `{"data": Booking}` for a stored booking, or the 404.
pub(crate) fn render(
    store: &Store,
    id: &str,
    includes: BookingIncludes,
    now: Timestamp,
    status: StatusCode,
) -> Reply {
    match store.bookings.get(id) {
        Some(booking) => Reply::data(
            status,
            &BookingView {
                booking,
                store,
                includes,
                now,
            },
        ),
        None => Reply::not_found("Booking"),
    }
}
