//! `POST /app/invite` — add a Timekit user who already exists (by e-mail) to this app.
//!
//! Confidence: path from two third-party clients; Timekit's doc slug (`appsinvite`) suggests
//! `/apps/invite`, so the path is overridable with [`InviteToApp::with_path`]. The answer may
//! or may not carry the resource (`timekit-api.md` §4.2, §10), so the output is optional.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{InviteRequest, Resource};

use crate::body::RequestBody;
use crate::segment::encode_path;
use crate::{BuildError, Operation};

/// Invites a resource into the app by e-mail.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct InviteToApp {
    body: RequestBody<InviteRequest>,
    path: Option<String>,
}

impl InviteToApp {
    /// Invites `email`.
    pub fn new(email: impl Into<String>) -> Self {
        Self::from_request(InviteRequest::new(email))
    }

    /// Sends a typed request.
    pub fn from_request(request: InviteRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
            path: None,
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
            path: None,
        }
    }

    /// Posts to another path below the base (e.g. `apps/invite`).
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl Operation for InviteToApp {
    type Output = Option<Resource>;
    const NAME: &'static str = "invite_to_app";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/app/invite";

    /// The one operation that overrides the provided path: Timekit's doc slug disagrees with
    /// the path two clients use (`docs/api-decisions.md`), so a caller may point it elsewhere.
    /// Without an override the path is the template's, like every other operation's.
    fn path(&self) -> Result<String, BuildError> {
        match &self.path {
            None => crate::segment::fill_template(Self::PATH_TEMPLATE, &[]),
            Some(path) => encode_path("invite path", path),
        }
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

    #[test]
    fn minimal_request() {
        let op = InviteToApp::new("jane@example.com");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/app/invite");
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op), Some(json!({"email": "jane@example.com"})));
    }

    #[test]
    fn path_can_be_overridden() {
        let op = InviteToApp::new("jane@example.com").with_path("/apps/invite");
        assert_eq!(uri(&op), "https://api.timekit.invalid/v2/apps/invite");
    }

    #[test]
    fn overridden_path_cannot_escape() {
        let op = InviteToApp::new("jane@example.com").with_path("app/../admin");
        assert_eq!(refused_id_field(&op), Some("invite path"));
    }

    #[test]
    fn raw_json_body_is_sent_as_given() {
        let op = InviteToApp::from_json(json!({"email": "a@b.c", "role": "admin"}));
        assert_eq!(
            body_json(&op),
            Some(json!({"email": "a@b.c", "role": "admin"}))
        );
    }

    #[test]
    fn array_body_is_refused() {
        let op = InviteToApp::from_json(json!([{"email": "a@b.c"}]));
        assert_eq!(
            op.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn answer_with_a_resource() {
        let op = InviteToApp::new("jane@example.com");
        let resource = op
            .parse_response(response(200, &fixture("resource.json")))
            .unwrap()
            .unwrap();
        assert_eq!(
            resource.id.as_str(),
            fixture_json("resource.json")["data"]["id"]
        );
        let created = op
            .parse_response(response(201, &fixture("resource.json")))
            .unwrap();
        assert!(created.is_some());
    }

    #[test]
    fn answer_without_a_body() {
        let op = InviteToApp::new("jane@example.com");
        assert_eq!(op.parse_response(response(204, "")).unwrap(), None);
        assert_eq!(op.parse_response(response(200, "")).unwrap(), None);
        assert_eq!(
            op.parse_response(response(200, r#"{"meta": {"message": "Invitation sent"}}"#))
                .unwrap(),
            None
        );
    }

    error_contract_tests!(InviteToApp::new("jane@example.com"));
}
