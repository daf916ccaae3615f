//! Retries, the retry budget and the client-side rate limiter.
//!
//! The pieces, each in its own file:
//! * [`RetryPolicy`] — attempts (3), capped exponential backoff with full jitter
//!   (`rand(0, min(10 s, 250 ms · 2^(n−1)))`), overall deadline (30 s), and whether `POST` may
//!   be retried (no: Timekit has no idempotency keys);
//! * [`decide`] — which outcomes are worth another attempt (see [`classify`] for the table);
//! * [`retry_after`](retry_after::retry_after) — the server's `Retry-After`, delta-seconds or
//!   HTTP date;
//! * [`RetryBudget`] — a client-wide token bucket so an outage does not become a retry storm;
//! * [`RateLimiter`] — an optional client-side token bucket (Timekit: 10 requests/s, burst 10);
//! * [`RetryLoop`] — the driver that ties them together for one call.
//!
//! The facade calls the driver from its single send path (see the compiled example on
//! [`RetryLoop`]); there the built request is moved into the
//! first attempt's future, and a retry asks the operation to build it again, so no call pays
//! for a copy of the request.
//!
//! `RetryLoop::run(&self, method: &Method, attempt: impl FnMut(u32) -> Fut) -> Attempts<E>`
//! where `Fut: Future<Output = Result<http::Response<Bytes>, E>>` and `E: AttemptError`
//! (implemented for `TransportError` and the client's `AttemptFailure`). [`Attempts`]
//! carries the last result, the number of attempts, why the loop stopped and whether an
//! earlier attempt may have been applied. Every attempt is one `tracing` event with target
//! `timekit::retry`.

mod attempt_failure;
pub mod budget;
pub mod classify;
pub mod driver;
pub mod limiter;
pub mod policy;
pub mod retry_after;
pub mod transport_error;

pub(crate) use attempt_failure::AttemptFailure;
pub use budget::RetryBudget;
pub use classify::{Decision, FailureClass, FinalReason, Outcome, RetryReason, decide};
pub use driver::{AttemptError, Attempts, LoopEnd, RetryLoop};
pub use limiter::RateLimiter;
pub use policy::RetryPolicy;
pub use transport_error::DeadlineExceeded;

#[cfg(test)]
mod client_tests;
