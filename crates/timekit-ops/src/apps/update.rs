//! `PUT /apps/{slug}` — change an app's settings.
//!
//! Confidence: CONFIRMED (SDK `updateApp` by slug; body `{"settings": {...}}` and 204 per the docs
//! and the 2015 mock, `timekit-api-more.md` §5.13). Any 2xx, with or without a JSON body, is
//! success; the output is `()`. User-authenticated (facade).

use bytes::Bytes;
use timekit_model::UpdateAppRequest;

use crate::update::update_operation;
use crate::{BuildError, Operation};

update_operation! {
    /// Updates an app by slug.
    UpdateApp { id: String, body: UpdateAppRequest },
    applies_to: "the app with slug `slug`"
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
    fn request_mapping() {
        assert_update_requests(
            &format!("{BASE}/apps/my-app"),
            UpdateApp::new("my-app", UpdateAppRequest::new()),
            |body| UpdateApp::from_json("my-app", body),
            UpdateApp::new("a/b", UpdateAppRequest::new()),
            "app slug",
        );
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
    fn no_content_and_a_body_are_both_success() {
        let op = UpdateApp::new("my-app", UpdateAppRequest::new());
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
    }

    error_contract_tests!(UpdateApp::new("my-app", UpdateAppRequest::new()));
}
