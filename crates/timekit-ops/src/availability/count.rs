//! `POST /availability/count` — how many free slots `/availability` would return.
//!
//! Confidence: path and body CONFIRMED (`timekit-api-more.md` §5.4.2: `from`, `to`,
//! `project_id`, `resources`, `length`, `buffer`, `timeslot_increments`); the answer
//! `{"data": {"total": n}}` CONFIRMED only by a third-party schema — any other key next to
//! `total` is kept in `AvailabilityCount::extra`.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{AvailabilityCount, AvailabilityRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Counts the available slots.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CountAvailability {
    body: RequestBody<AvailabilityRequest>,
}

impl CountAvailability {
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

impl Operation for CountAvailability {
    type Output = AvailabilityCount;
    const NAME: &'static str = "count_availability";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/availability/count";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> CountAvailability {
        CountAvailability::new(
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
            "https://api.timekit.invalid/v2/availability/count"
        );
        assert_eq!(
            body_json(&op()),
            Some(
                json!({"project_id": "P", "from": "2030-03-04T00:00:00+01:00",
                        "to": "2030-03-09T00:00:00+01:00", "length": "30 minutes"})
            )
        );
        let by_resources = CountAvailability::new(AvailabilityRequest::new(["r1"]));
        assert_eq!(body_json(&by_resources), Some(json!({"resources": ["r1"]})));
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CountAvailability::from_json(json!({"resources": ["r1"], "length": null}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"resources": ["r1"], "length": null}))
        );
        let bad = CountAvailability::from_json(json!(["r1"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_documented_answer() {
        let parsed = op()
            .parse_response(response(200, &fixture("availability_count.json")))
            .unwrap();
        assert_eq!(parsed.total, 80);
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            fixture_json("availability_count.json")["data"]
        );
    }

    error_contract_tests!(op());
}
