//! Every class of failure maps to the right `Error`, with the right code, accessors and text.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use common::{KEY, client, fixture};
use http::StatusCode;
use timekit::transport::test_util::{ReplayTransport, json_response, response};
use timekit::{Error, TransportError, TransportErrorKind};

/// Runs `get_booking` against one canned response and returns the error.
async fn error_for(answer: http::Response<Bytes>) -> Error {
    let replay = ReplayTransport::new([answer]);
    client(replay).get_booking("b-1").await.unwrap_err()
}

fn with_request_id(mut answer: http::Response<Bytes>, id: &str) -> http::Response<Bytes> {
    answer
        .headers_mut()
        .insert("timekit-request-id", id.parse().unwrap());
    answer
}

#[tokio::test]
async fn status_401_is_incorrect_credentials() {
    let answer = with_request_id(
        json_response(401, r#"{"error": "Invalid credentials supplied"}"#),
        "req-401",
    );
    let err = error_for(answer).await;
    assert!(matches!(err, Error::IncorrectCredentials(_)), "{err:?}");
    assert_eq!(err.code(), "TIMEKIT:INCORRECT_CREDENTIALS");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.request_id(), Some("req-401"));
    assert_eq!(
        err.api_failure().unwrap().message(),
        Some("Invalid credentials supplied")
    );
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "incorrect credentials: Timekit answered HTTP 401: Invalid credentials supplied"
    );
}

#[tokio::test]
async fn other_statuses_are_unexpected_status_with_code_unknown() {
    for (status, body) in [
        (
            404,
            r#"{"error": "Resource does not exist", "model": "Booking"}"#,
        ),
        (400, "[]"),
        (403, ""),
        (
            422,
            r#"{"errors": {"start": ["The start field is required."]}}"#,
        ),
        (500, "<html>oops</html>"),
    ] {
        let err = error_for(json_response(status, body)).await;
        assert!(
            matches!(err, Error::UnexpectedStatus(_)),
            "{status}: {err:?}"
        );
        assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(
            err.body().unwrap().as_ref(),
            body.as_bytes(),
            "body kept whole"
        );
    }
}

#[tokio::test]
async fn display_shows_the_short_server_message() {
    let not_found = error_for(json_response(
        404,
        r#"{"error": "Resource does not exist", "model": "Booking"}"#,
    ))
    .await;
    assert_eq!(
        not_found.to_string(),
        "unexpected HTTP status 404 Not Found from Timekit: Resource does not exist"
    );
    let invalid = error_for(json_response(
        422,
        r#"{"errors": {"start": ["The start field is required."]}}"#,
    ))
    .await;
    assert_eq!(
        invalid.to_string(),
        "unexpected HTTP status 422 Unprocessable Entity from Timekit: start: The start field is required."
    );
    let empty = error_for(response(502, "")).await;
    assert_eq!(
        empty.to_string(),
        "unexpected HTTP status 502 Bad Gateway from Timekit"
    );
}

#[tokio::test]
async fn display_truncates_non_json_bodies() {
    let page = format!("<html><body>{}</body></html>", "x".repeat(5000));
    let err = error_for(response(504, page.clone())).await;
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "unexpected HTTP status 504 Gateway Timeout from Timekit: <html><body>xxx"
        )
    );
    assert!(shown.len() < 300, "{} bytes shown", shown.len());
    assert!(shown.ends_with('…'));
    assert_eq!(
        err.body().unwrap().len(),
        page.len(),
        "the body itself is kept whole"
    );
}

#[tokio::test]
async fn status_429_is_rate_limited_and_not_retryable() {
    let err = error_for(json_response(429, r#"{"error": "Too many requests"}"#)).await;
    assert!(err.is_rate_limited());
    assert!(!err.is_retryable());
    assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
    assert!(err.to_string().contains("daily request quota"), "{err}");
    let not_found = error_for(json_response(404, "{}")).await;
    assert!(!not_found.is_rate_limited());
}

#[tokio::test]
async fn server_errors_and_503_are_retryable() {
    for status in [500, 502, 503, 504] {
        let err = error_for(json_response(status, r#"{"error": "Too many requests"}"#)).await;
        assert!(err.is_retryable(), "{status}");
        assert!(!err.is_rate_limited(), "{status}");
    }
    for status in [400, 404, 422, 501] {
        assert!(
            !error_for(json_response(status, "{}")).await.is_retryable(),
            "{status}"
        );
    }
}

#[tokio::test]
async fn undecodable_success_body_is_decode_and_keeps_the_body() {
    let body = r#"{"data": {"id": "b-1", "graph": "instant", "state": 7}}"#;
    let mut answer = json_response(200, body);
    answer
        .headers_mut()
        .insert("timekit-request-id", "req-decode".parse().unwrap());
    let err = error_for(answer).await;
    match &err {
        Error::Decode {
            status,
            body: kept,
            path,
            ..
        } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(kept.as_ref(), body.as_bytes());
            assert!(path.contains("data"), "{path}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert!(err.api_failure().is_none());
    assert_eq!(
        err.request_id(),
        Some("req-decode"),
        "support needs the request id of an answer the client could not read"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn transport_failures_are_transport_errors() {
    for (failure, kind, retryable) in [
        (
            TransportError::connect("refused"),
            TransportErrorKind::Connect,
            true,
        ),
        (
            TransportError::timeout("slow"),
            TransportErrorKind::Timeout,
            true,
        ),
        (TransportError::io("reset"), TransportErrorKind::Io, true),
        (
            TransportError::body_too_large(10),
            TransportErrorKind::BodyTooLarge,
            false,
        ),
        (TransportError::other("?"), TransportErrorKind::Other, false),
    ] {
        let replay = ReplayTransport::default();
        replay.push_error(failure);
        let err = client(replay).get_app().await.unwrap_err();
        assert_eq!(err.transport_error().map(TransportError::kind), Some(kind));
        assert_eq!(err.is_retryable(), retryable, "{kind}");
        assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
        assert_eq!(err.status(), None);
        assert_eq!(err.to_string(), "no complete response from Timekit");
    }
}

#[tokio::test]
async fn build_failures_are_invalid_request() {
    let replay = ReplayTransport::default();
    let err = client(replay.clone())
        .get_resource("a/b")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
    assert!(!err.is_retryable());
    assert!(replay.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn errors_never_print_the_key() {
    let mut errors = vec![
        error_for(json_response(
            401,
            r#"{"error": "Invalid credentials supplied"}"#,
        ))
        .await,
        error_for(json_response(500, "boom")).await,
        error_for(json_response(200, "not json")).await,
    ];
    let replay = ReplayTransport::default();
    replay.push_error(TransportError::connect("refused"));
    errors.push(client(replay).get_app().await.unwrap_err());
    for err in &errors {
        for printed in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!printed.contains(KEY), "key leaked: {printed}");
            assert!(
                !printed.contains("OnRlc3Rf"),
                "encoded key leaked: {printed}"
            );
        }
    }
}

#[tokio::test]
async fn success_still_works_after_errors_on_the_same_client() {
    let replay = ReplayTransport::new([
        json_response(503, "{}"),
        json_response(200, fixture("booking.json")),
    ]);
    let client = client(replay);
    assert!(client.get_booking("b-1").await.is_err());
    let booking = client.get_booking("b-1").await.unwrap();
    assert_eq!(booking.id.as_str(), "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703");
}
