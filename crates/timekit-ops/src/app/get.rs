//! `GET /app` — the app the API key belongs to.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.1). Query: `include` (e.g. `app_token`).

use timekit_model::App;

use crate::Operation;
use crate::include::Includes;

/// Reads the current app.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct GetApp {
    include: Includes,
}

impl GetApp {
    /// Reads the app.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for GetApp {
    type Output = App;
    const NAME: &'static str = "get_app";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/app";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.include.to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = GetApp::new();
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/app");
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
        assert_eq!(request.headers()["accept"], "application/json");
    }

    #[test]
    fn include_is_a_comma_list() {
        let op = GetApp::new().include("app_token").include("settings");
        assert_eq!(
            uri(&op),
            "https://api.timekit.invalid/v2/app?include=app_token,settings"
        );
    }

    #[test]
    fn parses_the_documented_app() {
        let app = GetApp::new()
            .parse_response(response(200, &fixture("app.json")))
            .unwrap();
        let expected = fixture_json("app.json");
        assert_eq!(app.id.as_str(), expected["data"]["id"]);
        assert_eq!(app.slug, "my-app");
        assert_eq!(app.test_mode, Some(true));
        assert_eq!(app.name(), Some("My App"));
        assert_eq!(serde_json::to_value(&app).unwrap(), expected["data"]);
    }

    error_contract_tests!(GetApp::new());
}
