//! `GET /projects/hosted/{slug}` — the project behind a hosted booking page, by slug.
//!
//! Confidence: CONFIRMED (`timekit-api-more.md` §5.2.1): booking.js calls it with no
//! credentials and reads the widget key (`app_key`) from the answer. The client still sends
//! whatever auth it is configured with; Timekit does not require it here.

use timekit_model::Project;

use crate::Operation;

/// Reads the project of hosted page `slug` (`book.timekit.io/<slug>`).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetHostedProject {
    slug: String,
}

impl GetHostedProject {
    /// Reads the project with slug `slug`.
    pub fn new(slug: impl Into<String>) -> Self {
        Self { slug: slug.into() }
    }
}

impl Operation for GetHostedProject {
    type Output = Project;
    const NAME: &'static str = "get_hosted_project";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/projects/hosted/{slug}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("project slug", &self.slug)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = GetHostedProject::new("my-widget-slug");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            "https://api.timekit.invalid/v2/projects/hosted/my-widget-slug"
        );
        assert!(request.body().is_empty());
    }

    #[test]
    fn bad_slugs_are_refused() {
        for bad in ["", "a/b", "..", "x?y", "x#y"] {
            assert_eq!(
                refused_id_field(&GetHostedProject::new(bad)),
                Some("project slug"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_the_booking_js_mock_with_the_widget_key() {
        let project = GetHostedProject::new("my-widget-slug")
            .parse_response(response(200, &fixture("project_hosted.json")))
            .unwrap();
        assert_eq!(project.id.as_str(), "12345");
        assert_eq!(
            project.app_key.as_deref(),
            Some("XT1JO879JF1qUXXzmETD5ucgxaDwsFsd")
        );
        assert_eq!(
            serde_json::to_value(&project).unwrap(),
            fixture_json("project_hosted.json")["data"]
        );
    }

    error_contract_tests!(GetHostedProject::new("my-widget-slug"));
}
