//! E-mail templates (`/templates`, `timekit-api-more.md` §5.7). Nothing but the three paths is
//! known, so every field is optional and the typed ones are the reference's proposal
//! (`slug`, `name`, `subject`, `body`, `locale`); everything else is kept in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::timestamp::Timestamp;

/// An e-mail template (addressed by its `slug`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Template {
    /// The template's slug (its name in `/templates/{slug}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// E-mail body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Language of the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// When the template was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the template was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `PUT /templates/{slug}`: a partial update; only the fields set are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateTemplateRequest {
    /// New subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// New body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateTemplateRequest {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes the subject.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Changes the body.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Changes the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
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
    fn any_object_is_a_template_and_round_trips() {
        for value in [
            json!({}),
            json!({"slug": "booking_created_customer", "html": "<p/>"}),
        ] {
            let template: Template = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&template).unwrap(), value);
        }
        assert!(serde_json::from_value::<Template>(json!({"slug": 3})).is_err());
    }

    #[test]
    fn update_sends_only_what_changes() {
        assert_eq!(
            serde_json::to_value(UpdateTemplateRequest::new()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(UpdateTemplateRequest::new().subject("Booked!")).unwrap(),
            json!({"subject": "Booked!"})
        );
    }
}
