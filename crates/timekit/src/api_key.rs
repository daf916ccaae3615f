//! `ApiKey`: the app API key, redacted everywhere it could be printed.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderValue;

/// A Timekit app API key (`live_api_key_…` or `test_api_key_…`).
///
/// `Debug` and `Display` print `ApiKey(<redacted>)` / `<redacted>`, so a key inside a
/// config struct, a log line or a panic message does not leak. The key itself is only
/// reachable through [`ApiKey::expose_secret`].
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key in clear text. Named so that every use stands out in review.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the key is empty (or only whitespace).
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// The `Authorization` value Timekit expects for app keys: `Basic base64(":" + key)`
    /// (empty user name, key as password).
    pub(crate) fn authorization(&self) -> HeaderValue {
        basic(&format!(":{}", self.0))
    }
}

/// `Basic base64(user_pass)`, marked sensitive so that hyper and `http` never print it and
/// HPACK never indexes it. Also the legacy resource key's `email:token`.
pub(crate) fn basic(user_pass: &str) -> HeaderValue {
    let encoded = STANDARD.encode(user_pass);
    // Base64 output is always a valid header value; the fallback only keeps this total.
    let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("Basic"));
    value.set_sensitive(true);
    value
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        ApiKey(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        ApiKey(key.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "test_api_key_0123456789abcdefghijklmnopqrstu";

    #[test]
    fn authorization_is_basic_with_empty_user() {
        let value = ApiKey::new(KEY).authorization();
        let encoded = value.to_str().unwrap().strip_prefix("Basic ").unwrap();
        let decoded = STANDARD.decode(encoded).unwrap();
        assert_eq!(decoded, format!(":{KEY}").into_bytes());
        assert!(value.is_sensitive());
    }

    #[test]
    fn known_vector() {
        // base64(":abc") computed independently.
        assert_eq!(ApiKey::new("abc").authorization(), "Basic OmFiYw==");
    }

    #[test]
    fn debug_and_display_never_show_the_key() {
        let key = ApiKey::from(KEY);
        for printed in [
            format!("{key:?}"),
            format!("{key}"),
            format!("{:?}", Some(&key)),
        ] {
            assert!(!printed.contains("test_api_key"), "{printed}");
            assert!(printed.contains("redacted"), "{printed}");
        }
        assert!(!format!("{:?}", key.authorization()).contains("OmFiYw"));
    }

    #[test]
    fn blank_keys_are_recognised() {
        assert!(ApiKey::new("  ").is_blank());
        assert!(!ApiKey::new(KEY).is_blank());
        assert_eq!(ApiKey::new(KEY).expose_secret(), KEY);
    }
}
