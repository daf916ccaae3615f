//! `PUT /templates/{slug}` — change an e-mail template (partial update).
//!
//! Confidence: path CONFIRMED (SDK `updateEmailTemplate({slug, …})`, slug moved from the body to
//! the path); body and answer unknown: 204 or a body without `data` is `None`, `{"data": Template}`
//! is `Some` (`docs/api-decisions.md`, "Rest of the API (issue 16)").

use bytes::Bytes;
use timekit_model::{Template, UpdateTemplateRequest};

use crate::update::update_operation;
use crate::{BuildError, Operation};

update_operation! {
    /// Updates an e-mail template by slug.
    UpdateEmailTemplate { id: String, body: UpdateTemplateRequest },
    applies_to: "the template with slug `slug`"
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
    fn request_mapping() {
        assert_update_requests(
            &format!("{BASE}/templates/booking_created_customer"),
            UpdateEmailTemplate::new("booking_created_customer", UpdateTemplateRequest::new()),
            |body| UpdateEmailTemplate::from_json("booking_created_customer", body),
            UpdateEmailTemplate::new("a/b", UpdateTemplateRequest::new()),
            "template slug",
        );
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
