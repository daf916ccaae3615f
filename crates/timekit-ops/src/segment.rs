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

/// `{collection}/{id}` with `id` checked and encoded by [`encode_segment`]: the path of every
/// operation that addresses one booking or resource (`bookings/1a2b…`).
///
/// # Errors
/// [`BuildError::InvalidId`] naming `field` when the id is refused.
pub(crate) fn path_with_id(
    collection: &str,
    field: &'static str,
    id: &str,
) -> Result<String, BuildError> {
    Ok(format!("{collection}/{}", encode_segment(field, id)?))
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
            path_with_id("bookings", "booking id", "a:b").unwrap(),
            "bookings/a%3Ab"
        );
        assert_eq!(
            path_with_id("resources", "resource id", "../app"),
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
