//! `PUT /apps/{slug}` — change an app's settings.
//!
//! Confidence: CONFIRMED (SDK `updateApp` by slug; body `{"settings": {...}}` and 204 per the docs
//! and the 2015 mock, `timekit-api-more.md` §5.13). Any 2xx, with or without a JSON body, is
//! success; the output is `()`. User-authenticated (facade).

use bytes::Bytes;
use serde_json::Value;
use timekit_model::UpdateAppRequest;

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates an app by slug.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateApp {
    id: String,
    body: RequestBody<UpdateAppRequest>,
}

impl UpdateApp {
    /// Applies `request` to the app with slug `slug`.
    pub fn new(id: impl Into<String>, request: UpdateAppRequest) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(id: impl Into<String>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for UpdateApp {
    type Output = ();
    const NAME: &'static str = "update_app";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/apps/{slug}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("app slug", self.id.as_str())]
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
    fn minimal_request_sends_an_empty_object() {
        let op = UpdateApp::new("my-app", UpdateAppRequest::new());
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(request.uri(), &*format!("{BASE}/apps/my-app"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let op = UpdateApp::new("my-app", UpdateAppRequest::new().disable_email(true));
        assert_eq!(
            body_json(&op),
            Some(json!({"settings": {"disableEmail": true}}))
        );
        let raw = UpdateApp::from_json("my-app", json!({"legacy": true}));
        assert_eq!(body_json(&raw), Some(json!({"legacy": true})));
    }

    #[test]
    fn bad_input_is_refused() {
        let bad_id = UpdateApp::new("a/b", UpdateAppRequest::new());
        assert_eq!(refused_id_field(&bad_id), Some("app slug"));
        let array = UpdateApp::from_json("my-app", json!([]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn no_content_and_a_body_are_both_success() {
        let op = UpdateApp::new("my-app", UpdateAppRequest::new());
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
    }

    error_contract_tests!(UpdateApp::new("my-app", UpdateAppRequest::new()));
}
