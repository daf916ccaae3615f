//! Percentiles and medians, computed by hand (no benchmarking framework).

use std::time::Duration;

/// The `p`-th percentile (`0.0..=100.0`) of `samples` by the nearest-rank method: the
/// smallest sample such that at least `p` % of all samples are at or below it.
///
/// Nearest rank always returns a value that was actually measured, which keeps a p50 of
/// latencies an honest "half the requests took at most this long". `None` for no samples.
pub fn percentile(samples: &[u64], p: f64) -> Option<u64> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let p = p.clamp(0.0, 100.0);
    let count = sorted.len() as f64;
    // Rank is 1-based; p = 0 maps to the smallest sample.
    let rank = ((p / 100.0) * count).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

/// The median of `values` (mean of the two middle values for an even count); `None` for none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted.get(middle).copied()
    } else {
        Some((sorted[middle - 1] + sorted[middle]) / 2.0)
    }
}

/// The median of durations, in seconds.
pub fn median_seconds(durations: &[Duration]) -> Option<f64> {
    let seconds: Vec<f64> = durations.iter().map(Duration::as_secs_f64).collect();
    median(&seconds)
}

/// `numerator / denominator`, or NaN when the denominator is zero (printed as "n/a").
pub fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator == 0.0 {
        f64::NAN
    } else {
        numerator / denominator
    }
}

/// Nanoseconds of `duration`, saturating (a request never takes 584 years).
pub fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nearest rank by counting, the textbook way, to check the index arithmetic against.
    fn by_counting(samples: &[u64], p: f64) -> u64 {
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        *sorted
            .iter()
            .find(|candidate| {
                let at_or_below = sorted.iter().filter(|s| s <= candidate).count();
                at_or_below as f64 >= p / 100.0 * sorted.len() as f64
            })
            .unwrap()
    }

    #[test]
    fn percentile_matches_counting_for_many_sizes_and_ranks() {
        for len in 1..40u64 {
            // Unsorted, with duplicates.
            let samples: Vec<u64> = (0..len).map(|i| (i * 7919) % 13).collect();
            for p in [1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 100.0] {
                assert_eq!(
                    percentile(&samples, p),
                    Some(by_counting(&samples, p)),
                    "len {len} p {p}"
                );
            }
        }
    }

    #[test]
    fn percentile_edges() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[5, 1, 9], 0.0), Some(1));
        assert_eq!(percentile(&[5, 1, 9], 100.0), Some(9));
        assert_eq!(percentile(&[5, 1, 9], 50.0), Some(5));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[f64::NAN, 7.0]), Some(7.0));
    }

    #[test]
    fn median_seconds_reads_durations() {
        let durations = [
            Duration::from_millis(30),
            Duration::from_millis(10),
            Duration::from_millis(20),
        ];
        assert_eq!(median_seconds(&durations), Some(0.02));
    }

    #[test]
    fn ratio_of_zero_denominator_is_nan() {
        assert!(ratio(1.0, 0.0).is_nan());
        assert_eq!(ratio(3.0, 2.0), 1.5);
    }
}
