//! [`Faults`]: the ordered fault rules of one emulator, shared by all its connections.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http::Method;

use super::fault::Fault;
use super::rule::FaultRule;

/// The seed of [`Faults::new`]: runs are reproducible unless a test asks otherwise.
pub const DEFAULT_SEED: u64 = 0x7131_6b17_fa01_75ee;

/// The fault rules of one emulator; cheap to clone, every clone sees the same rules.
///
/// Rules are tried in the order they were pushed; the first one that matches the request's
/// method and path, has uses left and wins its probability draw supplies the fault. Rules can
/// be changed at any time while the emulator runs (`handle.faults().push(…)`).
#[derive(Debug, Clone)]
pub struct Faults {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    state: Mutex<State>,
    injected: AtomicU64,
}

#[derive(Debug)]
struct State {
    rules: Vec<FaultRule>,
    rng: fastrand::Rng,
}

impl Default for Faults {
    fn default() -> Self {
        Faults::with_seed(DEFAULT_SEED)
    }
}

impl Faults {
    /// No rules; probabilities drawn from a generator seeded with [`DEFAULT_SEED`].
    pub fn new() -> Self {
        Self::default()
    }

    /// No rules; probabilities drawn from a generator seeded with `seed`.
    pub fn with_seed(seed: u64) -> Self {
        Faults {
            inner: Arc::new(Inner {
                state: Mutex::new(State {
                    rules: Vec::new(),
                    rng: fastrand::Rng::with_seed(seed),
                }),
                injected: AtomicU64::new(0),
            }),
        }
    }

    /// Adds a rule after the existing ones.
    pub fn push(&self, rule: FaultRule) {
        self.lock().rules.push(rule);
    }

    /// Removes every rule (the generator keeps its position).
    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    /// The rules still active, in order (with their remaining uses).
    pub fn rules(&self) -> Vec<FaultRule> {
        self.lock().rules.clone()
    }

    /// How many faults have been injected so far.
    pub fn injected(&self) -> u64 {
        self.inner.injected.load(Ordering::Relaxed)
    }

    /// The fault to inject for this request, if a rule selects it; consumes one use of that
    /// rule (a rule with no uses left is removed).
    pub fn take_matching(&self, method: &Method, path: &str) -> Option<Fault> {
        let mut state = self.lock();
        let State { rules, rng } = &mut *state;
        let index = rules.iter().position(|rule| {
            rule.matches(method, path)
                && rule.times != Some(0)
                && (rule.probability >= 1.0
                    || (rule.probability > 0.0 && rng.f64() < rule.probability))
        })?;
        let rule = &mut rules[index];
        let fault = rule.fault.clone();
        if let Some(times) = rule.times.as_mut() {
            *times -= 1;
            if *times == 0 {
                drop(rules.remove(index));
            }
        }
        self.inner.injected.fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }

    /// The state; a panic while holding the lock cannot leave it inconsistent (every change
    /// is a single push, clear or decrement), so poisoning is ignored.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn latency(ms: u64) -> Fault {
        Fault::Latency(Duration::from_millis(ms))
    }

    #[test]
    fn no_rules_no_fault() {
        let faults = Faults::new();
        assert_eq!(faults.take_matching(&Method::GET, "/v2/app"), None);
        assert_eq!(faults.injected(), 0);
    }

    #[test]
    fn a_burst_is_consumed_then_removed() {
        let faults = Faults::new();
        faults.push(FaultRule::new(Fault::service_unavailable(None)).times(2));
        let seen: Vec<_> = (0..4)
            .map(|_| faults.take_matching(&Method::GET, "/v2/app"))
            .collect();
        assert_eq!(
            seen,
            [
                Some(Fault::service_unavailable(None)),
                Some(Fault::service_unavailable(None)),
                None,
                None
            ]
        );
        assert!(faults.rules().is_empty());
        assert_eq!(faults.injected(), 2);
    }

    #[test]
    fn times_zero_never_applies() {
        let faults = Faults::new();
        faults.push(FaultRule::new(Fault::Html502).times(0));
        assert_eq!(faults.take_matching(&Method::GET, "/v2/app"), None);
    }

    #[test]
    fn first_matching_rule_wins_and_others_keep_their_uses() {
        let faults = Faults::new();
        faults.push(FaultRule::new(latency(1)).method(Method::POST).times(1));
        faults.push(
            FaultRule::new(latency(2))
                .path_prefix("/v2/bookings")
                .times(5),
        );
        faults.push(FaultRule::new(latency(3)));
        assert_eq!(
            faults.take_matching(&Method::GET, "/v2/bookings/x"),
            Some(latency(2))
        );
        assert_eq!(
            faults.take_matching(&Method::POST, "/v2/bookings"),
            Some(latency(1))
        );
        assert_eq!(
            faults.take_matching(&Method::POST, "/v2/bookings"),
            Some(latency(2))
        );
        assert_eq!(
            faults.take_matching(&Method::GET, "/v2/app"),
            Some(latency(3))
        );
        let remaining: Vec<_> = faults.rules().iter().map(FaultRule::remaining).collect();
        assert_eq!(remaining, [Some(3), None]);
    }

    #[test]
    fn unmatched_requests_do_not_consume_uses() {
        let faults = Faults::new();
        faults.push(
            FaultRule::new(Fault::Html502)
                .method(Method::DELETE)
                .times(1),
        );
        for _ in 0..10 {
            assert_eq!(faults.take_matching(&Method::GET, "/v2/bookings"), None);
        }
        assert_eq!(
            faults.take_matching(&Method::DELETE, "/v2/bookings/1"),
            Some(Fault::Html502)
        );
    }

    #[test]
    fn clear_removes_every_rule_and_clones_share_rules() {
        let faults = Faults::new();
        let clone = faults.clone();
        clone.push(FaultRule::new(Fault::Html502));
        assert_eq!(
            faults.take_matching(&Method::GET, "/"),
            Some(Fault::Html502)
        );
        faults.clear();
        assert_eq!(clone.take_matching(&Method::GET, "/"), None);
        assert_eq!(clone.injected(), 1);
    }

    fn draws(seed: u64, probability: f64, requests: usize) -> Vec<bool> {
        let faults = Faults::with_seed(seed);
        faults.push(FaultRule::new(Fault::Html502).probability(probability));
        (0..requests)
            .map(|_| faults.take_matching(&Method::GET, "/v2/app").is_some())
            .collect()
    }

    #[test]
    fn probability_is_reproducible_for_a_seed() {
        assert_eq!(draws(1, 0.5, 200), draws(1, 0.5, 200));
        assert_ne!(draws(1, 0.5, 200), draws(2, 0.5, 200));
        assert_eq!(Faults::new().rules().len(), 0);
    }

    #[test]
    fn probability_roughly_matches_the_share_of_faults() {
        let hits = draws(DEFAULT_SEED, 0.3, 10_000)
            .iter()
            .filter(|hit| **hit)
            .count();
        assert!((2_700..3_300).contains(&hits), "{hits} hits");
        assert!(draws(5, 0.0, 100).iter().all(|hit| !hit));
        assert!(draws(5, 1.0, 100).iter().all(|hit| *hit));
    }

    #[test]
    fn a_lost_draw_falls_through_to_the_next_rule() {
        let faults = Faults::with_seed(9);
        faults.push(FaultRule::new(latency(1)).probability(0.5));
        faults.push(FaultRule::new(latency(2)));
        let picks: Vec<_> = (0..100)
            .map(|_| faults.take_matching(&Method::GET, "/"))
            .collect::<Option<Vec<_>>>()
            .unwrap();
        assert!(picks.contains(&latency(1)) && picks.contains(&latency(2)));
    }

    #[test]
    fn limited_uses_are_exact_under_concurrency() {
        let faults = Faults::new();
        faults.push(FaultRule::new(Fault::CloseBeforeHandler).times(50));
        let hits = AtomicU64::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..100 {
                        if faults
                            .take_matching(&Method::POST, "/v2/bookings")
                            .is_some()
                        {
                            hits.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        assert_eq!(hits.load(Ordering::Relaxed), 50);
        assert_eq!(faults.injected(), 50);
    }
}
