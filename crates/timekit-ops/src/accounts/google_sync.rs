//! `POST /accounts/sync` — start a sync of the resource's Google calendar account (legacy).
//!
//! Confidence: path CONFIRMED (SDK `accountGoogleSync`, no body, `timekit-api-more.md` §5.12); the
//! answer is unknown (the legacy `GET /accounts/sync` answered `{"data": {"description",
//! "count"}}`), so the output is optional: 204 or a body without `data` is `None`.
//! Resource-authenticated in Timekit (a facade concern).

use timekit_model::AccountSync;

use crate::Operation;

/// Starts a Google account sync.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct SyncGoogleAccount {}

impl SyncGoogleAccount {
    /// Starts the sync.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Operation for SyncGoogleAccount {
    type Output = Option<AccountSync>;
    const NAME: &'static str = "sync_google_account";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/accounts/sync";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    #[test]
    fn minimal_request_sends_an_empty_object() {
        let op = SyncGoogleAccount::new();
        let request = request(&op);
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/accounts/sync"));
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn no_content_or_the_sync_summary() {
        let op = SyncGoogleAccount::new();
        assert_eq!(op.parse_response(response(204, "")).unwrap(), None);
        let sync = op
            .parse_response(response(200, &fixture("account_sync.json")))
            .unwrap()
            .unwrap();
        assert_eq!(sync.count, Some(25));
    }

    error_contract_tests!(SyncGoogleAccount::new());
}
