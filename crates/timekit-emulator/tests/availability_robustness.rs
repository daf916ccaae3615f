//! Whatever the body and the stored data, the engine answers `Ok` or a typed error — never a
//! panic — and answers in time order; and it copes with the benchmark's size.
// Test helpers outside #[test] fns: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

mod availability_support;

use availability_support::now;
use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use timekit_emulator::availability::{
    AvailabilityError, AvailabilityInput, BookingInfo, ResourceInfo, compute,
};

const FIELDS: [&str; 14] = [
    "mode",
    "resources",
    "from",
    "to",
    "length",
    "buffer",
    "timeslot_increments",
    "round_to_nearest_hour",
    "output_timezone",
    "constraints",
    "allow_double_bookings",
    "ignore_all_day_events",
    "project_id",
    "unknown_field",
];

fn plausible_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "now",
            "today",
            "tomorrow",
            "3 days",
            "2 weeks 1 day",
            "6 months",
            "7 months",
            "1 month",
            "30 minutes",
            "1 hour",
            "0 minutes",
            "-1 hour",
            "1 minute",
            "99999999999 years",
            "now 9223372036854775807 seconds",
            "2024-05-06T09:00:00+02:00",
            "2024-05-06",
            "UTC",
            "Europe/Copenhagen",
            "Asia/Kolkata",
            "mutual",
            "exclusive",
            "roundrobin_random",
            "roundrobin_prioritized",
            "r1",
            "Monday",
            "24:00",
            "09:30",
            "25:00",
            "",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,16}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        plausible_text().prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "allow_hours",
                    "block_day_and_time",
                    "allow_period",
                    "block_weekends",
                    "allow_day",
                    "start",
                    "end",
                    "day",
                    "x"
                ])
                .prop_map(str::to_owned),
                inner,
                0..3,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(FIELDS.to_vec()), json_value()), 0..10).prop_map(
        |fields| {
            let mut map: Map<String, Value> =
                fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            // Most bodies name the one stored resource, so the deeper stages get exercised too.
            map.entry("resources").or_insert(json!(["r1"]));
            Value::Object(map)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_body_and_stored_data_gets_an_answer_not_a_panic(
        body in body(),
        zone in prop::sample::select(vec!["UTC", "America/New_York", "Not/AZone", ""]),
        stored in prop::collection::vec(json_value(), 0..3),
    ) {
        let input = AvailabilityInput {
            resources: vec![ResourceInfo { id: "r1".into(), name: "One".into(), timezone: zone.into(), constraints: stored }],
            bookings: vec![],
        };
        match compute(&body, now(), &input) {
            Ok(slots) => {
                let starts: Vec<Timestamp> = slots.iter().map(|s| s["start"].as_str().unwrap().parse().unwrap()).collect();
                prop_assert!(starts.windows(2).all(|w| w[0] < w[1]), "slots out of order");
            }
            Err(AvailabilityError::Invalid { field, message }) => {
                prop_assert!(!field.is_empty() && !message.is_empty());
            }
            Err(AvailabilityError::UnknownResource(id)) => prop_assert!(id != "r1"),
        }
    }
}

/// 10 resources and `total` confirmed 20-minute bookings dealt round-robin to them, spread
/// over 4 weeks by a fixed pseudo-random sequence, so a larger input extends a smaller one.
fn bench_input(total: usize) -> AvailabilityInput {
    let from = "2024-05-06T00:00:00Z"
        .parse::<Timestamp>()
        .unwrap()
        .as_second();
    let mut rng = fastrand_like(7);
    let resources: Vec<ResourceInfo> = (0..10)
        .map(|i| ResourceInfo {
            id: format!("r{i}"),
            name: format!("R{i}"),
            timezone: if i % 2 == 0 {
                "Europe/Copenhagen"
            } else {
                "America/New_York"
            }
            .into(),
            constraints: vec![
                json!({"allow_hours": {"start": 8, "end": 20}}),
                json!({"block_weekends": {}}),
            ],
        })
        .collect();
    let mut bookings = Vec::new();
    for index in 0..total {
        {
            let resource = &resources[index % resources.len()];
            let start = from + i64::try_from(rng() % (28 * 24 * 12)).unwrap() * 300;
            bookings.push(BookingInfo {
                resource_id: resource.id.clone(),
                start: Timestamp::from_second(start).unwrap(),
                end: Timestamp::from_second(start + 1_200).unwrap(),
                graph: "instant".into(),
                state: "confirmed".into(),
            });
        }
    }
    AvailabilityInput {
        resources,
        bookings,
    }
}

/// A tiny deterministic generator (xorshift), so the test needs no extra dependency.
fn fastrand_like(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

#[test]
fn benchmark_sized_queries_work_and_more_bookings_never_add_slots() {
    let ids: Vec<String> = (0..10).map(|i| format!("r{i}")).collect();
    for mode in ["exclusive", "mutual", "roundrobin_random"] {
        let body = json!({"mode": mode, "resources": ids, "from": "2024-05-06T00:00:00Z", "to": "2024-06-03T00:00:00Z",
            "length": "30 minutes", "timeslot_increments": "15 minutes", "buffer": "5 minutes"});
        let fewer = compute(&body, now(), &bench_input(2_000)).unwrap();
        let more = compute(&body, now(), &bench_input(4_000)).unwrap();
        let unbooked = compute(&body, now(), &bench_input(0)).unwrap();
        assert!(
            !unbooked.is_empty(),
            "{mode}: office hours alone leave slots"
        );
        if mode != "mutual" {
            // Ten calendars are never all full at once; all ten free together is rare.
            assert!(!more.is_empty(), "{mode}: someone should still be free");
        }
        // Listings (resource × time) shrink with bookings; round robin may still find
        // someone free at every time, so only the listings are compared.
        let listings = |slots: &[Value]| -> usize {
            slots
                .iter()
                .map(|s| s["resources"].as_array().unwrap().len())
                .sum()
        };
        if mode != "roundrobin_random" {
            assert!(
                listings(&fewer) < listings(&unbooked),
                "{mode}: bookings should remove slots"
            );
        }
        let starts = |slots: &[Value]| {
            slots
                .iter()
                .map(|s| s["start"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        let fewer_starts = starts(&fewer);
        assert!(
            starts(&more).iter().all(|s| fewer_starts.contains(s)),
            "{mode}: extra bookings added a slot"
        );
        assert!(more.len() <= fewer.len());
    }
}
