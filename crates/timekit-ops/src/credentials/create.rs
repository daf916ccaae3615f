//! `POST /credentials` — create a resource credential (legacy).
//!
//! Confidence: path and body `{"type": "client-token", "scopes": "widget", "description"}`
//! CONFIRMED-third-party (a 2018 gist, `timekit-api-more.md` §5.11), called authenticated as the
//! resource (Basic `email:token` + `Timekit-App`: a facade concern, nothing here); the answer
//! `{"data": Credential}` read by the gist; its fields INFERRED. 200 and 201 accepted.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{CreateCredentialRequest, Credential};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Creates a credential.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateCredential {
    body: RequestBody<CreateCredentialRequest>,
}

impl CreateCredential {
    /// Creates the credential described by `request`.
    pub fn new(request: CreateCredentialRequest) -> Self {
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

impl Operation for CreateCredential {
    type Output = Credential;
    const NAME: &'static str = "create_credential";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/credentials";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> CreateCredential {
        CreateCredential::new(CreateCredentialRequest::widget_client_token())
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/credentials"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(json!({"type": "client-token", "scopes": "widget"}))
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateCredential::from_json(json!({"type": "server-token"}));
        assert_eq!(body_json(&raw), Some(json!({"type": "server-token"})));
        let bad = CreateCredential::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_fixture() {
        for status in [200, 201] {
            let value = op()
                .parse_response(response(status, &fixture("credential.json")))
                .unwrap();
            let expected = fixture_json("credential.json");
            assert_eq!(value.id.as_str(), expected["data"]["id"]);
        }
    }

    error_contract_tests!(op());
}
