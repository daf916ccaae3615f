//! `PUT /bookings/reserve/extend` — restart a reservation's hold with a new length.
//!
//! Confidence: path and `reservation_time` CONFIRMED; the id field's name
//! (`reservation_id`) and the answer (`{"data": Booking}`, the reservation) INFERRED
//! (`timekit-api-more.md` §5.3.4). Any 2xx is accepted.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Booking, BookingId, ExtendReservationRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Extends a reservation.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ExtendReservation {
    body: RequestBody<ExtendReservationRequest>,
}

impl ExtendReservation {
    /// Holds reservation `reservation_id` for `seconds`, counted from now.
    pub fn new(reservation_id: impl Into<BookingId>, seconds: u64) -> Self {
        Self {
            body: RequestBody::Typed(ExtendReservationRequest::new(reservation_id, seconds)),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for ExtendReservation {
    type Output = Booking;
    const NAME: &'static str = "extend_reservation";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/bookings/reserve/extend";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::BookingState;

    #[test]
    fn minimal_request() {
        let op = ExtendReservation::new("RES", 600);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            "https://api.timekit.invalid/v2/bookings/reserve/extend"
        );
        assert_eq!(
            body_json(&op),
            Some(json!({"reservation_id": "RES", "reservation_time": 600}))
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = ExtendReservation::from_json(json!({"id": "RES", "reservation_time": 60}));
        assert_eq!(body_json(&raw).unwrap()["id"], "RES");
        assert_eq!(
            ExtendReservation::from_json(json!(null))
                .to_request(&base())
                .unwrap_err(),
            BuildError::BodyNotObject("null")
        );
    }

    #[test]
    fn parses_the_reservation() {
        let reservation = ExtendReservation::new("RES", 600)
            .parse_response(response(200, &fixture("reservation.json")))
            .unwrap();
        assert_eq!(reservation.state, BookingState::Reserved);
    }

    error_contract_tests!(ExtendReservation::new("RES", 600));
}
