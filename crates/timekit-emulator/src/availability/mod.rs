//! The availability engine behind `POST /availability`.
//!
//! Interface between the HTTP layer (which reads the store) and the engine (which is pure):
//! the route handler builds an [`AvailabilityInput`] snapshot from the store and calls
//! [`compute`]; the engine parses and validates the request body itself.

mod blocking;
mod combine;
mod constraint;
mod engine;
mod grid;
mod interval;
mod output;
mod phrase;
mod request;
mod variants;
mod windows;

pub use crate::graph::{CALENDAR_EVENT_GRAPH, CALENDAR_EVENT_STATE, blocks};
pub use combine::MAX_CANDIDATE_SLOTS;
pub(crate) use phrase::{parse_duration, parse_instant};
pub use variants::{count, dates, unavailable};

use jiff::Timestamp;
use serde_json::Value;

/// A resource as the engine sees it.
#[derive(Debug, Clone)]
pub struct ResourceInfo {
    /// The resource id.
    pub id: String,
    /// Display name, echoed in slots.
    pub name: String,
    /// IANA time zone name; constraints are evaluated in it.
    pub timezone: String,
    /// The resource's own `availability_constraints`, as stored (raw JSON objects).
    pub constraints: Vec<Value>,
}

/// A booking as the engine sees it; the engine decides whether it blocks.
#[derive(Debug, Clone)]
pub struct BookingInfo {
    /// The resource the booking belongs to.
    pub resource_id: String,
    /// Event start.
    pub start: Timestamp,
    /// Event end.
    pub end: Timestamp,
    /// Graph name (`confirm_decline`, `instant`, …).
    pub graph: String,
    /// Current state name (`tentative`, `confirmed`, …).
    pub state: String,
}

/// Everything the engine reads from the store.
#[derive(Debug, Clone, Default)]
pub struct AvailabilityInput {
    /// All resources of the app.
    pub resources: Vec<ResourceInfo>,
    /// Bookings of the requested resources (the handler may pass all of them).
    pub bookings: Vec<BookingInfo>,
}

/// Why an availability query was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AvailabilityError {
    /// A requested resource does not exist (HTTP 404, model `Resource`).
    #[error("Resource does not exist")]
    UnknownResource(String),
    /// Validation failure (HTTP 422 `{"errors": {field: [message]}}`).
    #[error("{field}: {message}")]
    Invalid {
        /// The offending request field.
        field: String,
        /// Human-readable message.
        message: String,
    },
}

/// Computes the slots for a `POST /availability` body.
///
/// Returns the value of the `data` array (slots in time order).
///
/// # Errors
/// [`AvailabilityError`] for unknown resources and invalid input.
pub fn compute(
    body: &Value,
    now: Timestamp,
    input: &AvailabilityInput,
) -> Result<Vec<Value>, AvailabilityError> {
    engine::run(body, now, input)
}

/// Checks one availability constraint the way [`compute`] reads it, so other routes (e.g.
/// `POST /resources`) can refuse a bad `availability_constraints` entry up front.
///
/// `field` is the entry's path in the request body (`availability_constraints.0`); errors
/// name the exact parameter below it.
///
/// # Errors
/// [`AvailabilityError::Invalid`] for unknown types and malformed parameters.
pub fn validate_constraint(value: &Value, field: &str) -> Result<(), AvailabilityError> {
    constraint::parse_rule(value, field).map(|_| ())
}
