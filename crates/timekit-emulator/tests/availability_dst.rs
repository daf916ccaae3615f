//! DST-change days: constraints follow the resource's wall clock, days are 23 or 25 hours
//! long, and output offsets change with the zone's.
// Test helpers outside #[test] fns: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

mod availability_support;

use availability_support::*;
use serde_json::{Value, json};

/// Starts of hourly slots for one resource in `zone` between two local midnights, output in
/// the same zone.
fn local_day(zone: &str, from: &str, to: &str, constraints: Value) -> Vec<String> {
    let snapshot = input(vec![resource("r1", zone, constraints)], vec![]);
    starts(
        json!({"resources": ["r1"], "from": from, "to": to, "output_timezone": zone}),
        &snapshot,
    )
}

const OFFICE: fn() -> Value = || json!([{"allow_hours": {"start": 9, "end": 17}}]);

#[test]
fn copenhagen_spring_forward_keeps_local_office_hours() {
    // 2024-03-31 02:00 CET → 03:00 CEST.
    let found = local_day(
        "Europe/Copenhagen",
        "2024-03-30T00:00:00+01:00",
        "2024-04-01T00:00:00+02:00",
        OFFICE(),
    );
    let expected = [
        hours("2024-03-30", "+01:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
        hours("2024-03-31", "+02:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
    ]
    .concat();
    assert_eq!(found, expected);
}

#[test]
fn copenhagen_spring_forward_day_has_23_hours() {
    let found = local_day(
        "Europe/Copenhagen",
        "2024-03-31T00:00:00+01:00",
        "2024-04-01T00:00:00+02:00",
        json!([]),
    );
    let expected = [
        hours("2024-03-31", "+01:00", &[0, 1]),
        hours("2024-03-31", "+02:00", &(3..24).collect::<Vec<_>>()),
    ]
    .concat();
    assert_eq!(found, expected);
    assert_eq!(found.len(), 23);
}

#[test]
fn copenhagen_fall_back_day_has_25_hours_and_02_twice() {
    // 2024-10-27 03:00 CEST → 02:00 CET.
    let found = local_day(
        "Europe/Copenhagen",
        "2024-10-27T00:00:00+02:00",
        "2024-10-28T00:00:00+01:00",
        json!([]),
    );
    let expected = [
        hours("2024-10-27", "+02:00", &[0, 1, 2]),
        hours("2024-10-27", "+01:00", &(2..24).collect::<Vec<_>>()),
    ]
    .concat();
    assert_eq!(found, expected);
    assert_eq!(found.len(), 25);
}

#[test]
fn copenhagen_fall_back_keeps_local_office_hours() {
    let found = local_day(
        "Europe/Copenhagen",
        "2024-10-26T00:00:00+02:00",
        "2024-10-28T00:00:00+01:00",
        OFFICE(),
    );
    let expected = [
        hours("2024-10-26", "+02:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
        hours("2024-10-27", "+01:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
    ]
    .concat();
    assert_eq!(found, expected);
}

#[test]
fn new_york_spring_forward_keeps_local_office_hours() {
    // 2024-03-10 02:00 EST → 03:00 EDT.
    let found = local_day(
        "America/New_York",
        "2024-03-09T00:00:00-05:00",
        "2024-03-11T00:00:00-04:00",
        OFFICE(),
    );
    let expected = [
        hours("2024-03-09", "-05:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
        hours("2024-03-10", "-04:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
    ]
    .concat();
    assert_eq!(found, expected);
}

#[test]
fn new_york_fall_back_keeps_local_office_hours() {
    // 2024-11-03 02:00 EDT → 01:00 EST.
    let found = local_day(
        "America/New_York",
        "2024-11-02T00:00:00-04:00",
        "2024-11-04T00:00:00-05:00",
        OFFICE(),
    );
    let expected = [
        hours("2024-11-02", "-04:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
        hours("2024-11-03", "-05:00", &[9, 10, 11, 12, 13, 14, 15, 16]),
    ]
    .concat();
    assert_eq!(found, expected);
}

#[test]
fn new_york_night_window_across_the_changes() {
    let night = || json!([{"allow_day_and_time": {"day": "Sunday", "start": 1, "end": 4}}]);
    // Fall back: 01:00–04:00 local lasts four hours; 01:00 happens twice.
    let found = local_day(
        "America/New_York",
        "2024-11-03T00:00:00-04:00",
        "2024-11-04T00:00:00-05:00",
        night(),
    );
    assert_eq!(
        found,
        [
            "2024-11-03T01:00:00-04:00",
            "2024-11-03T01:00:00-05:00",
            "2024-11-03T02:00:00-05:00",
            "2024-11-03T03:00:00-05:00"
        ]
    );
    // Spring forward: 02:00–03:00 does not exist, so the window lasts two hours.
    let found = local_day(
        "America/New_York",
        "2024-03-10T00:00:00-05:00",
        "2024-03-11T00:00:00-04:00",
        night(),
    );
    assert_eq!(
        found,
        ["2024-03-10T01:00:00-05:00", "2024-03-10T03:00:00-04:00"]
    );
}

#[test]
fn two_zones_each_follow_their_own_change() {
    // Between 2024-03-10 (US change) and 2024-03-31 (EU change) the gap between Copenhagen and
    // New York is 5 hours instead of 6: the mutual overlap of 09–17 office hours widens.
    let snapshot = input(
        vec![
            resource("cph", "Europe/Copenhagen", OFFICE()),
            resource("nyc", "America/New_York", OFFICE()),
        ],
        vec![],
    );
    let overlap = |day: &str| {
        starts(
            json!({"mode": "mutual", "resources": ["cph", "nyc"], "from": format!("{day}T00:00:00Z"),
                "to": format!("{day}T23:59:00Z")}),
            &snapshot,
        )
    };
    // Before both changes: CPH 08–16Z, NYC 14–22Z → 14, 15.
    assert_eq!(
        overlap("2024-03-08"),
        hours("2024-03-08", "+00:00", &[14, 15])
    );
    // Between them: CPH 08–16Z, NYC 13–21Z → 13, 14, 15.
    assert_eq!(
        overlap("2024-03-20"),
        hours("2024-03-20", "+00:00", &[13, 14, 15])
    );
    // After both: CPH 07–15Z, NYC 13–21Z → 13, 14.
    assert_eq!(
        overlap("2024-04-03"),
        hours("2024-04-03", "+00:00", &[13, 14])
    );
}
