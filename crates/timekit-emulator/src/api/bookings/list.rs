//! `GET /bookings`: filter (search, start/end), order, paginate.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use http::StatusCode;
use jiff::Timestamp;

use super::{search, too_many_embedded};
use crate::api::ApiRequest;
use crate::api::pagination::{Page, PageRequest};
use crate::api::reply::{FieldErrors, Reply};
use crate::shared::Shared;
use crate::store::{Booking, BookingIncludes, MAX_EMBEDDED_BOOKINGS};
use crate::time::parse_input;

/// Page size of `GET /bookings` without `limit` (the List-bookings reference's 1000).
const DEFAULT_LIMIT: usize = 1000;

/// The sort keys `orderBy` accepts.
#[derive(Debug, Clone, Copy)]
enum SortKey {
    CreatedAt,
    UpdatedAt,
    Completed,
    Graph,
    State,
    Start,
    End,
}

impl SortKey {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "created_at" => SortKey::CreatedAt,
            "updated_at" => SortKey::UpdatedAt,
            "completed" => SortKey::Completed,
            "graph" => SortKey::Graph,
            "state" => SortKey::State,
            "start" => SortKey::Start,
            "end" => SortKey::End,
            _ => return None,
        })
    }

    /// Compares as of `now`: state, `completed` and `updated_at` include due transitions.
    fn compare(self, a: &Booking, b: &Booking, now: Timestamp) -> Ordering {
        match self {
            SortKey::CreatedAt => a.created_at.ts().cmp(&b.created_at.ts()),
            SortKey::UpdatedAt => a.due_state_at(now).1.cmp(&b.due_state_at(now).1),
            SortKey::Completed => a.is_final_at(now).cmp(&b.is_final_at(now)),
            SortKey::Graph => a.graph.name().cmp(b.graph.name()),
            SortKey::State => a.state_at(now).name().cmp(b.state_at(now).name()),
            SortKey::Start => a.start.ts().cmp(&b.start.ts()),
            SortKey::End => a.end.ts().cmp(&b.end.ts()),
        }
    }
}

/// `sortedBy`: `asc` or `desc` (default), case-insensitive. Returns whether descending.
pub(crate) fn parse_direction(value: Option<&str>, errors: &mut FieldErrors) -> bool {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => {
            errors.add("sortedBy", "The sortedBy must be asc or desc.");
            true
        }
    }
}

fn time_filter(value: Option<&str>, key: &str, errors: &mut FieldErrors) -> Option<Timestamp> {
    let text = value?;
    match parse_input(text) {
        Ok(stamp) => Some(stamp.ts()),
        Err(why) => {
            errors.add(key, format!("The {key} {why}."));
            None
        }
    }
}

/// The items at positions `window` of `items` sorted by `compare`, in that order.
///
/// The same slice as sorting all of `items` and indexing with `window`, provided `compare`
/// is a total order (the list endpoints break every tie by id, so no two items compare
/// equal): two selections move exactly the items that belong before, inside and after the
/// window into those parts, and only the window is sorted. That is O(n + k log k) for a
/// page of k out of n items instead of O(n log n): a 1,000-item page of 100,000 bookings no
/// longer sorts all 100,000. The order of the items outside the window is left unspecified.
/// A window past the end is clamped to it (empty past the end).
pub(crate) fn sorted_window<T>(
    items: &mut [T],
    window: Range<usize>,
    mut compare: impl FnMut(&T, &T) -> Ordering,
) -> &[T] {
    let end = window.end.min(items.len());
    let start = window.start.min(end);
    if start == end {
        return &[];
    }
    if start > 0 {
        // Everything before `start` now sorts before everything from `start` on.
        items.select_nth_unstable_by(start, &mut compare);
    }
    let rest = &mut items[start..];
    let len = end - start;
    if len < rest.len() {
        // The `len` smallest of the rest, i.e. the page's items, now come first.
        rest.select_nth_unstable_by(len, &mut compare);
    }
    let page = &mut rest[..len];
    page.sort_unstable_by(&mut compare);
    page
}

/// The bookings a list may show: the named resource's when the search has `resource.id`,
/// else all. Copies `Arc`s only, so the read lock is held for a pointer copy per booking.
fn candidates(shared: &Shared, criteria: &[search::Criterion]) -> Vec<Arc<Booking>> {
    let store = shared.read();
    let resource = criteria.iter().find_map(|criterion| match criterion {
        search::Criterion::ResourceId(id) => Some(id.as_str()),
        _ => None,
    });
    match resource {
        Some(id) => store.bookings_of(id).cloned().collect(),
        None => store.bookings.values().cloned().collect(),
    }
}

/// `GET /bookings` → 200 paginated list.
pub(crate) fn list(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = search::parse(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    let order_name = query.get("orderBy").unwrap_or("created_at");
    let order = SortKey::parse(order_name).unwrap_or_else(|| {
        errors.add(
            "orderBy",
            format!("The orderBy value '{order_name}' is not supported."),
        );
        SortKey::CreatedAt
    });
    let descending = parse_direction(query.get("sortedBy"), &mut errors);
    let window_start = time_filter(query.get("start"), "start", &mut errors);
    let window_end = time_filter(query.get("end"), "end", &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let includes = BookingIncludes::parse(query.get("include"));
    let now = shared.clock.now();

    // Under the read lock only pointers are copied (one resource's bookings when the search
    // names it); matching, sorting and JSON happen after the lock is released.
    let mut matching = candidates(shared, &criteria);
    matching.retain(|booking| {
        window_start.is_none_or(|start| booking.end.ts() > start)
            && window_end.is_none_or(|end| booking.start.ts() < end)
            && search::matches_all(&criteria, booking, now)
    });
    let total = matching.len();
    let in_page = sorted_window(&mut matching, page.window(total), |a, b| {
        let primary = order.compare(a, b, now);
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        // Ties (same second, same state, …) are broken by id so pages never overlap.
        primary.then_with(|| a.id.cmp(&b.id))
    });
    let data = {
        let store = shared.read();
        if includes.bulked_bookings {
            let embedded = in_page
                .iter()
                .map(|booking| store.sibling_count(booking))
                .fold(0usize, usize::saturating_add);
            if embedded > MAX_EMBEDDED_BOOKINGS {
                return too_many_embedded(embedded);
            }
        }
        // A booking deleted since the first lock is still shown as it was (a list is a
        // snapshot, never torn within one booking).
        in_page
            .iter()
            .map(|booking| store.snapshot(booking, includes, now))
            .collect::<Vec<_>>()
    };
    let url = request.collection_url(shared, "bookings");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Items as the list endpoints see them: a sort key with many ties and a unique id.
    fn items_and_window() -> impl Strategy<Value = (Vec<(u8, usize)>, Range<usize>, bool)> {
        (0usize..80).prop_flat_map(|n| {
            (
                proptest::collection::vec(0u8..4, n),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
                0..=n + 3,
                0..=n + 3,
                any::<bool>(),
            )
                .prop_map(|(keys, ids, start, len, descending)| {
                    let items = keys.into_iter().zip(ids).collect();
                    (items, start..start + len, descending)
                })
        })
    }

    proptest! {
        #[test]
        fn the_window_equals_the_same_slice_of_a_full_sort(
            (items, window, descending) in items_and_window()
        ) {
            let compare = |a: &(u8, usize), b: &(u8, usize)| {
                let primary = a.0.cmp(&b.0);
                let primary = if descending { primary.reverse() } else { primary };
                primary.then_with(|| a.1.cmp(&b.1))
            };
            let mut sorted = items.clone();
            sorted.sort_by(compare);
            let end = window.end.min(sorted.len());
            let expected = &sorted[window.start.min(end)..end];

            let mut scratch = items.clone();
            prop_assert_eq!(sorted_window(&mut scratch, window, compare), expected);
        }
    }

    #[test]
    fn every_page_of_a_list_is_its_part_of_the_full_order() {
        // Pages of 7 over 50 items with 3 distinct keys: together they are the full order.
        let items: Vec<(u8, usize)> = (0..50).map(|i| ((i * 7 % 3) as u8, i * 31 % 50)).collect();
        let compare = |a: &(u8, usize), b: &(u8, usize)| a.0.cmp(&b.0).then(a.1.cmp(&b.1));
        let mut sorted = items.clone();
        sorted.sort_by(compare);
        let mut paged = Vec::new();
        for page in 0..8 {
            let mut scratch = items.clone();
            paged.extend_from_slice(sorted_window(&mut scratch, page * 7..page * 7 + 7, compare));
        }
        assert_eq!(paged, sorted);
        let mut scratch = items.clone();
        assert!(sorted_window(&mut scratch, 50..57, compare).is_empty());
    }
}
