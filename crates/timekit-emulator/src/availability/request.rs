//! Reading and validating a `POST /availability` body into a [`Query`].
//!
//! Every problem is a 422 [`AvailabilityError::Invalid`] naming the field. Optional fields
//! that are `null` count as absent, except `length: null` (Timekit's "variable-length slots",
//! which the emulator does not offer — refused rather than silently answered differently).

use super::AvailabilityError;
use super::constraint::{Rule, parse_rule};
use super::interval::{ceil_second, floor_second};
use super::phrase::{parse_duration, parse_instant};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use serde_json::{Map, Value};

/// How the slots of several resources are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One slot per time when all resources are free, listing all of them.
    Mutual,
    /// One slot per time listing every resource free then.
    Exclusive,
    /// One slot per time with the first free resource in a shuffled (seeded) order.
    RoundrobinRandom,
    /// One slot per time with the first free resource in the given order.
    RoundrobinPrioritized,
}

/// The longest `length`, `buffer` or `timeslot_increments` accepted (366 days): longer
/// values cannot produce a slot inside the 6-month window anyway.
pub const MAX_DURATION_SECONDS: i64 = 366 * 86_400;

/// A validated availability query.
#[derive(Debug, Clone)]
pub struct Query {
    /// Combination mode (default `roundrobin_random`, booking.js's default).
    pub mode: Mode,
    /// Requested resource ids, without duplicates, in the given order.
    pub resource_ids: Vec<String>,
    /// Window start, Unix seconds.
    pub from: i64,
    /// Window end, Unix seconds.
    pub to: i64,
    /// Slot length in seconds (> 0); unused with `variable_length`.
    pub length: i64,
    /// `length: null`: every free stretch of the window is one slot, however long.
    pub variable_length: bool,
    /// Padding around blocking bookings in seconds (≥ 0).
    pub buffer: i64,
    /// Step between slot starts in seconds (> 0).
    pub increment: i64,
    /// Anchor the slot grid on a whole hour of the output time zone.
    pub round_to_nearest_hour: bool,
    /// Zone of the returned timestamps.
    pub output_timezone: TimeZone,
    /// Constraints of the request (added to each resource's own).
    pub constraints: Vec<Rule>,
    /// When true, bookings do not block.
    pub allow_double_bookings: bool,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> AvailabilityError {
    AvailabilityError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// A field's value, `None` when absent or `null`.
fn field<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    body.get(name).filter(|value| !value.is_null())
}

fn string_field<'a>(
    body: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, AvailabilityError> {
    match field(body, name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(invalid(name, format!("must be a string, got {other}"))),
    }
}

/// Booleans as Laravel's `boolean` rule accepts them: `true`, `false`, `1`, `0`, `"1"`, `"0"`,
/// plus `"true"`/`"false"`.
fn bool_field(body: &Map<String, Value>, name: &str) -> Result<bool, AvailabilityError> {
    match field(body, name) {
        None => Ok(false),
        Some(Value::Bool(flag)) => Ok(*flag),
        Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(false),
        Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(true),
        Some(Value::String(text)) if matches!(text.as_str(), "0" | "false") => Ok(false),
        Some(Value::String(text)) if matches!(text.as_str(), "1" | "true") => Ok(true),
        Some(other) => Err(invalid(name, format!("must be true or false, got {other}"))),
    }
}

fn duration_field(body: &Map<String, Value>, name: &str) -> Result<Option<i64>, AvailabilityError> {
    let Some(text) = string_field(body, name)? else {
        return Ok(None);
    };
    let seconds = parse_duration(text).map_err(|e| invalid(name, format!("\"{text}\" {e}")))?;
    if seconds > MAX_DURATION_SECONDS {
        return Err(invalid(name, format!("\"{text}\" is longer than 366 days")));
    }
    Ok(Some(seconds))
}

fn positive(name: &str, seconds: i64) -> Result<i64, AvailabilityError> {
    if seconds <= 0 {
        return Err(invalid(name, "must be longer than zero"));
    }
    Ok(seconds)
}

fn mode_field(body: &Map<String, Value>) -> Result<Mode, AvailabilityError> {
    Ok(match string_field(body, "mode")? {
        None | Some("roundrobin_random") => Mode::RoundrobinRandom,
        Some("roundrobin_prioritized") => Mode::RoundrobinPrioritized,
        Some("mutual") => Mode::Mutual,
        Some("exclusive") => Mode::Exclusive,
        Some(other) => {
            return Err(invalid(
                "mode",
                format!(
                    "\"{other}\" is not one of mutual, exclusive, roundrobin_random, roundrobin_prioritized"
                ),
            ));
        }
    })
}

fn resources_field(body: &Map<String, Value>) -> Result<Vec<String>, AvailabilityError> {
    let items = match field(body, "resources") {
        // Timekit takes them from the project; the emulator has no projects (fidelity row 9).
        None if field(body, "project_id").is_some() => {
            return Err(invalid(
                "resources",
                "is required: the emulator has no projects, so project_id cannot supply them",
            ));
        }
        None => return Err(invalid("resources", "is required")),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(invalid(
                "resources",
                format!("must be an array of resource ids, got {other}"),
            ));
        }
    };
    if items.is_empty() {
        return Err(invalid(
            "resources",
            "must contain at least one resource id",
        ));
    }
    let mut ids: Vec<String> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Some(id) = item.as_str() else {
            return Err(invalid(
                format!("resources.{index}"),
                format!("must be a resource id string, got {item}"),
            ));
        };
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_owned());
        }
    }
    Ok(ids)
}

fn instant_field(
    body: &Map<String, Value>,
    name: &str,
    now: Timestamp,
) -> Result<Option<Timestamp>, AvailabilityError> {
    let Some(text) = string_field(body, name)? else {
        return Ok(None);
    };
    parse_instant(text, now)
        .map(Some)
        .map_err(|e| invalid(name, format!("\"{text}\" {e}")))
}

/// `from`/`to`: defaults `now` and `from + 4 weeks`; `to` not before `from` and at most six
/// calendar months after it.
fn window(body: &Map<String, Value>, now: Timestamp) -> Result<(i64, i64), AvailabilityError> {
    let from = instant_field(body, "from", now)?.unwrap_or(now);
    let to = match instant_field(body, "to", now)? {
        Some(to) => to,
        None => from
            .checked_add(Span::new().hours(28 * 24))
            .map_err(|_| invalid("from", "is out of range"))?,
    };
    if to < from {
        return Err(invalid(
            "to",
            format!("must not be before from ({from} > {to})"),
        ));
    }
    let limit = from
        .to_zoned(TimeZone::UTC)
        .checked_add(Span::new().months(6))
        .map_err(|_| invalid("from", "is out of range"))?;
    if to > limit.timestamp() {
        return Err(invalid(
            "to",
            format!(
                "must be at most 6 months after from (latest {})",
                limit.timestamp()
            ),
        ));
    }
    Ok((ceil_second(from), floor_second(to)))
}

fn timezone_field(body: &Map<String, Value>) -> Result<TimeZone, AvailabilityError> {
    match string_field(body, "output_timezone")? {
        None => Ok(TimeZone::UTC),
        Some(name) => TimeZone::get(name).map_err(|_| {
            invalid(
                "output_timezone",
                format!("\"{name}\" is not a known IANA time zone"),
            )
        }),
    }
}

fn constraints_field(body: &Map<String, Value>) -> Result<Vec<Rule>, AvailabilityError> {
    match field(body, "constraints") {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| parse_rule(item, &format!("constraints.{index}")))
            .collect(),
        Some(other) => Err(invalid(
            "constraints",
            format!("must be an array of constraint objects, got {other}"),
        )),
    }
}

/// Validates `body` (fields in a fixed order, the first problem wins).
pub fn parse_query(body: &Value, now: Timestamp) -> Result<Query, AvailabilityError> {
    let Some(body) = body.as_object() else {
        return Err(invalid("body", "must be a JSON object"));
    };
    let mode = mode_field(body)?;
    let resource_ids = resources_field(body)?;
    let (from, to) = window(body, now)?;
    // `length: null` asks for variable-length slots: each free stretch is one slot.
    let variable_length = body.get("length").is_some_and(Value::is_null);
    let length = positive("length", duration_field(body, "length")?.unwrap_or(3_600))?;
    let buffer = duration_field(body, "buffer")?.unwrap_or(0);
    if buffer < 0 {
        return Err(invalid("buffer", "must not be negative"));
    }
    let increment = positive(
        "timeslot_increments",
        duration_field(body, "timeslot_increments")?.unwrap_or(length),
    )?;
    let round_to_nearest_hour = bool_field(body, "round_to_nearest_hour")?;
    let output_timezone = timezone_field(body)?;
    let constraints = constraints_field(body)?;
    let allow_double_bookings = bool_field(body, "allow_double_bookings")?;
    // Accepted for compatibility; the emulator has no calendar events or projects.
    bool_field(body, "ignore_all_day_events")?;
    string_field(body, "project_id")?;
    Ok(Query {
        mode,
        resource_ids,
        from,
        to,
        length,
        variable_length,
        buffer,
        increment,
        round_to_nearest_hour,
        output_timezone,
        constraints,
        allow_double_bookings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> Timestamp {
        "2024-05-06T10:15:30.5Z".parse().unwrap()
    }

    fn error_field(body: Value) -> String {
        match parse_query(&body, now()) {
            Err(AvailabilityError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid for {body}, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let query = parse_query(&json!({"resources": ["a", "b", "a"]}), now()).unwrap();
        assert_eq!(query.mode, Mode::RoundrobinRandom);
        assert_eq!(query.resource_ids, vec!["a", "b"]);
        assert_eq!(query.from, now().as_second() + 1);
        assert_eq!(query.to - query.from, 28 * 86_400 - 1);
        assert_eq!(
            (query.length, query.buffer, query.increment),
            (3_600, 0, 3_600)
        );
        assert!(!query.round_to_nearest_hour && !query.allow_double_bookings);
        assert_eq!(query.output_timezone, TimeZone::UTC);
    }

    #[test]
    fn explicit_values() {
        let query = parse_query(
            &json!({"mode": "mutual", "resources": ["a"], "from": "tomorrow", "to": "3 days",
                "length": "30 minutes", "buffer": "15 minutes", "timeslot_increments": "10 minutes",
                "round_to_nearest_hour": "1", "output_timezone": "Europe/Copenhagen",
                "constraints": [{"block_weekends": {}}], "allow_double_bookings": true,
                "ignore_all_day_events": 0, "project_id": "p"}),
            now(),
        )
        .unwrap();
        assert_eq!(query.mode, Mode::Mutual);
        assert_eq!(
            query.from,
            "2024-05-07T00:00:00Z"
                .parse::<Timestamp>()
                .unwrap()
                .as_second()
        );
        assert_eq!(
            query.to,
            "2024-05-09T10:15:30Z"
                .parse::<Timestamp>()
                .unwrap()
                .as_second()
        );
        assert_eq!(
            (query.length, query.buffer, query.increment),
            (1_800, 900, 600)
        );
        assert!(query.round_to_nearest_hour && query.allow_double_bookings);
        assert_eq!(query.constraints.len(), 1);
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (json!([]), "body"),
            (json!({}), "resources"),
            (json!({"resources": []}), "resources"),
            (json!({"resources": "a"}), "resources"),
            (json!({"resources": ["a", 7]}), "resources.1"),
            (json!({"resources": ["a"], "mode": "lottery"}), "mode"),
            (json!({"resources": ["a"], "mode": 1}), "mode"),
            (
                json!({"resources": ["a"], "from": "next blue moon"}),
                "from",
            ),
            (json!({"resources": ["a"], "to": 5}), "to"),
            (
                json!({"resources": ["a"], "from": "3 days", "to": "1 day"}),
                "to",
            ),
            (json!({"resources": ["a"], "to": "7 months"}), "to"),
            (json!({"resources": ["a"], "length": "0 minutes"}), "length"),
            (json!({"resources": ["a"], "length": "-1 hour"}), "length"),
            (json!({"resources": ["a"], "length": "2 years"}), "length"),
            (json!({"resources": ["a"], "length": "400 days"}), "length"),
            (
                json!({"resources": ["a"], "buffer": "-5 minutes"}),
                "buffer",
            ),
            (
                json!({"resources": ["a"], "timeslot_increments": "0 minutes"}),
                "timeslot_increments",
            ),
            (
                json!({"resources": ["a"], "round_to_nearest_hour": "yes"}),
                "round_to_nearest_hour",
            ),
            (
                json!({"resources": ["a"], "output_timezone": "Mars/Olympus"}),
                "output_timezone",
            ),
            (
                json!({"resources": ["a"], "constraints": {}}),
                "constraints",
            ),
            (
                json!({"resources": ["a"], "constraints": [{"allow_everything": {}}]}),
                "constraints.0.allow_everything",
            ),
            (
                json!({"resources": ["a"], "allow_double_bookings": []}),
                "allow_double_bookings",
            ),
            (
                json!({"resources": ["a"], "ignore_all_day_events": "x"}),
                "ignore_all_day_events",
            ),
            (json!({"resources": ["a"], "project_id": 3}), "project_id"),
        ];
        for (body, expected) in cases {
            assert_eq!(error_field(body.clone()), expected, "{body}");
        }
    }

    #[test]
    fn six_months_is_the_limit() {
        let ok = json!({"resources": ["a"], "from": "2024-01-31T00:00:00Z", "to": "2024-07-31T00:00:00Z"});
        assert!(parse_query(&ok, now()).is_ok());
        let over = json!({"resources": ["a"], "from": "2024-01-31T00:00:00Z", "to": "2024-07-31T00:00:01Z"});
        assert_eq!(error_field(over), "to");
    }
}
