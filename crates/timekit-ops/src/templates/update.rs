//! `PUT /templates/{slug}` — change an e-mail template (partial update).
//!
//! Confidence: path CONFIRMED (SDK `updateEmailTemplate({slug, …})`, slug moved from the body to
//! the path); body and answer unknown: 204 or a body without `data` is `None`, `{"data": Template}`
//! is `Some` (`docs/api-decisions.md`, "Rest of the API (issue 16)").

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Template, UpdateTemplateRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates an e-mail template by slug.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateEmailTemplate {
    id: String,
    body: RequestBody<UpdateTemplateRequest>,
}

impl UpdateEmailTemplate {
    /// Applies `request` to the template with slug `slug`.
    pub fn new(id: impl Into<String>, request: UpdateTemplateRequest) -> Self {
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

impl Operation for UpdateEmailTemplate {
    type Output = Option<Template>;
    const NAME: &'static str = "update_email_template";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/templates/{slug}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("template slug", self.id.as_str())]
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
        let op = UpdateEmailTemplate::new("booking_created_customer", UpdateTemplateRequest::new());
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            &*format!("{BASE}/templates/booking_created_customer")
        );
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let op = UpdateEmailTemplate::new(
            "booking_created_customer",
            UpdateTemplateRequest::new().subject("Booked!"),
        );
        assert_eq!(body_json(&op), Some(json!({"subject": "Booked!"})));
        let raw =
            UpdateEmailTemplate::from_json("booking_created_customer", json!({"legacy": true}));
        assert_eq!(body_json(&raw), Some(json!({"legacy": true})));
    }

    #[test]
    fn bad_input_is_refused() {
        let bad_id = UpdateEmailTemplate::new("a/b", UpdateTemplateRequest::new());
        assert_eq!(refused_id_field(&bad_id), Some("template slug"));
        let array = UpdateEmailTemplate::from_json("booking_created_customer", json!([]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn no_content_or_the_changed_object() {
        let op = UpdateEmailTemplate::new("booking_created_customer", UpdateTemplateRequest::new());
        assert_eq!(op.parse_response(response(204, "")).unwrap(), None);
        let value = op
            .parse_response(response(200, &fixture("template.json")))
            .unwrap()
            .unwrap();
        let expected = fixture_json("template.json");
        assert_eq!(value.slug.as_deref(), expected["data"]["slug"].as_str());
    }

    error_contract_tests!(UpdateEmailTemplate::new(
        "booking_created_customer",
        UpdateTemplateRequest::new()
    ));
}
