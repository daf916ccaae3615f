//! Turning each resource's free time into the answer's slots, per mode.
//!
//! - `mutual`: the free sets are intersected (a sweep per resource), then the grid is laid
//!   over the common time; every slot lists all resources.
//! - `exclusive`: one slot per grid time at which at least one resource is free, listing
//!   every free resource in request order.
//! - `roundrobin_prioritized` / `roundrobin_random`: one slot per such time, for the first
//!   free resource in a fixed order — the given one, or a shuffle seeded from the request
//!   body (so the same request always gets the same answer).

use super::AvailabilityError;
use super::grid::Grid;
use super::interval::{Interval, intersect};
use super::request::Mode;

/// The most candidate slots (resource × start pairs; for `mutual`, common starts × the
/// resources every slot lists) one query may produce before it is refused with a 422.
pub const MAX_CANDIDATE_SLOTS: u64 = 100_000;

/// A slot before rendering: its start and the resources it lists (indices into the query's
/// resource list, in the order they are shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSlot {
    /// Start, Unix seconds.
    pub start: i64,
    /// Listed resources.
    pub resources: Vec<usize>,
}

fn too_many(count: u64) -> AvailabilityError {
    AvailabilityError::Invalid {
        field: "timeslot_increments".to_owned(),
        message: format!(
            "the query would produce {count} candidate slots (resource × start pairs), more than the limit of \
             {MAX_CANDIDATE_SLOTS}; use a shorter from/to window or larger timeslot_increments"
        ),
    }
}

/// Grid starts inside `sets`, each counted `listed` times (the resources its slot lists).
fn checked_count(
    sets: &[&[Interval]],
    grid: &Grid,
    listed: usize,
) -> Result<u64, AvailabilityError> {
    let starts: u64 = sets
        .iter()
        .flat_map(|set| set.iter())
        .map(|free| grid.count_in(*free))
        .fold(0, u64::saturating_add);
    let count = starts.saturating_mul(u64::try_from(listed).unwrap_or(u64::MAX));
    if count > MAX_CANDIDATE_SLOTS {
        return Err(too_many(count));
    }
    Ok(count)
}

/// Plans the slots. `free[i]` is resource `i`'s normalized free time; `priority[i]` is its
/// rank for the round-robin modes (lower wins).
pub fn plan(
    mode: Mode,
    free: &[Vec<Interval>],
    priority: &[usize],
    grid: &Grid,
) -> Result<Vec<PlannedSlot>, AvailabilityError> {
    if mode == Mode::Mutual {
        let Some((first, rest)) = free.split_first() else {
            return Ok(Vec::new());
        };
        let common = rest
            .iter()
            .fold(first.clone(), |common, set| intersect(&common, set));
        // Every mutual slot lists every resource: that is what the answer's size grows with.
        checked_count(&[&common], grid, free.len())?;
        let everyone: Vec<usize> = (0..free.len()).collect();
        return Ok(common
            .iter()
            .flat_map(|interval| grid.starts_in(*interval))
            .map(|start| PlannedSlot {
                start,
                resources: everyone.clone(),
            })
            .collect());
    }
    let sets: Vec<&[Interval]> = free.iter().map(Vec::as_slice).collect();
    let count = checked_count(&sets, grid, 1)?;
    // Sorting (start, order key, resource) groups each time's free resources, best first.
    let mut candidates: Vec<(i64, usize, usize)> =
        Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    for (resource, set) in free.iter().enumerate() {
        let key = if mode == Mode::Exclusive {
            resource
        } else {
            priority.get(resource).copied().unwrap_or(resource)
        };
        for interval in set {
            candidates.extend(
                grid.starts_in(*interval)
                    .map(|start| (start, key, resource)),
            );
        }
    }
    candidates.sort_unstable();
    let mut slots: Vec<PlannedSlot> = Vec::new();
    for (start, _, resource) in candidates {
        match slots.last_mut() {
            Some(slot) if slot.start == start => {
                if mode == Mode::Exclusive {
                    slot.resources.push(resource);
                }
            }
            _ => slots.push(PlannedSlot {
                start,
                resources: vec![resource],
            }),
        }
    }
    Ok(slots)
}

/// The round-robin order: `priority[i]` is resource `i`'s rank.
pub fn priority_order(mode: Mode, resource_count: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..resource_count).collect();
    if mode == Mode::RoundrobinRandom {
        fastrand::Rng::with_seed(seed).shuffle(&mut order);
    }
    let mut priority = vec![0; resource_count];
    for (rank, resource) in order.into_iter().enumerate() {
        priority[resource] = rank;
    }
    priority
}

/// FNV-1a over the request text: a stable seed that changes with the request.
pub fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(start: i64, end: i64) -> Interval {
        Interval::new(start, end)
    }

    const GRID: Grid = Grid {
        anchor: 0,
        step: 10,
        length: 10,
    };

    #[test]
    fn mutual_needs_everyone_free() {
        let free = vec![vec![iv(0, 40)], vec![iv(20, 60)]];
        let slots = plan(Mode::Mutual, &free, &[0, 1], &GRID).unwrap();
        let starts: Vec<i64> = slots.iter().map(|s| s.start).collect();
        assert_eq!(starts, vec![20, 30]);
        assert!(slots.iter().all(|s| s.resources == vec![0, 1]));
    }

    #[test]
    fn exclusive_lists_every_free_resource() {
        let free = vec![vec![iv(0, 30)], vec![iv(10, 40)]];
        let slots = plan(Mode::Exclusive, &free, &[0, 1], &GRID).unwrap();
        let shape: Vec<(i64, Vec<usize>)> =
            slots.into_iter().map(|s| (s.start, s.resources)).collect();
        assert_eq!(
            shape,
            vec![
                (0, vec![0]),
                (10, vec![0, 1]),
                (20, vec![0, 1]),
                (30, vec![1])
            ]
        );
    }

    #[test]
    fn round_robin_picks_the_best_ranked_free_resource() {
        let free = vec![vec![iv(0, 30)], vec![iv(10, 40)]];
        let slots = plan(Mode::RoundrobinPrioritized, &free, &[1, 0], &GRID).unwrap();
        let shape: Vec<(i64, Vec<usize>)> =
            slots.into_iter().map(|s| (s.start, s.resources)).collect();
        assert_eq!(
            shape,
            vec![(0, vec![0]), (10, vec![1]), (20, vec![1]), (30, vec![1])]
        );
    }

    #[test]
    fn too_many_candidates_are_refused_with_the_limit_named() {
        let free = vec![vec![iv(0, 10 * 100_001)]];
        let Err(AvailabilityError::Invalid { message, .. }) =
            plan(Mode::Exclusive, &free, &[0], &GRID)
        else {
            panic!("expected the cap to trigger");
        };
        assert!(message.contains("100000"), "{message}");
        assert!(plan(Mode::Exclusive, &[vec![iv(0, 10 * 100_000)]], &[0], &GRID).is_ok());
    }

    #[test]
    fn mutual_counts_every_listed_resource_against_the_cap() {
        // 60,000 common starts are fine for one resource, but two resources listed in each
        // slot make 120,000 resource entries: refused before anything is built.
        let one = vec![iv(0, 10 * 60_000)];
        assert!(plan(Mode::Mutual, std::slice::from_ref(&one), &[0], &GRID).is_ok());
        let Err(AvailabilityError::Invalid { message, .. }) =
            plan(Mode::Mutual, &[one.clone(), one], &[0, 1], &GRID)
        else {
            panic!("expected the cap to trigger");
        };
        assert!(message.contains("120000"), "{message}");
    }

    #[test]
    fn random_order_is_a_seeded_permutation() {
        let a = priority_order(Mode::RoundrobinRandom, 8, seed_of("{\"x\":1}"));
        assert_eq!(
            a,
            priority_order(Mode::RoundrobinRandom, 8, seed_of("{\"x\":1}"))
        );
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..8).collect::<Vec<_>>());
        assert_eq!(
            priority_order(Mode::RoundrobinPrioritized, 3, 42),
            vec![0, 1, 2]
        );
        let differs = (0..20)
            .any(|n| priority_order(Mode::RoundrobinRandom, 8, seed_of(&n.to_string())) != a);
        assert!(differs, "the seed never changes the order");
    }
}
