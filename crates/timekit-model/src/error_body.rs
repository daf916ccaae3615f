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
        let fields = match map.get("errors") {
            Some(Value::Object(fields)) => Some(fields),
            _ => None,
        };
        if let Some(fields) = fields.filter(|fields| !fields.is_empty()) {
            let errors = fields
                .iter()
                .map(|(field, messages)| (field.clone(), messages_of(messages)))
                .collect();
            return Some(ErrorBody::Validation { errors, action });
        }
        let Some(message) = Self::message_of(map) else {
            // An empty `errors` map and nothing else: still the validation shape.
            return fields.map(|_| ErrorBody::Validation {
                errors: BTreeMap::new(),
                action,
            });
        };
        let model = map.get("model").and_then(Value::as_str).map(str::to_owned);
        Some(ErrorBody::Message {
            error: message,
            model,
            action,
        })
    }

    /// The `error` string, `error.message`, or `meta.message`.
    fn message_of(map: &Map<String, Value>) -> Option<String> {
        match map.get("error") {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validation_map_with_action() {
        let body = ErrorBody::parse(br#"{"errors": {"start": ["required", "must be a date"]}, "action": "save_booking_data"}"#);
        let ErrorBody::Validation { errors, action } = &body else {
            panic!("{body:?}")
        };
        assert_eq!(
            errors["start"],
            vec!["required".to_owned(), "must be a date".to_owned()]
        );
        assert_eq!(action.as_deref(), Some("save_booking_data"));
        assert_eq!(body.message(), Some("required"));
    }

    #[test]
    fn validation_values_that_are_not_string_arrays_are_kept_as_text() {
        let body = ErrorBody::parse(br#"{"errors": {"a": "single", "b": 3, "c": [1, "x"]}}"#);
        let errors = body.validation_errors().unwrap();
        assert_eq!(errors["a"], vec!["single".to_owned()]);
        assert_eq!(errors["b"], vec!["3".to_owned()]);
        assert_eq!(errors["c"], vec!["1".to_owned(), "x".to_owned()]);
    }

    #[test]
    fn an_empty_errors_map_does_not_hide_the_message() {
        let body = ErrorBody::parse(
            br#"{"errors": {}, "error": "Booking not found", "model": "Booking"}"#,
        );
        assert_eq!(body.message(), Some("Booking not found"));
        assert!(
            matches!(body, ErrorBody::Message { model: Some(_), .. }),
            "{body:?}"
        );
        let bare = ErrorBody::parse(br#"{"errors": {}}"#);
        assert_eq!(bare.validation_errors(), Some(&BTreeMap::new()));
    }

    #[test]
    fn message_shapes() {
        let cases = [
            (
                json!({"error": "Resource does not exist", "model": "Booking"}),
                "Resource does not exist",
                Some("Booking"),
            ),
            (
                json!({"error": {"message": "Invalid credentials"}}),
                "Invalid credentials",
                None,
            ),
            (
                json!({"meta": {"message": "Something happened"}}),
                "Something happened",
                None,
            ),
        ];
        for (value, message, model) in cases {
            let body = ErrorBody::parse(value.to_string().as_bytes());
            let ErrorBody::Message {
                error,
                model: parsed_model,
                ..
            } = &body
            else {
                panic!("{body:?}")
            };
            assert_eq!(error, message);
            assert_eq!(parsed_model.as_deref(), model);
            assert_eq!(ErrorBody::from_value(&value), body);
        }
    }

    #[test]
    fn other_json_and_not_json() {
        assert_eq!(
            ErrorBody::parse(b"[1, 2]"),
            ErrorBody::OtherJson(json!([1, 2]))
        );
        assert_eq!(
            ErrorBody::parse(br#"{"status": "bad"}"#),
            ErrorBody::OtherJson(json!({"status": "bad"}))
        );
        assert_eq!(ErrorBody::parse(b""), ErrorBody::NotJson);
        assert_eq!(ErrorBody::parse(b"<html>502</html>"), ErrorBody::NotJson);
        assert_eq!(ErrorBody::parse(&[0xff, 0xfe]), ErrorBody::NotJson);
        assert_eq!(ErrorBody::NotJson.message(), None);
    }
}
