//! [`RetryLoop`]: runs one call's attempts under a policy, a budget and an optional limiter.

use std::fmt;
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

/// How far past the deadline an attempt bounded by the transport alone may end: about the
/// resolution of tokio's timers, which fire on whole milliseconds, so the loop's own deadline
/// timer would not be more precise.
pub const DEADLINE_TIMER_SLACK: Duration = Duration::from_millis(1);

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
/// ```no_run
/// use bytes::Bytes;
/// use timekit::retry::{RetryBudget, RetryLoop, RetryPolicy};
/// use timekit::transport::{HyperTransport, Transport};
///
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let transport = HyperTransport::new()?;
/// let (policy, budget) = (RetryPolicy::default(), RetryBudget::default());
/// let request = http::Request::get("https://api.timekit.io/v2/app").body(Bytes::new())?;
/// let attempts = RetryLoop::new(&policy, &budget)
///     .with_attempt_timeout(Some(transport.request_timeout()))
///     .run(request.method(), |_attempt| transport.send(request.clone()))
///     .await;
/// println!("{} attempt(s)", attempts.attempts);
/// let response = attempts.result?;
/// # let _ = response;
/// # Ok(())
/// # }
/// ```
///
/// Order of events: the limiter (if any) is awaited before every attempt; the deadline
/// starts when the first attempt starts (a caller queued behind the limiter does not lose
/// its deadline to the queue; a retry's wait in that queue does count, and is cut at the
/// deadline), and every attempt runs under what is left of it: under a
/// timer of the loop's own, unless [`RetryLoop::with_attempt_timeout`] says the attempt
/// ends by itself no later (see there). After a
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
    attempt_timeout: Option<Duration>,
}

impl<'a> RetryLoop<'a> {
    /// A loop following `policy` and paying retries from `budget`.
    pub fn new(policy: &'a RetryPolicy, budget: &'a RetryBudget) -> Self {
        RetryLoop {
            policy,
            budget,
            limiter: None,
            jitter_seed: None,
            attempt_timeout: None,
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

    /// Declares that every attempt ends by itself within `timeout`, because the transport
    /// bounds each exchange (`HyperTransport`'s request timeout). `None`, the default: nothing
    /// is known about the attempts.
    ///
    /// Each attempt must still end by the call's deadline. An attempt that, started now,
    /// ends by `timeout` no later than the deadline (give or take [`DEADLINE_TIMER_SLACK`])
    /// then runs without a timer of the loop's own: one timer per attempt instead of two,
    /// which is the common case (the first attempt, with the default 30 s request timeout and
    /// 30 s deadline). When the deadline is tighter (a retry late in the call, or a deadline
    /// shorter than the request timeout) the loop cuts the attempt at the deadline as usual.
    /// An attempt that ends by the transport's timeout fails with the transport's timeout
    /// error rather than the deadline's; both are timeouts, and the loop then stops with
    /// [`LoopEnd::DeadlineReached`] just the same.
    #[must_use]
    pub fn with_attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Runs `attempt(1)`, `attempt(2)`, … until an outcome is final or retrying must stop.
    ///
    /// `attempt(n)` performs one complete send through the transport; `n` starts at 1. (The
    /// client moves the request it built into the first attempt and builds it again for a
    /// retry, so a call that needs no retry never copies its request.)
    pub async fn run<F, Fut, E>(&self, method: &Method, mut attempt: F) -> Attempts<E>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<http::Response<Bytes>, E>>,
        E: AttemptError,
    {
        let policy = self.policy;
        // Made on the first backoff: most calls never retry.
        let mut rng = None;
        self.wait_for_limiter().await;
        let mut attempt_start = Instant::now();
        // None: the deadline is too far away to be represented, i.e. there is none.
        let deadline = attempt_start.checked_add(policy.deadline());
        let mut attempt_no: u32 = 1;
        let mut retry_cost: u32 = 0;
        let mut may_have_applied = false;
        loop {
            let cut_at = deadline.filter(|&deadline| self.needs_own_timer(attempt_start, deadline));
            let result = run_until(cut_at, attempt(attempt_no), policy.deadline()).await;
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
                    // A retry's place in the limiter's queue counts against the deadline:
                    // the wait is cut there (the reserved slot is forfeited) rather than
                    // letting a long queue hold the call far past it.
                    let in_time = self.wait_for_limiter_until(deadline).await;
                    attempt_start = Instant::now();
                    if !in_time || deadline.is_some_and(|deadline| attempt_start >= deadline) {
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

    /// Waits for the limiter, but not past `deadline`; `false` when the deadline came first.
    async fn wait_for_limiter_until(&self, deadline: Option<Instant>) -> bool {
        match (self.limiter, deadline) {
            (Some(limiter), Some(deadline)) => tokio::time::timeout_at(deadline, limiter.acquire())
                .await
                .is_ok(),
            _ => {
                self.wait_for_limiter().await;
                true
            }
        }
    }

    /// Whether an attempt starting at `start` needs the loop's timer to end by `deadline`:
    /// yes, unless the attempt timeout ends it by then anyway (within the slack).
    fn needs_own_timer(&self, start: Instant, deadline: Instant) -> bool {
        let Some(bounded_by) = self
            .attempt_timeout
            .and_then(|timeout| start.checked_add(timeout))
        else {
            return true;
        };
        // A deadline too far away to add the slack to cannot be passed.
        deadline
            .checked_add(DEADLINE_TIMER_SLACK)
            .is_some_and(|latest| bounded_by > latest)
    }

    /// `Retry-After` when the server sent one (capped at the policy's `max_delay`), otherwise
    /// the jittered backoff for retry number `retry`, drawn from `rng` (made on first use).
    fn delay_before_retry<E>(
        &self,
        retry: u32,
        result: &Result<http::Response<Bytes>, E>,
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

/// Runs `attempt`, cut short at `deadline` when there is one (the loop's own timer).
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
/// Written straight into the subscriber's output, so tracing an attempt allocates nothing.
struct Describe<'a>(Outcome<'a>);

impl fmt::Display for Describe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Outcome::Response { status, .. } => write!(f, "{}", status.as_u16()),
            Outcome::Failure(class) => write!(f, "{class:?}"),
        }
    }
}

fn trace_final(attempt: u32, method: &Method, outcome: Outcome<'_>, decision: &'static str) {
    tracing::debug!(
        target: "timekit::retry",
        attempt,
        method = %method,
        outcome = %Describe(outcome),
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
        outcome = %Describe(outcome),
        decision = "retry",
        reason = reason.as_str(),
        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        "attempt failed, retrying"
    );
}

#[cfg(test)]
mod tests;
