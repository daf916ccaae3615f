//! The retry pieces wired into `Client`: the default policy, per-call overrides, the shared
//! budget and the rate limiter, over a scripted transport.

use std::time::Duration;

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
    let answer = client(&replay).execute_raw(GetApp::new()).await.unwrap();
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_last_answer_is_returned_when_attempts_run_out() {
    let replay = ReplayTransport::new((0..5).map(|_| json_response(503, UNAVAILABLE)));
    let error = client(&replay)
        .execute_raw(DeleteBooking::new("b-1"))
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
        .execute_raw(InviteToApp::new("a@example.com"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(replay.requests().len(), 1);

    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, "{}")]);
    let opted_in = RetryPolicy::default().with_retry_post(true);
    let answer = self::client(&replay)
        .execute_raw_with(InviteToApp::new("a@example.com"), &opted_in)
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
        .execute_raw(InviteToApp::new("a@example.com"))
        .await
        .unwrap();
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_per_call_policy_overrides_the_client_policy() {
    let replay = ReplayTransport::new([json_response(503, UNAVAILABLE), json_response(200, APP)]);
    let error = client(&replay)
        .execute_with(GetApp::new(), &RetryPolicy::none())
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
    clone.execute_raw(GetApp::new()).await.unwrap_err();
    assert_eq!(
        replay.requests().len(),
        2,
        "one retry, then the budget could not pay"
    );
    assert_eq!(budget.available(), 2);
    client.execute_raw(GetApp::new()).await.unwrap_err();
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
