//! Load generators: one request at a time (latency) and many in flight (throughput).

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::future::try_join_all;

use crate::stats::nanos;

/// Runs `count` requests one after another and returns the latency of each, in nanoseconds.
///
/// # Errors
/// The first request error; the run stops there.
pub async fn sequential<F, Fut>(count: usize, request: F) -> Result<Vec<u64>, String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let mut latencies = Vec::with_capacity(count);
    for _ in 0..count {
        let started = Instant::now();
        request().await?;
        latencies.push(nanos(started.elapsed()));
    }
    Ok(latencies)
}

/// Runs `total` requests with `concurrency` of them in flight at any time (one worker per
/// slot, each sending its next request as soon as the previous one is answered) and returns
/// the wall time of the whole run.
///
/// The workers are futures of the calling task rather than spawned tasks, so what is
/// measured is the client and the server, not the scheduler.
///
/// # Errors
/// The first request error.
pub async fn concurrent<F, Fut>(
    total: usize,
    concurrency: usize,
    request: F,
) -> Result<Duration, String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let concurrency = concurrency.max(1);
    let request = &request;
    let started = Instant::now();
    let workers = (0..concurrency).map(|worker| async move {
        for _ in 0..share(total, concurrency, worker) {
            request().await?;
        }
        Ok::<(), String>(())
    });
    try_join_all(workers).await?;
    Ok(started.elapsed())
}

/// Runs `rounds` rounds of `a` and `b`, swapping which of the two goes first every round,
/// and returns each round's pair of results `(a, b)`.
///
/// Results of one round were measured moments apart, so comparing within a pair cancels
/// drift (other processes, CPU frequency, the scheduler's mood) that comparing whole runs
/// would not.
///
/// # Errors
/// The first error of either side.
pub async fn alternating<T, A, B, FutA, FutB>(
    rounds: usize,
    a: A,
    b: B,
) -> Result<Vec<(T, T)>, String>
where
    A: Fn() -> FutA,
    B: Fn() -> FutB,
    FutA: Future<Output = Result<T, String>>,
    FutB: Future<Output = Result<T, String>>,
{
    let mut pairs = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let pair = if round % 2 == 0 {
            let first = a().await?;
            (first, b().await?)
        } else {
            let second = b().await?;
            (a().await?, second)
        };
        pairs.push(pair);
    }
    Ok(pairs)
}

/// How many of `total` requests worker `index` of `workers` sends: an even split, the
/// remainder going to the first workers.
pub fn share(total: usize, workers: usize, index: usize) -> usize {
    let workers = workers.max(1);
    total / workers + usize::from(index < total % workers)
}

/// Requests per second.
pub fn rate(requests: usize, elapsed: Duration) -> f64 {
    requests as f64 / elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn shares_add_up_to_the_total() {
        for total in [0, 1, 63, 64, 65, 1000, 20_000] {
            for workers in [1, 3, 64] {
                let sum: usize = (0..workers).map(|w| share(total, workers, w)).sum();
                assert_eq!(sum, total, "total {total} workers {workers}");
            }
        }
        assert_eq!(share(10, 0, 0), 10);
    }

    fn block_on<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn sequential_measures_every_request() {
        let calls = Cell::new(0);
        let latencies = block_on(sequential(25, || {
            calls.set(calls.get() + 1);
            async { Ok(()) }
        }))
        .unwrap();
        assert_eq!(latencies.len(), 25);
        assert_eq!(calls.get(), 25);
    }

    #[test]
    fn concurrent_sends_exactly_the_total_with_that_many_in_flight() {
        let calls = Cell::new(0);
        let in_flight = Cell::new(0);
        let most_in_flight = Cell::new(0);
        block_on(concurrent(1000, 64, || async {
            calls.set(calls.get() + 1);
            in_flight.set(in_flight.get() + 1);
            most_in_flight.set(most_in_flight.get().max(in_flight.get()));
            tokio::task::yield_now().await;
            in_flight.set(in_flight.get() - 1);
            Ok(())
        }))
        .unwrap();
        assert_eq!(calls.get(), 1000);
        assert_eq!(most_in_flight.get(), 64);
    }

    #[test]
    fn errors_stop_the_run() {
        let result = block_on(concurrent(100, 4, || async {
            Err::<(), _>("down".to_owned())
        }));
        assert_eq!(result.unwrap_err(), "down");
        let result = block_on(sequential(3, || async { Err::<(), _>("down".to_owned()) }));
        assert!(result.is_err());
    }

    #[test]
    fn alternating_swaps_the_order_every_round() {
        let order = std::cell::RefCell::new(String::new());
        let pairs = block_on(alternating(
            4,
            || async {
                order.borrow_mut().push('a');
                Ok('a')
            },
            || async {
                order.borrow_mut().push('b');
                Ok('b')
            },
        ))
        .unwrap();
        assert_eq!(order.into_inner(), "abbaabba");
        assert_eq!(pairs, vec![('a', 'b'); 4]);
    }

    #[test]
    fn rate_is_requests_per_second() {
        assert_eq!(rate(500, Duration::from_millis(250)), 2000.0);
    }
}
