//! Security checks, end to end: the real `timekit::Client` with its default `HyperTransport`
//! against the in-process emulator over loopback.
//!
//! * The key never appears in `Debug`/`Display` of the client, its builder, `ApiKey`, any
//!   error a call can produce (401, 404, 422, transport, decode), nor in everything a TRACE
//!   level `tracing` subscriber writes during a run of calls.
//! * Plain `http://` to a host that is not loopback is refused when the client is built.
//! * Ids that could change the path are refused before anything is sent.
//! * The emulator refuses keys that differ in one byte (first or last) and bodies over
//!   64,000 characters; the client refuses answers over its body limit without reading them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use http::StatusCode;
use serde_json::{Map, json};
use timekit::model::{
    BookingAction, CreateBookingRequest, CreateResourceRequest, Graph, UpdateResourceRequest,
};
use timekit::ops::{
    ApplyBookingAction, CreateBooking, CreateResource, DeleteBooking, DeleteResource, GetBooking,
    GetResource, InviteToApp, ListBookings, UpdateBookingMeta, UpdateResource,
};
use timekit::transport::test_util::{CaptureTransport, json_response};
use timekit::{Client, ConfigError, Error, RetryPolicy, TransportErrorKind};
use timekit_emulator::EmulatorHandle;
use timekit_emulator::faults::{Fault, FaultRule};
use timekit_tests::{at, booking, client_for, emulator_builder};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The key of these tests. `S3CR3T` occurs nowhere else, so any fragment that leaks is found.
const KEY: &str = "test_api_key_S3CR3T0123456789abcdefghijklmnop";
/// Wrong keys are secrets too: a typo'd live key must not be logged either.
const WRONG_KEY_LAST: &str = "test_api_key_S3CR3T0123456789abcdefghijklmnoX";
const WRONG_KEY_FIRST: &str = "Xest_api_key_S3CR3T0123456789abcdefghijklmnop";

/// Every form in which a key could leak: as is, the distinctive fragment, and the
/// `Authorization` value (base64 of `":" + key`, padded and not).
fn secret_forms(keys: &[&str]) -> Vec<String> {
    let mut forms = vec!["S3CR3T".to_owned(), "Xest_api_key".to_owned()];
    for key in keys {
        forms.push((*key).to_owned());
        forms.push(STANDARD.encode(format!(":{key}")));
        forms.push(STANDARD_NO_PAD.encode(format!(":{key}")));
        // A base64 run is position-dependent; the key's bytes 3.. encoded on their own also
        // appear inside any longer encoding that is aligned differently.
        forms.push(STANDARD_NO_PAD.encode(&key.as_bytes()[3..33]));
    }
    forms
}

#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    for secret in secret_forms(&[KEY, WRONG_KEY_LAST, WRONG_KEY_FIRST]) {
        assert!(!text.contains(&secret), "{what} leaks {secret:?}:\n{text}");
    }
}

/// Display, Debug, pretty Debug, and the whole `source()` chain of an error.
fn every_rendering(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{err}\n{err:?}\n{err:#?}\n");
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    out
}

async fn start_emulator() -> EmulatorHandle {
    emulator_builder().api_key(KEY).start().await.unwrap()
}

/// A client for `emulator` with `key` and no retries (each error is one exchange).
fn client(emulator: &EmulatorHandle, key: &str) -> Client {
    Client::builder()
        .api_key(key)
        .base_url(emulator.base_url())
        .connect_timeout(Duration::from_secs(5))
        .request_timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------------------------
// Debug, Display, errors
// ---------------------------------------------------------------------------------------------

#[test]
fn the_key_is_not_in_debug_or_display_of_key_builder_or_client() {
    let key = timekit::ApiKey::new(KEY);
    assert_no_secret(
        "ApiKey",
        &format!("{key}\n{key:?}\n{key:#?}\n{:?}", Some(&key)),
    );
    assert_eq!(
        key.expose_secret(),
        KEY,
        "the key itself is still reachable on purpose"
    );

    let builder = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:8080/v2")
        .timezone("Europe/Berlin");
    assert_no_secret("ClientBuilder", &format!("{builder:?}\n{builder:#?}"));
    let client = builder.build().unwrap();
    assert_no_secret("Client", &format!("{client:?}\n{client:#?}"));
    assert!(
        format!("{client:?}").contains("127.0.0.1:8080"),
        "Debug still says something useful"
    );

    let custom = Client::builder()
        .api_key(KEY)
        .transport(CaptureTransport::new(json_response(200, "{}")));
    assert_no_secret("ClientBuilder<CaptureTransport>", &format!("{custom:?}"));
    let custom = custom.build().unwrap();
    assert_no_secret("Client<CaptureTransport>", &format!("{custom:?}"));

    // Configuration errors around a key do not print it either.
    for err in [
        Client::builder()
            .api_key(KEY)
            .base_url("http://example.com/v2")
            .build()
            .unwrap_err(),
        Client::builder()
            .api_key(KEY)
            .base_url("ftp://127.0.0.1/v2")
            .build()
            .unwrap_err(),
        Client::builder()
            .api_key(KEY)
            .user_agent("bad\nagent")
            .build()
            .unwrap_err(),
    ] {
        assert_no_secret("ConfigError", &every_rendering(&err));
    }
}

#[tokio::test]
async fn the_key_is_not_in_any_error_a_call_can_produce() {
    let emulator = start_emulator().await;
    let right = client(&emulator, KEY);
    let room = right
        .create_resource(CreateResourceRequest::new("Room 1", "Europe/Berlin"))
        .await
        .unwrap();
    let mut errors: Vec<(&str, Error)> = Vec::new();

    for wrong in [WRONG_KEY_LAST, WRONG_KEY_FIRST] {
        let err = client(&emulator, wrong).get_app().await.unwrap_err();
        assert!(matches!(err, Error::IncorrectCredentials(_)), "{err:?}");
        errors.push(("401", err));
    }
    let err = right
        .get_booking("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    errors.push(("404", err));
    let err = right
        .call(CreateBooking::from_json(
            json!({"graph": "instant", "resource_id": room.id}),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    errors.push(("422", err));
    let err = right.get_booking("../app").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    errors.push(("invalid request", err));

    // No server at all; and a server that drops the connection mid-way.
    let nowhere = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{}/v2", closed_port()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = nowhere.get_app().await.unwrap_err();
    assert_eq!(
        err.transport_error().map(|e| e.kind()),
        Some(TransportErrorKind::Connect)
    );
    errors.push(("connect", err));
    emulator
        .faults()
        .push(FaultRule::new(Fault::CloseBeforeHandler).times(1));
    let err = right.get_app().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    errors.push(("closed connection", err));

    // 2xx bodies that do not decode keep the body: make sure it is not an echo of the key.
    emulator
        .faults()
        .push(FaultRule::new(Fault::MalformedJson).times(1));
    let err = right.get_app().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    errors.push(("decode", err));

    for (what, err) in &errors {
        assert_no_secret(what, &every_rendering(err));
        if let Some(failure) = err.api_failure() {
            // The kept answer (headers and body) is the server's, without our credentials.
            assert_no_secret(what, &format!("{:?}", failure.headers()));
            assert_no_secret(what, &String::from_utf8_lossy(failure.body()));
        }
    }
}

#[tokio::test]
async fn outgoing_requests_mark_the_authorization_header_sensitive() {
    // What a logging layer around the transport would print of a request.
    let capture =
        CaptureTransport::new(json_response(200, r#"{"data": {"id": "a", "slug": "s"}}"#));
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9/v2")
        .transport(capture)
        .build()
        .unwrap();
    let _ = client.get_app().await;
    let request = client.transport().last_request().unwrap();
    let authorization = request.headers().get(http::header::AUTHORIZATION).unwrap();
    assert!(authorization.is_sensitive());
    assert_no_secret(
        "outgoing request Debug",
        &format!("{request:?}\n{:?}", request.headers()),
    );
}

// ---------------------------------------------------------------------------------------------
// Tracing
// ---------------------------------------------------------------------------------------------

/// Everything the fmt subscriber writes, in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// One thread: the subscriber is the thread's default, and client, hyper connection tasks
// and the emulator all run on it, so nothing escapes the capture.
#[tokio::test(flavor = "current_thread")]
async fn the_key_is_not_in_trace_level_tracing_output_of_a_run_of_calls() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emulator = start_emulator().await;
    // The default retry policy, so retry attempts are traced too.
    let client = client_for(emulator.base_url(), KEY);
    client.get_app().await.unwrap();
    let room = client
        .create_resource(CreateResourceRequest::new("Room 1", "Europe/Berlin"))
        .await
        .unwrap();
    let created = client
        .create_booking(booking(
            room.id.as_str(),
            Graph::Instant,
            "2030-01-08T10:00:00Z",
            "2030-01-08T11:00:00Z",
            "Jane Roe",
        ))
        .await
        .unwrap();
    client.get_booking(created.id.clone()).await.unwrap();
    client.call(ListBookings::new().limit(10)).await.unwrap();
    emulator
        .faults()
        .push(FaultRule::new(Fault::service_unavailable(None)).times(1));
    client.get_booking(created.id.clone()).await.unwrap();
    let _ = client
        .get_booking("00000000-0000-4000-8000-000000000000")
        .await;
    let _ = client.get_booking("../app").await;
    let _ = client_for(emulator.base_url(), WRONG_KEY_LAST)
        .get_app()
        .await;
    emulator
        .faults()
        .push(FaultRule::new(Fault::MalformedJson).times(1));
    let _ = client.get_app().await;

    let log = captured.text();
    // The capture works and saw the calls (otherwise this test could not fail).
    assert!(log.contains("timekit.call"), "{log}");
    assert!(log.contains("get_booking"), "{log}");
    assert!(log.contains("503"), "the retried 503 is traced: {log}");
    assert!(log.lines().count() >= 20, "{log}");
    assert_no_secret("TRACE output", &log);
}

// ---------------------------------------------------------------------------------------------
// Base URLs
// ---------------------------------------------------------------------------------------------

#[test]
fn plain_http_to_a_host_that_is_not_loopback_is_refused_at_build() {
    for url in [
        "http://example.com/v2",
        "http://10.0.0.1/v2",
        "http://192.168.1.10:8080/v2",
        "http://api.timekit.io/v2",
        "http://[2001:db8::1]/v2",
        "http://0.0.0.0:8080/v2",
        "http://localhost.example.com/v2",
        "http://127.0.0.1.nip.io/v2",
        "HTTP://EXAMPLE.COM/v2",
    ] {
        let default = Client::builder().api_key(KEY).base_url(url).build();
        assert!(
            matches!(
                default,
                Err(ConfigError::InsecureBaseUrl { .. }) | Err(ConfigError::InvalidBaseUrl(_))
            ),
            "{url}: {default:?}"
        );
        // The policy belongs to the client, not to the transport: a custom one is refused too.
        let custom = Client::builder()
            .api_key(KEY)
            .base_url(url)
            .transport(CaptureTransport::new(json_response(200, "{}")))
            .build();
        assert!(custom.is_err(), "{url} with a custom transport");
    }
    let insecure = Client::builder()
        .api_key(KEY)
        .base_url("http://example.com/v2")
        .build();
    let Err(ConfigError::InsecureBaseUrl { host }) = insecure else {
        panic!("{insecure:?}");
    };
    assert_eq!(host, "example.com");
    // HTTPS anywhere and HTTP on loopback build (nothing is sent by building).
    for url in [
        "https://example.com/v2",
        "https://10.0.0.1/v2",
        "http://127.0.0.1:8080/v2",
        "http://localhost:8080/v2",
        "http://[::1]:8080/v2",
    ] {
        assert!(
            Client::builder().api_key(KEY).base_url(url).build().is_ok(),
            "{url}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

const PATH_CHANGING_IDS: [&str; 17] = [
    "../app", "..", ".", "a/b", "/app", "a\\b", "a?b", "a#b", "%2e%2e", "%2F", "a%00b", "a\0b",
    "a\nb", "a\rb", "a\tb", "a b", "",
];

/// Every operation that puts a caller's id (or path) into the URL, with `id`.
async fn calls_with_id<T: timekit::Transport>(client: &Client<T>, id: &str) -> Vec<Error> {
    vec![
        client.call(GetBooking::new(id)).await.unwrap_err(),
        client.call(DeleteBooking::new(id)).await.unwrap_err(),
        client
            .call(UpdateBookingMeta::new(id, Map::new()))
            .await
            .unwrap_err(),
        client
            .call(ApplyBookingAction::new(id, BookingAction::Confirm))
            .await
            .unwrap_err(),
        client
            .call(ApplyBookingAction::new(
                "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703",
                BookingAction::Other(id.to_owned()),
            ))
            .await
            .unwrap_err(),
        client.call(GetResource::new(id)).await.unwrap_err(),
        client.call(DeleteResource::new(id)).await.unwrap_err(),
        client
            .call(UpdateResource::new(id, UpdateResourceRequest::new()))
            .await
            .unwrap_err(),
    ]
}

#[tokio::test]
async fn ids_that_could_change_the_path_are_refused_and_nothing_is_sent() {
    let emulator = start_emulator().await;
    let client = client(&emulator, KEY);
    let capture = Client::builder()
        .api_key(KEY)
        .transport(CaptureTransport::new(json_response(200, "{}")))
        .build()
        .unwrap();
    for id in PATH_CHANGING_IDS {
        for (sent_to, errors) in [
            ("emulator", calls_with_id(&client, id).await),
            ("capture", calls_with_id(&capture, id).await),
        ] {
            for err in errors {
                assert!(
                    matches!(err, Error::InvalidRequest(_)),
                    "{id:?} ({sent_to}): {err:?}"
                );
                assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
            }
        }
    }
    // An overridden invite path is checked the same way.
    for path in [
        "../app",
        "apps/../../app",
        "apps/%2e%2e",
        "apps/invite?x=1",
        "apps/invite#x",
    ] {
        let err = client
            .call(InviteToApp::new("jane@example.com").with_path(path))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{path:?}: {err:?}");
    }
    assert!(
        emulator.request_counts().is_empty(),
        "{:?}",
        emulator.request_counts()
    );
    assert!(capture.transport().requests().is_empty());
    // The same client still works: refusing ids did not break anything.
    client.get_app().await.unwrap();
    assert_eq!(emulator.request_count("GET", "/app"), 1);
}

// ---------------------------------------------------------------------------------------------
// Keys compared in full, body limits
// ---------------------------------------------------------------------------------------------

/// The emulator compares the key in constant time (`constant_time_eq` in
/// `crates/timekit-emulator/src/server/auth.rs`: XOR fold over all bytes, no early exit).
/// Timing itself is not asserted here (tests never assert times); this checks the behaviour
/// such a comparison must have: a difference anywhere, first or last byte, is refused.
#[tokio::test]
async fn keys_differing_in_the_first_or_last_byte_are_refused() {
    let emulator = start_emulator().await;
    let shorter = &KEY[..KEY.len() - 1];
    let longer = format!("{KEY}p");
    for wrong in [WRONG_KEY_LAST, WRONG_KEY_FIRST, shorter, longer.as_str()] {
        let err = client(&emulator, wrong).get_app().await.unwrap_err();
        assert!(
            matches!(err, Error::IncorrectCredentials(_)),
            "{wrong}: {err:?}"
        );
        assert_eq!(err.code(), "TIMEKIT:INCORRECT_CREDENTIALS");
    }
    client(&emulator, KEY).get_app().await.unwrap();
}

#[tokio::test]
async fn the_emulator_refuses_a_body_of_64001_characters_and_stores_nothing() {
    let emulator = start_emulator().await;
    let client = client(&emulator, KEY);
    // {"name":"…","timezone":"UTC"} of exactly 64,001 characters.
    let frame = r#"{"name":"","timezone":"UTC"}"#.len();
    let body = |chars: usize| json!({"name": "é".repeat(chars - frame), "timezone": "UTC"});
    assert_eq!(body(64_001).to_string().chars().count(), 64_001);

    let err = client
        .call(CreateResource::from_json(body(64_001)))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::PAYLOAD_TOO_LARGE), "{err:?}");
    assert!(err.to_string().contains("64000"), "{err}");
    assert_eq!(emulator.resource_count(), 0);

    let room = emulator.seed_resource("Room 1", "Europe/Berlin").unwrap();
    let mut request = CreateBookingRequest::new(
        room.as_str(),
        Graph::Instant,
        at("2030-01-08T10:00:00Z"),
        at("2030-01-08T11:00:00Z"),
    );
    request = request.description("x".repeat(64_001));
    let err = client.create_booking(request).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::PAYLOAD_TOO_LARGE), "{err:?}");
    assert_eq!(emulator.booking_count(), 0);

    // One character less is read and judged on its content.
    client
        .call(CreateResource::from_json(body(64_000)))
        .await
        .unwrap();
    assert_eq!(emulator.resource_count(), 2);
}

#[tokio::test]
async fn answers_over_the_client_body_limit_are_refused() {
    let emulator = start_emulator().await;
    let room = emulator.seed_resource("Room 1", "Europe/Berlin").unwrap();
    emulator
        .seed_bookings(
            &room,
            20,
            "2030-01-08T08:00:00Z".parse().unwrap(),
            jiff::SignedDuration::from_mins(30),
        )
        .unwrap();
    let limited = Client::builder()
        .api_key(KEY)
        .base_url(emulator.base_url())
        .body_limit(1024)
        .request_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let unlimited = client(&emulator, KEY);
    let raw = unlimited.call(ListBookings::new()).raw().await.unwrap();
    assert!(
        raw.body.len() > 1024,
        "the page must be bigger than the limit: {}",
        raw.body.len()
    );

    let err = limited.list_bookings().await.unwrap_err();
    assert_eq!(
        err.transport_error().map(|e| e.kind()),
        Some(TransportErrorKind::BodyTooLarge),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    // Not retried: one request reached the emulator (plus the unlimited one above).
    assert_eq!(emulator.request_count("GET", "/bookings"), 2);

    // A body of a terabyte: read whole, it would run into the 20 s request timeout; refused
    // at the limit, it is BodyTooLarge. The kind of error shows the body was not read.
    emulator
        .faults()
        .push(FaultRule::new(Fault::HugeBody(1 << 40)).times(1));
    let err = limited.get_app().await.unwrap_err();
    assert_eq!(
        err.transport_error().map(|e| e.kind()),
        Some(TransportErrorKind::BodyTooLarge),
        "{err:?}"
    );
    // Under the limit, the same client works.
    limited
        .get_booking(emulator.bookings()[0]["id"].as_str().unwrap())
        .await
        .unwrap();
}
