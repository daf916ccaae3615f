//! The busy time of the bookings that make their resource unavailable. Which bookings those
//! are is [`crate::graph::blocks`], the rule the double-booking check uses too.

use super::BookingInfo;
use super::interval::{Interval, ceil_second, floor_second, normalize};
use crate::graph::blocks;

/// The normalized busy time of `bookings`, each widened by `buffer` seconds on both sides.
///
/// O(n log n) in the number of bookings (one sort inside [`normalize`]).
pub fn busy_intervals<'a>(
    bookings: impl IntoIterator<Item = &'a BookingInfo>,
    buffer: i64,
) -> Vec<Interval> {
    let intervals = bookings
        .into_iter()
        .filter(|booking| blocks(&booking.graph, &booking.state))
        .map(|booking| {
            // Tolerate a reversed booking rather than silently dropping its time.
            let (start, end) = if booking.end < booking.start {
                (booking.end, booking.start)
            } else {
                (booking.start, booking.end)
            };
            let (start, end) = (floor_second(start), ceil_second(end));
            // A zero-length booking still occupies its instant (and its buffer).
            let end = if end == start { end + 1 } else { end };
            Interval::new(start.saturating_sub(buffer), end.saturating_add(buffer))
        })
        .collect();
    normalize(intervals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(graph: &str, state: &str, start: &str, end: &str) -> BookingInfo {
        BookingInfo {
            resource_id: "r1".to_owned(),
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
            graph: graph.to_owned(),
            state: state.to_owned(),
        }
    }

    #[test]
    fn busy_time_is_padded_merged_and_skips_non_blocking() {
        let bookings = [
            booking(
                "instant",
                "confirmed",
                "2024-05-06T10:00:00Z",
                "2024-05-06T11:00:00Z",
            ),
            booking(
                "instant",
                "confirmed",
                "2024-05-06T11:20:00Z",
                "2024-05-06T12:00:00Z",
            ),
            booking(
                "confirm_decline",
                "tentative",
                "2024-05-06T14:00:00Z",
                "2024-05-06T15:00:00Z",
            ),
            booking(
                "instant",
                "confirmed",
                "2024-05-06T16:00:00Z",
                "2024-05-06T16:30:00Z",
            ),
        ];
        let at = |text: &str| text.parse::<jiff::Timestamp>().unwrap().as_second();
        assert_eq!(
            busy_intervals(&bookings, 600),
            vec![
                Interval::new(at("2024-05-06T09:50:00Z"), at("2024-05-06T12:10:00Z")),
                Interval::new(at("2024-05-06T15:50:00Z"), at("2024-05-06T16:40:00Z")),
            ]
        );
    }
}
