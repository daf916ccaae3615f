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
    match map.get(key) {
        None | Some(Value::Null) => {
            errors.add(label, format!("The {label} field is required."));
            None
        }
        Some(Value::String(text)) if text.trim().is_empty() => {
            errors.add(label, format!("The {label} field is required."));
            None
        }
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => {
            errors.add(label, format!("The {label} must be a string."));
            None
        }
    }
}

/// A string field that may be absent or null.
pub(crate) fn optional_string(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => {
            errors.add(label, format!("The {label} must be a string."));
            None
        }
    }
}

/// An object field that may be absent or null.
pub(crate) fn optional_object<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<&'a Map<String, Value>> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Object(object)) => Some(object),
        Some(_) => {
            errors.add(label, format!("The {label} must be an object."));
            None
        }
    }
}

/// A boolean field that may be absent or null.
pub(crate) fn optional_bool(
    map: &Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<bool> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(flag)) => Some(*flag),
        Some(_) => {
            errors.add(label, format!("The {label} field must be true or false."));
            None
        }
    }
}

/// An array field that may be absent or null.
pub(crate) fn optional_array<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    label: &str,
    errors: &mut FieldErrors,
) -> Option<&'a Vec<Value>> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(items),
        Some(_) => {
            errors.add(label, format!("The {label} must be an array."));
            None
        }
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
    let email = if required {
        required_string(map, key, label, errors)
    } else {
        optional_string(map, key, label, errors)
    }?;
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
    let name = if required {
        required_string(map, key, label, errors)
    } else {
        optional_string(map, key, label, errors)
    }?;
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
