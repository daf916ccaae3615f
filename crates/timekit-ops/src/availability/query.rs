//! `POST /availability` — the free slots of one or more resources.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.8). The answer is `{"data": [Slot]}` and is
//! not paginated; it may be empty.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::availability::AvailabilityRequest;
use timekit_model::slot::Slot;

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Queries availability.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct QueryAvailability {
    body: RequestBody<AvailabilityRequest>,
}

impl QueryAvailability {
    /// Runs the query described by `request`.
    pub fn new(request: AvailabilityRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for QueryAvailability {
    type Output = Vec<Slot>;
    const NAME: &'static str = "query_availability";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/availability";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> QueryAvailability {
        QueryAvailability::new(AvailabilityRequest::new(["r1"]))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/availability");
        let body = body_json(&op()).unwrap();
        assert_eq!(body["resources"], json!(["r1"]));
    }

    #[test]
    fn typed_request_fields_are_sent() {
        let typed = AvailabilityRequest::new(["r1", "r2"])
            .length("30 minutes")
            .output_timezone("Europe/Copenhagen");
        let body = body_json(&QueryAvailability::new(typed)).unwrap();
        assert_eq!(body["length"], "30 minutes");
        assert_eq!(body["output_timezone"], "Europe/Copenhagen");
        assert_eq!(body["resources"], json!(["r1", "r2"]));
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = QueryAvailability::from_json(json!({"mode": "mutual", "resources": ["r1"]}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"mode": "mutual", "resources": ["r1"]}))
        );
        let bad = QueryAvailability::from_json(json!(["r1"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_slots_and_empty_answers() {
        let slots = op()
            .parse_response(response(200, &fixture("availability_slots.json")))
            .unwrap();
        let expected = fixture_json("availability_slots.json");
        assert_eq!(slots.len(), expected["data"].as_array().unwrap().len());
        assert_eq!(serde_json::to_value(&slots).unwrap(), expected["data"]);
        assert!(
            op().parse_response(response(200, r#"{"data": []}"#))
                .unwrap()
                .is_empty()
        );
    }

    error_contract_tests!(op());
}
