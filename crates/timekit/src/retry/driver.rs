//! [`RetryLoop`]: runs one call's attempts under a policy, a budget and an optional limiter.

use std::future::Future;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Method;
use tokio::time::Instant;

use super::budget::{RETRY_COST, RetryBudget, TIMEOUT_RETRY_COST};
use super::classify::{Decision, FailureClass, FinalReason, Outcome, RetryReason, decide};
use super::limiter::RateLimiter;
use super::policy::RetryPolicy;
use super::retry_after::retry_after;

/// What the retry loop needs to know about a failed attempt.
pub trait AttemptError: Sized {
    /// How the failure relates to the server: nothing sent, maybe sent, timed out, permanent.
    fn failure_class(&self) -> FailureClass;
    /// The error for an attempt cut short because the call's deadline passed.
    fn deadline_exceeded(deadline: Duration) -> Self;
}

/// Why the loop stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopEnd {
    /// The last outcome is final by itself (success, 429, other 4xx, not retryable, or a
    /// non-idempotent method).
    Final(FinalReason),
    /// The outcome was retryable but the policy's attempts were used up.
    AttemptsExhausted(RetryReason),
    /// The outcome was retryable but the next attempt could not start before the deadline.
    DeadlineReached(RetryReason),
    /// The outcome was retryable but the client-wide retry budget was empty.
    BudgetExhausted(RetryReason),
}

/// The result of a call: the last attempt's response or error, and how it came about.
#[derive(Debug)]
#[must_use]
pub struct Attempts<E> {
    /// The last attempt's outcome.
    pub result: Result<http::Response<Bytes>, E>,
    /// How many attempts were made (at least 1).
    pub attempts: u32,
    /// Why no further attempt was made.
    pub end: LoopEnd,
    /// Whether an earlier attempt failed in a way that may have let the server apply the
    /// request (for example a connection lost after sending a `PUT`): a later 404 or
    /// "cannot apply action" may then be the echo of that first attempt.
    pub earlier_attempt_may_have_applied: bool,
}

/// Drives the attempts of one call.
///
/// ```ignore
/// let attempts = RetryLoop::new(&policy, &budget)
///     .with_limiter(limiter.as_ref())
///     .run(request.method(), |_attempt| transport.send(request.clone()))
///     .await;
/// let response = attempts.result?;
/// ```
///
/// Order of events: the limiter (if any) is awaited before every attempt; the deadline
/// starts when the first attempt starts (a caller queued behind the limiter does not lose
/// its deadline to the queue), and every attempt runs under what is left of it. After a
/// retryable outcome the loop waits `Retry-After` (capped at the policy's `max_delay`) or,
/// without that header, the jittered backoff; it gives up instead of waiting when the wait
/// would end at or after the deadline, when the attempts are used up, or when the budget
/// cannot pay for the retry. Every attempt emits one `tracing` event (target
/// `timekit::retry`): `attempt`, `method`, `outcome`, `decision`, and for retries
/// `delay_ms`.
#[derive(Debug, Clone)]
pub struct RetryLoop<'a> {
    policy: &'a RetryPolicy,
    budget: &'a RetryBudget,
    limiter: Option<&'a RateLimiter>,
    jitter_seed: Option<u64>,
}

impl<'a> RetryLoop<'a> {
    /// A loop following `policy` and paying retries from `budget`.
    pub fn new(policy: &'a RetryPolicy, budget: &'a RetryBudget) -> Self {
        RetryLoop {
            policy,
            budget,
            limiter: None,
            jitter_seed: None,
        }
    }

    /// Waits for `limiter` before every attempt.
    #[must_use]
    pub fn with_limiter(mut self, limiter: Option<&'a RateLimiter>) -> Self {
        self.limiter = limiter;
        self
    }

    /// Draws the jitter from a generator seeded with `seed` (reproducible waits for tests).
    #[must_use]
    pub fn with_jitter_seed(mut self, seed: u64) -> Self {
        self.jitter_seed = Some(seed);
        self
    }

    /// Runs `attempt(1)`, `attempt(2)`, … until an outcome is final or retrying must stop.
    ///
    /// `attempt(n)` performs one complete send (typically a clone of the request through the
    /// transport); `n` starts at 1.
    pub async fn run<F, Fut, E>(&self, method: &Method, mut attempt: F) -> Attempts<E>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<http::Response<Bytes>, E>>,
        E: AttemptError,
    {
        let policy = self.policy;
        let mut rng = self
            .jitter_seed
            .map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed);
        self.wait_for_limiter().await;
        // None: the deadline is too far away to be represented, i.e. there is none.
        let deadline = Instant::now().checked_add(policy.deadline());
        let mut attempt_no: u32 = 1;
        let mut retry_cost: u32 = 0;
        let mut may_have_applied = false;
        loop {
            let result = run_until(deadline, attempt(attempt_no), policy.deadline()).await;
            let outcome = outcome_of(&result);
            let reason = match decide(policy, method, outcome) {
                Decision::Final(reason) => {
                    if reason == FinalReason::Success {
                        self.budget.record_success(retry_cost);
                    }
                    trace_final(attempt_no, method, outcome, reason.as_str());
                    return Attempts {
                        result,
                        attempts: attempt_no,
                        end: LoopEnd::Final(reason),
                        earlier_attempt_may_have_applied: may_have_applied,
                    };
                }
                Decision::Retry(reason) => reason,
            };
            let stop = if attempt_no >= policy.max_attempts() {
                Some(LoopEnd::AttemptsExhausted(reason))
            } else {
                let delay = self.delay_before_retry(attempt_no, &result, &mut rng);
                let cost = cost_of(reason);
                if ends_at_or_after(deadline, delay) {
                    Some(LoopEnd::DeadlineReached(reason))
                } else if !self.budget.try_withdraw(cost) {
                    Some(LoopEnd::BudgetExhausted(reason))
                } else {
                    trace_retry(attempt_no, method, outcome, reason, delay);
                    tokio::time::sleep(delay).await;
                    self.wait_for_limiter().await;
                    if ends_at_or_after(deadline, Duration::ZERO) {
                        Some(LoopEnd::DeadlineReached(reason))
                    } else {
                        retry_cost = retry_cost.saturating_add(cost);
                        may_have_applied |= reason.may_have_been_applied();
                        attempt_no += 1;
                        None
                    }
                }
            };
            if let Some(end) = stop {
                trace_final(attempt_no, method, outcome, end_name(end));
                return Attempts {
                    result,
                    attempts: attempt_no,
                    end,
                    earlier_attempt_may_have_applied: may_have_applied,
                };
            }
        }
    }

    async fn wait_for_limiter(&self) {
        if let Some(limiter) = self.limiter {
            limiter.acquire().await;
        }
    }

    /// `Retry-After` when the server sent one (capped at the policy's `max_delay`), otherwise
    /// the jittered backoff for retry number `retry`.
    fn delay_before_retry<E>(
        &self,
        retry: u32,
        result: &Result<http::Response<Bytes>, E>,
        rng: &mut fastrand::Rng,
    ) -> Duration {
        let asked = result
            .as_ref()
            .ok()
            .and_then(|response| retry_after(response.headers(), SystemTime::now()));
        match asked {
            Some(asked) => asked.min(self.policy.max_delay()),
            None => self.policy.backoff(retry, rng),
        }
    }
}

async fn run_until<Fut, E>(
    deadline: Option<Instant>,
    attempt: Fut,
    budget: Duration,
) -> Result<http::Response<Bytes>, E>
where
    Fut: Future<Output = Result<http::Response<Bytes>, E>>,
    E: AttemptError,
{
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline, attempt)
            .await
            .unwrap_or_else(|_elapsed| Err(E::deadline_exceeded(budget))),
        None => attempt.await,
    }
}

fn outcome_of<E: AttemptError>(result: &Result<http::Response<Bytes>, E>) -> Outcome<'_> {
    match result {
        Ok(response) => Outcome::Response {
            status: response.status(),
            headers: response.headers(),
        },
        Err(error) => Outcome::Failure(error.failure_class()),
    }
}

/// Whether waiting `delay` from now reaches the deadline.
fn ends_at_or_after(deadline: Option<Instant>, delay: Duration) -> bool {
    match (deadline, Instant::now().checked_add(delay)) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(deadline), Some(resume)) => resume >= deadline,
    }
}

fn cost_of(reason: RetryReason) -> u32 {
    if reason == RetryReason::TimedOut {
        TIMEOUT_RETRY_COST
    } else {
        RETRY_COST
    }
}

fn end_name(end: LoopEnd) -> &'static str {
    match end {
        LoopEnd::Final(reason) => reason.as_str(),
        LoopEnd::AttemptsExhausted(_) => "attempts_exhausted",
        LoopEnd::DeadlineReached(_) => "deadline_reached",
        LoopEnd::BudgetExhausted(_) => "budget_exhausted",
    }
}

/// A short description of an outcome for tracing: the status code or the failure class.
fn describe(outcome: Outcome<'_>) -> String {
    match outcome {
        Outcome::Response { status, .. } => status.as_u16().to_string(),
        Outcome::Failure(class) => format!("{class:?}"),
    }
}

fn trace_final(attempt: u32, method: &Method, outcome: Outcome<'_>, decision: &'static str) {
    tracing::debug!(
        target: "timekit::retry",
        attempt,
        method = %method,
        outcome = %describe(outcome),
        decision,
        "attempt finished"
    );
}

fn trace_retry(
    attempt: u32,
    method: &Method,
    outcome: Outcome<'_>,
    reason: RetryReason,
    delay: Duration,
) {
    tracing::info!(
        target: "timekit::retry",
        attempt,
        method = %method,
        outcome = %describe(outcome),
        decision = "retry",
        reason = reason.as_str(),
        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        "attempt failed, retrying"
    );
}

#[cfg(test)]
mod tests;
