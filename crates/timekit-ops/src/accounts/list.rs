//! `GET /accounts` — the resource's connected Google/Microsoft accounts (legacy).
//!
//! Confidence: CONFIRMED (SDK `getAccounts`, 2015 mock `{"data": [{provider, provider_id,
//! last_sync}]}`, `timekit-api-more.md` §5.12). Resource-authenticated in Timekit (facade).

use timekit_model::Account;

use crate::Operation;

/// Lists connected accounts.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListAccounts {}

impl ListAccounts {
    /// The whole list.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Operation for ListAccounts {
    type Output = Vec<Account>;
    const NAME: &'static str = "list_accounts";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/accounts";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = ListAccounts::new();
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/accounts"));
        assert!(request.body().is_empty());
    }

    #[test]
    fn parses_the_fixture() {
        let value = ListAccounts::new()
            .parse_response(response(200, &fixture("accounts.json")))
            .unwrap();
        let expected = fixture_json("accounts.json");
        assert_eq!(value.len(), 2);
        assert_eq!(
            value[0].provider_id.as_deref(),
            expected["data"][0]["provider_id"].as_str()
        );
    }

    #[test]
    fn paginator_keys_next_to_data_are_ignored() {
        let value = ListAccounts::new()
            .parse_response(response(
                200,
                r#"{"data": [], "current_page": 1, "last_page": 1}"#,
            ))
            .unwrap();
        assert!(value.is_empty());
    }

    error_contract_tests!(ListAccounts::new());
}
