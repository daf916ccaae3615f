//! The fault matrix: the real client (`HyperTransport` over loopback TCP) against the
//! in-process emulator with one fault switched on per test.
//!
//! For every row: the client's outcome (a success after retries, or the right typed error),
//! the number of attempts (the emulator's request counter, which counts before faults
//! apply), and the store afterwards (no `POST` applied twice, nothing lost).
//!
//! | method | fault                      | policy        | outcome                     | attempts | store                 |
//! |--------|----------------------------|---------------|-----------------------------|----------|-----------------------|
//! | GET    | none / latency             | default       | Ok                          | 1        | –                     |
//! | GET    | 503 ×2                     | default       | Ok                          | 3        | –                     |
//! | GET    | 503 always                 | default       | 503 UnexpectedStatus        | 3        | –                     |
//! | GET    | 503 + Retry-After: 1       | default       | Ok after ≥ 1 s              | 2        | –                     |
//! | GET    | 429                        | default       | rate limited, no retry      | 1        | –                     |
//! | GET    | close before / after       | default       | Ok                          | 2        | –                     |
//! | GET    | truncated body             | default       | Ok                          | 2        | –                     |
//! | GET    | malformed JSON             | default       | Decode error                | 1        | –                     |
//! | GET    | HTML 502 once / always     | default       | Ok / 502 UnexpectedStatus   | 2 / 3    | –                     |
//! | GET    | huge body                  | default       | BodyTooLarge                | 1        | –                     |
//! | GET    | slow body (within/over)    | default       | Ok / Ok after a timeout     | 1 / 2    | –                     |
//! | GET    | latency over the deadline  | deadline 1 s  | Timeout (deadline)          | 1        | –                     |
//! | GET    | 503 always, tiny budget    | default       | 503; next call no retry     | 3, 1     | –                     |
//! | POST   | 503 / 429 / HTML 502       | default       | the status, no retry        | 1        | 0 bookings            |
//! | POST   | 503                        | retry_post    | Ok                          | 2        | 1 booking             |
//! | POST   | connect refused (not sent) | default       | Ok                          | 1 (+1)   | 1 booking             |
//! | POST   | close before handler       | default       | Io error                    | 1        | 0 bookings            |
//! | POST   | close after handler        | default       | Io error                    | 1        | 1 booking             |
//! | POST   | truncated body             | default       | Io error                    | 1        | 1 booking             |
//! | POST   | close after, instant graph | retry_post    | 422 already booked          | 2        | 1 booking             |
//! | POST   | close after, confirm_decline | retry_post  | Ok                          | 2        | 2 bookings (why opt-in) |
//! | PUT    | 503 / close before         | default       | Ok, confirmed               | 2        | confirmed once        |
//! | PUT    | close after handler        | default       | 422 cannot apply action     | 2        | confirmed once        |
//! | DELETE | 503 ×2                     | default       | Ok                          | 3        | deleted               |
//! | DELETE | close after handler        | default       | 404                         | 2        | deleted               |
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Method;
use serde_json::json;
use timekit::model::{
    Booking, BookingAction, BookingState, CreateBookingRequest, Customer, Graph, Timestamp,
};
use timekit::ops::{CreateBooking, GetBooking};
use timekit::transport::HyperTransport;
use timekit::{
    Client, Error, RetryBudget, RetryPolicy, Transport, TransportError, TransportErrorKind,
};
use timekit_emulator::faults::{Fault, FaultRule};
use timekit_emulator::{Emulator, EmulatorClock, EmulatorHandle};
use timekit_tests::status_code;

const KEY: &str = "test_api_key_faultmatrix0123456789abcdefghij";
const NOW: &str = "2030-01-07T09:00:00Z";
/// The client's whole-exchange timeout: short, so slow-body and latency rows stay quick.
const REQUEST_TIMEOUT: Duration = Duration::from_millis(1_500);
/// The client's response body limit.
const BODY_LIMIT: usize = 256 * 1024;

/// The retry policy of every row unless it says otherwise: the default rules and attempts,
/// with short waits so the suite is fast (the cap stays above 1 s for the Retry-After row).
fn policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_secs(2))
}

struct Bed {
    emulator: EmulatorHandle,
    client: Client,
    resource: String,
}

impl Bed {
    async fn start() -> Self {
        Self::start_with(|builder| builder).await
    }

    /// An emulator with one resource, and a client for it configured by `configure`.
    async fn start_with(
        configure: impl FnOnce(timekit::ClientBuilder) -> timekit::ClientBuilder,
    ) -> Self {
        let emulator = Emulator::builder()
            .api_key(KEY)
            .clock(EmulatorClock::fixed(NOW.parse().unwrap()))
            .start()
            .await
            .unwrap();
        let client = configure(client_builder(&emulator)).build().unwrap();
        let resource = emulator.seed_resource("Room 1", "Europe/Berlin").unwrap();
        Bed {
            emulator,
            client,
            resource,
        }
    }

    /// A `confirm_decline` booking (tentative) stored directly, starting `hour` hours after
    /// 2030-01-08T00:00Z.
    fn seed_tentative(&self, hour: u32) -> String {
        self.emulator
            .seed_booking_json(json!({
                "graph": "confirm_decline",
                "resource_id": self.resource,
                "start": format!("2030-01-08T{hour:02}:00:00Z"),
                "end": format!("2030-01-08T{hour:02}:30:00Z"),
                "what": "Fault matrix",
                "customer": {"name": "Jane Roe", "email": "jane@example.com"},
            }))
            .unwrap()
    }

    /// A create-booking request for the bed's resource at `hour` on 2030-01-09.
    fn booking_request(&self, graph: Graph, hour: u32) -> CreateBookingRequest {
        let start: Timestamp = format!("2030-01-09T{hour:02}:00:00Z").parse().unwrap();
        let end: Timestamp = format!("2030-01-09T{hour:02}:45:00Z").parse().unwrap();
        CreateBookingRequest::new(self.resource.as_str(), graph, start, end)
            .what("Fault matrix")
            .customer(Customer::new("Jane Roe", "jane@example.com"))
    }

    fn inject(&self, rule: FaultRule) {
        self.emulator.faults().push(rule);
    }

    fn attempts(&self, method: &str, template: &str) -> u64 {
        self.emulator.request_count(method, template)
    }

    fn state_of(&self, id: &str) -> Option<String> {
        self.emulator
            .bookings()
            .into_iter()
            .find(|booking| booking["id"] == id)
            .map(|booking| booking["state"].as_str().unwrap().to_owned())
    }
}

fn client_builder(emulator: &EmulatorHandle) -> timekit::ClientBuilder {
    settings(Client::builder(), emulator)
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(REQUEST_TIMEOUT)
        .body_limit(BODY_LIMIT)
}

/// What every client of the matrix shares, whatever its transport.
fn settings<T>(
    builder: timekit::ClientBuilder<T>,
    emulator: &EmulatorHandle,
) -> timekit::ClientBuilder<T> {
    builder
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .retry_policy(policy())
}

fn booking_rule(fault: Fault, method: Method) -> FaultRule {
    FaultRule::new(fault)
        .method(method)
        .path_glob("/v2/bookings/*")
}

fn create_rule(fault: Fault) -> FaultRule {
    FaultRule::new(fault)
        .method(Method::POST)
        .path_prefix("/v2/bookings")
}

fn action_rule(fault: Fault) -> FaultRule {
    FaultRule::new(fault)
        .method(Method::PUT)
        .path_glob("/v2/bookings/*/*")
}

fn transport_kind(error: &Error) -> Option<TransportErrorKind> {
    error.transport_error().map(TransportError::kind)
}

// ---------------------------------------------------------------------------------------
// GET /bookings/{id}: idempotent, so everything transient is retried.
// ---------------------------------------------------------------------------------------

/// Runs `get_booking` on a seeded booking under one fault rule; returns the bed, the result
/// and how many GETs the emulator received.
async fn get_under(rule: Option<FaultRule>) -> (Bed, Result<Booking, Error>, u64) {
    let bed = Bed::start().await;
    let id = bed.seed_tentative(9);
    if let Some(rule) = rule {
        bed.inject(rule);
    }
    let result = bed.client.get_booking(id.as_str()).await;
    let attempts = bed.attempts("GET", "/bookings/{id}");
    (bed, result, attempts)
}

/// Runs `get_booking` under `rule` and checks that it succeeds after `expected_attempts` GETs.
async fn assert_get_succeeds_under(rule: FaultRule, expected_attempts: u64) {
    let (_bed, result, attempts) = get_under(Some(rule)).await;
    result.unwrap();
    assert_eq!(attempts, expected_attempts);
}

#[tokio::test]
async fn get_without_faults_takes_one_attempt() {
    let (_bed, result, attempts) = get_under(None).await;
    assert_eq!(result.unwrap().state, BookingState::Tentative);
    assert_eq!(attempts, 1);
}

#[tokio::test]
async fn get_with_latency_succeeds_once() {
    let rule = booking_rule(Fault::Latency(Duration::from_millis(100)), Method::GET);
    assert_get_succeeds_under(rule, 1).await;
}

#[tokio::test]
async fn get_survives_a_burst_of_503() {
    let rule = booking_rule(Fault::service_unavailable(None), Method::GET).times(2);
    assert_get_succeeds_under(rule, 3).await;
}

#[tokio::test]
async fn get_gives_up_after_the_policy_attempts() {
    let rule = booking_rule(Fault::service_unavailable(None), Method::GET);
    let (_bed, result, attempts) = get_under(Some(rule)).await;
    let error = result.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(status_code(&error), Some(503));
    assert!(error.is_retryable() && !error.is_rate_limited());
    assert_eq!(attempts, u64::from(policy().max_attempts()));
}

#[tokio::test]
async fn get_honours_retry_after() {
    let rule = booking_rule(Fault::service_unavailable(Some(1)), Method::GET).times(1);
    let started = Instant::now();
    let (_bed, result, attempts) = get_under(Some(rule)).await;
    result.unwrap();
    assert_eq!(attempts, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn get_rate_limited_fails_fast_with_a_typed_error() {
    let rule = booking_rule(Fault::too_many_requests(Some(1)), Method::GET);
    let (_bed, result, attempts) = get_under(Some(rule)).await;
    let error = result.unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert!(error.to_string().contains("quota"), "{error}");
    assert_eq!(error.code(), "TIMEKIT:UNKNOWN");
    assert_eq!(attempts, 1);
}

#[tokio::test]
async fn get_recovers_from_a_connection_closed_before_the_handler() {
    let rule = booking_rule(Fault::CloseBeforeHandler, Method::GET).times(1);
    assert_get_succeeds_under(rule, 2).await;
}

#[tokio::test]
async fn get_recovers_from_a_connection_closed_after_the_handler() {
    let rule = booking_rule(Fault::CloseAfterHandler, Method::GET).times(1);
    assert_get_succeeds_under(rule, 2).await;
}

#[tokio::test]
async fn get_recovers_from_a_truncated_body() {
    let rule = booking_rule(Fault::TruncatedBody, Method::GET).times(1);
    assert_get_succeeds_under(rule, 2).await;
}

#[tokio::test]
async fn get_with_malformed_json_is_a_decode_error_without_retry() {
    let rule = booking_rule(Fault::MalformedJson, Method::GET).times(1);
    let (_bed, result, attempts) = get_under(Some(rule)).await;
    let error = result.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(status_code(&error), Some(200));
    assert_eq!(attempts, 1);
}

#[tokio::test]
async fn get_retries_an_html_502() {
    let rule = booking_rule(Fault::Html502, Method::GET).times(1);
    assert_get_succeeds_under(rule, 2).await;
}

#[tokio::test]
async fn get_reports_a_persistent_html_502_briefly() {
    let rule = booking_rule(Fault::Html502, Method::GET);
    let (_bed, result, attempts) = get_under(Some(rule)).await;
    let error = result.unwrap_err();
    assert_eq!(status_code(&error), Some(502));
    assert!(
        error.body().unwrap().starts_with(b"<html>"),
        "the raw page is kept"
    );
    assert!(
        error.to_string().len() < 300,
        "Display stays short: {error}"
    );
    assert_eq!(attempts, 3);
}

#[tokio::test]
async fn get_refuses_a_huge_body_without_retry() {
    let rule = booking_rule(Fault::HugeBody(4 * BODY_LIMIT as u64), Method::GET);
    let (_bed, result, attempts) = get_under(Some(rule)).await;
    let error = result.unwrap_err();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::BodyTooLarge),
        "{error:?}"
    );
    assert_eq!(attempts, 1);
}

#[tokio::test]
async fn get_waits_for_a_slow_body_within_the_timeout() {
    let fault = Fault::SlowBody {
        chunk: 64,
        delay: Duration::from_millis(10),
    };
    let rule = booking_rule(fault, Method::GET).times(1);
    assert_get_succeeds_under(rule, 1).await;
}

#[tokio::test]
async fn get_retries_a_body_slower_than_the_timeout() {
    let fault = Fault::SlowBody {
        chunk: 32,
        delay: Duration::from_millis(200),
    };
    let rule = booking_rule(fault, Method::GET).times(1);
    assert_get_succeeds_under(rule, 2).await;
}

#[tokio::test]
async fn the_deadline_cuts_a_call_short() {
    let deadline = Duration::from_secs(1);
    let bed = Bed::start_with(|builder| {
        builder
            .request_timeout(Duration::from_secs(10))
            .retry_policy(policy().with_deadline(deadline))
    })
    .await;
    let id = bed.seed_tentative(9);
    bed.inject(booking_rule(
        Fault::Latency(Duration::from_secs(3)),
        Method::GET,
    ));
    let started = Instant::now();
    let error = bed.client.get_booking(id.as_str()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::Timeout),
        "{error:?}"
    );
    assert!(
        elapsed >= deadline && elapsed < Duration::from_secs(3),
        "took {elapsed:?}"
    );
    assert_eq!(bed.attempts("GET", "/bookings/{id}"), 1);
}

#[tokio::test]
async fn an_empty_retry_budget_stops_retrying() {
    let budget = RetryBudget::new(10);
    let bed = Bed::start_with(|builder| builder.retry_budget(budget.clone())).await;
    let id = bed.seed_tentative(9);
    bed.inject(booking_rule(Fault::service_unavailable(None), Method::GET));
    bed.client.get_booking(id.as_str()).await.unwrap_err();
    assert_eq!(
        bed.attempts("GET", "/bookings/{id}"),
        3,
        "two retries paid, 5 tokens each"
    );
    assert_eq!(budget.available(), 0);
    bed.client
        .clone()
        .get_booking(id.as_str())
        .await
        .unwrap_err();
    assert_eq!(
        bed.attempts("GET", "/bookings/{id}"),
        4,
        "no token left for a retry"
    );
}

// ---------------------------------------------------------------------------------------
// POST /bookings: never repeated once it may have reached the server, unless opted in.
// ---------------------------------------------------------------------------------------

/// Starts a bed, fails its next create with `fault`, and creates an instant booking there.
async fn create_under(fault: Fault) -> (Bed, Result<Booking, Error>) {
    let bed = Bed::start().await;
    bed.inject(create_rule(fault).times(1));
    let result = bed
        .client
        .create_booking(bed.booking_request(Graph::Instant, 10))
        .await;
    (bed, result)
}

/// A create under `fault` is an I/O error after one attempt and leaves `stored` bookings.
async fn assert_create_is_an_io_error(fault: Fault, stored: usize, why: &str) {
    let (bed, result) = create_under(fault).await;
    let error = result.unwrap_err();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::Io),
        "{error:?}"
    );
    assert_eq!(bed.attempts("POST", "/bookings"), 1);
    assert_eq!(bed.emulator.booking_count(), stored, "{why}");
}

#[tokio::test]
async fn post_statuses_are_not_retried_and_apply_nothing() {
    for (fault, status) in [
        (Fault::service_unavailable(None), 503),
        (Fault::too_many_requests(None), 429),
        (Fault::Html502, 502),
    ] {
        let (bed, result) = create_under(fault).await;
        let error = result.unwrap_err();
        assert_eq!(status_code(&error), Some(status), "{error:?}");
        assert_eq!(error.is_rate_limited(), status == 429);
        assert_eq!(bed.attempts("POST", "/bookings"), 1, "{status}");
        assert_eq!(bed.emulator.booking_count(), 0, "{status}");
    }
}

#[tokio::test]
async fn post_503_is_retried_when_the_call_opts_in() {
    let bed = Bed::start().await;
    bed.inject(create_rule(Fault::service_unavailable(None)).times(1));
    let opted_in = policy().with_retry_post(true);
    let booking = bed
        .client
        .call(CreateBooking::new(bed.booking_request(Graph::Instant, 10)))
        .retry(opted_in)
        .await
        .unwrap();
    assert_eq!(booking.state, BookingState::Confirmed);
    assert_eq!(bed.attempts("POST", "/bookings"), 2);
    assert_eq!(bed.emulator.booking_count(), 1);
}

/// A transport whose first request fails to connect (nothing sent); later requests go
/// through the real `HyperTransport`.
struct RefuseFirstConnect {
    inner: HyperTransport,
    refused: AtomicBool,
}

#[async_trait::async_trait]
impl Transport for RefuseFirstConnect {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        if !self.refused.swap(true, Ordering::SeqCst) {
            return Err(TransportError::connect("connection refused (test)"));
        }
        self.inner.send(request).await
    }
}

#[tokio::test]
async fn post_that_was_never_sent_is_retried() {
    let bed = Bed::start().await;
    let transport = RefuseFirstConnect {
        inner: HyperTransport::builder()
            .request_timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap(),
        refused: AtomicBool::new(false),
    };
    // The transport's own settings are made on it; the builder has none for it.
    let client = settings(Client::builder().transport(transport), &bed.emulator)
        .build()
        .unwrap();
    let booking = client
        .create_booking(bed.booking_request(Graph::Instant, 10))
        .await
        .unwrap();
    assert_eq!(booking.state, BookingState::Confirmed);
    assert_eq!(
        bed.attempts("POST", "/bookings"),
        1,
        "the refused attempt never arrived"
    );
    assert_eq!(bed.emulator.booking_count(), 1);
}

#[tokio::test]
async fn post_closed_before_the_handler_fails_and_applies_nothing() {
    assert_create_is_an_io_error(Fault::CloseBeforeHandler, 0, "nothing reached the handler").await;
}

#[tokio::test]
async fn post_closed_after_the_handler_fails_but_is_applied_once() {
    assert_create_is_an_io_error(
        Fault::CloseAfterHandler,
        1,
        "applied once, answer lost, not repeated",
    )
    .await;
}

#[tokio::test]
async fn post_with_a_truncated_answer_fails_but_is_applied_once() {
    assert_create_is_an_io_error(
        Fault::TruncatedBody,
        1,
        "applied once, answer cut short, not repeated",
    )
    .await;
}

#[tokio::test]
async fn post_with_malformed_json_is_a_decode_error_applied_once() {
    let (bed, result) = create_under(Fault::MalformedJson).await;
    let error = result.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(bed.attempts("POST", "/bookings"), 1);
    assert_eq!(bed.emulator.booking_count(), 1);
}

#[tokio::test]
async fn opted_in_post_retry_after_a_lost_answer_meets_the_double_booking_check() {
    let bed = Bed::start().await;
    bed.inject(create_rule(Fault::CloseAfterHandler).times(1));
    let opted_in = policy().with_retry_post(true);
    let request = CreateBooking::new(bed.booking_request(Graph::Instant, 10));
    let error = bed.client.call(request).retry(opted_in).await.unwrap_err();
    assert_eq!(status_code(&error), Some(422), "{error:?}");
    assert!(error.to_string().contains("already booked"), "{error}");
    assert_eq!(bed.attempts("POST", "/bookings"), 2);
    assert_eq!(bed.emulator.booking_count(), 1);
}

#[tokio::test]
async fn opted_in_post_retry_after_a_lost_answer_can_duplicate_a_request() {
    // Why POST is not retried by default: a tentative confirm_decline booking does not
    // block its slot, so repeating a create that was applied makes a second booking.
    let bed = Bed::start().await;
    bed.inject(create_rule(Fault::CloseAfterHandler).times(1));
    let opted_in = policy().with_retry_post(true);
    let request = CreateBooking::new(bed.booking_request(Graph::ConfirmDecline, 10));
    bed.client.call(request).retry(opted_in).await.unwrap();
    assert_eq!(bed.attempts("POST", "/bookings"), 2);
    assert_eq!(bed.emulator.booking_count(), 2);
}

// ---------------------------------------------------------------------------------------
// PUT /bookings/{id}/{action} and DELETE /bookings/{id}: retried, with Timekit's caveat
// that a repeated action or delete after a lost answer meets the already-changed state.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn put_action_is_retried_after_faults_that_applied_nothing() {
    for fault in [
        Fault::service_unavailable(None),
        Fault::CloseBeforeHandler,
        Fault::Html502,
    ] {
        let bed = Bed::start().await;
        let id = bed.seed_tentative(9);
        bed.inject(action_rule(fault.clone()).times(1));
        let booking = bed
            .client
            .apply_booking_action(id.as_str(), BookingAction::Confirm)
            .await
            .unwrap();
        assert_eq!(booking.state, BookingState::Confirmed, "{fault:?}");
        assert_eq!(
            bed.attempts("PUT", "/bookings/{id}/{action}"),
            2,
            "{fault:?}"
        );
        assert_eq!(bed.state_of(&id).as_deref(), Some("confirmed"));
    }
}

#[tokio::test]
async fn put_action_retried_after_a_lost_answer_meets_the_new_state() {
    let bed = Bed::start().await;
    let id = bed.seed_tentative(9);
    bed.inject(action_rule(Fault::CloseAfterHandler).times(1));
    let error = bed
        .client
        .apply_booking_action(id.as_str(), BookingAction::Confirm)
        .await
        .unwrap_err();
    assert_eq!(status_code(&error), Some(422), "{error:?}");
    assert!(
        error.to_string().contains("Cannot apply action 'confirm'"),
        "{error}"
    );
    assert_eq!(bed.attempts("PUT", "/bookings/{id}/{action}"), 2);
    assert_eq!(
        bed.state_of(&id).as_deref(),
        Some("confirmed"),
        "applied exactly once"
    );
}

async fn declined_booking(bed: &Bed) -> String {
    let id = bed.seed_tentative(9);
    bed.client
        .apply_booking_action(id.as_str(), BookingAction::Decline)
        .await
        .unwrap();
    bed.emulator.reset_request_counts();
    id
}

#[tokio::test]
async fn delete_survives_a_burst_of_503() {
    let bed = Bed::start().await;
    let id = declined_booking(&bed).await;
    bed.inject(booking_rule(Fault::service_unavailable(None), Method::DELETE).times(2));
    bed.client.delete_booking(id.as_str()).await.unwrap();
    assert_eq!(bed.attempts("DELETE", "/bookings/{id}"), 3);
    assert_eq!(bed.emulator.booking_count(), 0);
}

#[tokio::test]
async fn delete_retried_after_a_lost_answer_finds_the_booking_gone() {
    let bed = Bed::start().await;
    let id = declined_booking(&bed).await;
    bed.inject(booking_rule(Fault::CloseAfterHandler, Method::DELETE).times(1));
    let error = bed.client.delete_booking(id.as_str()).await.unwrap_err();
    assert_eq!(status_code(&error), Some(404), "{error:?}");
    assert_eq!(bed.attempts("DELETE", "/bookings/{id}"), 2);
    assert_eq!(bed.emulator.booking_count(), 0);
}

#[tokio::test]
async fn raw_calls_follow_the_same_rules() {
    let bed = Bed::start().await;
    let id = bed.seed_tentative(9);
    bed.inject(booking_rule(Fault::TruncatedBody, Method::GET).times(1));
    let raw = bed
        .client
        .call(GetBooking::new(id.as_str()))
        .raw()
        .await
        .unwrap();
    assert_eq!(raw.status.as_u16(), 200);
    assert_eq!(bed.attempts("GET", "/bookings/{id}"), 2);
}
