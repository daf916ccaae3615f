//! [`RetryPolicy`]: how many attempts, how long to wait between them, how long in total.

use std::time::Duration;

/// How a call is retried: attempts, capped exponential backoff with full jitter, an overall
/// deadline, and whether `POST` may be retried.
///
/// The defaults follow the "standard mode" of the big SDKs: 3 attempts, waits drawn uniformly
/// from `[0, min(10 s, 250 ms · 2^(n−1))]` before retry `n`, and at most 30 s for the whole call
/// (attempts and waits together).
///
/// ```
/// # use std::time::Duration;
/// # use timekit::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_deadline(Duration::from_secs(10));
/// assert_eq!(policy.max_attempts(), 5);
/// assert_eq!(RetryPolicy::none().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
    retry_post: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            deadline: Duration::from_secs(30),
            retry_post: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, never a retry (the other settings keep their defaults).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Total attempts including the first one; `0` is treated as `1`.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry (doubled for every further retry, before jitter).
    pub fn with_base_delay(mut self, base: Duration) -> Self {
        self.base_delay = base;
        self
    }

    /// The longest single wait between two attempts, also the cap on a server's `Retry-After`.
    pub fn with_max_delay(mut self, cap: Duration) -> Self {
        self.max_delay = cap;
        self
    }

    /// The most time one call may take, attempts and waits together.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Whether `POST` (and other non-idempotent methods) may be retried after the request may
    /// have reached the server. Off by default: Timekit has no idempotency keys, so a retried
    /// `POST /bookings` can create two bookings. Failures where nothing was sent are retried
    /// for every method regardless.
    pub fn with_retry_post(mut self, retry_post: bool) -> Self {
        self.retry_post = retry_post;
        self
    }

    /// Total attempts including the first one (at least 1).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before the first retry.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest single wait between two attempts.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The most time one call may take.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// Whether non-idempotent methods may be retried after the request may have been sent.
    pub fn retry_post(&self) -> bool {
        self.retry_post
    }

    /// The upper bound of the wait before retry number `retry` (1 = the first retry):
    /// `min(max_delay, base_delay · 2^(retry−1))`, computed without overflow.
    pub(crate) fn backoff_ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1);
        // 2^32 × any non-zero base already exceeds every sensible cap; stop doubling early so
        // the multiplication cannot overflow.
        let factor = 1u32.checked_shl(doublings.min(31)).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }

    /// The wait before retry number `retry` with full jitter: `unit · backoff_ceiling(retry)`,
    /// where `unit` is a uniform random number in `[0, 1)` (clamped into that range).
    pub(crate) fn backoff_with_unit(&self, retry: u32, unit: f64) -> Duration {
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.backoff_ceiling(retry).mul_f64(unit)
    }

    /// The wait before retry number `retry`, drawing the jitter from `rng`.
    pub(crate) fn backoff(&self, retry: u32, rng: &mut fastrand::Rng) -> Duration {
        self.backoff_with_unit(retry, rng.f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_design() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_attempts(), 3);
        assert_eq!(policy.base_delay(), Duration::from_millis(250));
        assert_eq!(policy.max_delay(), Duration::from_secs(10));
        assert_eq!(policy.deadline(), Duration::from_secs(30));
        assert!(!policy.retry_post());
    }

    #[test]
    fn none_makes_a_single_attempt() {
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn ceiling_doubles_from_the_base_and_stops_at_the_cap() {
        let policy = RetryPolicy::default();
        let ceilings: Vec<u64> = (1..=8)
            .map(|retry| policy.backoff_ceiling(retry).as_millis() as u64)
            .collect();
        assert_eq!(ceilings, [250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    }

    #[test]
    fn ceiling_never_overflows() {
        let policy = RetryPolicy::default().with_max_delay(Duration::MAX);
        assert!(policy.backoff_ceiling(u32::MAX) >= policy.backoff_ceiling(31));
        let small = RetryPolicy::default();
        assert_eq!(small.backoff_ceiling(u32::MAX), Duration::from_secs(10));
        assert_eq!(small.backoff_ceiling(0), Duration::from_millis(250));
    }

    #[test]
    fn full_jitter_scales_the_ceiling() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_with_unit(3, 0.0), Duration::ZERO);
        assert_eq!(policy.backoff_with_unit(3, 0.5), Duration::from_millis(500));
        assert_eq!(policy.backoff_with_unit(3, f64::NAN), Duration::ZERO);
        assert_eq!(policy.backoff_with_unit(3, 7.0), Duration::from_secs(1));
    }

    #[test]
    fn random_backoff_stays_within_the_ceiling_and_varies() {
        let policy = RetryPolicy::default();
        let mut rng = fastrand::Rng::with_seed(7);
        let waits: Vec<Duration> = (0..200).map(|_| policy.backoff(2, &mut rng)).collect();
        assert!(waits.iter().all(|wait| *wait <= Duration::from_millis(500)));
        let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
        assert!(distinct.len() > 100, "jitter should spread the waits");
    }
}
