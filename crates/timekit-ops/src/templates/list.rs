//! `GET /templates` — the app's e-mail templates.
//!
//! Confidence: path CONFIRMED (SDK `getEmailTemplates`, added 2023); the answer `{"data":
//! [Template]}` INFERRED and the template object unknown (every field optional,
//! `docs/api-decisions.md`, "Rest of the API (issue 16)").

use timekit_model::Template;

use crate::Operation;

/// Lists e-mail templates.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListEmailTemplates {}

impl ListEmailTemplates {
    /// The whole list.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Operation for ListEmailTemplates {
    type Output = Vec<Template>;
    const NAME: &'static str = "list_email_templates";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/templates";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = ListEmailTemplates::new();
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/templates"));
        assert!(request.body().is_empty());
    }

    #[test]
    fn parses_the_fixture() {
        let value = ListEmailTemplates::new()
            .parse_response(response(200, &fixture("templates.json")))
            .unwrap();
        let expected = fixture_json("templates.json");
        assert_eq!(value.len(), 2);
        assert_eq!(
            value[0].slug.as_deref(),
            expected["data"][0]["slug"].as_str()
        );
    }

    #[test]
    fn paginator_keys_next_to_data_are_ignored() {
        let value = ListEmailTemplates::new()
            .parse_response(response(
                200,
                r#"{"data": [], "current_page": 1, "last_page": 1}"#,
            ))
            .unwrap();
        assert!(value.is_empty());
    }

    error_contract_tests!(ListEmailTemplates::new());
}
