//! `POST /bookings` — create a booking.
//!
//! Confidence: CONFIRMED; the answer is 201 `{"data": Booking}` (`timekit-api.md` §4.9).
//! Without `action` the server applies the graph's initial action (§10).

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Booking, CreateBookingRequest};

use crate::body::RequestBody;
use crate::include::Includes;
use crate::{BuildError, Operation};

/// Creates a booking.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateBooking {
    body: RequestBody<CreateBookingRequest>,
    include: Includes,
}

impl CreateBooking {
    /// Creates the booking described by `request`.
    pub fn new(request: CreateBookingRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
            include: Includes::default(),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include (`attributes`, `customers`, `event`, …).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for CreateBooking {
    type Output = Booking;
    const NAME: &'static str = "create_booking";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/bookings";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.include.to_query()
    }

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::{BookingState, Customer, Graph, Timestamp};

    fn op() -> CreateBooking {
        CreateBooking::new(CreateBookingRequest::new(
            "r1",
            Graph::ConfirmDecline,
            Timestamp::parse("2024-05-07T10:00:00+00:00").unwrap(),
            Timestamp::parse("2024-05-07T10:30:00+00:00").unwrap(),
        ))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/bookings");
        assert_eq!(
            body_json(&op()),
            Some(json!({"resource_id": "r1", "graph": "confirm_decline",
                        "start": "2024-05-07T10:00:00+00:00", "end": "2024-05-07T10:30:00+00:00"}))
        );
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&op().include("attributes").include("customers")),
            "https://api.timekit.invalid/v2/bookings?include=attributes,customers"
        );
    }

    #[test]
    fn typed_optional_fields_are_sent() {
        let start = Timestamp::parse("2024-05-07T10:00:00Z").unwrap();
        let end = Timestamp::parse("2024-05-07T10:30:00Z").unwrap();
        let request = CreateBookingRequest::new("r1", Graph::Instant, start, end)
            .what("Consultation")
            .location("Room 2")
            .customer(Customer::new("Jane", "jane@example.com"));
        let body = body_json(&CreateBooking::new(request)).unwrap();
        assert_eq!(body["what"], "Consultation");
        assert_eq!(body["where"], "Room 2");
        assert_eq!(
            body["customer"],
            json!({"name": "Jane", "email": "jane@example.com"})
        );
    }

    /// Issue 15: the last step of a reservation, and a booking with project defaults.
    #[test]
    fn confirming_a_reservation_sends_its_id_and_the_project() {
        let request = CreateBookingRequest::new(
            "R",
            Graph::Instant,
            Timestamp::parse("2030-03-05T10:00:00+01:00").unwrap(),
            Timestamp::parse("2030-03-05T10:30:00+01:00").unwrap(),
        )
        .reservation_id("RES")
        .project_id(timekit_model::ProjectId::from("P"));
        let body = body_json(&CreateBooking::new(request)).unwrap();
        assert_eq!(body["reservation_id"], "RES");
        assert_eq!(body["project_id"], "P");
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateBooking::from_json(
            json!({"resource_id": "r1", "graph": "instant", "custom": true}),
        );
        assert_eq!(body_json(&raw).unwrap()["custom"], true);
        let bad = CreateBooking::from_json(json!(null));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("null")
        );
    }

    #[test]
    fn created_booking_decodes() {
        let booking = op()
            .parse_response(response(201, &fixture("booking.json")))
            .unwrap();
        assert_eq!(booking.state, BookingState::Tentative);
        assert_eq!(
            serde_json::to_value(&booking).unwrap(),
            fixture_json("booking.json")["data"]
        );
    }

    error_contract_tests!(op());
}
