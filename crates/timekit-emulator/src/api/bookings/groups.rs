//! `GET /bookings/groups` and `GET /bookings/groups/{id}` (timekit-api-more.md §5.3.1–2): the
//! `group_owner` bookings (the classes), with seat counts, `available_actions` and the
//! embedded resource, in the shape booking.js reads.

use std::sync::Arc;

use http::StatusCode;
use jiff::Timestamp;
use serde_json::{Value, json};

use super::list::sorted_window;
use super::search;
use crate::api::ApiRequest;
use crate::api::pagination::{Page, PageRequest};
use crate::api::reply::{FieldErrors, Reply};
use crate::graph::{Graph, PossibleActions};
use crate::shared::Shared;
use crate::store::{Booking, Store};

/// Page size of `GET /bookings/groups` without `limit` (as `GET /bookings`).
const DEFAULT_LIMIT: usize = 1000;

/// One group slot as booking.js reads it.
fn group_json(store: &Store, booking: &Booking, now: Timestamp) -> Value {
    let booking = booking.at(now);
    let resource = store
        .resources
        .get(&booking.resource_id)
        .map(|resource| json!({"id": resource.id, "name": resource.name}))
        .unwrap_or_else(|| json!({"id": booking.resource_id, "name": null}));
    json!({
        "id": booking.id,
        "graph": booking.graph.name(),
        "state": booking.state.name(),
        "completed": booking.is_final(),
        "created_at": booking.created_at,
        "updated_at": booking.updated_at,
        "meta": booking.meta,
        "project_id": booking.project_id,
        "attributes": {
            "group_booking": {
                "max_seats": booking.settings.get("max_seats"),
                "current_seats": store.seats_taken(&booking.id, now),
            },
            "event_info": {
                "start": booking.start,
                "end": booking.end,
                "what": booking.what,
                "where": booking.location,
                "description": booking.description,
                "calendar_id": booking.calendar_id,
                "participants": [],
            },
        },
        "available_actions": PossibleActions(booking.graph, booking.state),
        "resource": resource,
    })
}

/// `GET /bookings/groups`: open (not final) `group_owner` bookings, full ones included,
/// earliest start first; search keys as `GET /bookings`; paginated.
pub(crate) fn list(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = search::parse(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let now = shared.clock.now();
    let store = shared.read();
    let mut matching: Vec<Arc<Booking>> = store
        .bookings
        .values()
        .filter(|booking| booking.graph == Graph::GroupOwner && !booking.is_final_at(now))
        .filter(|booking| search::matches_all(&criteria, booking, now))
        .cloned()
        .collect();
    let total = matching.len();
    let in_page = sorted_window(&mut matching, page.window(total), |a, b| {
        a.start
            .ts()
            .cmp(&b.start.ts())
            .then_with(|| a.id.cmp(&b.id))
    });
    let data: Vec<Value> = in_page
        .iter()
        .map(|booking| group_json(&store, booking, now))
        .collect();
    drop(store);
    let url = request.collection_url(shared, "bookings/groups");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}

/// `GET /bookings/groups/{id}`: one `group_owner` booking in any state; anything else 404.
pub(crate) fn get(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let store = shared.read();
    match store
        .bookings
        .get(request.id())
        .filter(|booking| booking.graph == Graph::GroupOwner)
    {
        Some(booking) => Reply::data(StatusCode::OK, &group_json(&store, booking, now)),
        None => Reply::not_found("Booking"),
    }
}
