//! The emulator's clock: what "now" means for timestamps, auto-complete and payment timeouts.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

/// The emulator's notion of "now", shared by the server and the test that drives it.
///
/// Two kinds exist:
/// * [`EmulatorClock::system`] follows the system clock; [`set`](Self::set) and
///   [`advance`](Self::advance) shift it by an offset, and time keeps flowing from there.
/// * [`EmulatorClock::fixed`] stands still until it is moved, which makes timestamps in
///   responses deterministic.
///
/// Clones share the same time, so a test keeps a clone and moves the running emulator's clock.
#[derive(Debug, Clone)]
pub struct EmulatorClock {
    inner: Arc<ClockInner>,
}

#[derive(Debug)]
struct ClockInner {
    frozen: bool,
    /// Frozen: nanoseconds since the Unix epoch. Flowing: offset in nanoseconds from system time.
    /// One atomic keeps `now()` lock-free on the request path.
    nanos: AtomicI64,
}

impl Default for EmulatorClock {
    fn default() -> Self {
        Self::system()
    }
}

impl EmulatorClock {
    /// A clock that follows the system time.
    pub fn system() -> Self {
        Self::with(false, 0)
    }

    /// A clock that stands still at `at` until it is set or advanced.
    pub fn fixed(at: Timestamp) -> Self {
        Self::with(true, nanos_of(at))
    }

    fn with(frozen: bool, nanos: i64) -> Self {
        Self {
            inner: Arc::new(ClockInner {
                frozen,
                nanos: AtomicI64::new(nanos),
            }),
        }
    }

    /// Whether this clock stands still between moves.
    pub fn is_fixed(&self) -> bool {
        self.inner.frozen
    }

    /// The current emulator time.
    pub fn now(&self) -> Timestamp {
        let value = self.inner.nanos.load(Ordering::Acquire);
        if self.inner.frozen {
            timestamp_of(value)
        } else {
            Timestamp::now()
                .checked_add(SignedDuration::from_nanos(value))
                .unwrap_or_else(|_| saturated(value))
        }
    }

    /// Moves the clock to `at` (a system clock keeps flowing from there).
    pub fn set(&self, at: Timestamp) {
        let value = if self.inner.frozen {
            nanos_of(at)
        } else {
            let offset = at.as_nanosecond() - Timestamp::now().as_nanosecond();
            clamp_i64(offset)
        };
        self.inner.nanos.store(value, Ordering::Release);
    }

    /// Moves the clock by `by` (negative moves it back).
    pub fn advance(&self, by: SignedDuration) {
        let delta = clamp_i64(by.as_nanos());
        // fetch_update never fails here: the closure always returns Some.
        let _ = self
            .inner
            .nanos
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |v| {
                Some(v.saturating_add(delta))
            });
    }
}

fn nanos_of(at: Timestamp) -> i64 {
    clamp_i64(at.as_nanosecond())
}

fn clamp_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

fn timestamp_of(nanos: i64) -> Timestamp {
    Timestamp::from_nanosecond(i128::from(nanos)).unwrap_or_else(|_| saturated(nanos))
}

fn saturated(direction: i64) -> Timestamp {
    if direction < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let start: Timestamp = "2024-05-06T09:00:00Z".parse().unwrap();
        let clock = EmulatorClock::fixed(start);
        assert_eq!(clock.now(), start);
        clock.advance(SignedDuration::from_hours(2));
        assert_eq!(clock.now(), start + SignedDuration::from_hours(2));
        let other: Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
        clock.clone().set(other);
        assert_eq!(clock.now(), other);
    }

    #[test]
    fn system_clock_follows_offsets() {
        let clock = EmulatorClock::system();
        let target: Timestamp = "2031-01-01T00:00:00Z".parse().unwrap();
        clock.set(target);
        let diff = clock.now().as_second() - target.as_second();
        assert!((0..5).contains(&diff), "{diff}");
        clock.advance(SignedDuration::from_hours(-1));
        let diff = clock.now().as_second() - (target.as_second() - 3600);
        assert!((0..5).contains(&diff), "{diff}");
    }
}
