//! `POST /availability/dates` — the dates that have at least one free slot.
//!
//! Confidence: path, body and answer CONFIRMED (`timekit-api-more.md` §5.4.1): the body is
//! `/availability`'s (`project_id`, `resources`, `from`, `to`, and the other availability
//! parameters, INFERRED); the answer `{"data": [{"date": "YYYY-MM-DD", "resources": [id…]}]}`,
//! ascending, not paginated.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{AvailabilityRequest, AvailableDate};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Queries the dates with availability.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct QueryAvailabilityDates {
    body: RequestBody<AvailabilityRequest>,
}

impl QueryAvailabilityDates {
    /// Runs the query described by `request` (the body of `POST /availability`).
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

impl Operation for QueryAvailabilityDates {
    type Output = Vec<AvailableDate>;
    const NAME: &'static str = "query_availability_dates";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/availability/dates";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> QueryAvailabilityDates {
        QueryAvailabilityDates::new(
            AvailabilityRequest::default()
                .project_id("P")
                .from("2030-03-04T00:00:00+01:00")
                .to("2030-03-09T00:00:00+01:00")
                .length("30 minutes"),
        )
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://api.timekit.invalid/v2/availability/dates"
        );
        assert_eq!(
            body_json(&op()),
            Some(
                json!({"project_id": "P", "from": "2030-03-04T00:00:00+01:00",
                        "to": "2030-03-09T00:00:00+01:00", "length": "30 minutes"})
            )
        );
        let by_resources = QueryAvailabilityDates::new(AvailabilityRequest::new(["r1"]));
        assert_eq!(body_json(&by_resources), Some(json!({"resources": ["r1"]})));
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = QueryAvailabilityDates::from_json(json!({"resources": ["r1"], "length": null}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"resources": ["r1"], "length": null}))
        );
        let bad = QueryAvailabilityDates::from_json(json!(["r1"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_documented_answer() {
        let parsed = op()
            .parse_response(response(200, &fixture("availability_dates.json")))
            .unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].date, "2022-06-10");
        assert!(
            op().parse_response(response(200, r#"{"data": []}"#))
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            fixture_json("availability_dates.json")["data"]
        );
    }

    error_contract_tests!(op());
}
