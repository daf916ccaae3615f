//! Credentials (`/credentials`, `timekit-api-more.md` §5.11): the legacy resource-level keys
//! (`client-token` for front ends, historic `server-token`). Legacy (tier C).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::{CredentialId, ResourceId};
use crate::timestamp::Timestamp;

/// A credential. Only `id` is always present; the field set beyond it is a guess (the
/// reference has no answer), everything else is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    /// The credential id.
    pub id: CredentialId,
    /// Kind: `client-token` or `server-token` (kept as written).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Scopes (`"widget"`; a string or a list, kept as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Value>,
    /// Free description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The token itself (a secret: the credential's password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The resource the credential belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<ResourceId>,
    /// When the credential was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the credential was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /credentials`: `{"type": "client-token", "scopes": "widget", "description"}`
/// (the one known call, made authenticated as the resource).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateCredentialRequest {
    /// Kind: `client-token` or `server-token`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Scopes, e.g. `"widget"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
    /// Free description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateCredentialRequest {
    /// A credential of kind `kind` (`client-token`, `server-token`).
    pub fn new(kind: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            scopes: None,
            description: None,
            extra: Map::new(),
        }
    }

    /// A front-end-safe `client-token` with scope `widget` (what booking.js v1 used).
    pub fn widget_client_token() -> Self {
        Self::new("client-token").scopes("widget")
    }

    /// Sets the scopes.
    pub fn scopes(mut self, scopes: impl Into<String>) -> Self {
        self.scopes = Some(scopes.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_gist_body() {
        let body = CreateCredentialRequest::widget_client_token().description("booking widget");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"type": "client-token", "scopes": "widget", "description": "booking widget"})
        );
    }

    #[test]
    fn scopes_may_be_a_string_or_a_list() {
        for scopes in [json!("widget"), json!(["widget", "bookings"])] {
            let value = json!({"id": "c1", "type": "client-token", "scopes": scopes});
            let credential: Credential = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(credential.kind.as_deref(), Some("client-token"));
            assert_eq!(serde_json::to_value(&credential).unwrap(), value);
        }
    }
}
