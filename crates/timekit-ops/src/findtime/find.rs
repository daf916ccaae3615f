//! `POST /findtime` — legacy mutual availability (deprecated).
//!
//! Confidence: path and body CONFIRMED (`timekit-api-more.md` §5.10); answer `{"data": [{start,
//! end}]}` CONFIRMED by the SDK and booking.js mocks (2015 times had no offset, so they stay text).
//! Deprecated by Timekit ("use POST /availability"); kept for callers migrating from the SDK.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{FindTimeRequest, FindTimeSlot};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Finds free time (legacy).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct FindTime {
    body: RequestBody<FindTimeRequest>,
}

impl FindTime {
    /// Finds free time as `request` describes.
    pub fn new(request: FindTimeRequest) -> Self {
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

impl Operation for FindTime {
    type Output = Vec<FindTimeSlot>;
    const NAME: &'static str = "find_time";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/findtime";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> FindTime {
        FindTime::new(
            FindTimeRequest::new()
                .email("marty@example.com")
                .future("2 weeks"),
        )
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/findtime"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(json!({"emails": ["marty@example.com"], "future": "2 weeks"}))
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = FindTime::from_json(json!({"emails": ["a@b.c"], "filters": {"or": []}}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"emails": ["a@b.c"], "filters": {"or": []}}))
        );
        let bad = FindTime::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_fixture() {
        for status in [200, 201] {
            let value = op()
                .parse_response(response(status, &fixture("findtime_slots.json")))
                .unwrap();
            let expected = fixture_json("findtime_slots.json");
            assert_eq!(value.len(), expected["data"].as_array().unwrap().len());
            assert_eq!(value[0].start, "2015-03-24 15:00:00");
        }
    }

    error_contract_tests!(op());
}
