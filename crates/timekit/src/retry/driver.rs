//! [`RetryLoop`]: runs one call's attempts under a policy, a budget and an optional limiter.

use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Method;
use timekit_transport::TransportError;
use tokio::time::Instant;

use super::budget::{RETRY_COST, RetryBudget, TIMEOUT_RETRY_COST};
use super::classify::{Decision, FinalReason, Outcome, RetryReason, decide};
use super::limiter::RateLimiter;
use super::policy::RetryPolicy;
use super::retry_after::retry_after;
use crate::error::Error;

/// How far past the deadline an attempt bounded by the transport alone may end: about the
/// resolution of tokio's timers (whole milliseconds), so the loop's own timer would not be
/// more precise.
pub(crate) const DEADLINE_TIMER_SLACK: Duration = Duration::from_millis(1);

/// The source of the timeout error of an attempt cut short by the call's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the call's retry deadline of {deadline:?} passed")]
pub(crate) struct DeadlineExceeded {
    pub(crate) deadline: Duration,
}

fn deadline_exceeded(deadline: Duration) -> Error {
    Error::Transport(
        TransportError::timeout(DeadlineExceeded { deadline })
            .with_message("retry deadline exceeded"),
    )
}

/// Why the loop stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoopEnd {
    /// The last outcome is final by itself.
    Final(FinalReason),
    /// Retryable, but the policy's attempts were used up.
    AttemptsExhausted(RetryReason),
    /// Retryable, but the next attempt could not start before the deadline.
    DeadlineReached(RetryReason),
    /// Retryable, but the client-wide retry budget was empty.
    BudgetExhausted(RetryReason),
}

impl LoopEnd {
    fn as_str(self) -> &'static str {
        match self {
            LoopEnd::Final(reason) => reason.as_str(),
            LoopEnd::AttemptsExhausted(_) => "attempts_exhausted",
            LoopEnd::DeadlineReached(_) => "deadline_reached",
            LoopEnd::BudgetExhausted(_) => "budget_exhausted",
        }
    }
}

/// The last attempt's response or error, and how it came about.
#[derive(Debug)]
pub(crate) struct Attempts {
    pub(crate) result: Result<http::Response<Bytes>, Error>,
    /// At least 1.
    pub(crate) attempts: u32,
    /// Traced with the last attempt; the client needs no more than the result.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) end: LoopEnd,
    /// Whether an earlier attempt failed in a way that may have let the server apply the
    /// request (a connection lost after sending a `PUT`): a later 404 or "cannot apply
    /// action" may then be the echo of that first attempt.
    pub(crate) earlier_attempt_may_have_applied: bool,
}

/// Drives the attempts of one call.
///
/// The limiter (if any) is awaited before every attempt. The deadline starts when the first
/// attempt starts (a caller queued behind the limiter does not lose its deadline to the
/// queue; a retry's wait there does count, and is cut at the deadline), and every attempt
/// runs under what is left of it: under a timer of the loop's own, unless
/// `attempt_timeout` says the transport ends the attempt by then anyway. After a retryable
/// outcome the loop waits `Retry-After` (capped at the policy's `max_delay`) or the jittered
/// backoff; it gives up instead of waiting when the wait would reach the deadline, when the
/// attempts are used up, or when the budget cannot pay. Every attempt is one `tracing` event
/// (target `timekit::retry`): `attempt`, `method`, `outcome`, `decision`, and for retries
/// `reason` and `delay_ms`.
#[derive(Debug, Clone)]
pub(crate) struct RetryLoop<'a> {
    pub(crate) policy: &'a RetryPolicy,
    pub(crate) budget: &'a RetryBudget,
    pub(crate) limiter: Option<&'a RateLimiter>,
    /// Seeds the jitter (reproducible waits for tests).
    pub(crate) jitter_seed: Option<u64>,
    /// A bound the transport puts on every exchange (`HyperTransport`'s request timeout): an
    /// attempt it ends by the deadline (± [`DEADLINE_TIMER_SLACK`]) gets no timer of the
    /// loop's own, one timer per attempt instead of two in the common case.
    pub(crate) attempt_timeout: Option<Duration>,
}

impl<'a> RetryLoop<'a> {
    /// A loop following `policy` and paying retries from `budget`.
    pub(crate) fn new(policy: &'a RetryPolicy, budget: &'a RetryBudget) -> Self {
        RetryLoop {
            policy,
            budget,
            limiter: None,
            jitter_seed: None,
            attempt_timeout: None,
        }
    }

    /// Runs `attempt(1)`, `attempt(2)`, … until an outcome is final or retrying must stop.
    /// `attempt(n)` performs one complete send through the transport.
    pub(crate) async fn run<F, Fut>(&self, method: &Method, mut attempt: F) -> Attempts
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<http::Response<Bytes>, Error>>,
    {
        let policy = self.policy;
        // Made on the first backoff: most calls never retry.
        let mut rng = None;
        self.wait_for_limiter_until(None).await;
        let mut attempt_start = Instant::now();
        // None: the deadline is too far away to be represented, i.e. there is none.
        let deadline = attempt_start.checked_add(policy.deadline());
        let mut attempt_no: u32 = 1;
        let mut retry_cost: u32 = 0;
        let mut may_have_applied = false;
        loop {
            let cut_at = deadline.filter(|&deadline| self.needs_own_timer(attempt_start, deadline));
            let sending = attempt(attempt_no);
            let result = match cut_at {
                Some(cut_at) => tokio::time::timeout_at(cut_at, sending)
                    .await
                    .unwrap_or_else(|_elapsed| Err(deadline_exceeded(policy.deadline()))),
                None => sending.await,
            };
            if let (Some(limiter), Ok(response)) = (self.limiter, &result) {
                if response
                    .headers()
                    .get("x-ratelimit-remaining")
                    .is_some_and(|v| v == "0")
                {
                    limiter.server_bucket_empty(Instant::now());
                }
            }
            let outcome = result.as_ref().map(http::Response::status);
            let end = match decide(policy, method, outcome) {
                Decision::Final(reason) => {
                    if reason == FinalReason::Success {
                        self.budget.record_success(retry_cost);
                    }
                    LoopEnd::Final(reason)
                }
                Decision::Retry(reason) if attempt_no >= policy.max_attempts() => {
                    LoopEnd::AttemptsExhausted(reason)
                }
                Decision::Retry(reason) => {
                    let delay = self.delay_before_retry(attempt_no, &result, &mut rng);
                    let cost = if reason == RetryReason::TimedOut {
                        TIMEOUT_RETRY_COST
                    } else {
                        RETRY_COST
                    };
                    let resume = Instant::now().checked_add(delay);
                    if deadline.is_some_and(|end| resume.is_none_or(|resume| resume >= end)) {
                        LoopEnd::DeadlineReached(reason)
                    } else if !self.budget.try_withdraw(cost) {
                        LoopEnd::BudgetExhausted(reason)
                    } else {
                        tracing::info!(
                            target: "timekit::retry",
                            attempt = attempt_no,
                            method = %method,
                            outcome = %Describe(outcome),
                            decision = "retry",
                            reason = reason.as_str(),
                            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                            "attempt failed, retrying"
                        );
                        tokio::time::sleep(delay).await;
                        // A retry's place in the limiter's queue counts against the deadline:
                        // the wait is cut there (the reserved slot is forfeited).
                        let in_time = self.wait_for_limiter_until(deadline).await;
                        attempt_start = Instant::now();
                        if !in_time || deadline.is_some_and(|deadline| attempt_start >= deadline) {
                            LoopEnd::DeadlineReached(reason)
                        } else {
                            retry_cost = retry_cost.saturating_add(cost);
                            may_have_applied |= reason.may_have_been_applied();
                            attempt_no += 1;
                            continue;
                        }
                    }
                }
            };
            tracing::debug!(
                target: "timekit::retry",
                attempt = attempt_no,
                method = %method,
                outcome = %Describe(outcome),
                decision = end.as_str(),
                "attempt finished"
            );
            return Attempts {
                result,
                attempts: attempt_no,
                end,
                earlier_attempt_may_have_applied: may_have_applied,
            };
        }
    }

    /// Waits for the limiter, but not past `deadline`; `false` when the deadline came first.
    async fn wait_for_limiter_until(&self, deadline: Option<Instant>) -> bool {
        let Some(limiter) = self.limiter else {
            return true;
        };
        match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline, limiter.acquire())
                .await
                .is_ok(),
            None => {
                limiter.acquire().await;
                true
            }
        }
    }

    /// Whether an attempt starting at `start` needs the loop's timer to end by `deadline`:
    /// yes, unless the attempt timeout ends it by then anyway (within the slack).
    fn needs_own_timer(&self, start: Instant, deadline: Instant) -> bool {
        let bounded_by = self
            .attempt_timeout
            .and_then(|timeout| start.checked_add(timeout));
        // A deadline too far away to add the slack to cannot be passed.
        let latest = deadline.checked_add(DEADLINE_TIMER_SLACK);
        bounded_by.is_none_or(|bounded_by| latest.is_some_and(|latest| bounded_by > latest))
    }

    /// `Retry-After` when the server sent one (capped at the policy's `max_delay`), otherwise
    /// the jittered backoff for retry number `retry`, drawn from `rng` (made on first use).
    fn delay_before_retry(
        &self,
        retry: u32,
        result: &Result<http::Response<Bytes>, Error>,
        rng: &mut Option<fastrand::Rng>,
    ) -> Duration {
        let asked = result
            .as_ref()
            .ok()
            .and_then(|response| retry_after(response.headers(), SystemTime::now()));
        match asked {
            Some(asked) => asked.min(self.policy.max_delay()),
            None => {
                let rng = rng.get_or_insert_with(|| {
                    self.jitter_seed
                        .map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed)
                });
                self.policy.backoff(retry, rng)
            }
        }
    }
}

/// An outcome for tracing: the status code, or the kind of failure. Written straight into
/// the subscriber's output, so tracing an attempt allocates nothing.
struct Describe<'a>(Outcome<'a>);

impl fmt::Display for Describe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ok(status) => write!(f, "{}", status.as_u16()),
            Err(Error::Transport(error)) => write!(f, "{}", error.kind()),
            Err(_) => f.write_str("invalid request"),
        }
    }
}

#[cfg(test)]
mod tests;
