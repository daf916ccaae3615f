//! `POST /bookings/{id}/reschedule` — move an instant booking to a new slot.
//!
//! Confidence: path, body (`start`, `end`, `resource_id`; booking.js adds `message`) and
//! query `include` CONFIRMED (`timekit-api-more.md` §5.3.6); "the booking id will change in
//! the response" CONFIRMED: the output is the booking at the new time, whose id may differ
//! from `id`. Status 200 or 201 (any 2xx is accepted). Only the instant graph is eligible.
//! The SDK adds a trailing `/`; booking.js does not, and neither does this operation.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Booking, BookingId, RescheduleBookingRequest};

use crate::body::RequestBody;
use crate::include::Includes;
use crate::{BuildError, Operation};

/// Reschedules a booking.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct RescheduleBooking {
    id: BookingId,
    body: RequestBody<RescheduleBookingRequest>,
    include: Includes,
}

impl RescheduleBooking {
    /// Moves booking `id` as `request` says.
    pub fn new(id: impl Into<BookingId>, request: RescheduleBookingRequest) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(request),
            include: Includes::default(),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(id: impl Into<BookingId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include (booking.js sends `attributes,event,user`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for RescheduleBooking {
    type Output = Booking;
    const NAME: &'static str = "reschedule_booking";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/bookings/{id}/reschedule";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("booking id", self.id.as_str())]
    }

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
    use timekit_model::{BookingState, Timestamp};

    fn op() -> RescheduleBooking {
        RescheduleBooking::new(
            ID,
            RescheduleBookingRequest::new(
                "R2",
                Timestamp::parse("2030-03-06T14:00:00+01:00").unwrap(),
                Timestamp::parse("2030-03-06T14:30:00+01:00").unwrap(),
            )
            .message("Can't make Tuesday, sorry"),
        )
    }

    #[test]
    fn the_booking_js_request() {
        let op = op().include("attributes").include("event").include("user");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            &*format!(
                "https://api.timekit.invalid/v2/bookings/{ID}/reschedule?include=attributes,event,user"
            )
        );
        assert_eq!(
            body_json(&op),
            Some(
                json!({"resource_id": "R2", "start": "2030-03-06T14:00:00+01:00",
                        "end": "2030-03-06T14:30:00+01:00",
                        "message": "Can't make Tuesday, sorry"})
            )
        );
    }

    #[test]
    fn bad_input_is_refused() {
        let bad_id = RescheduleBooking::from_json("a/b", json!({}));
        assert_eq!(refused_id_field(&bad_id), Some("booking id"));
        let array = RescheduleBooking::from_json(ID, json!([]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_new_booking() {
        for status in [200, 201] {
            let moved = op()
                .parse_response(response(status, &fixture("booking_rescheduled.json")))
                .unwrap();
            assert_eq!(moved.state, BookingState::Confirmed);
            assert_ne!(moved.id.as_str(), ID);
        }
    }

    error_contract_tests!(op());
}
