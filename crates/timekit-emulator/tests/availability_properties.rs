//! Property tests of the availability engine against an independent, slow oracle that
//! evaluates constraints and bookings instant by instant (every 5 minutes) on each
//! resource's wall clock.
//!
//! All generated boundaries (window, bookings, buffers, lengths, increments, constraint hours
//! and periods) lie on 5-minute marks of UTC, so checking the start of every 5-minute cell is
//! exact.
// Test helpers outside #[test] fns: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

mod availability_support;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use timekit_emulator::availability::{AvailabilityInput, compute};
use timekit_emulator::availability::{BookingInfo, ResourceInfo};

const CELL: i64 = 300;
const ZONES: [&str; 5] = [
    "UTC",
    "Europe/Copenhagen",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
];
/// Window starts near DST changes of the zones above.
const BASES: [&str; 6] = [
    "2024-03-09T00:00:00Z",
    "2024-03-30T12:00:00Z",
    "2024-04-06T00:00:00Z",
    "2024-10-05T00:00:00Z",
    "2024-10-26T00:00:00Z",
    "2024-11-02T06:00:00Z",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const BOOKING_KINDS: [(&str, &str); 10] = [
    ("instant", "confirmed"),
    ("confirm_decline", "tentative"),
    ("confirm_decline", "confirmed"),
    ("instant", "cancelled"),
    ("instant_payment", "tentative"),
    ("instant_payment", "unpaid"),
    ("group_owner", "tentative"),
    ("group_customer_payment", "paid"),
    ("confirm_decline", "declined"),
    ("instant", "completed"),
];

/// The blocking table of timekit-api.md §10, restated independently of the engine.
fn oracle_blocks(graph: &str, state: &str) -> bool {
    state == "confirmed"
        || state == "paid"
        || state == "reserved"
        || (state == "tentative" && graph != "confirm_decline")
}

/// A booking as `(start, end, index into BOOKING_KINDS)`.
type GeneratedBooking = (i64, i64, usize);
/// A resource as `(zone, own constraints, bookings)`.
type GeneratedResource = (&'static str, Vec<Value>, Vec<GeneratedBooking>);

#[derive(Debug, Clone)]
struct Case {
    from: i64,
    to: i64,
    length: i64,
    increment: i64,
    buffer: i64,
    round: bool,
    output_zone: &'static str,
    resources: Vec<GeneratedResource>,
    request_constraints: Vec<Value>,
}

fn hour_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u32..=24).prop_map(|h| json!(h)),
        (6u32..24).prop_map(|h| json!(f64::from(h) + 0.5)),
        (0u32..=23).prop_map(|h| json!(format!("{h:02}:00"))),
        (6u32..=23).prop_map(|h| json!(format!("{h}:30"))),
    ]
}

fn constraint(from: i64) -> impl Strategy<Value = Value> {
    let day = prop::sample::select(DAYS.to_vec());
    let kind = prop::sample::select(vec!["allow", "block"]);
    let instant = move |halves: i64| {
        Timestamp::from_second(from + halves * 1_800)
            .unwrap()
            .to_string()
    };
    prop_oneof![
        (kind.clone(), day.clone(), hour_value(), hour_value()).prop_map(
            |(k, d, s, e)| json!({ format!("{k}_day_and_time"): {"day": d, "start": s, "end": e} })
        ),
        (kind.clone(), hour_value(), hour_value())
            .prop_map(|(k, s, e)| json!({ format!("{k}_hours"): {"start": s, "end": e} })),
        (kind.clone(), day).prop_map(|(k, d)| json!({ format!("{k}_day"): {"day": d} })),
        (kind.clone(), -10i64..150, 0i64..100).prop_map(move |(k, start, len)| {
            json!({ format!("{k}_period"): {"start": instant(start), "end": instant(start + len)} })
        }),
        (kind.clone(), -1i64..4, 0i64..3).prop_map(move |(k, start, len)| {
            let date = |days: i64| {
                let base = Timestamp::from_second(from)
                    .unwrap()
                    .to_zoned(TimeZone::UTC)
                    .date();
                base.checked_add(jiff::Span::new().days(days))
                    .unwrap()
                    .to_string()
            };
            json!({ format!("{k}_period"): {"start": date(start), "end": date(start + len)} })
        }),
        kind.clone()
            .prop_map(|k| json!({ format!("{k}_weekdays"): {} })),
        kind.prop_map(|k| json!({ format!("{k}_weekends"): {} })),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (prop::sample::select(BASES.to_vec()), 0i64..288, 1i64..=72).prop_flat_map(
        |(base, offset, hours)| {
            let from = base.parse::<Timestamp>().unwrap().as_second() + offset * CELL;
            let to = from + hours * 3_600;
            let cells = (to - from) / CELL;
            let booking = (-20i64..cells + 20, 0i64..=36, 0usize..BOOKING_KINDS.len()).prop_map(
                move |(start, len, kind)| (from + start * CELL, from + (start + len) * CELL, kind),
            );
            let resource = (
                prop::sample::select(ZONES.to_vec()),
                prop::collection::vec(constraint(from), 0..4),
                prop::collection::vec(booking, 0..12),
            );
            (
                Just((from, to)),
                (1i64..=36, 2i64..=24, 0i64..=12, any::<bool>()),
                prop::sample::select(ZONES.to_vec()),
                prop::collection::vec(resource, 1..=3),
                prop::collection::vec(constraint(from), 0..3),
            )
                .prop_map(
                    |(
                        (from, to),
                        (length, increment, buffer, round),
                        output_zone,
                        resources,
                        request_constraints,
                    )| Case {
                        from,
                        to,
                        length: length * CELL,
                        increment: increment * CELL,
                        buffer: buffer * CELL,
                        round,
                        output_zone,
                        resources,
                        request_constraints,
                    },
                )
        },
    )
}

fn id(index: usize) -> String {
    format!("r{index}")
}

fn snapshot(case: &Case) -> AvailabilityInput {
    let mut resources = Vec::new();
    let mut bookings = Vec::new();
    for (index, (zone, constraints, booked)) in case.resources.iter().enumerate() {
        resources.push(ResourceInfo {
            id: id(index),
            name: format!("n{index}"),
            timezone: (*zone).to_owned(),
            constraints: constraints.clone(),
        });
        for (start, end, kind) in booked {
            bookings.push(BookingInfo {
                resource_id: id(index),
                start: Timestamp::from_second(*start).unwrap(),
                end: Timestamp::from_second(*end).unwrap(),
                graph: BOOKING_KINDS[*kind].0.to_owned(),
                state: BOOKING_KINDS[*kind].1.to_owned(),
            });
        }
    }
    AvailabilityInput {
        resources,
        bookings,
    }
}

fn body(case: &Case, mode: &str, resources: &[String]) -> Value {
    let minutes = |seconds: i64| format!("{} minutes", seconds / 60);
    json!({
        "mode": mode, "resources": resources,
        "from": Timestamp::from_second(case.from).unwrap().to_string(),
        "to": Timestamp::from_second(case.to).unwrap().to_string(),
        "length": minutes(case.length), "timeslot_increments": minutes(case.increment),
        "buffer": minutes(case.buffer), "round_to_nearest_hour": case.round,
        "output_timezone": case.output_zone, "constraints": case.request_constraints,
    })
}

/// `(start second, [resource ids])` per slot, after checking each slot's format and length.
fn run(case: &Case, mode: &str, resources: &[String]) -> Vec<(i64, Vec<String>)> {
    let input = snapshot(case);
    let answer = compute(
        &body(case, mode, resources),
        availability_support::now(),
        &input,
    )
    .unwrap_or_else(|e| panic!("{mode} failed: {e:?}"));
    let zone = TimeZone::get(case.output_zone).unwrap();
    answer
        .iter()
        .map(|slot| {
            let text = |key: &str| slot[key].as_str().unwrap().to_owned();
            let (start, end) = (text("start"), text("end"));
            let start_ts: Timestamp = start.parse().unwrap();
            let end_ts: Timestamp = end.parse().unwrap();
            assert_eq!(
                start,
                start_ts
                    .to_zoned(zone.clone())
                    .strftime("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string()
            );
            assert_eq!(
                end_ts.as_second() - start_ts.as_second(),
                case.length,
                "slot length"
            );
            let ids = slot["resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_owned())
                .collect();
            (start_ts.as_second(), ids)
        })
        .collect()
}

// ---- the oracle -------------------------------------------------------------------------

fn hour_seconds(value: &Value) -> i64 {
    match value {
        Value::Number(n) => (n.as_f64().unwrap() * 3_600.0).round() as i64,
        Value::String(text) => {
            let (h, m) = text.split_once(':').unwrap();
            h.parse::<i64>().unwrap() * 3_600 + m.parse::<i64>().unwrap() * 60
        }
        other => panic!("generator made {other}"),
    }
}

fn weekday(name: &str) -> Weekday {
    let index = DAYS.iter().position(|d| *d == name).unwrap();
    Weekday::from_monday_one_offset(i8::try_from(index + 1).unwrap()).unwrap()
}

fn in_daily(tod: i64, start: i64, end: i64) -> bool {
    if start < end {
        start <= tod && tod < end
    } else if start > end {
        tod >= start || tod < end
    } else {
        false
    }
}

fn period_end(text: &str, zone: &TimeZone) -> i64 {
    text.parse::<Timestamp>()
        .map(|t| t.as_second())
        .unwrap_or_else(|_| {
            zone.to_timestamp(
                text.parse::<Date>()
                    .unwrap()
                    .to_datetime(jiff::civil::Time::midnight()),
            )
            .unwrap()
            .as_second()
        })
}

/// Whether `rule` covers the instant `t` (evaluated on `zone`'s wall clock).
fn covers(rule: &Value, t: i64, zone: &TimeZone) -> (bool, bool) {
    let (kind, params) = rule.as_object().unwrap().iter().next().unwrap();
    let local = Timestamp::from_second(t).unwrap().to_zoned(zone.clone());
    let tod = i64::from(local.hour()) * 3_600
        + i64::from(local.minute()) * 60
        + i64::from(local.second());
    let day = local.weekday();
    let weekend = matches!(day, Weekday::Saturday | Weekday::Sunday);
    let (effect, shape) = kind.split_once('_').unwrap();
    let hit = match shape {
        "day_and_time" => {
            let (d, s, e) = (
                weekday(params["day"].as_str().unwrap()),
                hour_seconds(&params["start"]),
                hour_seconds(&params["end"]),
            );
            if s < e {
                day == d && s <= tod && tod < e
            } else if s > e {
                (day == d && tod >= s) || (day == d.next() && tod < e)
            } else {
                false
            }
        }
        "hours" => in_daily(
            tod,
            hour_seconds(&params["start"]),
            hour_seconds(&params["end"]),
        ),
        "day" => day == weekday(params["day"].as_str().unwrap()),
        "weekdays" => !weekend,
        "weekends" => weekend,
        "period" => {
            let start = period_end(params["start"].as_str().unwrap(), zone);
            let end = period_end(params["end"].as_str().unwrap(), zone);
            start <= t && t < end
        }
        other => panic!("generator made {other}"),
    };
    (effect == "allow", hit)
}

/// Whether resource `index` is free during the 5-minute cell starting at `t`.
fn cell_free(case: &Case, index: usize, t: i64) -> bool {
    let (zone_name, own, bookings) = &case.resources[index];
    let zone = TimeZone::get(zone_name).unwrap();
    let rules: Vec<&Value> = own.iter().chain(&case.request_constraints).collect();
    let mut any_allow = false;
    let mut allowed = false;
    for rule in &rules {
        let (allow, hit) = covers(rule, t, &zone);
        if allow {
            any_allow = true;
            allowed |= hit;
        } else if hit {
            return false;
        }
    }
    if any_allow && !allowed {
        return false;
    }
    !bookings.iter().any(|(start, end, kind)| {
        let (graph, state) = BOOKING_KINDS[*kind];
        let end = if end == start { end + 1 } else { *end };
        oracle_blocks(graph, state) && start - case.buffer <= t && t < end + case.buffer
    })
}

fn oracle_slot_free(case: &Case, index: usize, start: i64) -> bool {
    (start..start + case.length)
        .step_by(CELL as usize)
        .all(|t| cell_free(case, index, t))
}

/// The grid anchor, found by walking forward to a whole hour of the output zone.
fn oracle_anchor(case: &Case) -> i64 {
    if !case.round {
        return case.from;
    }
    let zone = TimeZone::get(case.output_zone).unwrap();
    (case.from..)
        .step_by(60)
        .find(|t| {
            Timestamp::from_second(*t)
                .unwrap()
                .to_zoned(zone.clone())
                .minute()
                == 0
        })
        .unwrap()
}

fn grid_points(case: &Case) -> Vec<i64> {
    let anchor = oracle_anchor(case);
    (anchor..=case.to - case.length)
        .step_by(case.increment as usize)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every resource's own slots are exactly the grid points the oracle finds free: no slot
    /// overlaps a blocking booking plus buffer, every slot is inside the allow windows and
    /// outside the block windows, has exactly `length` and starts on the grid.
    #[test]
    fn own_slots_are_exactly_the_free_grid_points(case in case()) {
        let grid = grid_points(&case);
        for index in 0..case.resources.len() {
            let own: Vec<i64> = run(&case, "exclusive", &[id(index)]).into_iter().map(|(s, _)| s).collect();
            let expected: Vec<i64> = grid.iter().copied().filter(|g| oracle_slot_free(&case, index, *g)).collect();
            prop_assert_eq!(own, expected, "resource {}", index);
        }
    }

    /// Modes combine the resources' own slots: mutual is their intersection (so a subset of
    /// each), exclusive lists every free resource per time, prioritized round robin picks the
    /// first free resource in request order, random round robin one free resource per time.
    #[test]
    fn modes_combine_each_resources_own_slots(case in case()) {
        let ids: Vec<String> = (0..case.resources.len()).map(id).collect();
        let own: Vec<BTreeSet<i64>> = ids
            .iter()
            .map(|r| run(&case, "exclusive", std::slice::from_ref(r)).into_iter().map(|(s, _)| s).collect())
            .collect();
        let mut free_at: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (index, starts) in own.iter().enumerate() {
            for start in starts {
                free_at.entry(*start).or_default().push(ids[index].clone());
            }
        }

        let mutual = run(&case, "mutual", &ids);
        for (start, listed) in &mutual {
            prop_assert!(own.iter().all(|set| set.contains(start)), "mutual slot {} not free for all", start);
            prop_assert_eq!(listed, &ids);
        }
        let everyone: Vec<i64> = free_at.iter().filter(|(_, r)| r.len() == ids.len()).map(|(s, _)| *s).collect();
        prop_assert_eq!(mutual.iter().map(|(s, _)| *s).collect::<Vec<_>>(), everyone);

        let exclusive = run(&case, "exclusive", &ids);
        prop_assert_eq!(exclusive.clone(), free_at.clone().into_iter().collect::<Vec<_>>());

        let prioritized = run(&case, "roundrobin_prioritized", &ids);
        let first_free: Vec<(i64, Vec<String>)> = free_at.iter().map(|(s, r)| (*s, vec![r[0].clone()])).collect();
        prop_assert_eq!(prioritized, first_free);

        let random = run(&case, "roundrobin_random", &ids);
        prop_assert_eq!(random.len(), free_at.len());
        for (start, listed) in &random {
            prop_assert_eq!(listed.len(), 1);
            prop_assert!(free_at[start].contains(&listed[0]));
        }
        prop_assert_eq!(random, run(&case, "roundrobin_random", &ids), "random mode must be reproducible");
    }
}
