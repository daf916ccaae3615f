//! Timekit's rate limits (help centre, "Timekit's rate limiter"): test keys
//! (`test_api_key_…`) get 3,000 requests per rolling 24 hours, then 429; live keys get a
//! leaky bucket of 10 requests refilled at 600 a minute, then 503. Every answer carries
//! `X-RateLimit-Remaining`.
//!
//! The limits follow the emulator clock, so a test can exhaust a quota and move the clock to
//! refill it. Off (the default), nothing is counted or refused and the header shows the full
//! allowance, so a client limiter that waits on `0` never waits.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use jiff::{SignedDuration, Timestamp};

/// Default of [`RateLimits::daily_quota`]: Timekit's test-key quota.
pub const DEFAULT_DAILY_QUOTA: u32 = 3_000;
/// Default of [`RateLimits::bucket`]'s capacity: Timekit's live-key burst.
pub const DEFAULT_BUCKET_CAPACITY: u32 = 10;
/// Default of [`RateLimits::bucket`]'s refill rate, per minute.
pub const DEFAULT_REFILL_PER_MINUTE: u32 = 600;

const QUOTA_WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// The numbers of Timekit's limits, for [`crate::EmulatorBuilder::rate_limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    daily_quota: u32,
    bucket_capacity: u32,
    refill_per_minute: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::timekit()
    }
}

impl RateLimits {
    /// Timekit's numbers: 3,000 a day for test keys; a 10-request bucket refilled at 600 a
    /// minute for live keys.
    pub const fn timekit() -> Self {
        Self {
            daily_quota: DEFAULT_DAILY_QUOTA,
            bucket_capacity: DEFAULT_BUCKET_CAPACITY,
            refill_per_minute: DEFAULT_REFILL_PER_MINUTE,
        }
    }

    /// Requests a test key may make per rolling 24 hours before answers are 429.
    #[must_use]
    pub const fn daily_quota(mut self, quota: u32) -> Self {
        self.daily_quota = quota;
        self
    }

    /// A live key's bucket: `capacity` requests at once, refilled at `per_minute`; a request
    /// finding it empty is answered 503.
    #[must_use]
    pub const fn bucket(mut self, capacity: u32, per_minute: u32) -> Self {
        self.bucket_capacity = capacity;
        self.refill_per_minute = per_minute;
        self
    }
}

/// What a refused request is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Test key over its daily quota.
    QuotaExceeded,
    /// Live key with an empty bucket.
    BucketEmpty,
}

#[derive(Debug)]
enum Counter {
    /// Times of the requests counted in the last 24 hours (test keys).
    Quota(VecDeque<Timestamp>),
    /// Tokens (in thousandths) and when they were last topped up (live keys).
    Bucket { millis: u64, at: Option<Timestamp> },
}

/// One emulator's limiter.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limits: RateLimits,
    enabled: bool,
    counter: Mutex<Counter>,
}

impl RateLimiter {
    /// `limits` `None` = off; `test_key` picks the daily quota, else the bucket.
    pub(crate) fn new(limits: Option<RateLimits>, test_key: bool) -> Self {
        let enabled = limits.is_some();
        let limits = limits.unwrap_or_default();
        let counter = if test_key {
            Counter::Quota(VecDeque::new())
        } else {
            Counter::Bucket {
                millis: u64::from(limits.bucket_capacity) * 1_000,
                at: None,
            }
        };
        Self {
            limits,
            enabled,
            counter: Mutex::new(counter),
        }
    }

    /// Counts one request at `now`; `Err` when it must be refused (not counted then).
    pub(crate) fn admit(&self, now: Timestamp) -> Result<(), Refusal> {
        if !self.enabled {
            return Ok(());
        }
        let mut counter = self.counter.lock().unwrap_or_else(PoisonError::into_inner);
        self.refresh(&mut counter, now);
        match &mut *counter {
            Counter::Quota(times) => {
                if times.len() >= self.limits.daily_quota as usize {
                    return Err(Refusal::QuotaExceeded);
                }
                times.push_back(now);
            }
            Counter::Bucket { millis, .. } => {
                if *millis < 1_000 {
                    return Err(Refusal::BucketEmpty);
                }
                *millis -= 1_000;
            }
        }
        Ok(())
    }

    /// `X-RateLimit-Remaining` at `now`.
    pub(crate) fn remaining(&self, now: Timestamp) -> u32 {
        let mut counter = self.counter.lock().unwrap_or_else(PoisonError::into_inner);
        if !self.enabled {
            return match &*counter {
                Counter::Quota(_) => self.limits.daily_quota,
                Counter::Bucket { .. } => self.limits.bucket_capacity,
            };
        }
        self.refresh(&mut counter, now);
        match &*counter {
            Counter::Quota(times) => {
                let used = u32::try_from(times.len()).unwrap_or(u32::MAX);
                self.limits.daily_quota.saturating_sub(used)
            }
            Counter::Bucket { millis, .. } => u32::try_from(millis / 1_000).unwrap_or(u32::MAX),
        }
    }

    /// Forgets requests older than 24 hours; refills the bucket for the time passed.
    fn refresh(&self, counter: &mut Counter, now: Timestamp) {
        match counter {
            Counter::Quota(times) => {
                while times
                    .front()
                    .is_some_and(|first| now.duration_since(*first) >= QUOTA_WINDOW)
                {
                    times.pop_front();
                }
            }
            Counter::Bucket { millis, at } => {
                let capacity = u64::from(self.limits.bucket_capacity) * 1_000;
                if let Some(last) = *at {
                    // A clock moved back refills nothing.
                    let elapsed_ms =
                        u64::try_from(now.duration_since(last).as_millis()).unwrap_or(0);
                    // tokens per ms = per_minute / 60_000; in thousandths: per_minute / 60.
                    let gained =
                        elapsed_ms.saturating_mul(u64::from(self.limits.refill_per_minute)) / 60;
                    *millis = millis.saturating_add(gained).min(capacity);
                }
                if at.is_none_or(|last| now > last) {
                    *at = Some(now);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_900_000_000 + seconds).unwrap()
    }

    #[test]
    fn off_counts_nothing() {
        let limiter = RateLimiter::new(None, true);
        for _ in 0..5_000 {
            limiter.admit(at(0)).unwrap();
        }
        assert_eq!(limiter.remaining(at(0)), DEFAULT_DAILY_QUOTA);
        assert_eq!(RateLimiter::new(None, false).remaining(at(0)), 10);
    }

    #[test]
    fn the_daily_quota_rolls() {
        let limiter = RateLimiter::new(Some(RateLimits::timekit().daily_quota(3)), true);
        limiter.admit(at(0)).unwrap();
        limiter.admit(at(10)).unwrap();
        limiter.admit(at(20)).unwrap();
        assert_eq!(limiter.remaining(at(20)), 0);
        assert_eq!(limiter.admit(at(30)), Err(Refusal::QuotaExceeded));
        assert_eq!(limiter.remaining(at(86_400)), 1);
        limiter.admit(at(86_400)).unwrap();
        assert_eq!(limiter.admit(at(86_405)), Err(Refusal::QuotaExceeded));
    }

    #[test]
    fn the_bucket_refills_at_ten_a_second() {
        let limiter = RateLimiter::new(Some(RateLimits::timekit()), false);
        for _ in 0..10 {
            limiter.admit(at(0)).unwrap();
        }
        assert_eq!(limiter.admit(at(0)), Err(Refusal::BucketEmpty));
        assert_eq!(limiter.remaining(at(0)), 0);
        // 600 a minute = one every 100 ms.
        let later = at(0) + SignedDuration::from_millis(250);
        assert_eq!(limiter.remaining(later), 2);
        assert_eq!(limiter.remaining(at(60)), 10);
    }
}
