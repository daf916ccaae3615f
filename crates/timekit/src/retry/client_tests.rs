//! The retry pieces wired into `Client`: the default policy, per-call overrides, the shared
//! budget and the rate limiter, over a scripted transport.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use timekit_ops::{BuildError, Operation, ResponseError};
use timekit_transport::TransportError;
use timekit_transport::test_util::{ReplayTransport, json_response};
use tokio::time::Instant;

use crate::ops::{DeleteBooking, GetApp, InviteToApp};
use crate::{Client, Error, RateLimiter, RetryBudget, RetryPolicy};

const APP: &str = r#"{"data": {"id": "app-1", "slug": "demo"}}"#;
const UNAVAILABLE: &str = r#"{"error": "Too many requests"}"#;

fn client(replay: &ReplayTransport) -> Client<ReplayTransport> {
    Client::builder()
        .api_key("test_api_key_retrywiring")
        .base_url("https://api.timekit.invalid/v2")
        .transport(replay.clone())
        .build()
        .unwrap()
}

#[test]
fn the_builder_defaults_to_the_standard_policy_and_no_limiter() {
    let client = client(&ReplayTransport::default());
    assert_eq!(client.retry_policy(), &RetryPolicy::default());
    assert!(client.rate_limiter().is_none());
    assert_eq!(
        client.retry_budget().available(),
        client.retry_budget().capacity()
    );
}

#[tokio::test(start_paused = true)]
async fn a_503_on_a_read_is_retried_by_default() {
    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, APP)]);
    let answer = client(&replay).call(GetApp::new()).raw().await.unwrap();
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_last_answer_is_returned_when_attempts_run_out() {
    let replay = ReplayTransport::new((0..5).map(|_| json_response(503, UNAVAILABLE)));
    let error = client(&replay)
        .call(DeleteBooking::new("b-1"))
        .raw()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(replay.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_post_is_not_retried_unless_the_call_opts_in() {
    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, "{}")]);
    let client = client(&replay);
    let error = client
        .call(InviteToApp::new("a@example.com"))
        .raw()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(replay.requests().len(), 1);

    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, "{}")]);
    let opted_in = RetryPolicy::default().with_retry_post(true);
    let answer = self::client(&replay)
        .call(InviteToApp::new("a@example.com"))
        .raw()
        .retry(opted_in)
        .await
        .unwrap();
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_post_that_was_never_sent_is_retried() {
    let replay = ReplayTransport::default();
    replay.push_error(TransportError::connect("refused"));
    replay.push(json_response(200, "{}"));
    let answer = client(&replay)
        .call(InviteToApp::new("a@example.com"))
        .raw()
        .await
        .unwrap();
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_per_call_policy_overrides_the_client_policy() {
    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, APP)]);
    let error = client(&replay)
        .call(GetApp::new())
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(replay.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_daily_quota_fails_fast_with_a_typed_error() {
    let replay = ReplayTransport::new([json_response(429, UNAVAILABLE), json_response(200, APP)]);
    let start = Instant::now();
    let error = client(&replay).get_app().await.unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert!(matches!(error, Error::UnexpectedStatus(_)));
    assert_eq!(replay.requests().len(), 1);
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn clones_share_the_retry_budget() {
    let replay = ReplayTransport::new((0..4).map(|_| json_response(503, UNAVAILABLE)));
    let budget = RetryBudget::new(7);
    let client = Client::builder()
        .api_key("test_api_key_retrywiring")
        .base_url("https://api.timekit.invalid/v2")
        .retry_budget(budget.clone())
        .transport(replay.clone())
        .build()
        .unwrap();
    let clone = client.clone();
    clone.call(GetApp::new()).raw().await.unwrap_err();
    assert_eq!(
        replay.requests().len(),
        2,
        "one retry, then the budget could not pay"
    );
    assert_eq!(budget.available(), 2);
    client.call(GetApp::new()).raw().await.unwrap_err();
    assert_eq!(
        replay.requests().len(),
        3,
        "the empty budget stops the other clone's retry"
    );
    assert!(client.retry_budget().shares_bucket_with(&budget));
}

#[tokio::test(start_paused = true)]
async fn the_rate_limiter_paces_calls() {
    let replay = ReplayTransport::new((0..3).map(|_| json_response(200, APP)));
    let client = Client::builder()
        .api_key("test_api_key_retrywiring")
        .base_url("https://api.timekit.invalid/v2")
        .rate_limiter(RateLimiter::new(2, 1))
        .transport(replay.clone())
        .build()
        .unwrap();
    let start = Instant::now();
    for _ in 0..3 {
        client.get_app().await.unwrap();
    }
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn a_retry_sends_the_same_request_again() {
    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, "{}")]);
    let opted_in = RetryPolicy::default().with_retry_post(true);
    client(&replay)
        .call(InviteToApp::new("a@example.com"))
        .raw()
        .retry(opted_in)
        .await
        .unwrap();
    let requests = replay.requests();
    assert_eq!(requests.len(), 2);
    let (first, retry) = (&requests[0], &requests[1]);
    assert_eq!(first.method(), retry.method());
    assert_eq!(first.uri(), retry.uri());
    assert_eq!(first.headers(), retry.headers());
    assert_eq!(first.body(), retry.body());
    assert!(first.headers().contains_key(http::header::AUTHORIZATION));
    assert!(!first.body().is_empty());
}

/// `GetApp` that counts how often its request is built, and can refuse to build it again.
struct CountingGetApp {
    builds: Arc<AtomicU32>,
    builds_allowed: u32,
}

impl Operation for CountingGetApp {
    type Output = <GetApp as Operation>::Output;
    const NAME: &'static str = "counting_get_app";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/app";

    fn path(&self) -> Result<String, BuildError> {
        let build = self.builds.fetch_add(1, Ordering::Relaxed) + 1;
        if build > self.builds_allowed {
            return Err(BuildError::InvalidRequest("built differently".to_owned()));
        }
        GetApp::new().path()
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<Self::Output, ResponseError> {
        GetApp::new().parse_response(response)
    }
}

#[tokio::test(start_paused = true)]
async fn the_request_is_built_once_per_attempt() {
    for (answers, attempts) in [
        (vec![json_response(200, APP)], 1),
        (
            vec![json_response(503, UNAVAILABLE), json_response(200, APP)],
            2,
        ),
    ] {
        let replay = ReplayTransport::new(answers);
        let builds = Arc::new(AtomicU32::new(0));
        let op = CountingGetApp {
            builds: Arc::clone(&builds),
            builds_allowed: u32::MAX,
        };
        client(&replay).call(op).await.unwrap();
        assert_eq!(replay.requests().len(), attempts);
        assert_eq!(builds.load(Ordering::Relaxed), attempts as u32);
    }
}

#[tokio::test(start_paused = true)]
async fn a_request_that_cannot_be_built_again_ends_the_call_as_invalid() {
    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, APP)]);
    let op = CountingGetApp {
        builds: Arc::default(),
        builds_allowed: 1,
    };
    let error = client(&replay).call(op).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(replay.requests().len(), 1);
}
