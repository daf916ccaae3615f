//! Case 5: the availability engine (`timekit_emulator::availability::compute`) for 10
//! resources over 4 weeks, with 2,000 and then 4,000 bookings per resource; the time and
//! how it scales (the goal is near-linear: at most 2.3× the time for 2× the bookings). Also
//! `POST /availability/dates` (`timekit_emulator::availability::dates`) over 3 months on the
//! 2,000-booking data: at most 3× the time of the 4-week query (issue 15).
//!
//! The input is built directly, without HTTP. Bookings fall on weekdays between 09:00 and
//! 17:00 UTC at pseudo-random (but fixed) times with lengths of 15–60 minutes, overlapping
//! freely — 100 or 200 a day is far busier than any real calendar, which is the point. Each
//! resource allows weekdays 07:00–21:00, so the answer has free slots in the mornings and
//! evenings whatever the number of bookings, and the scaling measures the bookings' cost.

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use timekit_emulator::availability::{
    AvailabilityInput, BookingInfo, ResourceInfo, compute, dates,
};

use crate::options::Scale;
use crate::report::{Comparison, Report};
use crate::stats::{median_seconds, ratio};

const CASE: &str = "availability";
const RESOURCES: usize = 10;
/// A Monday, so the four weeks hold twenty whole weekdays.
const WINDOW_START: &str = "2030-03-04T00:00:00Z";
const WINDOW_DAYS: i64 = 28;
const NOW: &str = "2030-03-01T00:00:00Z";

/// A small deterministic generator (xorshift64*), so every run sees the same bookings.
struct Sequence(u64);

impl Sequence {
    fn next_below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound.max(1)
    }
}

/// `resources` resources with `per_resource` blocking bookings each on the weekdays of the
/// four weeks from `window_start`.
pub fn input(resources: usize, per_resource: usize, window_start: Timestamp) -> AvailabilityInput {
    let mut sequence = Sequence(0x9E37_79B9_7F4A_7C15);
    let weekdays: Vec<i64> = (0..WINDOW_DAYS).filter(|day| day % 7 < 5).collect();
    let mut input = AvailabilityInput::default();
    for index in 0..resources {
        let id = format!("00000000-0000-4000-8000-{index:012}");
        input.resources.push(ResourceInfo {
            id: id.clone(),
            name: format!("Resource {index}"),
            timezone: "UTC".to_owned(),
            constraints: vec![
                json!({"allow_weekdays": {}}),
                json!({"allow_hours": {"start": 7, "end": 21}}),
            ],
        });
        for _ in 0..per_resource {
            let day = weekdays[sequence.next_below(weekdays.len() as u64) as usize];
            let minute = 9 * 60 + sequence.next_below(8 * 60) as i64;
            let length = 15 + sequence.next_below(46) as i64;
            let start = window_start
                .checked_add(SignedDuration::from_mins(day * 24 * 60 + minute))
                .unwrap_or(window_start);
            let end = start
                .checked_add(SignedDuration::from_mins(length))
                .unwrap_or(start);
            input.bookings.push(BookingInfo {
                resource_id: id.clone(),
                start,
                end,
                graph: "instant".to_owned(),
                state: "confirmed".to_owned(),
            });
        }
    }
    input
}

/// The query: every resource, the four weeks, 30-minute slots.
pub fn body(input: &AvailabilityInput, window_start: Timestamp) -> Value {
    let ids: Vec<&str> = input.resources.iter().map(|r| r.id.as_str()).collect();
    let to = window_start
        .checked_add(SignedDuration::from_hours(WINDOW_DAYS * 24))
        .unwrap_or(window_start);
    json!({
        "mode": "roundrobin_random",
        "resources": ids,
        "from": window_start.to_string(),
        "to": to.to_string(),
        "length": "30 minutes",
    })
}

/// The `/availability/dates` query of the same resources over three months (13 weeks).
fn dates_body(input: &AvailabilityInput, window_start: Timestamp) -> Value {
    let mut body = body(input, window_start);
    let to = window_start
        .checked_add(SignedDuration::from_hours(DATES_DAYS * 24))
        .unwrap_or(window_start);
    body["to"] = json!(to.to_string());
    body
}

/// Days of the `/availability/dates` query: three months.
const DATES_DAYS: i64 = 91;

/// Times `runs` computations (after one unmeasured run); returns the durations and the
/// number of slots of the answer.
fn measure(
    input: &AvailabilityInput,
    window_start: Timestamp,
    now: Timestamp,
    runs: usize,
) -> Result<(Vec<Duration>, usize), String> {
    let body = body(input, window_start);
    let slots = compute(&body, now, input)
        .map_err(|err| err.to_string())?
        .len();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let answer = compute(&body, now, input).map_err(|err| err.to_string())?;
        times.push(started.elapsed());
        black_box(answer);
    }
    Ok((times, slots))
}

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When the engine refuses the query.
pub fn run(scale: Scale, report: &mut Report) -> Result<(), String> {
    let window_start: Timestamp = WINDOW_START.parse().map_err(|err| format!("{err}"))?;
    let now: Timestamp = NOW.parse().map_err(|err| format!("{err}"))?;
    let small = scale.availability_bookings;
    let large = small * 2;
    let small_input = input(RESOURCES, small, window_start);
    let large_input = input(RESOURCES, large, window_start);
    // Alternate the sizes run by run so that drift falls on both.
    let (mut small_times, mut large_times) = (Vec::new(), Vec::new());
    let (mut small_slots, mut large_slots) = (0, 0);
    for _ in 0..scale.availability_runs.max(1) {
        let (times, slots) = measure(&small_input, window_start, now, 1)?;
        small_times.extend(times);
        small_slots = slots;
        let (times, slots) = measure(&large_input, window_start, now, 1)?;
        large_times.extend(times);
        large_slots = slots;
    }
    let dates_query = dates_body(&small_input, window_start);
    let mut dates_times = Vec::new();
    let mut dates_answered = 0;
    for _ in 0..scale.availability_runs.max(1) {
        let started = Instant::now();
        let answer = dates(&dates_query, now, &small_input).map_err(|err| err.to_string())?;
        dates_times.push(started.elapsed());
        dates_answered = answer.len();
        black_box(answer);
    }
    let dates_seconds = median_seconds(&dates_times).unwrap_or(f64::NAN);
    let small_seconds = median_seconds(&small_times).unwrap_or(f64::NAN);
    let large_seconds = median_seconds(&large_times).unwrap_or(f64::NAN);
    report.figure(
        CASE,
        format!("{RESOURCES} resources × {small} bookings × 4 weeks"),
        small_seconds * 1000.0,
        "ms",
    );
    report.figure(
        CASE,
        format!("{RESOURCES} resources × {large} bookings × 4 weeks"),
        large_seconds * 1000.0,
        "ms",
    );
    report.figure(
        CASE,
        format!("slots answered at {small} bookings"),
        small_slots as f64,
        "slots",
    );
    report.figure(
        CASE,
        format!("slots answered at {large} bookings"),
        large_slots as f64,
        "slots",
    );
    report.figure(
        CASE,
        format!("dates: {RESOURCES} resources × {small} bookings × 3 months"),
        dates_seconds * 1000.0,
        "ms",
    );
    report.figure(CASE, "dates answered", dates_answered as f64, "dates");
    report.goal(
        CASE,
        format!("dates over 3 months / 4-week availability, {small} bookings"),
        ratio(dates_seconds, small_seconds),
        Comparison::AtMost,
        3.0,
    );
    report.goal(
        CASE,
        format!("time at {large} / time at {small} bookings"),
        ratio(large_seconds, small_seconds),
        Comparison::AtMost,
        2.3,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Timestamp {
        WINDOW_START.parse().unwrap()
    }

    #[test]
    fn bookings_lie_on_weekday_working_hours_inside_the_window() {
        let input = input(3, 200, start());
        assert_eq!(input.resources.len(), 3);
        assert_eq!(input.bookings.len(), 600);
        let end = start()
            .checked_add(SignedDuration::from_hours(28 * 24))
            .unwrap();
        for booking in &input.bookings {
            assert!(booking.start >= start() && booking.end <= end);
            let civil = booking.start.to_zoned(jiff::tz::TimeZone::UTC);
            assert!(
                civil.weekday().to_monday_one_offset() <= 5,
                "{}",
                booking.start
            );
            assert!((9..17).contains(&civil.hour()), "{}", booking.start);
            let minutes = booking.end.duration_since(booking.start).as_secs() / 60;
            assert!((15..=60).contains(&minutes));
        }
    }

    #[test]
    fn the_dates_query_spans_three_months_and_finds_free_days() {
        let now: Timestamp = NOW.parse().unwrap();
        let data = input(RESOURCES, 100, start());
        let query = dates_body(&data, start());
        assert_eq!(query["from"], json!(start().to_string()));
        let answered = dates(&query, now, &data).unwrap();
        // Allowed periods are a union (allow_hours covers weekends too), and mornings are never
        // booked: every one of the 91 days has free slots for every resource.
        assert_eq!(answered.len(), 91);
        assert_eq!(answered[0]["date"], json!("2030-03-04"));
        assert_eq!(
            answered[0]["resources"].as_array().map(Vec::len),
            Some(RESOURCES)
        );
    }

    #[test]
    fn the_same_input_every_time() {
        let (a, b) = (input(2, 50, start()), input(2, 50, start()));
        let starts =
            |input: &AvailabilityInput| input.bookings.iter().map(|b| b.start).collect::<Vec<_>>();
        assert_eq!(starts(&a), starts(&b));
    }

    #[test]
    fn more_bookings_never_free_more_slots_and_some_stay_free() {
        let now: Timestamp = NOW.parse().unwrap();
        let few = input(RESOURCES, 20, start());
        let many = input(RESOURCES, 400, start());
        let few_slots = compute(&body(&few, start()), now, &few).unwrap().len();
        let many_slots = compute(&body(&many, start()), now, &many).unwrap().len();
        assert!(many_slots <= few_slots);
        // 07:00–09:00 and 18:00–21:00 are never booked: ten slots on each of 20 weekdays.
        assert!(many_slots >= 20 * 10, "{many_slots}");
    }
}
