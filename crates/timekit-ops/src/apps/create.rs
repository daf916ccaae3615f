//! `POST /apps` — create an app.
//!
//! Confidence: path and the answer 201 `{"data": App}` CONFIRMED (2015 SDK mock); the body (`name`,
//! `settings`) is a DECISION (`docs/api-decisions.md`, "Rest of the API (issue 16)").
//! User-authenticated (facade).

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{App, CreateAppRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Creates an app.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateApp {
    body: RequestBody<CreateAppRequest>,
}

impl CreateApp {
    /// Creates the app described by `request`.
    pub fn new(request: CreateAppRequest) -> Self {
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

impl Operation for CreateApp {
    type Output = App;
    const NAME: &'static str = "create_app";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/apps";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> CreateApp {
        CreateApp::new(CreateAppRequest::new("Test 121"))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/apps"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op()), Some(json!({"name": "Test 121"})));
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateApp::from_json(json!({"name": "X", "settings": {"disableEmail": true}}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"name": "X", "settings": {"disableEmail": true}}))
        );
        let bad = CreateApp::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_fixture() {
        for status in [200, 201] {
            let value = op()
                .parse_response(response(status, &fixture("app.json")))
                .unwrap();
            let expected = fixture_json("app.json");
            assert_eq!(value.slug, expected["data"]["slug"]);
        }
    }

    error_contract_tests!(op());
}
