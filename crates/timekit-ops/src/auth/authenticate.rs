//! `POST /auth` — trade e-mail and password for a resource's API token (legacy).
//!
//! Confidence: CONFIRMED (SDK `auth` and its 2015 tests, `timekit-api-more.md` §5.11): 200
//! `{"data": {email, api_token, …}}`; wrong credentials → 401
//! `{"error": {"message": "Email and password does not match any user"}}` (read as
//! `IncorrectCredentials`). Resource-key auth is deprecated by Timekit ("only relevant for
//! Booking.js v1"); using the token (Basic `email:token` + `Timekit-App`) is the facade's job.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{AuthRequest, AuthUser};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Signs a resource in (legacy).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Authenticate {
    body: RequestBody<AuthRequest>,
}

impl Authenticate {
    /// Signs in with `request`'s e-mail and password.
    pub fn new(request: AuthRequest) -> Self {
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

impl Operation for Authenticate {
    type Output = AuthUser;
    const NAME: &'static str = "authenticate";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/auth";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> Authenticate {
        Authenticate::new(AuthRequest::new("doc.brown@timekit.io", "s3cret"))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/auth"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(json!({"email": "doc.brown@timekit.io", "password": "s3cret"}))
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = Authenticate::from_json(json!({"email": "a@b.c", "password": "p", "app": "x"}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"email": "a@b.c", "password": "p", "app": "x"}))
        );
        let bad = Authenticate::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_fixture() {
        for status in [200, 201] {
            let value = op()
                .parse_response(response(status, &fixture("auth_user.json")))
                .unwrap();
            let expected = fixture_json("auth_user.json");
            assert_eq!(value.email, expected["data"]["email"]);
            assert_eq!(value.token(), expected["data"]["api_token"].as_str());
        }
    }

    error_contract_tests!(op());
}
