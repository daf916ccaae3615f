//! The error bodies Timekit answers with, parsed without ever failing.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A parsed Timekit error body.
///
/// Timekit answers errors in several shapes (see `timekit-api.md` §2.7 and §10); parsing
/// never fails, so the server's answer is never replaced by a decoding error.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// `{"errors": {"field": ["message", …]}}`, optionally with a top-level `action`.
    Validation {
        /// Messages per field.
        errors: BTreeMap<String, Vec<String>>,
        /// The graph step that failed, when the server names one.
        action: Option<String>,
    },
    /// `{"error": "message"}` or `{"error": {"message": "…"}}`, optionally with `model` and
    /// `action`; also `{"meta": {"message": "…"}}`.
    Message {
        /// The server's message.
        error: String,
        /// The model the error is about (`"Booking"`, `"Resource"` …), when present.
        model: Option<String>,
        /// The graph step that failed, when present.
        action: Option<String>,
    },
    /// Valid JSON in some other shape; kept whole.
    OtherJson(Value),
    /// Not JSON at all (HTML error page, empty body, bad UTF-8).
    NotJson,
}

impl ErrorBody {
    /// Parses an error body; never fails.
    pub fn parse(body: &[u8]) -> Self {
        let Ok(value) = serde_json::from_slice::<Value>(body) else {
            return ErrorBody::NotJson;
        };
        match &value {
            Value::Object(map) => Self::from_object(map).unwrap_or(ErrorBody::OtherJson(value)),
            _ => ErrorBody::OtherJson(value),
        }
    }

    /// Interprets already-parsed JSON (for example one failed item of a bulk answer).
    pub fn from_value(value: &Value) -> Self {
        match value {
            Value::Object(map) => {
                Self::from_object(map).unwrap_or_else(|| ErrorBody::OtherJson(value.clone()))
            }
            _ => ErrorBody::OtherJson(value.clone()),
        }
    }

    fn from_object(map: &Map<String, Value>) -> Option<Self> {
        let action = map.get("action").and_then(Value::as_str).map(str::to_owned);
        if let Some(Value::Object(fields)) = map.get("errors") {
            let errors = fields
                .iter()
                .map(|(field, messages)| (field.clone(), messages_of(messages)))
                .collect();
            return Some(ErrorBody::Validation { errors, action });
        }
        let message = match map.get("error") {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Object(inner)) => inner
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_owned),
            _ => None,
        }
        .or_else(|| {
            map.get("meta")
                .and_then(|meta| meta.get("message"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })?;
        let model = map.get("model").and_then(Value::as_str).map(str::to_owned);
        Some(ErrorBody::Message {
            error: message,
            model,
            action,
        })
    }

    /// The server's short message: the `error` string, or the first validation message.
    pub fn message(&self) -> Option<&str> {
        match self {
            ErrorBody::Message { error, .. } => Some(error),
            ErrorBody::Validation { errors, .. } => {
                errors.values().flatten().next().map(String::as_str)
            }
            ErrorBody::OtherJson(_) | ErrorBody::NotJson => None,
        }
    }

    /// The validation messages per field, for `Validation` bodies.
    pub fn validation_errors(&self) -> Option<&BTreeMap<String, Vec<String>>> {
        match self {
            ErrorBody::Validation { errors, .. } => Some(errors),
            _ => None,
        }
    }
}

/// A field's messages: an array of strings, a single string, or any other JSON as text.
fn messages_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_owned)
            })
            .collect(),
        Value::String(text) => vec![text.clone()],
        other => vec![other.to_string()],
    }
}
