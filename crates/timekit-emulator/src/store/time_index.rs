//! The bookings of one resource ordered by start time, for overlap queries.
//!
//! The double-booking check, seat-free checks and availability only ever look at one
//! resource's bookings near one time range, so they must not scan the whole store: with this
//! index a check costs O(log n + k) for n bookings of that resource and k bookings starting in
//! the range, whatever other resources hold.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

/// One resource's bookings keyed by `(start, seq)` (the sequence number makes keys unique).
#[derive(Debug, Default)]
pub(crate) struct TimeIndex {
    by_start: BTreeMap<(Timestamp, u64), String>,
    /// The longest booking ever indexed here. A booking overlapping `[start, end)` starts after
    /// `start - longest`, which bounds the range to scan without an interval tree. It never
    /// shrinks (recomputing it on removal would be a scan); one very long booking only widens
    /// this resource's scans.
    longest: SignedDuration,
}

impl TimeIndex {
    pub(crate) fn insert(&mut self, start: Timestamp, end: Timestamp, seq: u64, id: String) {
        self.longest = self.longest.max(end.duration_since(start));
        self.by_start.insert((start, seq), id);
    }

    pub(crate) fn remove(&mut self, start: Timestamp, seq: u64) {
        self.by_start.remove(&(start, seq));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_start.is_empty()
    }

    /// Ids of the bookings that may overlap `[start, end)`: every one that does, plus some that
    /// end before `start` (callers check the exact overlap).
    pub(crate) fn candidates(
        &self,
        start: Timestamp,
        end: Timestamp,
    ) -> impl Iterator<Item = &str> + '_ {
        let from = start.checked_sub(self.longest).unwrap_or(Timestamp::MIN);
        let range = if from < end {
            Some(self.by_start.range((from, 0)..(end, 0)))
        } else {
            None
        };
        range.into_iter().flatten().map(|(_, id)| id.as_str())
    }

    /// Every id of the resource, in start order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_start.values().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: i64) -> Timestamp {
        Timestamp::from_second(hour * 3600).unwrap()
    }

    #[test]
    fn candidates_cover_every_overlap_and_skip_far_bookings() {
        let mut index = TimeIndex::default();
        index.insert(at(0), at(1), 1, "early".into());
        index.insert(at(10), at(13), 2, "long".into());
        index.insert(at(20), at(21), 3, "late".into());
        let found: Vec<&str> = index.candidates(at(12), at(14)).collect();
        assert_eq!(found, ["long"]);
        assert!(index.candidates(at(14), at(20)).all(|id| id != "late"));
        assert!(index.candidates(at(5), at(5)).next().is_none());
        index.remove(at(10), 2);
        assert!(index.candidates(at(12), at(14)).next().is_none());
        assert_eq!(index.ids().count(), 2);
    }
}
