//! Retries, the retry budget and the client-side rate limiter.
//!
//! Public: [`RetryPolicy`] (attempts, backoff, deadline, whether `POST` may be retried),
//! [`RetryBudget`] (a client-wide token bucket so an outage does not become a retry storm)
//! and [`RateLimiter`] (an optional client-side token bucket). The rest is the machinery of
//! the client's single send path: [`classify`] decides which outcomes are worth another
//! attempt (and [`Error::is_retryable`](crate::Error::is_retryable) reads the same table),
//! [`driver`] runs the attempts of one call, [`retry_after`] reads the server's
//! `Retry-After`.

mod budget;
pub(crate) mod classify;
pub(crate) mod driver;
mod limiter;
mod policy;
mod retry_after;

pub use budget::RetryBudget;
pub use limiter::RateLimiter;
pub use policy::RetryPolicy;

#[cfg(test)]
mod client_tests;
