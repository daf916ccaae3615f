//! `POST /findtime/bulk` — several legacy findtime queries at once (deprecated).
//!
//! Confidence: only the path is CONFIRMED (SDK `findTimeBulk`). The body `{"queries": [...]}` and
//! the answer `{"data": [[slot, …], …]}` (one list per query, in order) are this client's DECISION
//! (`docs/api-decisions.md`, "Rest of the API (issue 16)"); `from_json` sends anything else.
//! Deprecated by Timekit ("use POST /availability"); kept for callers migrating from the SDK.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{FindTimeBulkRequest, FindTimeSlot};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Runs several findtime queries (legacy).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct FindTimeBulk {
    body: RequestBody<FindTimeBulkRequest>,
}

impl FindTimeBulk {
    /// Runs the queries of `request`.
    pub fn new(request: FindTimeBulkRequest) -> Self {
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

impl Operation for FindTimeBulk {
    type Output = Vec<Vec<FindTimeSlot>>;
    const NAME: &'static str = "find_time_bulk";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/findtime/bulk";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::FindTimeRequest;

    fn op() -> FindTimeBulk {
        FindTimeBulk::new(FindTimeBulkRequest::new().query(FindTimeRequest::new().resource(ID)))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/findtime/bulk"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(json!({"queries": [{"resource_ids": [ID]}]}))
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = FindTimeBulk::from_json(json!({"queries": []}));
        assert_eq!(body_json(&raw), Some(json!({"queries": []})));
        let bad = FindTimeBulk::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_fixture() {
        for status in [200, 201] {
            let value = op()
                .parse_response(response(status, &fixture("findtime_bulk.json")))
                .unwrap();
            let expected = fixture_json("findtime_bulk.json");
            assert_eq!(value.len(), expected["data"].as_array().unwrap().len());
            assert!(value[1].is_empty());
        }
    }

    error_contract_tests!(op());
}
