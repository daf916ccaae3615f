//! Half-open time intervals in whole Unix seconds and the set operations the engine needs.
//!
//! Every "set" here is a `Vec<Interval>` that is sorted, non-empty per element and free of
//! overlaps and touching neighbours ([`normalize`] produces that form); the binary operations
//! sweep both inputs once, so they cost O(n + m).

/// `[start, end)` in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    /// Inclusive start.
    pub start: i64,
    /// Exclusive end.
    pub end: i64,
}

impl Interval {
    /// The interval `[start, end)`.
    pub fn new(start: i64, end: i64) -> Self {
        Self { start, end }
    }

    /// Whether it contains no time.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// The whole second at or before `timestamp`.
pub fn floor_second(timestamp: jiff::Timestamp) -> i64 {
    let second = timestamp.as_second();
    if timestamp.subsec_nanosecond() < 0 {
        second - 1
    } else {
        second
    }
}

/// The whole second at or after `timestamp`.
pub fn ceil_second(timestamp: jiff::Timestamp) -> i64 {
    let second = timestamp.as_second();
    if timestamp.subsec_nanosecond() > 0 {
        second + 1
    } else {
        second
    }
}

/// Sorts, drops empty intervals and merges overlapping or touching ones: O(n log n).
pub fn normalize(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.retain(|interval| !interval.is_empty());
    intervals.sort_unstable();
    let mut merged: Vec<Interval> = Vec::with_capacity(intervals.len());
    for interval in intervals {
        match merged.last_mut() {
            Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
            _ => merged.push(interval),
        }
    }
    merged
}

/// The part of `set` inside `window`.
pub fn clip(set: &[Interval], window: Interval) -> Vec<Interval> {
    set.iter()
        .map(|i| Interval::new(i.start.max(window.start), i.end.min(window.end)))
        .filter(|i| !i.is_empty())
        .collect()
}

/// `set − removed` for two normalized sets.
pub fn subtract(set: &[Interval], removed: &[Interval]) -> Vec<Interval> {
    let mut result = Vec::with_capacity(set.len());
    let mut next_removed = 0;
    for interval in set {
        let mut start = interval.start;
        // Skip removals that end before this interval; they cannot touch later ones either.
        while next_removed < removed.len() && removed[next_removed].end <= start {
            next_removed += 1;
        }
        let mut index = next_removed;
        while index < removed.len() && removed[index].start < interval.end {
            let cut = removed[index];
            if cut.start > start {
                result.push(Interval::new(start, cut.start));
            }
            start = start.max(cut.end);
            if cut.end > interval.end {
                break;
            }
            index += 1;
        }
        if start < interval.end {
            result.push(Interval::new(start, interval.end));
        }
    }
    result
}

/// `a ∩ b` for two normalized sets.
pub fn intersect(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let (mut i, mut j) = (0, 0);
    let mut result = Vec::new();
    while i < a.len() && j < b.len() {
        let overlap = Interval::new(a[i].start.max(b[j].start), a[i].end.min(b[j].end));
        if !overlap.is_empty() {
            result.push(overlap);
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn iv(start: i64, end: i64) -> Interval {
        Interval::new(start, end)
    }

    #[test]
    fn normalize_merges_overlapping_and_touching() {
        let set = normalize(vec![iv(5, 7), iv(0, 2), iv(2, 3), iv(6, 9), iv(4, 4)]);
        assert_eq!(set, vec![iv(0, 3), iv(5, 9)]);
    }

    #[test]
    fn subtract_cuts_holes_and_edges() {
        let set = vec![iv(0, 10), iv(20, 30)];
        let removed = vec![iv(-5, 1), iv(3, 4), iv(8, 22), iv(25, 26)];
        assert_eq!(
            subtract(&set, &removed),
            vec![iv(1, 3), iv(4, 8), iv(22, 25), iv(26, 30)]
        );
    }

    #[test]
    fn intersect_keeps_common_parts() {
        let a = vec![iv(0, 10), iv(20, 30)];
        let b = vec![iv(5, 25), iv(28, 40)];
        assert_eq!(intersect(&a, &b), vec![iv(5, 10), iv(20, 25), iv(28, 30)]);
    }

    fn arb_set() -> impl Strategy<Value = Vec<Interval>> {
        prop::collection::vec((0i64..200, 0i64..30), 0..12)
            .prop_map(|pairs| normalize(pairs.into_iter().map(|(s, l)| iv(s, s + l)).collect()))
    }

    fn contains(set: &[Interval], point: i64) -> bool {
        set.iter().any(|i| i.start <= point && point < i.end)
    }

    proptest! {
        #[test]
        fn set_operations_agree_with_pointwise_membership(a in arb_set(), b in arb_set()) {
            let difference = subtract(&a, &b);
            let common = intersect(&a, &b);
            prop_assert_eq!(normalize(difference.clone()), difference.clone());
            prop_assert_eq!(normalize(common.clone()), common.clone());
            for point in -1..240 {
                prop_assert_eq!(contains(&difference, point), contains(&a, point) && !contains(&b, point));
                prop_assert_eq!(contains(&common, point), contains(&a, point) && contains(&b, point));
            }
        }
    }
}
