//! What the client puts on the wire: auth, base URL, headers; and which configs it refuses.
#![allow(clippy::unwrap_used)]

mod common;

use common::{BASE, EXPECTED_AUTHORIZATION, KEY, client, fixture};
use timekit::transport::test_util::{CaptureTransport, json_response};
use timekit::{Client, ConfigError};

fn app_capture() -> CaptureTransport {
    CaptureTransport::new(json_response(200, fixture("app.json")))
}

#[tokio::test]
async fn sends_exact_basic_auth_with_empty_user_and_marks_it_sensitive() {
    let capture = app_capture();
    client(capture.clone()).get_app().await.unwrap();
    let request = capture.last_request().unwrap();
    let authorization = &request.headers()["authorization"];
    assert_eq!(authorization, EXPECTED_AUTHORIZATION);
    assert!(authorization.is_sensitive());
    assert_eq!(request.headers().get_all("authorization").iter().count(), 1);
}

#[tokio::test]
async fn joins_the_base_url_with_and_without_trailing_slash() {
    for base in [
        "https://api.timekit.invalid/v2",
        "https://api.timekit.invalid/v2/",
    ] {
        let capture = CaptureTransport::new(json_response(200, fixture("booking.json")));
        let client = Client::builder()
            .api_key(KEY)
            .base_url(base)
            .transport(capture.clone())
            .build()
            .unwrap();
        client.get_booking("b-1").await.unwrap();
        assert_eq!(
            capture.last_request().unwrap().uri().to_string(),
            "https://api.timekit.invalid/v2/bookings/b-1",
            "base {base}"
        );
    }
}

#[tokio::test]
async fn default_base_url_is_timekit_production() {
    let capture = app_capture();
    let client = Client::builder()
        .api_key(KEY)
        .transport(capture.clone())
        .build()
        .unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.timekit.io/v2");
    client.get_app().await.unwrap();
    assert_eq!(
        capture.last_request().unwrap().uri().to_string(),
        "https://api.timekit.io/v2/app"
    );
}

#[tokio::test]
async fn timekit_headers_are_sent_when_configured() {
    let capture = app_capture();
    let client = Client::builder()
        .api_key(KEY)
        .base_url(BASE)
        .timezone("Europe/Berlin")
        .input_timestamp_format("Y-m-d H:i")
        .output_timestamp_format("Y-m-d h:ia")
        .user_agent("my-app/1.2")
        .transport(capture.clone())
        .build()
        .unwrap();
    client.get_app().await.unwrap();
    let request = capture.last_request().unwrap();
    let headers = request.headers();
    assert_eq!(headers["Timekit-Timezone"], "Europe/Berlin");
    assert_eq!(headers["Timekit-InputTimestampFormat"], "Y-m-d H:i");
    assert_eq!(headers["Timekit-OutputTimestampFormat"], "Y-m-d h:ia");
    assert_eq!(headers["user-agent"], "my-app/1.2");
    assert_eq!(headers["authorization"], EXPECTED_AUTHORIZATION);
}

#[tokio::test]
async fn timekit_headers_are_absent_when_not_configured() {
    let capture = app_capture();
    client(capture.clone()).get_app().await.unwrap();
    let request = capture.last_request().unwrap();
    for name in [
        "Timekit-Timezone",
        "Timekit-InputTimestampFormat",
        "Timekit-OutputTimestampFormat",
    ] {
        assert!(
            request.headers().get(name).is_none(),
            "{name} should not be sent"
        );
    }
    assert_eq!(request.headers()["user-agent"], timekit::DEFAULT_USER_AGENT);
    assert!(timekit::DEFAULT_USER_AGENT.starts_with("timekit-rs/"));
}

#[tokio::test]
async fn operation_headers_survive_the_client_headers() {
    let capture = CaptureTransport::new(json_response(201, fixture("booking.json")));
    let request = timekit::model::CreateBookingRequest::new(
        "r-1",
        timekit::model::Graph::Instant,
        "2024-05-07T10:00:00+00:00"
            .parse::<timekit::model::Timestamp>()
            .unwrap(),
        "2024-05-07T10:30:00+00:00"
            .parse::<timekit::model::Timestamp>()
            .unwrap(),
    );
    client(capture.clone())
        .create_booking(request)
        .await
        .unwrap();
    let sent = capture.last_request().unwrap();
    assert_eq!(sent.headers()["content-type"], "application/json");
    assert_eq!(sent.headers()["accept"], "application/json");
    assert_eq!(sent.method(), "POST");
}

#[test]
fn plain_http_is_refused_for_non_loopback_hosts() {
    for base in [
        "http://api.timekit.io/v2",
        "http://192.168.1.20:8080/v2",
        "http://localhost.evil.example/v2",
    ] {
        let result = Client::builder().api_key(KEY).base_url(base).build();
        assert!(
            matches!(&result, Err(ConfigError::InsecureBaseUrl { .. })),
            "{base}: {:?}",
            result.err()
        );
    }
}

#[test]
fn plain_http_is_accepted_for_loopback_hosts() {
    for base in [
        "http://127.0.0.1:8080/v2",
        "http://127.9.9.9/v2",
        "http://localhost:3000",
        "http://[::1]:8080/v2",
    ] {
        let client = Client::builder().api_key(KEY).base_url(base).build();
        assert!(client.is_ok(), "{base}: {:?}", client.err());
    }
}

#[test]
fn unusable_configurations_are_refused() {
    assert!(matches!(
        Client::builder().build(),
        Err(ConfigError::MissingApiKey)
    ));
    assert!(matches!(
        Client::builder().api_key(" ").build(),
        Err(ConfigError::BlankApiKey)
    ));
    assert!(matches!(
        Client::builder()
            .api_key(KEY)
            .base_url("ftp://api.timekit.io")
            .build(),
        Err(ConfigError::InvalidBaseUrl(_))
    ));
    assert!(matches!(
        Client::builder()
            .api_key(KEY)
            .base_url("https://user:pw@api.timekit.io/v2")
            .build(),
        Err(ConfigError::InvalidBaseUrl(_))
    ));
    assert!(matches!(
        Client::builder()
            .api_key(KEY)
            .timezone("Europe/Berlin\r\nX-Evil: 1")
            .build(),
        Err(ConfigError::InvalidHeader {
            name: "Timekit-Timezone"
        })
    ));
}

#[tokio::test]
async fn invalid_ids_fail_before_anything_is_sent() {
    let capture = app_capture();
    let err = client(capture.clone())
        .get_booking("../app")
        .await
        .unwrap_err();
    assert!(matches!(err, timekit::Error::InvalidRequest(_)), "{err:?}");
    assert!(capture.requests().is_empty());
}

#[test]
fn the_key_never_appears_in_debug_output() {
    let builder = Client::builder()
        .api_key(KEY)
        .base_url(BASE)
        .timezone("UTC");
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let key = timekit::ApiKey::new(KEY);
    for printed in [
        builder_debug,
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{key:?}"),
        format!("{key}"),
    ] {
        assert!(!printed.contains(KEY), "key leaked: {printed}");
        assert!(
            !printed.contains("OnRlc3Rf"),
            "encoded key leaked: {printed}"
        );
    }
}
