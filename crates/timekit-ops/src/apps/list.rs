//! `GET /apps` — the apps of the signed-in user.
//!
//! Confidence: CONFIRMED (SDK `getApps`, 2015 mock `{"data": [App]}`, `timekit-api-more.md` §5.13).
//! "Requests to this endpoint must be user-authenticated" (resource key: a facade concern). The
//! items are [`App`] objects like `GET /app` (`contact_email`/`contact_name` in `extra`).

use timekit_model::App;

use crate::Operation;

/// Lists apps.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListApps {}

impl ListApps {
    /// The whole list.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Operation for ListApps {
    type Output = Vec<App>;
    const NAME: &'static str = "list_apps";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/apps";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = ListApps::new();
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/apps"));
        assert!(request.body().is_empty());
    }

    #[test]
    fn parses_the_fixture() {
        let value = ListApps::new()
            .parse_response(response(200, &fixture("apps.json")))
            .unwrap();
        let expected = fixture_json("apps.json");
        assert_eq!(value[0].slug, expected["data"][0]["slug"]);
        assert_eq!(value[0].name(), Some("TestApplication"));
    }

    #[test]
    fn paginator_keys_next_to_data_are_ignored() {
        let value = ListApps::new()
            .parse_response(response(
                200,
                r#"{"data": [], "current_page": 1, "last_page": 1}"#,
            ))
            .unwrap();
        assert!(value.is_empty());
    }

    error_contract_tests!(ListApps::new());
}
