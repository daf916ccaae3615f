//! `GET /bookings`: filter (search, start/end), order, paginate.

use std::cmp::Ordering;

use http::StatusCode;
use jiff::Timestamp;

use super::search;
use crate::api::ApiRequest;
use crate::api::pagination::{Page, PageRequest};
use crate::api::reply::{FieldErrors, Reply};
use crate::shared::Shared;
use crate::store::{Booking, BookingIncludes, BookingView};
use crate::time::parse_timestamp;

/// Page size of `GET /bookings` without `limit` (the List-bookings reference's 1000).
const DEFAULT_LIMIT: usize = 1000;

/// The sort keys `orderBy` accepts.
#[derive(Debug, Clone, Copy)]
enum SortKey {
    CreatedAt,
    UpdatedAt,
    Completed,
    Graph,
    State,
    Start,
    End,
}

impl SortKey {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "created_at" => SortKey::CreatedAt,
            "updated_at" => SortKey::UpdatedAt,
            "completed" => SortKey::Completed,
            "graph" => SortKey::Graph,
            "state" => SortKey::State,
            "start" => SortKey::Start,
            "end" => SortKey::End,
            _ => return None,
        })
    }

    fn compare(self, a: &Booking, b: &Booking) -> Ordering {
        match self {
            SortKey::CreatedAt => a.created_at.ts().cmp(&b.created_at.ts()),
            SortKey::UpdatedAt => a.updated_at.ts().cmp(&b.updated_at.ts()),
            SortKey::Completed => a.is_final().cmp(&b.is_final()),
            SortKey::Graph => a.graph.name().cmp(b.graph.name()),
            SortKey::State => a.state.name().cmp(b.state.name()),
            SortKey::Start => a.start.ts().cmp(&b.start.ts()),
            SortKey::End => a.end.ts().cmp(&b.end.ts()),
        }
    }
}

/// `sortedBy`: `asc` or `desc` (default), case-insensitive. Returns whether descending.
pub(crate) fn parse_direction(value: Option<&str>, errors: &mut FieldErrors) -> bool {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => {
            errors.add("sortedBy", "The sortedBy must be asc or desc.");
            true
        }
    }
}

fn time_filter(value: Option<&str>, key: &str, errors: &mut FieldErrors) -> Option<Timestamp> {
    let text = value?;
    let parsed = parse_timestamp(text);
    if parsed.is_none() {
        errors.add(key, format!("The {key} is not a valid RFC 3339 date."));
    }
    parsed
}

/// `GET /bookings` → 200 paginated list.
pub(crate) fn list(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = search::parse(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    let order_name = query.get("orderBy").unwrap_or("created_at");
    let order = SortKey::parse(order_name).unwrap_or_else(|| {
        errors.add(
            "orderBy",
            format!("The orderBy value '{order_name}' is not supported."),
        );
        SortKey::CreatedAt
    });
    let descending = parse_direction(query.get("sortedBy"), &mut errors);
    let window_start = time_filter(query.get("start"), "start", &mut errors);
    let window_end = time_filter(query.get("end"), "end", &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let includes = BookingIncludes::parse(query.get("include"));
    let now = shared.clock.now();

    let mut store = shared.write();
    store.sweep_all(now);
    let store = &*store;
    let mut matching: Vec<&Booking> = store
        .bookings
        .values()
        .filter(|booking| window_start.is_none_or(|start| booking.end.ts() > start))
        .filter(|booking| window_end.is_none_or(|end| booking.start.ts() < end))
        .filter(|booking| search::matches_all(&criteria, booking))
        .collect();
    matching.sort_by(|a, b| {
        let primary = order.compare(a, b);
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        // Ties (same second, same state, …) are broken by id so pages never overlap.
        primary.then_with(|| a.id.cmp(&b.id))
    });
    let total = matching.len();
    let data: Vec<BookingView<'_>> = matching[page.window(total)]
        .iter()
        .map(|booking| BookingView {
            booking,
            store,
            includes,
            now,
        })
        .collect();
    let url = request.collection_url(shared, "bookings");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}
