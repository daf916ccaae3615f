//! `POST /bookings/bulk` — create several bookings in one call.
//!
//! Confidence: path CONFIRMED; body key `bookings` INFERRED; the answer
//! `{"data": [Booking | {"error": …} | {"errors": …}]}` in request order is the emulator
//! decision of `timekit-api.md` §4.14. Any 2xx is accepted.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{BulkItemResult, CreateBookingsBulkRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Creates bookings in bulk.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateBookingsBulk {
    body: RequestBody<CreateBookingsBulkRequest>,
}

impl CreateBookingsBulk {
    /// Sends `request`.
    pub fn new(request: CreateBookingsBulkRequest) -> Self {
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

impl Operation for CreateBookingsBulk {
    type Output = Vec<BulkItemResult>;
    const NAME: &'static str = "create_bookings_bulk";
    const METHOD: http::Method = http::Method::POST;
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
    use timekit_model::{CreateBookingRequest, Graph, Timestamp};

    fn op() -> CreateBookingsBulk {
        let start = Timestamp::parse("2024-05-07T10:00:00Z").unwrap();
        let end = Timestamp::parse("2024-05-07T11:00:00Z").unwrap();
        CreateBookingsBulk::new(CreateBookingsBulkRequest::new([CreateBookingRequest::new(
            "r1",
            Graph::Instant,
            start,
            end,
        )]))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://api.timekit.invalid/v2/bookings/bulk"
        );
        assert_eq!(
            body_json(&op()),
            Some(
                json!({"bookings": [{"resource_id": "r1", "graph": "instant",
                "start": "2024-05-07T10:00:00+00:00", "end": "2024-05-07T11:00:00+00:00"}]})
            )
        );
    }

    #[test]
    fn flags_are_sent() {
        let op = CreateBookingsBulk::new(
            CreateBookingsBulkRequest::new([])
                .stop_on_first_error(true)
                .delete_all_on_error(true)
                .relate_bookings(false),
        );
        assert_eq!(
            body_json(&op),
            Some(
                json!({"bookings": [], "stop_on_first_error": true, "delete_all_on_error": true, "relate_bookings": false})
            )
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateBookingsBulk::from_json(json!({"bookings": [{"x": 1}]}));
        assert_eq!(body_json(&raw), Some(json!({"bookings": [{"x": 1}]})));
        let bad = CreateBookingsBulk::from_json(json!([{"x": 1}]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn mixed_results_keep_request_order() {
        let results = op()
            .parse_response(response(201, &fixture("bulk_results.json")))
            .unwrap();
        let expected = fixture_json("bulk_results.json");
        assert_eq!(results.len(), expected["data"].as_array().unwrap().len());
        assert!(results[0].booking().is_some());
        assert!(
            results[1]
                .error()
                .unwrap()
                .message()
                .unwrap()
                .starts_with("Cannot apply action")
        );
        assert!(
            results[2]
                .error()
                .unwrap()
                .error_body()
                .validation_errors()
                .is_some()
        );
        assert_eq!(serde_json::to_value(&results).unwrap(), expected["data"]);
    }

    error_contract_tests!(op());
}
