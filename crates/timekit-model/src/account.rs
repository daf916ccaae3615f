//! Accounts (`/accounts`, `timekit-api-more.md` §5.12): a resource's Google/Microsoft calendar
//! connections and the answer of a sync. Legacy (tier C).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A connected calendar account: `{"provider": "google", "provider_id": "…@gmail.com",
/// "last_sync": "2015-03-17 15:51:43"}`. Nothing is required (the mock has no id).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Account {
    /// `google` or `microsoft` (kept as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The provider's account id (an e-mail for Google).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    /// When it last synced, as written (the only sample has no offset, so it is not a
    /// `Timestamp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<String>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of a sync: `{"description": "Synced 25 events", "count": 25}` (the legacy
/// `GET /accounts/sync`; the POST routes' answer is unknown).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AccountSync {
    /// What happened, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Number of events synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_2015_mocks_round_trip() {
        let value = json!({"provider": "google", "provider_id": "timebirdcph@gmail.com",
                           "last_sync": "2015-03-17 15:51:43"});
        let account: Account = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(account.provider.as_deref(), Some("google"));
        assert_eq!(serde_json::to_value(&account).unwrap(), value);
        let value = json!({"description": "Synced 25 events", "count": 25});
        let sync: AccountSync = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(sync.count, Some(25));
        assert_eq!(serde_json::to_value(&sync).unwrap(), value);
    }
}
