//! Reservations (`timekit-api-more.md` §5.3.3–5.3.5): holding a slot for a while before it is
//! booked. The answer of both requests is a [`Booking`](crate::Booking) of graph
//! `reservation` (state `reserved`, later `expired`), whose id is the `reservation_id` that
//! `POST /bookings` and `PUT /bookings/reserve/extend` take.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::booking::Customer;
use crate::graph::Graph;
use crate::ids::{BookingId, ProjectId, ResourceId};
use crate::timestamp::Timestamp;

/// Body of `POST /bookings/reserve`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ReserveBookingRequest {
    /// The resource whose slot is held.
    pub resource_id: ResourceId,
    /// Slot start.
    pub start: Timestamp,
    /// Slot end.
    pub end: Timestamp,
    /// How long the hold lasts, in seconds (server default: the project's
    /// `reservation_time`, else 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_time: Option<u64>,
    /// A project to take defaults from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<ProjectId>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// Location (`where` in JSON).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The customer the slot is held for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// The graph of the booking the reservation will become.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<Graph>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ReserveBookingRequest {
    /// Holds `resource_id` from `start` to `end`.
    pub fn new(
        resource_id: impl Into<ResourceId>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Self {
        Self {
            resource_id: resource_id.into(),
            start: start.into(),
            end: end.into(),
            reservation_time: None,
            project_id: None,
            what: None,
            location: None,
            description: None,
            customer: None,
            graph: None,
            extra: Map::new(),
        }
    }

    /// Sets the hold length in seconds.
    pub fn reservation_time(mut self, seconds: u64) -> Self {
        self.reservation_time = Some(seconds);
        self
    }

    /// Takes defaults from a project.
    pub fn project_id(mut self, project_id: impl Into<ProjectId>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets the title.
    pub fn what(mut self, what: impl Into<String>) -> Self {
        self.what = Some(what.into());
        self
    }

    /// Sets the location (`where`).
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the customer.
    pub fn customer(mut self, customer: Customer) -> Self {
        self.customer = Some(customer);
        self
    }

    /// Sets the graph of the eventual booking.
    pub fn graph(mut self, graph: Graph) -> Self {
        self.graph = Some(graph);
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `PUT /bookings/reserve/extend`: restart a hold with a new length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ExtendReservationRequest {
    /// The reservation (the id `POST /bookings/reserve` answered with).
    pub reservation_id: BookingId,
    /// The new hold length in seconds, counted from now.
    pub reservation_time: u64,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ExtendReservationRequest {
    /// Holds reservation `reservation_id` for `seconds` more, counted from now.
    pub fn new(reservation_id: impl Into<BookingId>, seconds: u64) -> Self {
        Self {
            reservation_id: reservation_id.into(),
            reservation_time: seconds,
            extra: Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn minimal_reserve_body() {
        let body = ReserveBookingRequest::new(
            "R",
            at("2030-03-05T10:00:00+01:00"),
            at("2030-03-05T10:30:00+01:00"),
        );
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"resource_id": "R", "start": "2030-03-05T10:00:00+01:00",
                   "end": "2030-03-05T10:30:00+01:00"})
        );
    }

    #[test]
    fn reserve_body_of_the_reference_sequence() {
        let body = ReserveBookingRequest::new(
            "R",
            at("2030-03-05T10:00:00+01:00"),
            at("2030-03-05T10:30:00+01:00"),
        )
        .reservation_time(300)
        .project_id("P")
        .what("Haircut")
        .location("Main St")
        .description("")
        .customer(Customer::new("Jane Roe", "jane@example.com"))
        .graph(Graph::Instant)
        .extra_field("meta", json!({"cart": "c1"}));
        let value = serde_json::to_value(&body).unwrap();
        assert_eq!(
            value,
            json!({"reservation_time": 300, "project_id": "P", "resource_id": "R",
                   "start": "2030-03-05T10:00:00+01:00", "end": "2030-03-05T10:30:00+01:00",
                   "what": "Haircut", "where": "Main St", "description": "",
                   "customer": {"name": "Jane Roe", "email": "jane@example.com"},
                   "graph": "instant", "meta": {"cart": "c1"}})
        );
        let back: ReserveBookingRequest = serde_json::from_value(value).unwrap();
        assert_eq!(back, body);
    }

    #[test]
    fn extend_body() {
        assert_eq!(
            serde_json::to_value(ExtendReservationRequest::new("RES", 600)).unwrap(),
            json!({"reservation_id": "RES", "reservation_time": 600})
        );
    }
}
