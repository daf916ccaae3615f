//! `POST /auth` (`timekit-api-more.md` §5.11): trade a resource's e-mail and password for its
//! API token — the legacy resource-key ("user") authentication of booking.js v1.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Body of `POST /auth`. `Debug` does not show the password.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct AuthRequest {
    /// The resource's login e-mail.
    pub email: String,
    /// The resource's password.
    pub password: String,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AuthRequest {
    /// Signs in as `email` with `password`.
    pub fn new(email: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            password: password.into(),
            extra: Map::new(),
        }
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

impl fmt::Debug for AuthRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthRequest")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("extra", &self.extra)
            .finish()
    }
}

/// The answer of `POST /auth`: the signed-in resource ("user" in 2015) with its API token.
/// `email` is always present; `Debug` does not show the token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthUser {
    /// The resource's login e-mail (with the token, the Basic credentials `email:token`).
    pub email: String,
    /// The API token (the SDK also reads `apiToken`; see [`AuthUser::token`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_token: Option<String>,
    /// The resource id (a token-like string in the 2015 answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Whether the account is activated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated: Option<bool>,
    /// Fields this crate does not model (`img`, `last_sync` …), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AuthUser {
    /// The API token: `api_token`, else a string `apiToken` (the SDK reads both).
    pub fn token(&self) -> Option<&str> {
        self.api_token
            .as_deref()
            .or_else(|| self.extra.get("apiToken")?.as_str())
    }
}

impl fmt::Debug for AuthUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthUser")
            .field("email", &self.email)
            .field("api_token", &self.api_token.as_ref().map(|_| "<redacted>"))
            .field("id", &self.id)
            .field("name", &self.name)
            .field("timezone", &self.timezone)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_and_debug_without_the_password() {
        let body = AuthRequest::new("doc@example.com", "s3cret");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"email": "doc@example.com", "password": "s3cret"})
        );
        assert!(!format!("{body:?}").contains("s3cret"));
    }

    #[test]
    fn token_from_either_spelling_and_not_in_debug() {
        let user: AuthUser =
            serde_json::from_value(json!({"email": "a@b.c", "api_token": "tok-1"})).unwrap();
        assert_eq!(user.token(), Some("tok-1"));
        assert!(!format!("{user:?}").contains("tok-1"));
        let camel: AuthUser =
            serde_json::from_value(json!({"email": "a@b.c", "apiToken": "tok-2"})).unwrap();
        assert_eq!(camel.token(), Some("tok-2"));
        assert!(serde_json::from_value::<AuthUser>(json!({"api_token": "t"})).is_err());
    }
}
