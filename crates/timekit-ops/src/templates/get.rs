//! `GET /templates/{slug}` — one e-mail template.
//!
//! Confidence: path CONFIRMED (SDK `getEmailTemplate(slug)`); answer `{"data": Template}` INFERRED
//! (`docs/api-decisions.md`, "Rest of the API (issue 16)").

use timekit_model::Template;

use crate::Operation;

/// Reads one e-mail template.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetEmailTemplate {
    id: String,
}

impl GetEmailTemplate {
    /// Reads the template with slug `slug`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for GetEmailTemplate {
    type Output = Template;
    const NAME: &'static str = "get_email_template";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/templates/{slug}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("template slug", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = GetEmailTemplate::new("booking_created_customer");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            &*format!("{BASE}/templates/booking_created_customer")
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&GetEmailTemplate::new("a/b")),
            Some("template slug")
        );
    }

    #[test]
    fn parses_the_fixture() {
        let value = GetEmailTemplate::new("booking_created_customer")
            .parse_response(response(200, &fixture("template.json")))
            .unwrap();
        let expected = fixture_json("template.json");
        assert_eq!(value.slug.as_deref(), expected["data"]["slug"].as_str());
    }

    error_contract_tests!(GetEmailTemplate::new("booking_created_customer"));
}
