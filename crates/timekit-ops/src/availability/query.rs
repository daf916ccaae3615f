//! `POST /availability` — the free slots of one or more resources.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.8). The answer is `{"data": [Slot]}` and is
//! not paginated; it may be empty.

use bytes::Bytes;
use timekit_model::slot::Slot;

use super::availability_operation;
use crate::{BuildError, Operation};

availability_operation! {
    /// Queries availability.
    QueryAvailability
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
    use crate::availability::shared_tests::assert_requests;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::AvailabilityRequest;

    fn op() -> QueryAvailability {
        QueryAvailability::new(AvailabilityRequest::new(["r1"]))
    }

    #[test]
    fn request_mapping() {
        assert_requests(
            QueryAvailability::new,
            QueryAvailability::from_json,
            "https://api.timekit.invalid/v2/availability",
        );
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
