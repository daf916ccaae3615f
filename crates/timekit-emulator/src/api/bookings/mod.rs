//! `/bookings`: create, list, get, actions, meta, delete and the bulk endpoints.

pub(crate) mod action;
pub(crate) mod bulk;
pub(crate) mod create;
pub(crate) mod delete;
pub(crate) mod get;
pub(crate) mod groups;
pub(crate) mod list;
pub(crate) mod meta;
pub(crate) mod reschedule;
pub(crate) mod reserve;
mod search;

use http::StatusCode;

use super::reply::Reply;
use crate::store::{BookingSnapshot, MAX_EMBEDDED_BOOKINGS};

/// `{"data": Booking}` for a snapshot taken under the lock (serialized after releasing it),
/// or the 404.
pub(crate) fn render(snapshot: Option<BookingSnapshot>, status: StatusCode) -> Reply {
    match snapshot {
        Some(snapshot) => Reply::data(status, &snapshot),
        None => Reply::not_found("Booking"),
    }
}

/// The 422 for an answer that would embed more than [`MAX_EMBEDDED_BOOKINGS`] bulk siblings.
pub(crate) fn too_many_embedded(embedded: usize) -> Reply {
    Reply::invalid_field(
        "include",
        &format!(
            "include=bulked_bookings would embed {embedded} bookings in this answer; at most \
             {MAX_EMBEDDED_BOOKINGS} are allowed. Ask for fewer bookings (a smaller limit) or \
             leave out bulked_bookings."
        ),
    )
}
