//! Verifying a webhook delivery (`docs/api-decisions.md`, "Webhooks (issue 19)").
//!
//! Timekit signs each delivery with header `x-timekit-signature`: the hex HMAC-SHA256 of the
//! raw body, keyed with the app's `webhook_secret` (`GET /app`). [`verify`] checks it in
//! constant time (ring's `hmac::verify`) over the bytes exactly as received — never over
//! re-serialised JSON — and only then decodes the body, which is the booking (no envelope).
//!
//! The header is read as hex in either case: Timekit writes lower case, and accepting upper
//! case costs nothing (the comparison is over the decoded bytes, so it is still exact).
//!
//! ```
//! use timekit_ops::webhook::{self, WebhookError};
//!
//! let body = br#"{"id": "b-1", "graph": "instant", "state": "confirmed", "completed": false}"#;
//! let signature = webhook::sign(b"whsec_test", body);
//! let booking = webhook::verify(b"whsec_test", Some(&signature), body)?;
//! assert_eq!(booking.id.as_str(), "b-1");
//! assert!(matches!(
//!     webhook::verify(b"other", Some(&signature), body),
//!     Err(WebhookError::BadSignature)
//! ));
//! # Ok::<(), WebhookError>(())
//! ```

use bytes::Bytes;
use http::HeaderMap;
use ring::hmac;
use timekit_model::Booking;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "x-timekit-signature";

/// Why a delivery was refused. No message ever contains the secret or the signature.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// The request has no `x-timekit-signature` header.
    #[error("webhook delivery refused: no x-timekit-signature header")]
    MissingSignature,
    /// The signature is not hex, or not the HMAC-SHA256 of the body with this secret
    /// (wrong secret, or a body changed on the way).
    #[error(
        "webhook delivery refused: the x-timekit-signature does not match the body (wrong webhook secret, or a tampered or re-encoded body)"
    )]
    BadSignature,
    /// The signature is good but the body does not decode as a booking.
    #[error("webhook delivery is signed correctly but its body is not a booking: {0}")]
    NotABooking(#[source] serde_json::Error),
}

/// Checks `signature` (the `x-timekit-signature` value) against `body` with `secret`, then
/// decodes the booking.
///
/// # Errors
/// [`WebhookError::MissingSignature`] for `None`, [`WebhookError::BadSignature`] for a value
/// that is not hex or does not match, [`WebhookError::NotABooking`] for a verified body that
/// is not a booking.
pub fn verify(
    secret: &[u8],
    signature: Option<&str>,
    body: &[u8],
) -> Result<Booking, WebhookError> {
    verify_signature(secret, signature, body)?;
    serde_json::from_slice(body).map_err(WebhookError::NotABooking)
}

/// [`verify`] with the signature read from `headers`.
///
/// # Errors
/// As [`verify`]; a header value that is not visible ASCII is a [`WebhookError::BadSignature`].
pub fn verify_headers(
    secret: &[u8],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Booking, WebhookError> {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .map(|value| value.to_str().unwrap_or(""));
    verify(secret, signature, body)
}

/// [`verify_headers`] on a whole request (headers and raw body).
///
/// # Errors
/// As [`verify`].
pub fn verify_request(
    secret: &[u8],
    request: &http::Request<Bytes>,
) -> Result<Booking, WebhookError> {
    verify_headers(secret, request.headers(), request.body())
}

/// The signature check alone, in constant time over the raw `body`.
///
/// # Errors
/// [`WebhookError::MissingSignature`] or [`WebhookError::BadSignature`].
pub fn verify_signature(
    secret: &[u8],
    signature: Option<&str>,
    body: &[u8],
) -> Result<(), WebhookError> {
    let signature = signature.ok_or(WebhookError::MissingSignature)?;
    let tag = decode_hex(signature).ok_or(WebhookError::BadSignature)?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    hmac::verify(&key, body, &tag).map_err(|_| WebhookError::BadSignature)
}

/// The `x-timekit-signature` value for `body` (lower-case hex HMAC-SHA256), as Timekit and
/// the emulator send it; for tests and for forwarding deliveries.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    hmac::sign(&key, body)
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Hex (either case) to bytes; `None` for an odd length or a non-hex digit.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |c: u8| char::from(c).to_digit(16);
            u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_0123456789abcdef0123456789abcdef";
    const BODY: &[u8] = br#"{"id": "58190fc6", "graph": "instant", "state": "confirmed",
        "completed": false, "start": "2026-12-03T10:00:00+00:00"}"#;

    #[test]
    fn good_signature_gives_the_booking() {
        let signature = sign(SECRET, BODY);
        assert_eq!(signature.len(), 64);
        assert_eq!(signature, signature.to_ascii_lowercase());
        let booking = verify(SECRET, Some(&signature), BODY).unwrap();
        assert_eq!(booking.id.as_str(), "58190fc6");
        // Upper-case hex is the same signature.
        verify(SECRET, Some(&signature.to_ascii_uppercase()), BODY).unwrap();
    }

    #[test]
    fn known_vector() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn wrong_secret_is_a_bad_signature() {
        let signature = sign(b"another secret", BODY);
        let err = verify(SECRET, Some(&signature), BODY).unwrap_err();
        assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
        let message = err.to_string();
        assert!(!message.contains("whsec_"), "{message}");
        assert!(!message.contains(&signature), "{message}");
    }

    #[test]
    fn tampered_body_is_a_bad_signature() {
        let signature = sign(SECRET, BODY);
        let tampered = String::from_utf8(BODY.to_vec())
            .unwrap()
            .replace("confirmed", "cancelled");
        let err = verify(SECRET, Some(&signature), tampered.as_bytes()).unwrap_err();
        assert!(matches!(err, WebhookError::BadSignature));
        // Re-encoding the same JSON changes the bytes, so it fails too.
        let value: serde_json::Value = serde_json::from_slice(BODY).unwrap();
        let reencoded = serde_json::to_vec(&value).unwrap();
        assert!(matches!(
            verify(SECRET, Some(&signature), &reencoded),
            Err(WebhookError::BadSignature)
        ));
    }

    #[test]
    fn missing_header_is_refused() {
        let err = verify(SECRET, None, BODY).unwrap_err();
        assert!(matches!(err, WebhookError::MissingSignature));
        assert!(err.to_string().contains("x-timekit-signature"));
        let request = http::Request::new(Bytes::from_static(BODY));
        assert!(matches!(
            verify_request(SECRET, &request),
            Err(WebhookError::MissingSignature)
        ));
    }

    #[test]
    fn non_hex_or_truncated_header_is_a_bad_signature() {
        let good = sign(SECRET, BODY);
        for signature in [
            "zz".repeat(32),
            good[..63].to_owned(),
            good[..62].to_owned(),
            String::new(),
            format!("sha256={good}"),
            format!(" {good}"),
            "é".repeat(32),
        ] {
            assert!(
                matches!(
                    verify(SECRET, Some(&signature), BODY),
                    Err(WebhookError::BadSignature)
                ),
                "{signature:?}"
            );
        }
    }

    #[test]
    fn body_that_is_not_a_booking_is_refused_after_the_signature() {
        for body in [&b"{\"hello\": 1}"[..], b"not json", b""] {
            let signature = sign(SECRET, body);
            let err = verify(SECRET, Some(&signature), body).unwrap_err();
            assert!(matches!(err, WebhookError::NotABooking(_)), "{err:?}");
            assert!(err.to_string().contains("not a booking"));
        }
    }

    #[test]
    fn request_helper_reads_the_header() {
        let request = http::Request::builder()
            .header(SIGNATURE_HEADER, sign(SECRET, BODY))
            .body(Bytes::from_static(BODY))
            .unwrap();
        assert_eq!(
            verify_request(SECRET, &request).unwrap().id.as_str(),
            "58190fc6"
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            SIGNATURE_HEADER,
            http::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        assert!(matches!(
            verify_headers(SECRET, &headers, BODY),
            Err(WebhookError::BadSignature)
        ));
    }
}
