//! `GET /__emulator/overview?week=YYYY-MM-DD`: everything the dashboard shows, in one read.
//!
//! One answer rather than a few small ones so the page shows one consistent moment: the
//! resources and bookings come from a single read lock, taken only to copy `Arc`s (the week's
//! bookings found through the per-resource time indexes, not a scan of the store); sorting
//! and JSON happen after it is released, like the API's reads.

use std::sync::Arc;

use http::StatusCode;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde_json::{Value, json};

use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::control::{clock_state_at, faults_state};
use crate::shared::Shared;
use crate::store::{Booking, Resource};

/// The most bookings one week answers; beyond it `bookings_truncated` is true. A week view
/// with more blocks than this is unreadable anyway, and the answer stays small.
pub(crate) const MAX_BOOKINGS: usize = 2_000;
/// The most resources one answer lists (`resources_truncated` beyond it).
pub(crate) const MAX_RESOURCES: usize = 500;
/// How many of the newest request-log entries the answer carries.
pub(crate) const LOG_ENTRIES: usize = 100;

/// The week shown: seven UTC days from the Monday of `week` (default: of the clock's today).
/// UTC because the dashboard shows every resource in one grid, whatever their time zones.
fn week_start(shared: &Shared, request: &ApiRequest<'_>) -> Result<Date, Reply> {
    let day = match request.query.get("week") {
        None | Some("") => shared.clock.now().to_zoned(TimeZone::UTC).date(),
        Some(text) => text.parse::<Date>().map_err(|_| {
            Reply::invalid_field("week", "The week parameter must be a date (YYYY-MM-DD).")
        })?,
    };
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days())
        .map_err(|_| Reply::invalid_field("week", "The week parameter is out of range."))
}

fn utc_midnight(date: Date) -> Option<Timestamp> {
    date.to_zoned(TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp())
}

fn resource_json(resource: &Resource) -> Value {
    json!({
        "id": resource.id,
        "name": resource.name,
        "email": resource.email,
        "timezone": resource.timezone,
    })
}

fn booking_json(booking: &Booking, now: Timestamp) -> Value {
    json!({
        "id": booking.id,
        "resource_id": booking.resource_id,
        "start": booking.start.ts().to_string(),
        "end": booking.end.ts().to_string(),
        "graph": booking.graph.name(),
        // As the API would answer it now: due transitions (auto-complete, payment timeout)
        // included without writing them.
        "state": booking.state_at(now).name(),
        "what": booking.what,
    })
}

/// `GET /__emulator/overview`.
pub(crate) fn overview(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let start = match week_start(shared, request) {
        Ok(start) => start,
        Err(refusal) => return refusal,
    };
    let end_date = start.checked_add(7.days()).ok();
    let (Some(from), Some(to)) = (utc_midnight(start), end_date.and_then(utc_midnight)) else {
        return Reply::invalid_field("week", "The week parameter is out of range.");
    };
    let now = shared.clock.now();
    let (mut resources, mut bookings): (Vec<Arc<Resource>>, Vec<Arc<Booking>>) = {
        let store = shared.read();
        (
            store.resources.values().cloned().collect(),
            store.bookings_between(from, to).cloned().collect(),
        )
    };
    resources.sort_by_key(|resource| resource.seq);
    let resources_truncated = resources.len() > MAX_RESOURCES;
    resources.truncate(MAX_RESOURCES);
    bookings.sort_by_key(|booking| (booking.start.ts(), booking.seq));
    let bookings_truncated = bookings.len() > MAX_BOOKINGS;
    bookings.truncate(MAX_BOOKINGS);

    let log = shared.request_log.entries();
    let recent: Vec<_> = log.iter().rev().take(LOG_ENTRIES).collect();
    Reply::body(
        StatusCode::OK,
        &json!({
            "clock": clock_state_at(shared, now),
            "week": {"start": start.to_string(), "from": from.to_string(), "to": to.to_string()},
            "resources": resources.iter().map(|resource| resource_json(resource)).collect::<Vec<_>>(),
            "resources_truncated": resources_truncated,
            "bookings": bookings.iter().map(|booking| booking_json(booking, now)).collect::<Vec<_>>(),
            "bookings_truncated": bookings_truncated,
            "requests": recent,
            "requests_total": log.len(),
            "faults": faults_state(shared),
        }),
    )
}
