//! Parsing availability constraints (`{"<type>": {<params>}}`, `timekit-api.md` §6.4) into
//! rules the engine can evaluate, with 422 errors that name the offending field.

use super::AvailabilityError;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Weekday};
use serde_json::{Map, Value};

/// Seconds in a civil day; an hour value of `24` means the end of the day.
pub const SECONDS_PER_CIVIL_DAY: i64 = 86_400;

/// Whether a rule opens or closes time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// An `allow_*` rule: once any exists, only allowed time is available.
    Allow,
    /// A `block_*` rule: its time is never available.
    Block,
}

/// A time of day as seconds after local midnight, `0..=86_400`.
pub type SecondOfDay = i64;

/// One end of a period: an absolute instant, or a civil time read in the resource's zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PeriodEnd {
    /// A timestamp with an offset.
    Instant(Timestamp),
    /// A date (midnight) or a date-time without offset.
    Civil(DateTime),
}

/// Which time a rule covers.
#[derive(Debug, Clone, PartialEq)]
pub enum Window {
    /// `*_day_and_time`: from `start` to `end` on one weekday (past midnight if end < start).
    DayAndTime {
        /// The weekday the window starts on.
        day: Weekday,
        /// Local start.
        start: SecondOfDay,
        /// Local end.
        end: SecondOfDay,
    },
    /// `*_hours`: from `start` to `end` every day (past midnight if end < start).
    Hours {
        /// Local start.
        start: SecondOfDay,
        /// Local end.
        end: SecondOfDay,
    },
    /// `*_day`: one whole weekday.
    Day(Weekday),
    /// `*_weekdays`: Monday to Friday.
    Weekdays,
    /// `*_weekends`: Saturday and Sunday.
    Weekends,
    /// `*_period`: from `start` (inclusive) to `end` (exclusive).
    Period {
        /// Start of the period.
        start: PeriodEnd,
        /// End of the period.
        end: PeriodEnd,
    },
}

/// A parsed constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Allow or block.
    pub effect: Effect,
    /// The time it covers.
    pub window: Window,
}

/// The twelve documented type names, for error messages.
const KNOWN_TYPES: &str = "allow_day_and_time, block_day_and_time, allow_hours, block_hours, \
     allow_day, block_day, allow_period, block_period, allow_weekdays, block_weekdays, \
     allow_weekends, block_weekends";

fn invalid(field: impl Into<String>, message: impl Into<String>) -> AvailabilityError {
    AvailabilityError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Parses one constraint; `field` is its path in the request (`constraints.2`), used to
/// name the exact parameter in errors (`constraints.2.allow_hours.start`).
pub fn parse_rule(value: &Value, field: &str) -> Result<Rule, AvailabilityError> {
    let Some(object) = value.as_object() else {
        return Err(invalid(
            field,
            "must be an object such as {\"allow_hours\": {\"start\": 9, \"end\": 17}}",
        ));
    };
    let mut entries = object.iter();
    let (Some((kind, params)), None) = (entries.next(), entries.next()) else {
        return Err(invalid(
            field,
            format!("must have exactly one key, the constraint type ({KNOWN_TYPES})"),
        ));
    };
    // `specific_day_and_time` is the old name of `allow_day_and_time` (help centre,
    // "introduction to the availability endpoint").
    let canonical = match kind.as_str() {
        "specific_day_and_time" => "allow_day_and_time",
        other => other,
    };
    let (effect, shape) = match canonical.split_once('_') {
        Some(("allow", shape)) => (Effect::Allow, shape),
        Some(("block", shape)) => (Effect::Block, shape),
        _ => return Err(unknown_type(&format!("{field}.{kind}"), kind)),
    };
    let field = format!("{field}.{kind}");
    let params = params_object(params, &field)?;
    let window = match shape {
        "day_and_time" => Window::DayAndTime {
            day: weekday(params, &field)?,
            start: hour(params, &field, "start")?,
            end: hour(params, &field, "end")?,
        },
        "hours" => Window::Hours {
            start: hour(params, &field, "start")?,
            end: hour(params, &field, "end")?,
        },
        "day" => Window::Day(weekday(params, &field)?),
        "weekdays" => Window::Weekdays,
        "weekends" => Window::Weekends,
        "period" => Window::Period {
            start: period_end(params, &field, "start")?,
            end: period_end(params, &field, "end")?,
        },
        _ => return Err(unknown_type(&field, kind)),
    };
    Ok(Rule { effect, window })
}

fn unknown_type(field: &str, kind: &str) -> AvailabilityError {
    invalid(
        field,
        format!("unknown constraint type \"{kind}\"; expected one of {KNOWN_TYPES}"),
    )
}

/// Parameters are an object; PHP clients send `[]` (an empty PHP array) or `null` for none.
fn params_object<'a>(
    params: &'a Value,
    field: &str,
) -> Result<Option<&'a Map<String, Value>>, AvailabilityError> {
    match params {
        Value::Object(map) => Ok(Some(map)),
        Value::Null => Ok(None),
        Value::Array(items) if items.is_empty() => Ok(None),
        _ => Err(invalid(field, "parameters must be an object")),
    }
}

fn param<'a>(
    params: Option<&'a Map<String, Value>>,
    field: &str,
    name: &str,
) -> Result<&'a Value, AvailabilityError> {
    params
        .and_then(|map| map.get(name))
        .filter(|value| !value.is_null())
        .ok_or_else(|| invalid(format!("{field}.{name}"), "is required"))
}

fn weekday(params: Option<&Map<String, Value>>, field: &str) -> Result<Weekday, AvailabilityError> {
    let value = param(params, field, "day")?;
    let name = value.as_str().unwrap_or_default().trim().to_lowercase();
    let day = match name.as_str() {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" => Weekday::Tuesday,
        "wednesday" | "wed" => Weekday::Wednesday,
        "thursday" | "thu" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => {
            return Err(invalid(
                format!("{field}.day"),
                format!("{value} is not a day name (Monday … Sunday)"),
            ));
        }
    };
    Ok(day)
}

/// An hour: a number `0..=24` (fractions allowed) or `"H"`, `"HH:MM"`, `"HH:MM:SS"`.
fn hour(
    params: Option<&Map<String, Value>>,
    field: &str,
    name: &str,
) -> Result<SecondOfDay, AvailabilityError> {
    let value = param(params, field, name)?;
    let seconds = match value {
        Value::Number(number) => number
            .as_f64()
            .filter(|hours| (0.0..=24.0).contains(hours))
            // Bounded by the filter above, so the cast cannot overflow.
            .map(|hours| (hours * 3_600.0).round() as i64),
        Value::String(text) => clock_time(text),
        _ => None,
    };
    seconds.ok_or_else(|| {
        invalid(
            format!("{field}.{name}"),
            format!("{value} is not an hour; use a number 0–24 or \"HH:MM\""),
        )
    })
}

fn clock_time(text: &str) -> Option<SecondOfDay> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut numbers = [0i64; 3];
    for (slot, part) in numbers.iter_mut().zip(&parts) {
        if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    let [hours, minutes, seconds] = numbers;
    let total = hours * 3_600 + minutes * 60 + seconds;
    (minutes < 60 && seconds < 60 && total <= SECONDS_PER_CIVIL_DAY).then_some(total)
}

fn period_end(
    params: Option<&Map<String, Value>>,
    field: &str,
    name: &str,
) -> Result<PeriodEnd, AvailabilityError> {
    let value = param(params, field, name)?;
    let text = value.as_str().map(str::trim).unwrap_or_default();
    if let Ok(instant) = text.parse::<Timestamp>() {
        return Ok(PeriodEnd::Instant(instant));
    }
    if let Ok(civil) = text.parse::<DateTime>() {
        return Ok(PeriodEnd::Civil(civil));
    }
    if let Ok(date) = text.parse::<Date>() {
        return Ok(PeriodEnd::Civil(
            date.to_datetime(jiff::civil::Time::midnight()),
        ));
    }
    Err(invalid(
        format!("{field}.{name}"),
        format!("{value} is not a date (2024-05-06) or an RFC 3339 timestamp"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(value: Value) -> Rule {
        parse_rule(&value, "constraints.0").unwrap()
    }

    fn error_field(value: Value) -> String {
        match parse_rule(&value, "constraints.0") {
            Err(AvailabilityError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn all_twelve_types_parse() {
        let cases = [
            (
                "allow_day_and_time",
                json!({"day": "Monday", "start": 9, "end": "12:30"}),
            ),
            (
                "block_day_and_time",
                json!({"day": "fri", "start": "13", "end": 17}),
            ),
            ("allow_hours", json!({"start": 9, "end": 17})),
            ("block_hours", json!({"start": 12.5, "end": "13:00:00"})),
            ("allow_day", json!({"day": "Tuesday"})),
            ("block_day", json!({"day": "SUNDAY"})),
            (
                "allow_period",
                json!({"start": "2024-05-06", "end": "2024-05-10T12:00:00"}),
            ),
            (
                "block_period",
                json!({"start": "2024-05-06T10:00:00+02:00", "end": "2024-05-06T12:00:00Z"}),
            ),
            ("allow_weekdays", json!({})),
            ("block_weekdays", json!([])),
            ("allow_weekends", json!(null)),
            ("block_weekends", json!({})),
        ];
        for (kind, params) in cases {
            let parsed = rule(json!({ kind: params }));
            let expected = if kind.starts_with("allow") {
                Effect::Allow
            } else {
                Effect::Block
            };
            assert_eq!(parsed.effect, expected, "{kind}");
        }
        assert_eq!(
            rule(json!({"allow_day_and_time": {"day": "Monday", "start": 9, "end": "12:30"}}))
                .window,
            Window::DayAndTime {
                day: Weekday::Monday,
                start: 32_400,
                end: 45_000
            }
        );
        assert_eq!(
            rule(json!({"block_hours": {"start": 12.5, "end": "24:00"}})).window,
            Window::Hours {
                start: 45_000,
                end: 86_400
            }
        );
        assert_eq!(
            rule(json!({"allow_period": {"start": "2024-05-06", "end": "2024-05-06T12:00:00Z"}}))
                .window,
            Window::Period {
                start: PeriodEnd::Civil("2024-05-06T00:00:00".parse().unwrap()),
                end: PeriodEnd::Instant("2024-05-06T12:00:00Z".parse().unwrap()),
            }
        );
    }

    #[test]
    fn errors_name_the_exact_field() {
        assert_eq!(
            error_field(json!({"allow_event": {}})),
            "constraints.0.allow_event"
        );
        assert_eq!(
            error_field(json!({"specific_day_and_time": {}})),
            "constraints.0.specific_day_and_time.day"
        );
        assert_eq!(
            error_field(json!({"specific_hours": {}})),
            "constraints.0.specific_hours"
        );
        assert_eq!(
            error_field(json!({"allow_hours": {"start": 9}})),
            "constraints.0.allow_hours.end"
        );
        assert_eq!(
            error_field(json!({"allow_hours": {"start": 25, "end": 3}})),
            "constraints.0.allow_hours.start"
        );
        assert_eq!(
            error_field(json!({"block_hours": {"start": "9:75", "end": 3}})),
            "constraints.0.block_hours.start"
        );
        assert_eq!(
            error_field(json!({"allow_day": {"day": "Funday"}})),
            "constraints.0.allow_day.day"
        );
        assert_eq!(
            error_field(json!({"allow_period": {"start": "soon", "end": "2024-01-01"}})),
            "constraints.0.allow_period.start"
        );
        assert_eq!(
            error_field(json!({"allow_hours": 9})),
            "constraints.0.allow_hours"
        );
        assert_eq!(
            error_field(
                json!({"allow_hours": {"start": 9, "end": 10}, "block_day": {"day": "Monday"}})
            ),
            "constraints.0"
        );
        assert_eq!(error_field(json!("allow_weekends")), "constraints.0");
    }
}
