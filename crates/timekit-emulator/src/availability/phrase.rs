//! Relative English time phrases, as Timekit (a PHP/Carbon service) accepts them for
//! `from`, `to`, `length`, `buffer` and `timeslot_increments`.
//!
//! Grammar (case-insensitive, whitespace separated):
//! - duration: one or more `<count> <unit>` terms, optionally joined by `and` or `,`
//!   (`"1 hour 30 minutes"`); `a`/`an` count as 1; units are seconds, minutes, hours, days,
//!   weeks (singular, plural and the short forms `sec`, `min`, `hr`).
//! - point in time: an RFC 3339 timestamp, a date (`2024-05-06`, midnight UTC), or an
//!   optional anchor (`now`, `today`, `tomorrow`, `yesterday`; midnight UTC for the last
//!   three) followed by signed terms that may also use `months` and `years`
//!   (`"3 days 2 hours"`, `"tomorrow +9 hours"`, `"-1 week"`). Relative terms count from `now`
//!   in UTC with calendar arithmetic, like PHP's `strtotime`.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, Zoned};

/// One unit of a relative term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "sec" | "secs" | "second" | "seconds" => Unit::Second,
            "min" | "mins" | "minute" | "minutes" => Unit::Minute,
            "hr" | "hrs" | "hour" | "hours" => Unit::Hour,
            "day" | "days" => Unit::Day,
            "week" | "weeks" => Unit::Week,
            "month" | "months" => Unit::Month,
            "year" | "years" => Unit::Year,
            _ => return None,
        })
    }

    /// Length in seconds for units that have a fixed one.
    fn fixed_seconds(self) -> Option<i64> {
        Some(match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3_600,
            Unit::Day => 86_400,
            Unit::Week => 604_800,
            Unit::Month | Unit::Year => return None,
        })
    }
}

/// Splits `"3 days, 2 hours and 5 minutes"` into `(count, unit)` terms.
fn terms(words: &[&str]) -> Result<Vec<(i64, Unit)>, String> {
    let words: Vec<&str> = words.iter().copied().filter(|w| *w != "and").collect();
    if words.len() % 2 != 0 {
        return Err("expected pairs of a number and a unit, e.g. \"3 days 2 hours\"".to_owned());
    }
    words
        .chunks(2)
        .map(|pair| {
            let (count, unit) = (pair[0], pair[1]);
            let count = match count {
                "a" | "an" => 1,
                number => number
                    .strip_prefix('+')
                    .unwrap_or(number)
                    .parse::<i64>()
                    .map_err(|_| format!("\"{number}\" is not a whole number"))?,
            };
            let unit = Unit::parse(unit).ok_or_else(|| format!("\"{unit}\" is not a time unit"))?;
            Ok((count, unit))
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(',', " ")
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Parses a duration phrase into seconds (may be zero or negative; callers decide).
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let words = words(text);
    let borrowed: Vec<&str> = words.iter().map(String::as_str).collect();
    if borrowed.is_empty() {
        return Err("is empty; expected a duration such as \"30 minutes\"".to_owned());
    }
    let mut total: i64 = 0;
    for (count, unit) in terms(&borrowed)? {
        let seconds = unit
            .fixed_seconds()
            .ok_or_else(|| "months and years have no fixed length; use days or weeks".to_owned())?;
        total = count
            .checked_mul(seconds)
            .and_then(|part| total.checked_add(part))
            .ok_or_else(|| "is too large".to_owned())?;
    }
    Ok(total)
}

/// Parses a point in time: RFC 3339, a date, or a relative phrase counted from `now`.
pub fn parse_instant(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    let trimmed = text.trim();
    if let Ok(timestamp) = trimmed.parse::<Timestamp>() {
        return Ok(timestamp);
    }
    if let Ok(date) = trimmed.parse::<Date>() {
        return date
            .to_zoned(TimeZone::UTC)
            .map(|zoned| zoned.timestamp())
            .map_err(|e| format!("date out of range: {e}"));
    }
    relative_instant(trimmed, now)
}

fn relative_instant(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    let words = words(text);
    let mut borrowed: Vec<&str> = words.iter().map(String::as_str).collect();
    if borrowed.is_empty() {
        return Err("is empty; expected a timestamp or a phrase such as \"tomorrow\"".to_owned());
    }
    let now = now.to_zoned(TimeZone::UTC);
    let midnight = |days: i64| -> Result<Zoned, String> {
        now.date()
            .checked_add(Span::new().days(days))
            .and_then(|date| date.to_zoned(TimeZone::UTC))
            .map_err(|e| format!("out of range: {e}"))
    };
    let mut at = match borrowed[0] {
        "now" => now.clone(),
        "today" | "midnight" => midnight(0)?,
        "tomorrow" => midnight(1)?,
        "yesterday" => midnight(-1)?,
        _ => {
            borrowed.insert(0, "now");
            now.clone()
        }
    };
    let terms = terms(&borrowed[1..]).map_err(|e| {
        format!("{e}; or give an RFC 3339 timestamp like \"2024-05-06T09:00:00+00:00\"")
    })?;
    for (count, unit) in terms {
        let span = match unit {
            Unit::Month => Span::new().try_months(count),
            Unit::Year => Span::new().try_years(count),
            fixed => {
                Span::new().try_seconds(count.saturating_mul(fixed.fixed_seconds().unwrap_or(1)))
            }
        }
        .map_err(|_| "is too large".to_owned())?;
        // Days and weeks move the calendar date (UTC has no DST, so this equals 24 h steps).
        at = at
            .checked_add(span)
            .map_err(|_| "is out of range".to_owned())?;
    }
    Ok(at.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2024-05-06T10:15:30Z".parse().unwrap()
    }

    fn at(text: &str) -> String {
        parse_instant(text, now()).unwrap().to_string()
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30 minutes"), Ok(1_800));
        assert_eq!(parse_duration("1 Hour"), Ok(3_600));
        assert_eq!(parse_duration("1 hour and 30 mins"), Ok(5_400));
        assert_eq!(parse_duration("2 days, 1 week"), Ok(9 * 86_400));
        assert_eq!(parse_duration("an hour"), Ok(3_600));
        assert_eq!(parse_duration("0 minutes"), Ok(0));
        assert_eq!(parse_duration("-15 minutes"), Ok(-900));
    }

    #[test]
    fn bad_durations_are_refused() {
        for text in [
            "",
            "soon",
            "30",
            "minutes",
            "3 fortnights",
            "1 month",
            "1.5 hours",
            "99999999999999999 weeks",
        ] {
            assert!(parse_duration(text).is_err(), "{text:?} accepted");
        }
    }

    #[test]
    fn instants() {
        assert_eq!(at("now"), "2024-05-06T10:15:30Z");
        assert_eq!(at("today"), "2024-05-06T00:00:00Z");
        assert_eq!(at("tomorrow"), "2024-05-07T00:00:00Z");
        assert_eq!(at("3 days"), "2024-05-09T10:15:30Z");
        assert_eq!(at("+3 days 2 hours"), "2024-05-09T12:15:30Z");
        assert_eq!(at("2 weeks"), "2024-05-20T10:15:30Z");
        assert_eq!(at("1 month"), "2024-06-06T10:15:30Z");
        assert_eq!(at("tomorrow 9 hours"), "2024-05-07T09:00:00Z");
        assert_eq!(at("-1 day"), "2024-05-05T10:15:30Z");
        assert_eq!(at("2024-05-06T09:00:00+02:00"), "2024-05-06T07:00:00Z");
        assert_eq!(at("2024-07-01"), "2024-07-01T00:00:00Z");
    }

    #[test]
    fn bad_instants_are_refused() {
        for text in [
            "",
            "next tuesday",
            "3 dayz",
            "tomorrow 3",
            "2024-13-01",
            "9999999999 years",
        ] {
            assert!(parse_instant(text, now()).is_err(), "{text:?} accepted");
        }
    }
}
