//! The legacy and administrative parts of an app (issue 16): credentials, resource
//! passwords and tokens for `POST /auth` and resource-key authentication, extra apps, and
//! e-mail templates.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::App;
use crate::time::Stamp;

/// One credential (`/credentials`, timekit-api-more.md §5.11).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Credential {
    pub(crate) id: String,
    #[serde(default, skip_serializing_if = "crate::state::form::wire_only")]
    pub(crate) seq: u64,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) scopes: Value,
    pub(crate) description: Option<String>,
    pub(crate) token: String,
    pub(crate) resource_id: String,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}

/// One e-mail template (`/templates`, §5.7).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Template {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) subject: String,
    pub(crate) body: String,
    #[serde(deserialize_with = "crate::state::form::interned")]
    pub(crate) locale: crate::state::form::Name,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}

/// The graph events a template is seeded for: (slug, name, subject).
const SEEDED_TEMPLATES: [(&str, &str, &str); 8] = [
    (
        "booking_created_owner",
        "Booking created (owner)",
        "New booking: {{ booking.what }}",
    ),
    (
        "booking_created_customer",
        "Booking created (customer)",
        "We received your booking request",
    ),
    (
        "booking_confirmed_owner",
        "Booking confirmed (owner)",
        "Booking confirmed: {{ booking.what }}",
    ),
    (
        "booking_confirmed_customer",
        "Booking confirmed (customer)",
        "Your booking is confirmed",
    ),
    (
        "booking_declined_customer",
        "Booking declined (customer)",
        "Your booking was declined",
    ),
    (
        "booking_cancelled_owner",
        "Booking cancelled (owner)",
        "Booking cancelled: {{ booking.what }}",
    ),
    (
        "booking_cancelled_customer",
        "Booking cancelled (customer)",
        "Your booking was cancelled",
    ),
    (
        "booking_rescheduled_customer",
        "Booking rescheduled (customer)",
        "Your booking was moved",
    ),
];

/// Everything issue 16's legacy routes remember.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Legacy {
    pub(crate) credentials: HashMap<String, Credential>,
    /// Resource id → the password it was created or updated with (never shown).
    pub(crate) passwords: HashMap<String, String>,
    /// Resource id → its resource-key token, made by the first successful `POST /auth`.
    pub(crate) tokens: HashMap<String, String>,
    /// Apps made with `POST /apps` (the emulator's own app is `Store::app`).
    pub(crate) apps: Vec<App>,
    /// Slug → template.
    pub(crate) templates: BTreeMap<String, Template>,
}

impl Legacy {
    /// The seeded templates, stamped `at` (the app's creation).
    pub(crate) fn new(at: &Stamp) -> Self {
        let templates = SEEDED_TEMPLATES
            .iter()
            .map(|&(slug, name, subject)| {
                let template = Template {
                    slug: slug.to_owned(),
                    name: name.to_owned(),
                    subject: subject.to_owned(),
                    body: format!("<p>{subject}</p>"),
                    locale: "en",
                    created_at: at.clone(),
                    updated_at: at.clone(),
                };
                (slug.to_owned(), template)
            })
            .collect();
        Legacy {
            templates,
            ..Legacy::default()
        }
    }
}

/// An app's settings with `name` set (what `POST /apps` stores).
pub(crate) fn app_settings(name: &str) -> Map<String, Value> {
    let mut settings = Map::new();
    settings.insert("name".to_owned(), Value::String(name.to_owned()));
    settings
}
