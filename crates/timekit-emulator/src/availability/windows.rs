//! Evaluating constraint rules into allowed and blocked time for one resource.
//!
//! Day-based rules are evaluated on the resource's local calendar: every boundary is a civil
//! date and time converted to an instant in the resource's time zone, so days of 23 or 25
//! hours (DST changes) get the right local hours. A local time that does not exist (inside a
//! spring-forward gap) moves forward by the gap, a repeated one (fall-back) takes the first
//! occurrence — jiff's "compatible" disambiguation, the same as RFC 5545 and most calendars.

use super::constraint::{Effect, PeriodEnd, Rule, SECONDS_PER_CIVIL_DAY, SecondOfDay, Window};
use super::interval::{Interval, ceil_second, clip, floor_second, normalize};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// The allowed and blocked sets of one resource inside `range`, both normalized.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSets {
    /// Time the allow rules open (all of `range` when there is no allow rule).
    pub allowed: Vec<Interval>,
    /// Time the block rules close.
    pub blocked: Vec<Interval>,
}

/// Applies `rules` in `tz` over `range`.
pub fn evaluate(rules: &[Rule], tz: &TimeZone, range: Interval) -> RuleSets {
    let days = local_days(tz, range);
    let mut allowed = Vec::new();
    let mut blocked = Vec::new();
    let mut any_allow = false;
    for rule in rules {
        let target = match rule.effect {
            Effect::Allow => {
                any_allow = true;
                &mut allowed
            }
            Effect::Block => &mut blocked,
        };
        window_intervals(&rule.window, tz, &days, target);
    }
    let allowed = if any_allow {
        clip(&normalize(allowed), range)
    } else {
        vec![range]
    };
    RuleSets {
        allowed,
        blocked: clip(&normalize(blocked), range),
    }
}

/// The local dates that can hold a window touching `range`: one day before the first (for
/// windows that run past midnight) through the last.
fn local_days(tz: &TimeZone, range: Interval) -> Vec<Date> {
    let date_at = |second: i64| {
        Timestamp::from_second(second)
            .ok()
            .map(|ts| ts.to_zoned(tz.clone()).date())
    };
    let (Some(first), Some(last)) = (date_at(range.start), date_at(range.end)) else {
        return Vec::new();
    };
    let mut days = Vec::new();
    let mut day = first.yesterday().unwrap_or(first);
    while day <= last {
        days.push(day);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    days
}

/// The instant of `second_of_day` on local `date` in `tz` (`86_400` is the next midnight).
fn local_instant(tz: &TimeZone, date: Date, second_of_day: SecondOfDay) -> Option<i64> {
    let (date, second_of_day) = if second_of_day >= SECONDS_PER_CIVIL_DAY {
        (date.tomorrow().ok()?, second_of_day - SECONDS_PER_CIVIL_DAY)
    } else {
        (date, second_of_day)
    };
    let civil = date
        .to_datetime(jiff::civil::Time::midnight())
        .checked_add(second_of_day.seconds())
        .ok()?;
    tz.to_timestamp(civil).ok().map(floor_second)
}

/// `[start, end)` of local time on `date`; an end at or before the start runs into the next
/// day (e.g. `block_hours` 22 → 6 covers the night), an end equal to the start is empty.
fn daily_window(
    tz: &TimeZone,
    date: Date,
    start: SecondOfDay,
    end: SecondOfDay,
) -> Option<Interval> {
    if start == end {
        return None;
    }
    let end_date = if end < start {
        date.tomorrow().ok()?
    } else {
        date
    };
    Some(Interval::new(
        local_instant(tz, date, start)?,
        local_instant(tz, end_date, end)?,
    ))
}

fn is_weekend(day: Weekday) -> bool {
    matches!(day, Weekday::Saturday | Weekday::Sunday)
}

fn window_intervals(window: &Window, tz: &TimeZone, days: &[Date], out: &mut Vec<Interval>) {
    let whole_day = |date: Date| daily_window(tz, date, 0, SECONDS_PER_CIVIL_DAY);
    match window {
        Window::DayAndTime { day, start, end } => out.extend(
            days.iter()
                .filter(|date| date.weekday() == *day)
                .filter_map(|date| daily_window(tz, *date, *start, *end)),
        ),
        Window::Hours { start, end } => out.extend(
            days.iter()
                .filter_map(|date| daily_window(tz, *date, *start, *end)),
        ),
        Window::Day(day) => out.extend(
            days.iter()
                .filter(|date| date.weekday() == *day)
                .filter_map(|d| whole_day(*d)),
        ),
        Window::Weekdays => out.extend(
            days.iter()
                .filter(|d| !is_weekend(d.weekday()))
                .filter_map(|d| whole_day(*d)),
        ),
        Window::Weekends => out.extend(
            days.iter()
                .filter(|d| is_weekend(d.weekday()))
                .filter_map(|d| whole_day(*d)),
        ),
        Window::Period { start, end } => {
            let resolve = |end: &PeriodEnd, round: fn(Timestamp) -> i64| match end {
                PeriodEnd::Instant(ts) => Some(round(*ts)),
                PeriodEnd::Civil(civil) => tz.to_timestamp(*civil).ok().map(round),
            };
            if let (Some(start), Some(end)) =
                (resolve(start, floor_second), resolve(end, ceil_second))
            {
                out.push(Interval::new(start, end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::constraint::parse_rule;
    use serde_json::json;

    fn second(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_second()
    }

    fn range(from: &str, to: &str) -> Interval {
        Interval::new(second(from), second(to))
    }

    fn rules(values: serde_json::Value) -> Vec<Rule> {
        values
            .as_array()
            .unwrap()
            .iter()
            .map(|v| parse_rule(v, "constraints.0").unwrap())
            .collect()
    }

    #[test]
    fn no_rules_allow_everything_and_block_nothing() {
        let window = range("2024-05-06T00:00:00Z", "2024-05-07T00:00:00Z");
        let sets = evaluate(&[], &TimeZone::UTC, window);
        assert_eq!(
            sets,
            RuleSets {
                allowed: vec![window],
                blocked: vec![]
            }
        );
    }

    #[test]
    fn allow_hours_follow_local_time_across_spring_forward_in_copenhagen() {
        // 2024-03-31: Copenhagen goes from UTC+1 to UTC+2 at 02:00 local.
        let tz = TimeZone::get("Europe/Copenhagen").unwrap();
        let sets = evaluate(
            &rules(json!([{"allow_hours": {"start": 9, "end": 17}}])),
            &tz,
            range("2024-03-30T00:00:00Z", "2024-04-01T00:00:00Z"),
        );
        assert_eq!(
            sets.allowed,
            vec![
                range("2024-03-30T08:00:00Z", "2024-03-30T16:00:00Z"),
                range("2024-03-31T07:00:00Z", "2024-03-31T15:00:00Z"),
            ]
        );
    }

    #[test]
    fn a_whole_day_in_new_york_fall_back_lasts_25_hours() {
        // 2024-11-03: New York goes from UTC-4 to UTC-5 at 02:00 local.
        let tz = TimeZone::get("America/New_York").unwrap();
        let sets = evaluate(
            &rules(json!([{"block_day": {"day": "Sunday"}}])),
            &tz,
            range("2024-11-01T00:00:00Z", "2024-11-06T00:00:00Z"),
        );
        assert_eq!(
            sets.blocked,
            vec![range("2024-11-03T04:00:00Z", "2024-11-04T05:00:00Z")]
        );
        assert_eq!(sets.blocked[0].end - sets.blocked[0].start, 25 * 3_600);
    }

    #[test]
    fn overnight_hours_wrap_past_midnight() {
        let sets = evaluate(
            &rules(json!([{"block_hours": {"start": 22, "end": 6}}])),
            &TimeZone::UTC,
            range("2024-05-06T00:00:00Z", "2024-05-08T00:00:00Z"),
        );
        assert_eq!(
            sets.blocked,
            vec![
                range("2024-05-06T00:00:00Z", "2024-05-06T06:00:00Z"),
                range("2024-05-06T22:00:00Z", "2024-05-07T06:00:00Z"),
                range("2024-05-07T22:00:00Z", "2024-05-08T00:00:00Z"),
            ]
        );
    }

    #[test]
    fn allows_are_united_and_periods_use_the_resource_zone_for_dates() {
        let tz = TimeZone::get("Europe/Copenhagen").unwrap();
        let sets = evaluate(
            &rules(json!([
                {"allow_day_and_time": {"day": "Monday", "start": 9, "end": 12}},
                {"allow_period": {"start": "2024-05-08", "end": "2024-05-09"}},
                {"block_period": {"start": "2024-05-06T10:00:00Z", "end": "2024-05-06T10:30:00Z"}},
            ])),
            &tz,
            range("2024-05-05T00:00:00Z", "2024-05-12T00:00:00Z"),
        );
        assert_eq!(
            sets.allowed,
            vec![
                range("2024-05-06T07:00:00Z", "2024-05-06T10:00:00Z"),
                range("2024-05-07T22:00:00Z", "2024-05-08T22:00:00Z"),
            ]
        );
        assert_eq!(
            sets.blocked,
            vec![range("2024-05-06T10:00:00Z", "2024-05-06T10:30:00Z")]
        );
    }

    #[test]
    fn weekdays_and_weekends_split_the_week() {
        let window = range("2024-05-06T00:00:00Z", "2024-05-13T00:00:00Z"); // Mon..Mon
        let weekdays = evaluate(
            &rules(json!([{"allow_weekdays": {}}])),
            &TimeZone::UTC,
            window,
        );
        let weekends = evaluate(
            &rules(json!([{"block_weekends": {}}])),
            &TimeZone::UTC,
            window,
        );
        assert_eq!(
            weekdays.allowed,
            vec![range("2024-05-06T00:00:00Z", "2024-05-11T00:00:00Z")]
        );
        assert_eq!(
            weekends.blocked,
            vec![range("2024-05-11T00:00:00Z", "2024-05-13T00:00:00Z")]
        );
    }
}
