//! [`RateLimiter`]: a client-side token bucket so a busy caller waits instead of collecting
//! 503s from Timekit's rate limiter (10 requests per second, bucket of 10).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

/// Timekit's documented production rate: 10 requests per second.
pub(crate) const DEFAULT_PER_SECOND: u32 = 10;
/// Timekit's documented bucket capacity.
pub(crate) const DEFAULT_BURST: u32 = 10;

/// A token bucket shared by every clone of a client: at most `burst` requests at once, then
/// one every `1 / per_second`.
///
/// GCRA (the "virtual scheduling" form of a leaky bucket): one atomic holds the theoretical
/// arrival time of the next request; every [`acquire`](RateLimiter::acquire) reserves its
/// slot before sleeping (on `tokio::time`), so waiters are served in order and nothing is
/// polled. A caller that cancels `acquire` while waiting forfeits its slot.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    inner: Arc<Gcra>,
}

#[derive(Debug)]
struct Gcra {
    origin: Instant,
    /// Time between two requests at the sustained rate, in nanoseconds.
    interval: u64,
    /// How far ahead of "now" the schedule may run before callers wait: `(burst − 1) · interval`.
    tolerance: u64,
    /// Theoretical arrival time of the next request, in nanoseconds after `origin`.
    next_slot: AtomicU64,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new(DEFAULT_PER_SECOND, DEFAULT_BURST)
    }
}

impl RateLimiter {
    /// `per_second` requests per second on average, up to `burst` at once (both at least 1).
    pub fn new(per_second: u32, burst: u32) -> Self {
        let interval = 1_000_000_000 / u64::from(per_second.max(1));
        let tolerance = interval.saturating_mul(u64::from(burst.max(1) - 1));
        RateLimiter {
            inner: Arc::new(Gcra {
                origin: Instant::now(),
                interval,
                tolerance,
                next_slot: AtomicU64::new(0),
            }),
        }
    }

    /// Waits until one more request may be sent, and counts it.
    pub async fn acquire(&self) {
        let wait = self.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Timekit answered `X-RateLimit-Remaining: 0`: whatever this client counted (other
    /// processes may share the key), the next request waits for one refill interval.
    pub(crate) fn server_bucket_empty(&self, now: Instant) {
        let gcra = &*self.inner;
        let empty = nanos_since(gcra.origin, now).saturating_add(gcra.tolerance + gcra.interval);
        gcra.next_slot.fetch_max(empty, Ordering::AcqRel);
    }

    /// Reserves the next slot at `now` and returns how long to wait for it.
    fn reserve(&self, now: Instant) -> Duration {
        let gcra = &*self.inner;
        let now = nanos_since(gcra.origin, now);
        let slot_of = |next_slot: u64| next_slot.max(now);
        // The closure always returns Some, so the update cannot fail; both arms carry the
        // previous value.
        let previous = gcra
            .next_slot
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |next_slot| {
                Some(slot_of(next_slot).saturating_add(gcra.interval))
            })
            .unwrap_or_else(|previous| previous);
        let slot = slot_of(previous);
        Duration::from_nanos(slot.saturating_sub(gcra.tolerance).saturating_sub(now))
    }

    /// Whether two handles share one bucket.
    pub fn shares_bucket_with(&self, other: &RateLimiter) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

fn nanos_since(origin: Instant, now: Instant) -> u64 {
    u64::try_from(now.saturating_duration_since(origin).as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn an_empty_server_bucket_makes_the_next_request_wait_one_interval() {
        let limiter = RateLimiter::new(10, 10);
        let start = Instant::now();
        limiter.acquire().await;
        limiter.server_bucket_empty(Instant::now());
        limiter.acquire().await;
        limiter.acquire().await;
        assert_eq!(start.elapsed().as_millis(), 200);
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_burst_passes_at_once() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..DEFAULT_BURST {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn after_the_burst_requests_are_spaced_by_the_rate() {
        let limiter = RateLimiter::new(10, 10);
        let start = Instant::now();
        for _ in 0..10 {
            limiter.acquire().await;
        }
        let mut arrivals = Vec::new();
        for _ in 0..5 {
            limiter.acquire().await;
            arrivals.push(start.elapsed().as_millis());
        }
        assert_eq!(arrivals, [100, 200, 300, 400, 500]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_bucket_refills_but_not_beyond_the_burst() {
        let limiter = RateLimiter::new(10, 3);
        for _ in 0..3 {
            limiter.acquire().await;
        }
        tokio::time::advance(Duration::from_secs(60)).await;
        let start = Instant::now();
        for _ in 0..3 {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "three tokens came back");
        limiter.acquire().await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(100),
            "but not a fourth"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn clones_share_the_bucket_across_tasks() {
        let limiter = RateLimiter::new(5, 5);
        let start = Instant::now();
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.acquire().await;
                    start.elapsed()
                })
            })
            .collect();
        let mut elapsed = Vec::new();
        for task in tasks {
            elapsed.push(task.await.unwrap());
        }
        elapsed.sort();
        // 5 at once, then one every 200 ms: the last of 20 goes at 3 s.
        assert_eq!(elapsed.iter().filter(|e| e.is_zero()).count(), 5);
        assert_eq!(elapsed.last().copied(), Some(Duration::from_secs(3)));
        assert!(limiter.shares_bucket_with(&limiter.clone()));
    }

    #[tokio::test(start_paused = true)]
    async fn degenerate_settings_still_limit() {
        let limiter = RateLimiter::new(0, 0);
        let start = Instant::now();
        limiter.acquire().await;
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
