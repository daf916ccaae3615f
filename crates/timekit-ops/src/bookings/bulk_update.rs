//! `PUT /bookings/bulk` — apply actions to several bookings in one call.
//!
//! Confidence: path and the `bookings`/`reset_all_on_error`/`stop_on_first_error` keys
//! CONFIRMED; item shape `{"id", "action", "<action>": {…}}` INFERRED; the answer
//! `{"data": [Booking | error item]}` is the emulator decision of `timekit-api.md` §4.15.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{BulkItemResult, UpdateBookingsBulkRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates bookings in bulk.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateBookingsBulk {
    body: RequestBody<UpdateBookingsBulkRequest>,
}

impl UpdateBookingsBulk {
    /// Sends `request`.
    pub fn new(request: UpdateBookingsBulkRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object, normally `{"bookings": […]}`).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for UpdateBookingsBulk {
    type Output = Vec<BulkItemResult>;
    const NAME: &'static str = "update_bookings_bulk";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/bookings/bulk";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::{BookingAction, BulkBookingUpdate};

    fn op() -> UpdateBookingsBulk {
        UpdateBookingsBulk::new(UpdateBookingsBulkRequest::new([BulkBookingUpdate::new(
            ID,
            BookingAction::Confirm,
        )]))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            "https://api.timekit.invalid/v2/bookings/bulk"
        );
        assert_eq!(
            body_json(&op()),
            Some(json!({"bookings": [{"id": ID, "action": "confirm"}]}))
        );
    }

    #[test]
    fn flags_and_action_input_are_sent() {
        let request =
            UpdateBookingsBulkRequest::new([
                BulkBookingUpdate::new("b2", BookingAction::Cancel).message("Closed")
            ])
            .reset_all_on_error(true)
            .stop_on_first_error(true);
        assert_eq!(
            body_json(&UpdateBookingsBulk::new(request)),
            Some(
                json!({"bookings": [{"id": "b2", "action": "cancel", "cancel": {"message": "Closed"}}],
                        "reset_all_on_error": true, "stop_on_first_error": true})
            )
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = UpdateBookingsBulk::from_json(json!({"bookings": []}));
        assert_eq!(body_json(&raw), Some(json!({"bookings": []})));
        let bad = UpdateBookingsBulk::from_json(json!(7));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("a number")
        );
    }

    #[test]
    fn results_decode_for_200() {
        let results = op()
            .parse_response(response(200, &fixture("bulk_results.json")))
            .unwrap();
        assert_eq!(
            results
                .iter()
                .filter(|item| item.booking().is_some())
                .count(),
            1
        );
        assert_eq!(
            results.iter().filter(|item| item.error().is_some()).count(),
            2
        );
    }

    error_contract_tests!(op());
}
