//! The app an API key belongs to (`GET /app`), the invite request (`POST /app/invite`), and
//! the requests of the user-authenticated `/apps` routes (`timekit-api-more.md` §5.13; their
//! answers are [`App`] objects too).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::AppId;
use crate::timestamp::Timestamp;

/// A Timekit app (`timekit-api.md` §4.1). Only `id` and `slug` are always present. `Debug`
/// prints `webhook_secret` as `<redacted>`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct App {
    /// The app id.
    pub id: AppId,
    /// The app's slug (its name in URLs and the legacy `Timekit-App` header).
    pub slug: String,
    /// Whether the app is in test mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_mode: Option<bool>,
    /// Free-form settings (`name`, `disableEmail`, `callback` …); `[]` (PHP's empty map) reads
    /// as an empty map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub settings: Option<Map<String, Value>>,
    /// When the app was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the app was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// The key of the HMAC-SHA256 signatures of webhook deliveries (a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("id", &self.id)
            .field("slug", &self.slug)
            .field("test_mode", &self.test_mode)
            .field("settings", &self.settings)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("extra", &self.extra)
            .finish()
    }
}

impl App {
    /// The app's display name from `settings.name`, when set.
    pub fn name(&self) -> Option<&str> {
        self.settings.as_ref()?.get("name")?.as_str()
    }
}

/// Body of `POST /app/invite`: add an existing Timekit user to this app by e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct InviteRequest {
    /// The e-mail address of the resource to invite.
    pub email: String,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl InviteRequest {
    /// An invitation for `email`.
    pub fn new(email: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            extra: Map::new(),
        }
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `POST /apps`: the new app's `name` and optional `settings` (the body is not
/// documented; `docs/api-decisions.md`, "Rest of the API").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateAppRequest {
    /// Display name (Timekit derives the slug from it).
    pub name: String,
    /// Settings (`disableEmail`, `callback` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Map<String, Value>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateAppRequest {
    /// An app called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            settings: None,
            extra: Map::new(),
        }
    }

    /// Sets one `settings` key.
    pub fn setting(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.settings
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `PUT /apps/{slug}`: `{"settings": {...}}` with the keys to change (`name`,
/// `disableEmail`, `resource_rate_limits`, `customer_rate_limits`, `callback`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateAppRequest {
    /// The settings to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Map<String, Value>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateAppRequest {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets one `settings` key.
    pub fn setting(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.settings
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Changes the display name (`settings.name`).
    pub fn name(self, name: impl Into<String>) -> Self {
        self.setting("name", name.into())
    }

    /// Turns Timekit's e-mails off or on (`settings.disableEmail`).
    pub fn disable_email(self, disable: bool) -> Self {
        self.setting("disableEmail", disable)
    }

    /// Sets the OAuth callback URL (`settings.callback`).
    pub fn callback(self, url: impl Into<String>) -> Self {
        self.setting("callback", url.into())
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
    fn webhook_secret_is_read_and_redacted_in_debug() {
        let app: App = serde_json::from_value(
            json!({"id": "a1", "slug": "s", "webhook_secret": "whsec_0123abcd"}),
        )
        .unwrap();
        assert_eq!(app.webhook_secret.as_deref(), Some("whsec_0123abcd"));
        let debug = format!("{app:?}");
        assert!(!debug.contains("whsec_0123abcd"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn minimal_app_needs_only_id_and_slug() {
        let app: App = serde_json::from_value(json!({"id": "a1", "slug": "my-app"})).unwrap();
        assert_eq!(app.id.as_str(), "a1");
        assert_eq!(app.name(), None);
        assert_eq!(
            serde_json::to_value(&app).unwrap(),
            json!({"id": "a1", "slug": "my-app"})
        );
    }

    #[test]
    fn app_without_slug_is_refused() {
        assert!(serde_json::from_value::<App>(json!({"id": "a1"})).is_err());
    }

    #[test]
    fn settings_name_is_read() {
        let app: App = serde_json::from_value(
            json!({"id": "a1", "slug": "s", "settings": {"name": "My App", "disableEmail": false}}),
        )
        .unwrap();
        assert_eq!(app.name(), Some("My App"));
    }

    #[test]
    fn invite_body_is_the_email_plus_extras() {
        let body = InviteRequest::new("jane@example.com").extra_field("role", json!("member"));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"email": "jane@example.com", "role": "member"})
        );
    }

    #[test]
    fn apps_bodies() {
        let create = CreateAppRequest::new("Test 121").setting("callback", "http://myapp.io/cb");
        assert_eq!(
            serde_json::to_value(&create).unwrap(),
            json!({"name": "Test 121", "settings": {"callback": "http://myapp.io/cb"}})
        );
        assert_eq!(
            serde_json::to_value(UpdateAppRequest::new()).unwrap(),
            json!({})
        );
        let update = UpdateAppRequest::new().name("New").disable_email(true);
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"settings": {"name": "New", "disableEmail": true}})
        );
    }
}
