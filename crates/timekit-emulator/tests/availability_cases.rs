//! Hand-checked availability answers: bookings and buffers, each constraint type, modes over
//! resources in different time zones, output formatting and refusals.
// Test helpers outside #[test] fns: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

mod availability_support;

use availability_support::*;
use serde_json::json;
use timekit_emulator::availability::{AvailabilityError, compute};

const DAY_FROM: &str = "2024-05-06T09:00:00+00:00";
const DAY_TO: &str = "2024-05-06T17:00:00+00:00";

fn one_booking_day(
    bookings: Vec<timekit_emulator::availability::BookingInfo>,
) -> timekit_emulator::availability::AvailabilityInput {
    input(vec![resource("r1", "UTC", json!([]))], bookings)
}

#[test]
fn one_booking_with_a_buffer_removes_the_padded_time() {
    let day = one_booking_day(vec![booking(
        "r1",
        "instant",
        "confirmed",
        "2024-05-06T12:00:00Z",
        "2024-05-06T13:00:00Z",
    )]);
    // Busy 11:45–13:15: hourly slots at 09 and 10 fit before it, the grid's next free
    // point after it is 14:00.
    let body = json!({"resources": ["r1"], "from": DAY_FROM, "to": DAY_TO, "buffer": "15 minutes"});
    assert_eq!(
        starts(body, &day),
        hours("2024-05-06", "+00:00", &[9, 10, 14, 15, 16])
    );

    // With 15-minute increments the slots hug the buffer on both sides.
    let body = json!({"resources": ["r1"], "from": DAY_FROM, "to": DAY_TO, "buffer": "15 minutes",
        "timeslot_increments": "15 minutes"});
    let found = slots(body, &day);
    let before: Vec<&str> = found
        .iter()
        .map(|s| s.0.as_str())
        .filter(|s| *s < "2024-05-06T12")
        .collect();
    assert_eq!(before.first(), Some(&"2024-05-06T09:00:00+00:00"));
    assert_eq!(before.last(), Some(&"2024-05-06T10:45:00+00:00"));
    assert_eq!(before.len(), 8);
    let after: Vec<&SlotView> = found
        .iter()
        .filter(|s| s.0.as_str() > "2024-05-06T12")
        .collect();
    assert_eq!(after.first().unwrap().0, "2024-05-06T13:15:00+00:00");
    assert_eq!(after.last().unwrap().0, "2024-05-06T16:00:00+00:00");
    assert_eq!(after.len(), 12);
    assert!(found.iter().all(|(_, _, ids)| ids == &["r1"]));
}

#[test]
fn slot_shape_is_start_end_and_resource_details() {
    let day = one_booking_day(vec![]);
    let body = json!({"resources": ["r1"], "from": DAY_FROM, "to": "2024-05-06T10:00:00Z"});
    let answer = compute(&body, now(), &day).unwrap();
    assert_eq!(
        answer,
        vec![
            json!({"start": "2024-05-06T09:00:00+00:00", "end": "2024-05-06T10:00:00+00:00",
            "resources": [{"id": "r1", "name": "Resource r1", "timezone": "UTC"}]})
        ]
    );
}

#[test]
fn which_bookings_block() {
    let at_noon = |graph: &str, state: &str| {
        one_booking_day(vec![booking(
            "r1",
            graph,
            state,
            "2024-05-06T12:00:00Z",
            "2024-05-06T13:00:00Z",
        )])
    };
    let body = json!({"resources": ["r1"], "from": DAY_FROM, "to": DAY_TO});
    let all = hours("2024-05-06", "+00:00", &[9, 10, 11, 12, 13, 14, 15, 16]);
    let without_noon = hours("2024-05-06", "+00:00", &[9, 10, 11, 13, 14, 15, 16]);
    for (graph, state) in [
        ("instant", "confirmed"),
        ("instant_payment", "tentative"),
        ("instant_payment", "paid"),
        ("group_owner", "tentative"),
        ("group_customer", "confirmed"),
    ] {
        assert_eq!(
            starts(body.clone(), &at_noon(graph, state)),
            without_noon,
            "{graph}/{state}"
        );
    }
    for (graph, state) in [
        ("confirm_decline", "tentative"),
        ("confirm_decline", "declined"),
        ("instant", "cancelled"),
        ("instant", "completed"),
        ("instant_payment", "unpaid"),
    ] {
        assert_eq!(
            starts(body.clone(), &at_noon(graph, state)),
            all,
            "{graph}/{state}"
        );
    }
    // Bookings of other resources never block.
    let other = one_booking_day(vec![booking(
        "r2",
        "instant",
        "confirmed",
        "2024-05-06T12:00:00Z",
        "2024-05-06T13:00:00Z",
    )]);
    assert_eq!(starts(body.clone(), &other), all);
    // allow_double_bookings: bookings do not block at all.
    let mut double = body;
    double["allow_double_bookings"] = json!(true);
    assert_eq!(starts(double, &at_noon("instant", "confirmed")), all);
}

/// One week in Copenhagen (UTC+2 all week), hourly slots, output in local time.
fn week_with(constraints: serde_json::Value) -> Vec<String> {
    let week = input(vec![resource("r1", "Europe/Copenhagen", json!([]))], vec![]);
    starts(
        json!({"resources": ["r1"], "from": "2024-05-06T00:00:00+02:00", "to": "2024-05-13T00:00:00+02:00",
            "output_timezone": "Europe/Copenhagen", "constraints": constraints}),
        &week,
    )
}

fn local(date: &str, hour_list: &[u32]) -> Vec<String> {
    hours(date, "+02:00", hour_list)
}

const WEEK: [&str; 7] = [
    "2024-05-06",
    "2024-05-07",
    "2024-05-08",
    "2024-05-09",
    "2024-05-10",
    "2024-05-11",
    "2024-05-12",
];

#[test]
fn allow_day_and_time() {
    assert_eq!(
        week_with(json!([{"allow_day_and_time": {"day": "Monday", "start": 9, "end": "12:00"}}])),
        local("2024-05-06", &[9, 10, 11])
    );
}

#[test]
fn block_day_and_time() {
    let all_but: Vec<u32> = (0..24).filter(|h| !(10..12).contains(h)).collect();
    assert_eq!(
        week_with(json!([{"allow_day": {"day": "Monday"}},
            {"block_day_and_time": {"day": "Monday", "start": 10, "end": 12}}])),
        local("2024-05-06", &all_but)
    );
}

#[test]
fn allow_hours() {
    let expected: Vec<String> = WEEK.iter().flat_map(|d| local(d, &[9, 10])).collect();
    assert_eq!(
        week_with(json!([{"allow_hours": {"start": 9, "end": 11}}])),
        expected
    );
}

#[test]
fn block_hours() {
    assert_eq!(
        week_with(
            json!([{"allow_day": {"day": "Tuesday"}}, {"block_hours": {"start": 1, "end": 23}}])
        ),
        local("2024-05-07", &[0, 23])
    );
}

#[test]
fn allow_day() {
    let all: Vec<u32> = (0..24).collect();
    assert_eq!(
        week_with(json!([{"allow_day": {"day": "Wednesday"}}])),
        local("2024-05-08", &all)
    );
}

#[test]
fn block_day() {
    let expected: Vec<String> = WEEK
        .iter()
        .filter(|d| **d != "2024-05-09")
        .flat_map(|d| local(d, &[9]))
        .collect();
    assert_eq!(
        week_with(
            json!([{"allow_hours": {"start": 9, "end": 10}}, {"block_day": {"day": "Thursday"}}])
        ),
        expected
    );
}

#[test]
fn allow_period_reads_civil_times_in_the_resource_zone() {
    assert_eq!(
        week_with(
            json!([{"allow_period": {"start": "2024-05-08T10:00:00", "end": "2024-05-08 12:00:00"}}])
        ),
        local("2024-05-08", &[10, 11])
    );
}

#[test]
fn block_period() {
    assert_eq!(
        week_with(json!([{"allow_day": {"day": "Friday"}},
            {"block_period": {"start": "2024-05-10", "end": "2024-05-10T20:00:00+02:00"}}])),
        local("2024-05-10", &[20, 21, 22, 23])
    );
}

#[test]
fn allow_weekdays() {
    let expected: Vec<String> = WEEK[..5].iter().flat_map(|d| local(d, &[0])).collect();
    assert_eq!(
        week_with(json!([{"allow_weekdays": {}}, {"block_hours": {"start": 1, "end": 24}}])),
        expected
    );
}

#[test]
fn block_weekdays() {
    let expected: Vec<String> = WEEK[5..].iter().flat_map(|d| local(d, &[9])).collect();
    assert_eq!(
        week_with(json!([{"allow_hours": {"start": 9, "end": 10}}, {"block_weekdays": {}}])),
        expected
    );
}

#[test]
fn allow_weekends() {
    let expected: Vec<String> = WEEK[5..].iter().flat_map(|d| local(d, &[0])).collect();
    assert_eq!(
        week_with(json!([{"allow_weekends": []}, {"block_hours": {"start": 1, "end": 24}}])),
        expected
    );
}

#[test]
fn block_weekends() {
    let expected: Vec<String> = WEEK[..5].iter().flat_map(|d| local(d, &[9])).collect();
    assert_eq!(
        week_with(json!([{"allow_hours": {"start": 9, "end": 10}}, {"block_weekends": {}}])),
        expected
    );
}

#[test]
fn resource_and_request_constraints_combine() {
    let week = input(
        vec![resource(
            "r1",
            "Europe/Copenhagen",
            json!([{"allow_hours": {"start": 9, "end": 11}}]),
        )],
        vec![],
    );
    let found = starts(
        json!({"resources": ["r1"], "from": "2024-05-06T00:00:00+02:00", "to": "2024-05-08T00:00:00+02:00",
            "output_timezone": "Europe/Copenhagen",
            "constraints": [{"block_day_and_time": {"day": "Tuesday", "start": 10, "end": 11}}]}),
        &week,
    );
    assert_eq!(
        found,
        [local("2024-05-06", &[9, 10]), local("2024-05-07", &[9])].concat()
    );
}

/// Two resources: Copenhagen 09–17 local (07–15 UTC) and New York 09–17 local (13–21 UTC).
fn two_zones() -> timekit_emulator::availability::AvailabilityInput {
    input(
        vec![
            resource(
                "cph",
                "Europe/Copenhagen",
                json!([{"allow_hours": {"start": 9, "end": 17}}]),
            ),
            resource(
                "nyc",
                "America/New_York",
                json!([{"allow_hours": {"start": 9, "end": 17}}]),
            ),
        ],
        vec![],
    )
}

fn two_zone_body(mode: &str, order: [&str; 2]) -> serde_json::Value {
    json!({"mode": mode, "resources": order, "from": "2024-05-06T00:00:00Z", "to": "2024-05-07T00:00:00Z"})
}

fn utc(hour: u32, ids: &[&str]) -> SlotView {
    (
        format!("2024-05-06T{hour:02}:00:00+00:00"),
        format!("2024-05-06T{:02}:00:00+00:00", hour + 1),
        ids.iter().map(|s| (*s).to_owned()).collect(),
    )
}

#[test]
fn mutual_over_two_zones_is_the_overlap_of_office_hours() {
    let found = slots(two_zone_body("mutual", ["cph", "nyc"]), &two_zones());
    assert_eq!(
        found,
        vec![utc(13, &["cph", "nyc"]), utc(14, &["cph", "nyc"])]
    );
}

#[test]
fn prioritized_round_robin_prefers_the_first_free_resource() {
    let found = slots(
        two_zone_body("roundrobin_prioritized", ["cph", "nyc"]),
        &two_zones(),
    );
    let expected: Vec<SlotView> = (7..21)
        .map(|h| utc(h, &[if h < 15 { "cph" } else { "nyc" }]))
        .collect();
    assert_eq!(found, expected);

    let found = slots(
        two_zone_body("roundrobin_prioritized", ["nyc", "cph"]),
        &two_zones(),
    );
    let expected: Vec<SlotView> = (7..21)
        .map(|h| utc(h, &[if h < 13 { "cph" } else { "nyc" }]))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn exclusive_lists_every_free_resource_per_time() {
    let found = slots(two_zone_body("exclusive", ["nyc", "cph"]), &two_zones());
    let expected: Vec<SlotView> = (7..21)
        .map(|h| match h {
            7..=12 => utc(h, &["cph"]),
            13 | 14 => utc(h, &["nyc", "cph"]),
            _ => utc(h, &["nyc"]),
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn random_round_robin_is_one_free_resource_per_time_and_reproducible() {
    let zones = two_zones();
    let first = slots(two_zone_body("roundrobin_random", ["cph", "nyc"]), &zones);
    assert_eq!(
        first,
        slots(two_zone_body("roundrobin_random", ["cph", "nyc"]), &zones)
    );
    let times: Vec<&str> = first.iter().map(|s| s.0.as_str()).collect();
    let exclusive = slots(two_zone_body("exclusive", ["cph", "nyc"]), &zones);
    assert_eq!(
        times,
        exclusive.iter().map(|s| s.0.as_str()).collect::<Vec<_>>()
    );
    for ((_, _, chosen), (_, _, free)) in first.iter().zip(&exclusive) {
        assert_eq!(chosen.len(), 1);
        assert!(free.contains(&chosen[0]));
    }
    // The default mode is roundrobin_random.
    let mut no_mode = two_zone_body("roundrobin_random", ["cph", "nyc"]);
    no_mode.as_object_mut().unwrap().remove("mode");
    assert_eq!(slots(no_mode, &zones).len(), first.len());
}

#[test]
fn output_timezone_and_round_to_nearest_hour() {
    let day = one_booking_day(vec![]);
    let body = json!({"resources": ["r1"], "from": "2024-05-06T09:20:00Z", "to": "2024-05-06T11:00:00Z",
        "length": "30 minutes"});
    assert_eq!(
        starts(body.clone(), &day),
        [
            "2024-05-06T09:20:00+00:00",
            "2024-05-06T09:50:00+00:00",
            "2024-05-06T10:20:00+00:00"
        ]
    );
    let mut rounded = body.clone();
    rounded["round_to_nearest_hour"] = json!(true);
    assert_eq!(
        starts(rounded, &day),
        ["2024-05-06T10:00:00+00:00", "2024-05-06T10:30:00+00:00"]
    );

    // Whole hours of the output zone: in Kolkata (UTC+05:30) they fall on :30 UTC.
    let mut kolkata = body;
    kolkata["round_to_nearest_hour"] = json!(true);
    kolkata["output_timezone"] = json!("Asia/Kolkata");
    // from 09:20Z is 14:50 local; the window ends at 11:00Z, 16:30 local.
    assert_eq!(
        starts(kolkata, &day),
        [
            "2024-05-06T15:00:00+05:30",
            "2024-05-06T15:30:00+05:30",
            "2024-05-06T16:00:00+05:30"
        ]
    );
}

#[test]
fn relative_window_defaults_to_four_weeks_from_now() {
    let day = one_booking_day(vec![]);
    let found = slots(json!({"resources": ["r1"], "length": "1 day"}), &day);
    // now() is 2024-05-01T08:00Z: 28 daily slots from now to now + 4 weeks.
    assert_eq!(found.len(), 28);
    assert_eq!(found[0].0, "2024-05-01T08:00:00+00:00");
    assert_eq!(found[27].1, "2024-05-29T08:00:00+00:00");
    // Like PHP's strtotime, `to` counts from now, not from `from`: 05-02 00:00 → 05-03 08:00.
    let tomorrow = starts(
        json!({"resources": ["r1"], "from": "tomorrow", "to": "2 days", "length": "6 hours"}),
        &day,
    );
    assert_eq!(
        tomorrow,
        [
            "2024-05-02T00:00:00+00:00",
            "2024-05-02T06:00:00+00:00",
            "2024-05-02T12:00:00+00:00",
            "2024-05-02T18:00:00+00:00",
            "2024-05-03T00:00:00+00:00"
        ]
    );
}

#[test]
fn unknown_resources_are_reported_by_id() {
    let day = one_booking_day(vec![]);
    let result = compute(&json!({"resources": ["r1", "ghost"]}), now(), &day);
    assert_eq!(
        result,
        Err(AvailabilityError::UnknownResource("ghost".to_owned()))
    );
}

#[test]
fn bad_input_names_the_field() {
    let day = one_booking_day(vec![]);
    let cases = [
        (json!({"resources": ["r1"], "from": "whenever"}), "from"),
        (
            json!({"resources": ["r1"], "from": "2024-05-08T00:00:00Z", "to": "2024-05-07T00:00:00Z"}),
            "to",
        ),
        (json!({"resources": ["r1"], "to": "7 months"}), "to"),
        (json!({"resources": ["r1"], "length": "0 hours"}), "length"),
        (
            json!({"resources": ["r1"], "length": "-30 minutes"}),
            "length",
        ),
        (json!({"resources": ["r1"], "length": 30}), "length"),
        (json!({"resources": ["r1"], "buffer": "a while"}), "buffer"),
        (
            json!({"resources": ["r1"], "output_timezone": "Europe/Atlantis"}),
            "output_timezone",
        ),
        (
            json!({"resources": ["r1"], "constraints": [{"allow_moon_phase": {}}]}),
            "constraints.0.allow_moon_phase",
        ),
        (
            json!({"resources": ["r1"], "constraints": [{"allow_hours": {"start": "noon", "end": 17}}]}),
            "constraints.0.allow_hours.start",
        ),
        (json!({"resources": "r1"}), "resources"),
    ];
    for (body, field) in cases {
        assert_eq!(invalid_field(body.clone(), &day).0, field, "{body}");
    }
}

#[test]
fn bad_stored_data_is_a_422_not_a_panic() {
    let broken = input(vec![resource("r1", "Nowhere/Special", json!([]))], vec![]);
    assert_eq!(
        invalid_field(json!({"resources": ["r1"]}), &broken).0,
        "resources.0"
    );
    let broken = input(
        vec![resource("r1", "UTC", json!([{"allow_hours": {}}]))],
        vec![],
    );
    assert_eq!(
        invalid_field(json!({"resources": ["r1"]}), &broken).0,
        "resources.0.availability_constraints.0.allow_hours.start"
    );
}

#[test]
fn the_candidate_cap_is_named_in_the_error() {
    let day = one_booking_day(vec![]);
    let (field, message) = invalid_field(
        json!({"resources": ["r1"], "to": "6 months", "length": "1 minute"}),
        &day,
    );
    assert_eq!(field, "timeslot_increments");
    assert!(message.contains("100000"), "{message}");
}

#[test]
fn constraints_can_be_validated_up_front() {
    use timekit_emulator::availability::validate_constraint;
    let ok = json!({"block_day_and_time": {"day": "Friday", "start": "13:00", "end": 17}});
    assert_eq!(
        validate_constraint(&ok, "availability_constraints.0"),
        Ok(())
    );
    let bad = json!({"allow_hours": {"start": 9, "end": "late"}});
    assert_eq!(
        validate_constraint(&bad, "availability_constraints.1"),
        Err(AvailabilityError::Invalid {
            field: "availability_constraints.1.allow_hours.end".to_owned(),
            message: "\"late\" is not an hour; use a number 0–24 or \"HH:MM\"".to_owned(),
        })
    );
}
