//! The grid of slot starts: `anchor + k · step` for `k ≥ 0`, each slot `length` long.
//!
//! One grid is shared by all resources of a query, so slots of different resources line up
//! and `mutual` slots are exactly the common slots of every resource.

use super::interval::Interval;

/// Where slots may start and how long they are (all in seconds, `step` and `length` > 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    /// The first grid point.
    pub anchor: i64,
    /// Distance between slot starts (`timeslot_increments`).
    pub step: i64,
    /// Slot length.
    pub length: i64,
}

impl Grid {
    /// The first slot start inside `free` whose slot fits in `free`, if any.
    pub fn first_start(&self, free: Interval) -> Option<i64> {
        let start = if free.start <= self.anchor {
            self.anchor
        } else {
            // Both operands are positive here, so this is the ceiling of the division.
            let steps = (free.start - self.anchor + self.step - 1) / self.step;
            self.anchor.checked_add(steps.checked_mul(self.step)?)?
        };
        (start.checked_add(self.length)? <= free.end).then_some(start)
    }

    /// The number of slots that fit in `free`, computed without enumerating them.
    pub fn count_in(&self, free: Interval) -> u64 {
        self.first_start(free).map_or(0, |first| {
            let last_possible = free.end - self.length;
            u64::try_from((last_possible - first) / self.step + 1).unwrap_or(0)
        })
    }

    /// The slot starts that fit in `free`, in order.
    pub fn starts_in(&self, free: Interval) -> impl Iterator<Item = i64> + use<> {
        let first = self.first_start(free);
        let (step, last_possible) = (self.step, free.end - self.length);
        let mut next = first;
        std::iter::from_fn(move || {
            let current = next.filter(|start| *start <= last_possible)?;
            next = current.checked_add(step);
            Some(current)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slots_start_on_the_grid_and_fit() {
        let grid = Grid {
            anchor: 0,
            step: 900,
            length: 3_600,
        };
        let free = Interval::new(1_000, 8_200);
        let starts: Vec<i64> = grid.starts_in(free).collect();
        assert_eq!(starts, vec![1_800, 2_700, 3_600, 4_500]);
        assert_eq!(grid.count_in(free), 4);
    }

    #[test]
    fn nothing_before_the_anchor_and_nothing_too_short() {
        let grid = Grid {
            anchor: 5_000,
            step: 100,
            length: 1_000,
        };
        assert_eq!(
            grid.starts_in(Interval::new(0, 6_050)).collect::<Vec<_>>(),
            vec![5_000]
        );
        assert_eq!(grid.count_in(Interval::new(0, 5_999)), 0);
    }

    proptest! {
        #[test]
        fn count_matches_enumeration(
            anchor in -5_000i64..5_000, step in 1i64..2_000, length in 1i64..3_000,
            start in -10_000i64..10_000, width in 0i64..20_000,
        ) {
            let grid = Grid { anchor, step, length };
            let free = Interval::new(start, start + width);
            let starts: Vec<i64> = grid.starts_in(free).collect();
            prop_assert_eq!(starts.len() as u64, grid.count_in(free));
            for s in &starts {
                prop_assert!(*s >= free.start && s + length <= free.end && *s >= anchor);
                prop_assert_eq!((s - anchor) % step, 0);
            }
            // Completeness: the grid point after the last one does not fit.
            let after = starts.last().map_or(anchor.max(free.start), |s| s + step);
            let aligned = if after <= anchor { anchor } else { anchor + (after - anchor + step - 1) / step * step };
            prop_assert!(aligned + length > free.end || aligned < free.start);
        }
    }
}
