//! `POST /locations` — create a location.
//!
//! Confidence: path and body CONFIRMED by a third-party suite against the live API, which
//! asserts 201 (`timekit-api-more.md` §5.5); the answer `{"data": Location}` is INFERRED.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{CreateLocationRequest, Location};

use crate::body::RequestBody;
use crate::include::Includes;
use crate::{BuildError, Operation};

/// Creates a location.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateLocation {
    body: RequestBody<CreateLocationRequest>,
    include: Includes,
}

impl CreateLocation {
    /// Creates the location described by `request`.
    pub fn new(request: CreateLocationRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
            include: Includes::default(),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include (`projects`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for CreateLocation {
    type Output = Location;
    const NAME: &'static str = "create_location";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/locations";

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

    fn op() -> CreateLocation {
        CreateLocation::new(CreateLocationRequest::new("Toronto"))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/locations");
        assert_eq!(body_json(&op()), Some(json!({"name": "Toronto"})));
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&op().include("projects")),
            "https://api.timekit.invalid/v2/locations?include=projects"
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateLocation::from_json(json!({"name": "X", "custom": 1}));
        assert_eq!(body_json(&raw), Some(json!({"name": "X", "custom": 1})));
        let bad = CreateLocation::from_json(json!([]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn created_and_ok_both_decode() {
        for status in [200, 201] {
            let location = op()
                .parse_response(response(status, &fixture("location.json")))
                .unwrap();
            assert_eq!(location.name.as_deref(), Some("Toronto"));
        }
    }

    error_contract_tests!(op());
}
