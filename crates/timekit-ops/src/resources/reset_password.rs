//! `POST /resources/resetpassword` — send a resource a password-reset e-mail (legacy).
//!
//! Confidence: path CONFIRMED (SDK `resetResourcePassword`); body `{"email"}` INFERRED from the
//! legacy `/users/resetpassword`; status unknown: any 2xx with or without a JSON body is success,
//! output `()` (`docs/api-decisions.md`, "Rest of the API (issue 16)").

use bytes::Bytes;
use serde_json::Value;
use timekit_model::ResetResourcePasswordRequest;

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Asks for a password-reset e-mail.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ResetResourcePassword {
    body: RequestBody<ResetResourcePasswordRequest>,
}

impl ResetResourcePassword {
    /// Sends the reset e-mail to `request.email`.
    pub fn new(request: ResetResourcePasswordRequest) -> Self {
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

impl Operation for ResetResourcePassword {
    type Output = ();
    const NAME: &'static str = "reset_resource_password";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/resources/resetpassword";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> ResetResourcePassword {
        ResetResourcePassword::new(ResetResourcePasswordRequest::new("doc@example.com"))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/resources/resetpassword"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op()), Some(json!({"email": "doc@example.com"})));
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = ResetResourcePassword::from_json(json!({"email": "a@b.c", "redirect": "x"}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"email": "a@b.c", "redirect": "x"}))
        );
        let bad = ResetResourcePassword::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = op();
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"meta": {"message": "sent"}}"#))
            .unwrap();
    }

    error_contract_tests!(op());
}
