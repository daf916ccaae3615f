//! `POST /unavailable/slots` — the slots in which the resources are *not* free.
//!
//! Confidence: path and body CONFIRMED (`timekit-api-more.md` §5.4.3: `/availability`'s
//! parameters plus `output_timezone`); the answer `{"data": [Slot]}`, the item shape of
//! `/availability`, CONFIRMED by a third-party schema; not paginated (INFERRED). Note the
//! path: `/unavailable/slots`, not under `/availability`.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{AvailabilityRequest, Slot};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Queries the unavailable slots.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct QueryUnavailableSlots {
    body: RequestBody<AvailabilityRequest>,
}

impl QueryUnavailableSlots {
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

impl Operation for QueryUnavailableSlots {
    type Output = Vec<Slot>;
    const NAME: &'static str = "query_unavailable_slots";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/unavailable/slots";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> QueryUnavailableSlots {
        QueryUnavailableSlots::new(
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
            "https://api.timekit.invalid/v2/unavailable/slots"
        );
        assert_eq!(
            body_json(&op()),
            Some(
                json!({"project_id": "P", "from": "2030-03-04T00:00:00+01:00",
                        "to": "2030-03-09T00:00:00+01:00", "length": "30 minutes"})
            )
        );
        let by_resources = QueryUnavailableSlots::new(AvailabilityRequest::new(["r1"]));
        assert_eq!(body_json(&by_resources), Some(json!({"resources": ["r1"]})));
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = QueryUnavailableSlots::from_json(json!({"resources": ["r1"], "length": null}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"resources": ["r1"], "length": null}))
        );
        let bad = QueryUnavailableSlots::from_json(json!(["r1"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_documented_answer() {
        let parsed = op()
            .parse_response(response(200, &fixture("unavailable_slots.json")))
            .unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].resources.len(), 2);
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            fixture_json("unavailable_slots.json")["data"]
        );
    }

    error_contract_tests!(op());
}
