//! [`RetryBudget`]: a client-wide token bucket that stops an outage from becoming a retry storm.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// Tokens a retry costs.
pub(crate) const RETRY_COST: u32 = 5;
/// Tokens a retry after a timeout costs (a timeout ties up the server longer).
pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a call that succeeds on its first attempt puts back.
pub(crate) const SUCCESS_REWARD: u32 = 1;
/// Tokens in a new default budget.
pub(crate) const DEFAULT_CAPACITY: u32 = 500;

/// A token bucket shared by every clone of a client (and so by all its concurrent calls).
///
/// Every retry withdraws tokens (5, or 10 after a timeout); when the bucket cannot pay, the
/// call stops retrying and returns what it has. A call that succeeds puts back what its
/// retries cost, or 1 if it needed no retry, up to the capacity. So while the server is
/// healthy the bucket stays full, and during an outage at most `capacity / 5` retries happen
/// before every call fails fast.
///
/// Lock-free: the balance is one atomic integer.
#[derive(Debug, Clone)]
pub struct RetryBudget {
    inner: Arc<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    capacity: u32,
    tokens: AtomicU32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget::new(DEFAULT_CAPACITY)
    }
}

impl RetryBudget {
    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        RetryBudget {
            inner: Arc::new(Bucket {
                capacity,
                tokens: AtomicU32::new(capacity),
            }),
        }
    }

    /// The bucket's size.
    pub fn capacity(&self) -> u32 {
        self.inner.capacity
    }

    /// Tokens available now.
    pub fn available(&self) -> u32 {
        self.inner.tokens.load(Ordering::Acquire)
    }

    /// Takes `cost` tokens if the bucket holds that many; `false` (and nothing taken) otherwise.
    pub(crate) fn try_withdraw(&self, cost: u32) -> bool {
        self.inner
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(cost)
            })
            .is_ok()
    }

    /// Puts `tokens` back, never above the capacity.
    pub(crate) fn deposit(&self, tokens: u32) {
        let capacity = self.inner.capacity;
        // A full bucket is left unwritten (the closure returns None, and the update "fails"
        // on purpose): while the server is healthy every successful call deposits into a full
        // bucket, and skipping the write keeps concurrent calls from contending for the
        // cache line of a value that does not change.
        let _ = self
            .inner
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |current| {
                let topped_up = current.saturating_add(tokens).min(capacity);
                (topped_up != current).then_some(topped_up)
            });
    }

    /// Books a successful call that spent `retry_cost` tokens on retries.
    pub(crate) fn record_success(&self, retry_cost: u32) {
        self.deposit(if retry_cost == 0 {
            SUCCESS_REWARD
        } else {
            retry_cost
        });
    }

    /// Whether two handles share one bucket.
    pub fn shares_bucket_with(&self, other: &RetryBudget) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withdrawals_stop_when_the_bucket_cannot_pay() {
        let budget = RetryBudget::new(12);
        assert!(budget.try_withdraw(RETRY_COST));
        assert!(budget.try_withdraw(RETRY_COST));
        assert_eq!(budget.available(), 2);
        assert!(!budget.try_withdraw(RETRY_COST));
        assert_eq!(budget.available(), 2, "a refused withdrawal takes nothing");
    }

    #[test]
    fn deposits_never_exceed_the_capacity() {
        let budget = RetryBudget::new(10);
        budget.deposit(100);
        assert_eq!(budget.available(), 10);
        assert!(budget.try_withdraw(TIMEOUT_RETRY_COST));
        budget.record_success(0);
        assert_eq!(budget.available(), SUCCESS_REWARD);
        budget.record_success(RETRY_COST);
        assert_eq!(budget.available(), SUCCESS_REWARD + RETRY_COST);
    }

    #[test]
    fn clones_share_one_bucket() {
        let budget = RetryBudget::default();
        let clone = budget.clone();
        assert!(clone.try_withdraw(RETRY_COST));
        assert_eq!(budget.available(), DEFAULT_CAPACITY - RETRY_COST);
        assert!(budget.shares_bucket_with(&clone));
        assert!(!budget.shares_bucket_with(&RetryBudget::default()));
    }

    #[test]
    fn concurrent_withdrawals_never_overdraw() {
        let budget = RetryBudget::new(1_000);
        let granted = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..100 {
                        if budget.try_withdraw(RETRY_COST) {
                            granted.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        assert_eq!(granted.load(Ordering::Relaxed), 1_000 / RETRY_COST);
        assert_eq!(budget.available(), 0);
    }
}
