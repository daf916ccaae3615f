//! Validation and percent-encoding of caller-supplied path segments (ids, action names).
//!
//! A segment can never change the shape of the path: anything that a URL parser or a proxy
//! could read as a separator, a traversal or an escape is refused instead of encoded, so the
//! caller learns about a wrong id instead of the request going somewhere else.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::BuildError;

/// Everything except RFC 3986 unreserved characters is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Checks one path segment and percent-encodes it.
///
/// Refused: empty text, `/`, `\`, `?`, `#`, `%` (no pre-encoded input), `..`, a lone `.`,
/// whitespace and control characters. Other characters (e.g. non-ASCII) are percent-encoded.
///
/// # Errors
/// [`BuildError::InvalidId`] naming `field` and the reason.
pub fn encode_segment(field: &'static str, value: &str) -> Result<String, BuildError> {
    let refuse = |reason: &'static str| Err(BuildError::InvalidId { field, reason });
    // Fast path for the usual id (a UUID): only unreserved characters, nothing to check
    // further or escape. Scanning bytes once is ~10× cheaper than the checks below, which
    // showed up in the per-call cost (`cargo xtask bench`).
    if !value.is_empty()
        && value != "."
        && !value.contains("..")
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~'))
    {
        return Ok(value.to_owned());
    }
    if value.is_empty() {
        return refuse("must not be empty");
    }
    if value == "." || value.contains("..") {
        return refuse("must not be '.' or contain '..'");
    }
    if let Some(reason) = value.chars().find_map(forbidden_reason) {
        return refuse(reason);
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

fn forbidden_reason(c: char) -> Option<&'static str> {
    match c {
        '/' | '\\' => Some("must not contain '/' or '\\'"),
        '?' => Some("must not contain '?'"),
        '#' => Some("must not contain '#'"),
        '%' => Some("must not contain '%'"),
        c if c.is_whitespace() => Some("must not contain whitespace"),
        c if c.is_control() => Some("must not contain control characters"),
        _ => None,
    }
}

/// The path of `template` (`"/bookings/{id}/{action}"`) with each `{…}` placeholder replaced,
/// in order, by one of `params` checked and encoded by [`encode_segment`]: the one way every
/// operation builds its path, so the path and the template cannot disagree.
///
/// # Errors
/// [`BuildError::InvalidId`] naming the parameter when a value is refused;
/// [`BuildError::InvalidRequest`] when the number of values is not the number of placeholders.
pub fn fill_template(
    template: &str,
    params: &[(&'static str, &str)],
) -> Result<String, BuildError> {
    let mut values = params.iter();
    let mut path = String::with_capacity(template.len() + 40);
    for segment in template.trim_start_matches('/').split('/') {
        if !path.is_empty() {
            path.push('/');
        }
        if segment.starts_with('{') && segment.ends_with('}') {
            let Some((field, value)) = values.next() else {
                return Err(placeholder_mismatch(template, params.len()));
            };
            path.push_str(&encode_segment(field, value)?);
        } else {
            path.push_str(segment);
        }
    }
    if values.next().is_some() {
        return Err(placeholder_mismatch(template, params.len()));
    }
    Ok(path)
}

fn placeholder_mismatch(template: &str, given: usize) -> BuildError {
    BuildError::InvalidRequest(format!(
        "{given} path value(s) given for the path template {template}"
    ))
}

/// Validates and encodes a `/`-separated relative path given by the caller (e.g. an
/// overridden invite path `apps/invite`), one segment at a time.
///
/// # Errors
/// [`BuildError::InvalidId`] when a segment is refused by [`encode_segment`].
pub fn encode_path(field: &'static str, path: &str) -> Result<String, BuildError> {
    let segments: Result<Vec<String>, BuildError> = path
        .trim_matches('/')
        .split('/')
        .map(|segment| encode_segment(field, segment))
        .collect();
    Ok(segments?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn templates_are_filled_in_order() {
        assert_eq!(fill_template("/app", &[]).unwrap(), "app");
        assert_eq!(
            fill_template(
                "/bookings/{id}/{action}",
                &[("booking id", "b:1"), ("action", "confirm")]
            )
            .unwrap(),
            "bookings/b%3A1/confirm"
        );
        assert!(matches!(
            fill_template("/bookings/{id}", &[("booking id", "a/b")]),
            Err(BuildError::InvalidId {
                field: "booking id",
                ..
            })
        ));
    }

    #[test]
    fn a_wrong_number_of_values_is_refused() {
        for params in [&[][..], &[("id", "a"), ("id", "b")][..]] {
            assert!(matches!(
                fill_template("/bookings/{id}", params),
                Err(BuildError::InvalidRequest(_))
            ));
        }
        assert!(fill_template("/app", &[("id", "a")]).is_err());
    }

    #[test]
    fn plain_uuids_pass_unchanged() {
        let id = "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703";
        assert_eq!(encode_segment("booking id", id).unwrap(), id);
    }

    #[test]
    fn other_characters_are_encoded() {
        assert_eq!(encode_segment("id", "a:b@c+d").unwrap(), "a%3Ab%40c%2Bd");
        assert_eq!(encode_segment("id", "æø").unwrap(), "%C3%A6%C3%B8");
        assert_eq!(encode_segment("id", "v1.2").unwrap(), "v1.2");
    }

    #[test]
    fn path_changing_input_is_refused() {
        for bad in [
            "", ".", "..", "a/b", "a\\b", "../x", "a..b", "a?b", "a#b", "a%2Fb", "a b", "a\tb",
            "a\nb", "a\u{0}b", "\u{7f}",
        ] {
            match encode_segment("booking id", bad) {
                Err(BuildError::InvalidId { field, .. }) => assert_eq!(field, "booking id"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn one_id_paths_put_the_encoded_id_below_the_collection() {
        assert_eq!(
            fill_template("/bookings/{id}", &[("booking id", "a:b")]).unwrap(),
            "bookings/a%3Ab"
        );
        assert_eq!(
            fill_template("/resources/{id}", &[("resource id", "../app")]),
            Err(BuildError::InvalidId {
                field: "resource id",
                reason: "must not be '.' or contain '..'"
            })
        );
    }

    #[test]
    fn paths_are_checked_segment_by_segment() {
        assert_eq!(
            encode_path("invite path", "/apps/invite/").unwrap(),
            "apps/invite"
        );
        assert!(encode_path("invite path", "app/../admin").is_err());
        assert!(encode_path("invite path", "app//invite").is_err());
        assert!(encode_path("invite path", "").is_err());
    }

    proptest! {
        #[test]
        fn accepted_segments_never_contain_separators(value in "\\PC{0,12}") {
            if let Ok(encoded) = encode_segment("id", &value) {
                prop_assert!(!encoded.contains('/') && !encoded.contains('?') && !encoded.contains('#'));
                prop_assert!(!encoded.contains(".."));
                prop_assert!(encoded.chars().all(|c| c.is_ascii_graphic()));
            }
        }

        #[test]
        fn unreserved_segments_pass_unchanged_unless_dot_rules_refuse(value in "[A-Za-z0-9._~-]{0,12}") {
            let dot_rule = value.is_empty() || value == "." || value.contains("..");
            match encode_segment("id", &value) {
                Ok(encoded) => prop_assert!(!dot_rule && encoded == value),
                Err(_) => prop_assert!(dot_rule),
            }
        }
    }
}
