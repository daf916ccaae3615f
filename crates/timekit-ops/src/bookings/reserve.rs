//! `POST /bookings/reserve` — hold a slot for a while, blocking others from booking it.
//!
//! Confidence: path and semantics CONFIRMED (`timekit-api-more.md` §5.3.3); the field names
//! partly and the answer INFERRED: `{"data": Booking}` of graph `reservation`, state
//! `reserved`, whose id is the `reservation_id` to book or extend; status 201 INFERRED (any
//! 2xx is accepted).

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Booking, ReserveBookingRequest};

use crate::body::RequestBody;
use crate::include::Includes;
use crate::{BuildError, Operation};

/// Reserves a slot.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ReserveBooking {
    body: RequestBody<ReserveBookingRequest>,
    include: Includes,
}

impl ReserveBooking {
    /// Reserves the slot described by `request`.
    pub fn new(request: ReserveBookingRequest) -> Self {
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

    /// Adds a dynamic include (`attributes` …).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for ReserveBooking {
    type Output = Booking;
    const NAME: &'static str = "reserve_booking";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/bookings/reserve";

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
    use timekit_model::{BookingState, Graph, Timestamp};

    fn op() -> ReserveBooking {
        ReserveBooking::new(
            ReserveBookingRequest::new(
                "R",
                Timestamp::parse("2030-03-05T10:00:00+01:00").unwrap(),
                Timestamp::parse("2030-03-05T10:30:00+01:00").unwrap(),
            )
            .reservation_time(300)
            .project_id("P"),
        )
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://api.timekit.invalid/v2/bookings/reserve"
        );
        assert_eq!(
            body_json(&op()),
            Some(
                json!({"resource_id": "R", "start": "2030-03-05T10:00:00+01:00",
                        "end": "2030-03-05T10:30:00+01:00", "reservation_time": 300,
                        "project_id": "P"})
            )
        );
        assert_eq!(
            uri(&op().include("attributes")),
            "https://api.timekit.invalid/v2/bookings/reserve?include=attributes"
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = ReserveBooking::from_json(json!({"resource_id": "R", "reservation_time": 30}));
        assert_eq!(body_json(&raw).unwrap()["reservation_time"], 30);
        let bad = ReserveBooking::from_json(json!(30));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("a number")
        );
    }

    #[test]
    fn parses_the_reservation() {
        let reservation = op()
            .parse_response(response(201, &fixture("reservation.json")))
            .unwrap();
        assert_eq!(reservation.graph, Graph::Reservation);
        assert_eq!(reservation.state, BookingState::Reserved);
        assert_eq!(
            serde_json::to_value(&reservation).unwrap(),
            fixture_json("reservation.json")["data"]
        );
    }

    error_contract_tests!(op());
}
