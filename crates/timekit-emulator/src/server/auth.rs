//! HTTP Basic auth with an empty user name and a key (the API key, or on the widget routes
//! the widget key) as password.

use base64::Engine as _;
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use http::HeaderValue;

/// Standard alphabet, padding optional: some clients strip `=`.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Whether `header` is `Basic base64(":" + key)`.
///
/// `expected` is that base64 text precomputed, so the usual case is one constant-time
/// comparison; other encodings of the same credentials are decoded and compared in constant
/// time too.
pub(crate) fn is_authorized(header: Option<&HeaderValue>, expected: &str, key: &str) -> bool {
    let Some(value) = header else {
        return false;
    };
    let value = value.as_bytes();
    let Some(split) = value.iter().position(|b| *b == b' ') else {
        return false;
    };
    let (scheme, credentials) = value.split_at(split);
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return false;
    }
    let credentials = credentials.trim_ascii();
    if constant_time_eq(credentials, expected.as_bytes()) {
        return true;
    }
    match LENIENT.decode(credentials) {
        Ok(decoded) => match decoded.split_first() {
            Some((b':', sent)) => constant_time_eq(sent, key.as_bytes()),
            _ => false,
        },
        Err(_) => false,
    }
}

/// The `user:password` pair of a Basic `header` (the resource key's `email:token`), split
/// at the first colon; `None` when the header is not Basic or not UTF-8 base64.
pub(crate) fn basic_pair(header: &HeaderValue) -> Option<(String, String)> {
    let value = header.as_bytes();
    let split = value.iter().position(|b| *b == b' ')?;
    let (scheme, credentials) = value.split_at(split);
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let decoded = LENIENT.decode(credentials.trim_ascii()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    if user.is_empty() || password.is_empty() {
        return None;
    }
    Some((user.to_owned(), password.to_owned()))
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::{STANDARD as PADDED, STANDARD_NO_PAD};

    use super::*;

    const KEY: &str = "test_api_key_abc";

    fn check(header: &str) -> bool {
        let expected = PADDED.encode(format!(":{KEY}"));
        is_authorized(
            Some(&HeaderValue::from_str(header).unwrap()),
            &expected,
            KEY,
        )
    }

    #[test]
    fn accepts_the_key_with_an_empty_user() {
        assert!(check(&format!(
            "Basic {}",
            PADDED.encode(format!(":{KEY}"))
        )));
        assert!(check(&format!(
            "basic  {}",
            PADDED.encode(format!(":{KEY}"))
        )));
        assert!(check(&format!(
            "Basic {}",
            STANDARD_NO_PAD.encode(format!(":{KEY}"))
        )));
    }

    #[test]
    fn refuses_everything_else() {
        assert!(!check(&format!(
            "Basic {}",
            PADDED.encode(format!(":{KEY}x"))
        )));
        assert!(!check(&format!(
            "Basic {}",
            PADDED.encode(format!("user:{KEY}"))
        )));
        assert!(!check(&format!("Basic {}", PADDED.encode(KEY))));
        assert!(!check(&format!("Bearer {KEY}")));
        assert!(!check("Basic"));
        assert!(!check("Basic !!!"));
        assert!(!is_authorized(None, "x", KEY));
    }
}
