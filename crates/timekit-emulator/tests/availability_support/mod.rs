//! Helpers shared by the `availability_*` tests: snapshots, bodies and a compact view of the
//! answer.
#![allow(dead_code)] // Each test file uses a different subset.

use jiff::Timestamp;
use serde_json::Value;
use timekit_emulator::availability::{
    AvailabilityError, AvailabilityInput, BookingInfo, ResourceInfo, compute,
};

/// A fixed "now" so relative phrases are reproducible.
pub fn now() -> Timestamp {
    "2024-05-01T08:00:00Z".parse().unwrap()
}

pub fn resource(id: &str, timezone: &str, constraints: Value) -> ResourceInfo {
    ResourceInfo {
        id: id.to_owned(),
        name: format!("Resource {id}"),
        timezone: timezone.to_owned(),
        constraints: constraints.as_array().cloned().unwrap_or_default(),
    }
}

pub fn booking(resource_id: &str, graph: &str, state: &str, start: &str, end: &str) -> BookingInfo {
    BookingInfo {
        resource_id: resource_id.to_owned(),
        start: start.parse().unwrap(),
        end: end.parse().unwrap(),
        graph: graph.to_owned(),
        state: state.to_owned(),
    }
}

pub fn input(resources: Vec<ResourceInfo>, bookings: Vec<BookingInfo>) -> AvailabilityInput {
    AvailabilityInput {
        resources,
        bookings,
    }
}

/// One slot reduced to `(start, end, [resource ids])`.
pub type SlotView = (String, String, Vec<String>);

pub fn view(slots: &[Value]) -> Vec<SlotView> {
    slots
        .iter()
        .map(|slot| {
            let ids = slot["resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_owned())
                .collect();
            (
                slot["start"].as_str().unwrap().to_owned(),
                slot["end"].as_str().unwrap().to_owned(),
                ids,
            )
        })
        .collect()
}

/// Runs a query that must succeed.
pub fn slots(body: Value, input: &AvailabilityInput) -> Vec<SlotView> {
    match compute(&body, now(), input) {
        Ok(slots) => view(&slots),
        Err(error) => panic!("query {body} failed: {error:?}"),
    }
}

/// Only the start times.
pub fn starts(body: Value, input: &AvailabilityInput) -> Vec<String> {
    slots(body, input)
        .into_iter()
        .map(|(start, _, _)| start)
        .collect()
}

/// The field of a 422, panicking on anything else.
pub fn invalid_field(body: Value, input: &AvailabilityInput) -> (String, String) {
    match compute(&body, now(), input) {
        Err(AvailabilityError::Invalid { field, message }) => (field, message),
        other => panic!("expected a 422 for {body}, got {other:?}"),
    }
}

/// `"<date>T<hh>:00:00<offset>"` for each hour.
pub fn hours(date: &str, offset: &str, hours: &[u32]) -> Vec<String> {
    hours
        .iter()
        .map(|h| format!("{date}T{h:02}:00:00{offset}"))
        .collect()
}
