//! `GET /webhooks` — the app's webhooks.
//!
//! Confidence: DECIDED (`docs/api-decisions.md`, "Webhooks (issue 19)"): `{"data": [...]}`,
//! not paginated (an app has few).

use timekit_model::Webhook;

use crate::Operation;

/// Lists the app's webhooks.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListWebhooks;

impl ListWebhooks {
    /// All webhooks of the app.
    pub fn new() -> Self {
        Self
    }
}

impl Operation for ListWebhooks {
    type Output = Vec<Webhook>;
    const NAME: &'static str = "list_webhooks";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/webhooks";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use timekit_model::Graph;

    #[test]
    fn minimal_request() {
        let request = request(&ListWebhooks::new());
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/webhooks"));
        assert!(request.body().is_empty());
    }

    #[test]
    fn parses_the_list() {
        let body = format!(
            r#"{{"data": [{{"id": "{ID}", "url": "http://127.0.0.1:9/", "graph": "instant",
                 "state": "confirmed", "method": "POST"}}]}}"#
        );
        let webhooks = ListWebhooks::new()
            .parse_response(response(200, &body))
            .unwrap();
        assert_eq!(webhooks.len(), 1);
        assert_eq!(webhooks[0].graph, Some(Graph::Instant));
    }

    error_contract_tests!(ListWebhooks::new());
}
