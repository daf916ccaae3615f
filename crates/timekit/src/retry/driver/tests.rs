use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use http::StatusCode;
use timekit_transport::TransportErrorKind;

use super::*;
use crate::retry::budget::SUCCESS_REWARD;

type Answer = Result<http::Response<Bytes>, Error>;

fn status(code: u16) -> Answer {
    Ok(http::Response::builder()
        .status(code)
        .body(Bytes::new())
        .unwrap())
}

fn status_retry_after(code: u16, retry_after: &str) -> Answer {
    Ok(http::Response::builder()
        .status(code)
        .header("retry-after", retry_after)
        .body(Bytes::new())
        .unwrap())
}

/// Nothing was sent (connect refused).
fn not_sent() -> Answer {
    Err(Error::Transport(TransportError::connect("refused")))
}

/// The connection was lost after the request may have been sent.
fn maybe_sent() -> Answer {
    Err(Error::Transport(TransportError::io("reset")))
}

fn timed_out() -> Answer {
    Err(Error::Transport(TransportError::timeout("reading")))
}

/// A failure retrying cannot fix.
fn permanent() -> Answer {
    Err(Error::Transport(TransportError::other("?")))
}

/// The deadline named by an error from the loop's own deadline timer.
fn deadline_of(error: &Error) -> Option<Duration> {
    let Error::Transport(error) = error else {
        return None;
    };
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    std::error::Error::source(error)
        .and_then(|source| source.downcast_ref::<DeadlineExceeded>())
        .map(|exceeded| exceeded.deadline)
}

fn with_limiter<'a>(retry: RetryLoop<'a>, limiter: &'a RateLimiter) -> RetryLoop<'a> {
    RetryLoop {
        limiter: Some(limiter),
        ..retry
    }
}

fn with_attempt_timeout(retry: RetryLoop<'_>, timeout: Duration) -> RetryLoop<'_> {
    RetryLoop {
        attempt_timeout: Some(timeout),
        ..retry
    }
}

#[test]
fn the_deadline_error_is_a_timeout_that_names_the_deadline() {
    let error = deadline_exceeded(Duration::from_secs(30));
    assert!(
        error.to_string().contains("no complete response"),
        "{error}"
    );
    let Error::Transport(transport) = &error else {
        panic!("the deadline is a transport timeout");
    };
    assert!(transport.to_string().contains("deadline"), "{transport}");
    assert_eq!(deadline_of(&error), Some(Duration::from_secs(30)));
}

/// Runs a loop whose attempts answer from `script` in order; returns the result, the
/// attempt numbers the closure saw and the (virtual) time the call took.
async fn run_script(
    retry: &RetryLoop<'_>,
    method: Method,
    script: Vec<Answer>,
) -> (Attempts, Vec<u32>, Duration) {
    let script = Arc::new(Mutex::new(VecDeque::from(script)));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let attempts = retry
        .run(&method, |attempt_no| {
            seen.lock().unwrap().push(attempt_no);
            let answer = script
                .lock()
                .unwrap()
                .pop_front()
                .expect("script too short");
            async move { answer }
        })
        .await;
    let seen = seen.lock().unwrap().clone();
    (attempts, seen, start.elapsed())
}

fn result_status(attempts: &Attempts) -> Option<u16> {
    attempts
        .result
        .as_ref()
        .ok()
        .map(|response| response.status().as_u16())
}

#[tokio::test(start_paused = true)]
async fn first_attempt_success_rewards_the_budget() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::new(100);
    assert!(budget.try_withdraw(50));
    let retry = RetryLoop::new(&policy, &budget);
    let (attempts, seen, elapsed) = run_script(&retry, Method::GET, vec![status(200)]).await;
    assert_eq!(seen, [1]);
    assert_eq!(attempts.attempts, 1);
    assert_eq!(attempts.end, LoopEnd::Final(FinalReason::Success));
    assert_eq!(elapsed, Duration::ZERO);
    assert_eq!(budget.available(), 50 + SUCCESS_REWARD);
}

#[tokio::test(start_paused = true)]
async fn a_503_on_get_is_retried_within_the_backoff_ceiling() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let (attempts, seen, elapsed) =
        run_script(&retry, Method::GET, vec![status(503), status(200)]).await;
    assert_eq!(seen, [1, 2]);
    assert_eq!(result_status(&attempts), Some(200));
    assert_eq!(attempts.end, LoopEnd::Final(FinalReason::Success));
    assert!(elapsed <= policy.backoff_ceiling(1), "waited {elapsed:?}");
    assert!(
        attempts.earlier_attempt_may_have_applied,
        "a 503 may come from behind a proxy"
    );
    assert_eq!(
        budget.available(),
        budget.capacity(),
        "a successful retry is refunded"
    );
}

#[tokio::test(start_paused = true)]
async fn attempts_are_capped_by_the_policy() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![status(503), status(502), status(503), status(200)];
    let (attempts, seen, elapsed) = run_script(&retry, Method::DELETE, script).await;
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(result_status(&attempts), Some(503));
    assert_eq!(
        attempts.end,
        LoopEnd::AttemptsExhausted(RetryReason::ServiceUnavailable)
    );
    assert!(elapsed <= policy.backoff_ceiling(1) + policy.backoff_ceiling(2));
    assert_eq!(
        budget.available(),
        budget.capacity() - 2 * RETRY_COST,
        "failed retries are spent"
    );
}

#[tokio::test(start_paused = true)]
async fn post_is_not_retried_after_it_may_have_been_sent() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    for (answer, reason) in [
        (status(503), RetryReason::ServiceUnavailable),
        (
            status(500),
            RetryReason::ServerError(StatusCode::INTERNAL_SERVER_ERROR),
        ),
        (maybe_sent(), RetryReason::ConnectionLost),
        (timed_out(), RetryReason::TimedOut),
    ] {
        let (attempts, seen, _) = run_script(&retry, Method::POST, vec![answer, status(201)]).await;
        assert_eq!(seen, [1]);
        assert_eq!(
            attempts.end,
            LoopEnd::Final(FinalReason::NotIdempotent(reason))
        );
    }
}

#[tokio::test(start_paused = true)]
async fn post_is_retried_when_nothing_was_sent_or_the_caller_opts_in() {
    let budget = RetryBudget::default();
    let default_policy = RetryPolicy::default();
    let retry = RetryLoop::new(&default_policy, &budget);
    let script = vec![not_sent(), status(201)];
    let (attempts, seen, _) = run_script(&retry, Method::POST, script).await;
    assert_eq!(seen, [1, 2]);
    assert_eq!(result_status(&attempts), Some(201));
    assert!(!attempts.earlier_attempt_may_have_applied);

    let opted_in = RetryPolicy::default().with_retry_post(true);
    let retry = RetryLoop::new(&opted_in, &budget);
    let script = vec![maybe_sent(), status(201)];
    let (attempts, seen, _) = run_script(&retry, Method::POST, script).await;
    assert_eq!(seen, [1, 2]);
    assert!(attempts.earlier_attempt_may_have_applied);
}

#[tokio::test(start_paused = true)]
async fn rate_limited_fails_fast_even_with_retry_after() {
    let policy = RetryPolicy::default().with_retry_post(true);
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![status_retry_after(429, "1"), status(200)];
    let (attempts, seen, elapsed) = run_script(&retry, Method::GET, script).await;
    assert_eq!(seen, [1]);
    assert_eq!(result_status(&attempts), Some(429));
    assert_eq!(attempts.end, LoopEnd::Final(FinalReason::RateLimited));
    assert_eq!(elapsed, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn client_errors_and_permanent_failures_are_not_retried() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let (attempts, seen, _) = run_script(&retry, Method::GET, vec![status(404)]).await;
    assert_eq!(
        (seen.len(), attempts.end),
        (1, LoopEnd::Final(FinalReason::ClientError))
    );
    let script = vec![permanent()];
    let (attempts, seen, _) = run_script(&retry, Method::GET, script).await;
    assert_eq!(
        (seen.len(), attempts.end),
        (1, LoopEnd::Final(FinalReason::NotRetryable))
    );
    assert!(
        matches!(attempts.result, Err(Error::Transport(ref error)) if error.kind() == TransportErrorKind::Other),
        "{:?}",
        attempts.result
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_replaces_the_backoff() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![status_retry_after(503, "2"), status(200)];
    let (attempts, _, elapsed) = run_script(&retry, Method::GET, script).await;
    assert_eq!(result_status(&attempts), Some(200));
    assert_eq!(elapsed, Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_capped_at_the_max_delay() {
    let policy = RetryPolicy::default().with_max_delay(Duration::from_secs(3));
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![status_retry_after(503, "3600"), status(200)];
    let (attempts, _, elapsed) = run_script(&retry, Method::GET, script).await;
    assert_eq!(result_status(&attempts), Some(200));
    assert_eq!(elapsed, Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn no_retry_when_the_wait_would_pass_the_deadline() {
    let policy = RetryPolicy::default().with_deadline(Duration::from_secs(5));
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![status_retry_after(503, "8"), status(200)];
    let (attempts, seen, elapsed) = run_script(&retry, Method::GET, script).await;
    assert_eq!(seen, [1]);
    assert_eq!(result_status(&attempts), Some(503));
    assert_eq!(
        attempts.end,
        LoopEnd::DeadlineReached(RetryReason::ServiceUnavailable)
    );
    assert_eq!(
        elapsed,
        Duration::ZERO,
        "gave up at once instead of sleeping in vain"
    );
    assert_eq!(
        budget.available(),
        budget.capacity(),
        "nothing spent on a retry not made"
    );
}

#[tokio::test(start_paused = true)]
async fn a_hanging_attempt_is_cut_at_the_deadline() {
    let deadline = Duration::from_secs(4);
    let policy = RetryPolicy::default().with_deadline(deadline);
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let start = Instant::now();
    let attempts = retry
        .run(&Method::GET, |_| async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            status(200)
        })
        .await;
    assert_eq!(start.elapsed(), deadline);
    assert_eq!(deadline_of(&attempts.result.unwrap_err()), Some(deadline));
    assert_eq!(attempts.attempts, 1);
    assert_eq!(
        attempts.end,
        LoopEnd::DeadlineReached(RetryReason::TimedOut)
    );
}

/// An attempt that takes `duration` (virtual time) and then answers `answer`.
async fn slow(duration: Duration, answer: Answer) -> Answer {
    tokio::time::sleep(duration).await;
    answer
}

#[tokio::test(start_paused = true)]
async fn an_attempt_the_transport_ends_by_the_deadline_gets_no_timer_of_the_loop() {
    let deadline = Duration::from_secs(4);
    let policy = RetryPolicy::default().with_deadline(deadline);
    let budget = RetryBudget::default();
    // The transport promises to end every attempt within the deadline (give or take the
    // timer slack); this one breaks the promise, which shows that the loop set no timer.
    for bound in [
        deadline - Duration::from_secs(1),
        deadline + DEADLINE_TIMER_SLACK,
    ] {
        let retry = with_attempt_timeout(RetryLoop::new(&policy, &budget), bound);
        let start = Instant::now();
        let attempts = retry
            .run(&Method::GET, |_| slow(deadline * 2, status(200)))
            .await;
        assert_eq!(start.elapsed(), deadline * 2, "bound {bound:?}");
        assert_eq!(result_status(&attempts), Some(200));
    }
}

#[tokio::test(start_paused = true)]
async fn the_loop_cuts_an_attempt_when_the_deadline_is_tighter_than_the_transport() {
    let deadline = Duration::from_secs(4);
    let policy = RetryPolicy::default().with_deadline(deadline);
    let budget = RetryBudget::default();
    for bound in [
        deadline + DEADLINE_TIMER_SLACK * 2,
        Duration::from_secs(10),
        Duration::MAX,
    ] {
        let retry = with_attempt_timeout(RetryLoop::new(&policy, &budget), bound);
        let start = Instant::now();
        let attempts = retry
            .run(&Method::GET, |_| {
                slow(Duration::from_secs(3600), status(200))
            })
            .await;
        assert_eq!(start.elapsed(), deadline, "bound {bound:?}");
        assert_eq!(deadline_of(&attempts.result.unwrap_err()), Some(deadline));
    }
}

#[tokio::test(start_paused = true)]
async fn a_retry_gets_the_loops_timer_once_the_deadline_is_nearer_than_the_transport_bound() {
    // Request timeout = deadline: the first attempt is bounded by the transport alone, the
    // retry starts later, so only the loop's timer can end it by the deadline.
    let deadline = Duration::from_secs(10);
    let policy = RetryPolicy::default()
        .with_deadline(deadline)
        .with_base_delay(Duration::ZERO);
    let budget = RetryBudget::default();
    let retry = with_attempt_timeout(RetryLoop::new(&policy, &budget), deadline);
    let start = Instant::now();
    let attempts = retry
        .run(&Method::GET, |attempt| {
            let (duration, answer) = if attempt == 1 {
                (Duration::from_secs(3), status(503))
            } else {
                (Duration::from_secs(3600), status(200))
            };
            slow(duration, answer)
        })
        .await;
    assert_eq!(start.elapsed(), deadline);
    assert_eq!(attempts.attempts, 2);
    assert_eq!(deadline_of(&attempts.result.unwrap_err()), Some(deadline));
}

#[tokio::test(start_paused = true)]
async fn the_deadline_bounds_attempts_and_waits_together() {
    let deadline = Duration::from_secs(2);
    let policy = RetryPolicy::default()
        .with_max_attempts(100)
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_millis(100))
        .with_deadline(deadline);
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let start = Instant::now();
    let attempts = retry
        .run(&Method::GET, |_| async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            maybe_sent()
        })
        .await;
    assert!(start.elapsed() <= deadline, "took {:?}", start.elapsed());
    assert!(attempts.attempts > 1 && attempts.attempts < 100);
}

#[tokio::test(start_paused = true)]
async fn an_empty_budget_stops_retries() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::new(RETRY_COST + 2);
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![status(503), status(503), status(200)];
    let (attempts, seen, _) = run_script(&retry, Method::GET, script).await;
    assert_eq!(seen, [1, 2]);
    assert_eq!(
        attempts.end,
        LoopEnd::BudgetExhausted(RetryReason::ServiceUnavailable)
    );
    assert_eq!(budget.available(), 2);
}

#[tokio::test(start_paused = true)]
async fn timeouts_cost_more_of_the_budget() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::new(TIMEOUT_RETRY_COST + 2);
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![timed_out(), timed_out()];
    let (attempts, seen, _) = run_script(&retry, Method::GET, script).await;
    assert_eq!(seen, [1, 2]);
    assert_eq!(
        attempts.end,
        LoopEnd::BudgetExhausted(RetryReason::TimedOut)
    );
    assert_eq!(budget.available(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_seeded_jitter_is_reproducible() {
    let policy = RetryPolicy::default();
    let budget = RetryBudget::default();
    let mut waits = Vec::new();
    for _ in 0..2 {
        let retry = RetryLoop {
            jitter_seed: Some(42),
            ..RetryLoop::new(&policy, &budget)
        };
        let script = vec![status(503), status(503), status(200)];
        let (_, _, elapsed) = run_script(&retry, Method::GET, script).await;
        waits.push(elapsed);
    }
    assert_eq!(waits[0], waits[1]);
    assert!(waits[0] > Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn the_limiter_paces_every_attempt() {
    let policy = RetryPolicy::default().with_base_delay(Duration::ZERO);
    let budget = RetryBudget::default();
    let limiter = RateLimiter::new(1, 1);
    let retry = with_limiter(RetryLoop::new(&policy, &budget), &limiter);
    let script = vec![not_sent(), not_sent(), status(200)];
    let (attempts, seen, elapsed) = run_script(&retry, Method::GET, script).await;
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(result_status(&attempts), Some(200));
    assert_eq!(elapsed, Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn a_retry_queued_behind_the_limiter_gives_up_at_the_deadline() {
    // One request per second; while the first attempt runs, other callers reserve the next
    // 60 s of slots, so the retry would have to queue far past the call's 5 s deadline.
    let policy = RetryPolicy::default()
        .with_base_delay(Duration::ZERO)
        .with_deadline(Duration::from_secs(5));
    let budget = RetryBudget::default();
    let limiter = RateLimiter::new(1, 1);
    let retry = with_limiter(RetryLoop::new(&policy, &budget), &limiter);
    let start = Instant::now();
    let attempts = retry
        .run(&Method::GET, |_| {
            let limiter = limiter.clone();
            async move {
                for _ in 0..60 {
                    // Polled once: the slot is reserved, then the waiter is dropped.
                    let _ = tokio::time::timeout(Duration::ZERO, limiter.acquire()).await;
                }
                status(503)
            }
        })
        .await;
    let elapsed = start.elapsed();
    assert!(
        matches!(attempts.end, LoopEnd::DeadlineReached(_)),
        "{:?}",
        attempts.end
    );
    assert_eq!(attempts.attempts, 1);
    assert_eq!(result_status(&attempts), Some(503));
    assert!(
        elapsed <= Duration::from_secs(5),
        "the deadline covers a retry's wait for the limiter too, waited {elapsed:?}"
    );
}

mod tracing_capture {
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    pub type Fields = Vec<(String, String)>;

    /// The fields of every event, as `(name, value)` pairs.
    #[derive(Clone, Default)]
    pub struct Capture(pub Arc<Mutex<Vec<Fields>>>);

    struct Recorder<'a>(&'a mut Fields);

    impl Visit for Recorder<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.push((field.name().to_owned(), format!("{value:?}")));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.push((field.name().to_owned(), value.to_owned()));
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            if event.metadata().target() == "timekit::retry" {
                let mut fields = Vec::new();
                event.record(&mut Recorder(&mut fields));
                self.0.lock().unwrap().push(fields);
            }
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test(start_paused = true)]
async fn every_attempt_is_a_tracing_event() {
    use tracing::instrument::WithSubscriber;

    let policy = RetryPolicy::default();
    let budget = RetryBudget::default();
    let retry = RetryLoop::new(&policy, &budget);
    let script = vec![status(503), maybe_sent(), status(200)];
    // tracing caches per call site whether anyone listens. With a single scoped
    // dispatcher alive, tracing-core computes that cache from the *registering thread's*
    // default, so a parallel test could register our call sites as "never". A second live
    // dispatcher makes it consult every registered dispatcher instead.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let capture = tracing_capture::Capture::default();
    let dispatch = tracing::Dispatch::new(capture.clone());
    let _ = run_script(&retry, Method::PUT, script)
        .with_subscriber(dispatch)
        .await;

    let events = capture.0.lock().unwrap().clone();
    assert_eq!(events.len(), 3);
    let field = |event: &Vec<(String, String)>, name: &str| {
        event
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let attempts: Vec<_> = events.iter().map(|e| field(e, "attempt")).collect();
    assert_eq!(
        attempts,
        [Some("1".into()), Some("2".into()), Some("3".into())]
    );
    assert_eq!(field(&events[0], "outcome").as_deref(), Some("503"));
    assert_eq!(
        field(&events[0], "reason").as_deref(),
        Some("service_unavailable")
    );
    assert_eq!(
        field(&events[1], "reason").as_deref(),
        Some("connection_lost")
    );
    assert!(field(&events[0], "delay_ms").is_some());
    assert_eq!(field(&events[2], "decision").as_deref(), Some("success"));
    assert_eq!(field(&events[2], "delay_ms"), None);
    assert!(
        events
            .iter()
            .all(|e| field(e, "method").as_deref() == Some("PUT"))
    );
}
