//! Typed reads of JSON request fields that record Laravel-style validation messages.

use serde_json::{Map, Value};

use super::reply::FieldErrors;

/// A string field that must be present and non-empty.
pub(crate) fn required_string(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let missing = match map.get(key) {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.trim().is_empty(),
        Some(_) => false,
    };
    if missing {
        errors.add(label, format!("The {label} field is required."));
        return None;
    }
    optional_string(map, key, label, errors)
}

/// A field that may be absent or null. `read` takes the expected JSON type out of the value;
/// when it cannot, the field gets `The {label} {wrong_type}`.
fn optional_field<'a, T>(
    map: &'a Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
    read: impl FnOnce(&'a Value) -> Option<T>,
    wrong_type: &str,
) -> Option<T> {
    let value = map.get(key).filter(|value| !value.is_null())?;
    let typed = read(value);
    if typed.is_none() {
        errors.add(label, format!("The {label} {wrong_type}"));
    }
    typed
}

/// A string field that may be absent or null.
pub(crate) fn optional_string(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let read = |value: &Value| value.as_str().map(str::to_owned);
    optional_field(map, key, label, errors, read, "must be a string.")
}

/// An object field that may be absent or null.
pub(crate) fn optional_object<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<&'a Map<String, Value>> {
    optional_field(
        map,
        key,
        label,
        errors,
        Value::as_object,
        "must be an object.",
    )
}

/// A boolean field that may be absent or null.
pub(crate) fn optional_bool(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<bool> {
    let wrong_type = "field must be true or false.";
    optional_field(map, key, label, errors, Value::as_bool, wrong_type)
}

/// An array field that may be absent or null.
pub(crate) fn optional_array<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<&'a Vec<Value>> {
    optional_field(
        map,
        key,
        label,
        errors,
        Value::as_array,
        "must be an array.",
    )
}

/// A string field: `required` decides whether absence is an error.
fn string_field(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<String> {
    if required {
        required_string(map, key, label, errors)
    } else {
        optional_string(map, key, label, errors)
    }
}

/// A plausible e-mail address: one `@`, something on both sides, a dot in the domain, no spaces.
pub(crate) fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

/// An e-mail field: `required` decides whether absence is an error.
pub(crate) fn email_field(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<String> {
    let email = string_field(map, key, label, required, errors)?;
    if is_valid_email(&email) {
        Some(email)
    } else {
        errors.add(label, format!("The {label} must be a valid email address."));
        None
    }
}

/// The IANA name of a known time zone (in its canonical spelling), or `None`.
pub(crate) fn canonical_timezone(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return None;
    }
    let zone = jiff::tz::TimeZone::get(name).ok()?;
    Some(zone.iana_name().unwrap_or(name).to_owned())
}

/// A time-zone field: `required` decides whether absence is an error.
pub(crate) fn timezone_field(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<String> {
    let name = string_field(map, key, label, required, errors)?;
    let zone = canonical_timezone(&name);
    if zone.is_none() {
        errors.add(label, format!("The {label} must be a valid zone."));
    }
    zone
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn required_string_reports_missing_empty_and_wrong_type() {
        let body = object(json!({"a": "", "b": 3, "c": "ok"}));
        let mut errors = FieldErrors::default();
        assert_eq!(required_string(&body, "a", "a", &mut errors), None);
        assert_eq!(required_string(&body, "b", "b", &mut errors), None);
        assert_eq!(required_string(&body, "z", "z", &mut errors), None);
        assert_eq!(
            required_string(&body, "c", "c", &mut errors).as_deref(),
            Some("ok")
        );
        assert!(errors.has("a") && errors.has("b") && errors.has("z") && !errors.has("c"));
    }

    #[test]
    fn optional_readers_skip_absent_and_null_and_name_the_wrong_type() {
        let body = object(json!({"s": 1, "o": "x", "b": "yes", "a": {}, "n": null}));
        let mut errors = FieldErrors::default();
        assert_eq!(optional_string(&body, "s", "s", &mut errors), None);
        assert_eq!(optional_object(&body, "o", "o", &mut errors), None);
        assert_eq!(optional_bool(&body, "b", "b", &mut errors), None);
        assert_eq!(optional_array(&body, "a", "a", &mut errors), None);
        assert_eq!(optional_string(&body, "n", "n", &mut errors), None);
        assert_eq!(optional_bool(&body, "z", "z", &mut errors), None);
        assert_eq!(
            errors.to_value(),
            json!({"errors": {
                "s": ["The s must be a string."],
                "o": ["The o must be an object."],
                "b": ["The b field must be true or false."],
                "a": ["The a must be an array."],
            }})
        );

        let good = object(json!({"s": "t", "o": {"k": 1}, "b": false, "a": [1]}));
        let mut errors = FieldErrors::default();
        assert_eq!(
            optional_string(&good, "s", "s", &mut errors).as_deref(),
            Some("t")
        );
        assert_eq!(
            optional_object(&good, "o", "o", &mut errors),
            good["o"].as_object()
        );
        assert_eq!(optional_bool(&good, "b", "b", &mut errors), Some(false));
        assert_eq!(
            optional_array(&good, "a", "a", &mut errors),
            Some(&vec![json!(1)])
        );
        assert!(errors.is_empty());
    }

    #[test]
    fn required_string_messages() {
        let body = object(json!({"blank": "  ", "number": 3}));
        let mut errors = FieldErrors::default();
        required_string(&body, "blank", "blank", &mut errors);
        required_string(&body, "number", "number", &mut errors);
        required_string(&body, "absent", "absent", &mut errors);
        assert_eq!(
            errors.to_value(),
            json!({"errors": {
                "blank": ["The blank field is required."],
                "number": ["The number must be a string."],
                "absent": ["The absent field is required."],
            }})
        );
    }

    #[test]
    fn emails() {
        for good in ["a@b.co", "jane.roe+x@example.com"] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "", "a", "@b.co", "a@", "a@b", "a b@c.de", "a@b@c.de", "a@.de",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn timezones_are_canonicalised() {
        assert_eq!(
            canonical_timezone("Europe/Berlin").as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(canonical_timezone("Mars/Olympus"), None);
        assert_eq!(canonical_timezone(""), None);
    }
}
