//! Availability constraints: the single-key objects `{"<type>": {<params>}}` that allow or block
//! time for a resource, a project or one availability query (`timekit-api.md` §6.4).
//!
//! The twelve documented types are variants of [`Constraint`]; anything else (a future type,
//! the undocumented "event based" ones, or a known type whose parameters are not the documented
//! shape) is kept whole in [`Constraint::Other`], so a constraint read from the server is written
//! back byte-for-byte equivalent.

use serde::de::Deserializer;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// An hour of the day as Timekit accepts it: a number (`9`, `17`, the documented form) or an
/// `"HH:MM"` string (what some clients send).
///
/// The value is kept exactly as given so it serialises back unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Hour {
    /// A number of hours, usually a whole hour `0..=24`.
    Number(Number),
    /// A time of day written as text, usually `"HH:MM"`.
    Text(String),
}

impl Hour {
    /// A whole hour, e.g. `Hour::whole(9)` serialises as `9`.
    pub fn whole(hour: u8) -> Self {
        Hour::Number(Number::from(hour))
    }

    /// An `"HH:MM"` time, e.g. `Hour::hh_mm(9, 30)` serialises as `"09:30"`.
    pub fn hh_mm(hour: u8, minute: u8) -> Self {
        Hour::Text(format!("{hour:02}:{minute:02}"))
    }
}

impl From<u8> for Hour {
    fn from(hour: u8) -> Self {
        Hour::whole(hour)
    }
}

impl From<&str> for Hour {
    fn from(text: &str) -> Self {
        Hour::Text(text.to_owned())
    }
}

/// Parameters of `allow_day_and_time` / `block_day_and_time`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayAndTime {
    /// English day name, `Monday` … `Sunday`.
    pub day: String,
    /// Start of the window on that day.
    pub start: Hour,
    /// End of the window on that day (exclusive).
    pub end: Hour,
    /// Parameters this crate does not know, kept for round-trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DayAndTime {
    /// A window on one day of the week, e.g. `DayAndTime::new("Monday", 9, 12)`.
    pub fn new(day: impl Into<String>, start: impl Into<Hour>, end: impl Into<Hour>) -> Self {
        Self {
            day: day.into(),
            start: start.into(),
            end: end.into(),
            extra: Map::new(),
        }
    }
}

/// Parameters of `allow_hours` / `block_hours`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hours {
    /// Start of the daily window.
    pub start: Hour,
    /// End of the daily window (exclusive).
    pub end: Hour,
    /// Parameters this crate does not know, kept for round-trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Hours {
    /// A daily window, e.g. `Hours::new(9, 17)`.
    pub fn new(start: impl Into<Hour>, end: impl Into<Hour>) -> Self {
        Self {
            start: start.into(),
            end: end.into(),
            extra: Map::new(),
        }
    }
}

/// Parameters of `allow_day` / `block_day`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Day {
    /// English day name, `Monday` … `Sunday`.
    pub day: String,
    /// Parameters this crate does not know, kept for round-trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Day {
    /// A whole day of the week, e.g. `Day::new("Saturday")`.
    pub fn new(day: impl Into<String>) -> Self {
        Self {
            day: day.into(),
            extra: Map::new(),
        }
    }
}

/// Parameters of `allow_period` / `block_period`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// Start: an RFC 3339 timestamp or a date (`2024-05-06`, meaning midnight).
    pub start: String,
    /// End (exclusive): an RFC 3339 timestamp or a date.
    pub end: String,
    /// Parameters this crate does not know, kept for round-trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Period {
    /// A period between two timestamps or dates.
    pub fn new(start: impl Into<String>, end: impl Into<String>) -> Self {
        Self {
            start: start.into(),
            end: end.into(),
            extra: Map::new(),
        }
    }
}

/// One availability constraint.
///
/// "Allow" constraints implicitly block everything they do not allow; constraints of the
/// resource, the project and the query are combined and evaluated in each resource's own
/// time zone.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    /// `{"allow_day_and_time": {"day", "start", "end"}}`
    AllowDayAndTime(DayAndTime),
    /// `{"block_day_and_time": {"day", "start", "end"}}`
    BlockDayAndTime(DayAndTime),
    /// `{"allow_hours": {"start", "end"}}`: the same window every day.
    AllowHours(Hours),
    /// `{"block_hours": {"start", "end"}}`
    BlockHours(Hours),
    /// `{"allow_day": {"day"}}`
    AllowDay(Day),
    /// `{"block_day": {"day"}}`
    BlockDay(Day),
    /// `{"allow_period": {"start", "end"}}`
    AllowPeriod(Period),
    /// `{"block_period": {"start", "end"}}`
    BlockPeriod(Period),
    /// `{"allow_weekdays": {}}`: Monday to Friday.
    AllowWeekdays,
    /// `{"block_weekdays": {}}`
    BlockWeekdays,
    /// `{"allow_weekends": {}}`: Saturday and Sunday.
    AllowWeekends,
    /// `{"block_weekends": {}}`
    BlockWeekends,
    /// Any other constraint JSON, kept unchanged: unknown types, several keys, or a known
    /// type whose parameters do not have the documented shape.
    Other(Value),
}

impl Constraint {
    /// The constraint's type name (`"allow_hours"` …); for `Other`, the single key of the
    /// object when there is exactly one.
    pub fn type_name(&self) -> Option<&str> {
        Some(match self {
            Constraint::AllowDayAndTime(_) => "allow_day_and_time",
            Constraint::BlockDayAndTime(_) => "block_day_and_time",
            Constraint::AllowHours(_) => "allow_hours",
            Constraint::BlockHours(_) => "block_hours",
            Constraint::AllowDay(_) => "allow_day",
            Constraint::BlockDay(_) => "block_day",
            Constraint::AllowPeriod(_) => "allow_period",
            Constraint::BlockPeriod(_) => "block_period",
            Constraint::AllowWeekdays => "allow_weekdays",
            Constraint::BlockWeekdays => "block_weekdays",
            Constraint::AllowWeekends => "allow_weekends",
            Constraint::BlockWeekends => "block_weekends",
            Constraint::Other(value) => {
                let map = value.as_object().filter(|map| map.len() == 1)?;
                return map.keys().next().map(String::as_str);
            }
        })
    }

    /// Builds the typed constraint from its JSON form; never fails (see [`Constraint::Other`]).
    pub fn from_value(value: Value) -> Self {
        typed_from_value(&value).unwrap_or(Constraint::Other(value))
    }

    /// The JSON form `{"<type>": {<params>}}`.
    pub fn to_value(&self) -> Value {
        // Serialising plain JSON maps cannot fail, so the Null fallback is never taken.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The typed variant when `value` is exactly one documented type with documented params.
fn typed_from_value(value: &Value) -> Option<Constraint> {
    let map = value.as_object().filter(|map| map.len() == 1)?;
    let (kind, params) = map.iter().next()?;
    fn params_as<T: serde::de::DeserializeOwned>(params: &Value) -> Option<T> {
        serde_json::from_value(params.clone()).ok()
    }
    let no_params = params.as_object().is_some_and(Map::is_empty);
    Some(match kind.as_str() {
        "allow_day_and_time" => Constraint::AllowDayAndTime(params_as(params)?),
        "block_day_and_time" => Constraint::BlockDayAndTime(params_as(params)?),
        "allow_hours" => Constraint::AllowHours(params_as(params)?),
        "block_hours" => Constraint::BlockHours(params_as(params)?),
        "allow_day" => Constraint::AllowDay(params_as(params)?),
        "block_day" => Constraint::BlockDay(params_as(params)?),
        "allow_period" => Constraint::AllowPeriod(params_as(params)?),
        "block_period" => Constraint::BlockPeriod(params_as(params)?),
        // Parameterless types with parameters would lose them as unit variants: keep as Other.
        "allow_weekdays" if no_params => Constraint::AllowWeekdays,
        "block_weekdays" if no_params => Constraint::BlockWeekdays,
        "allow_weekends" if no_params => Constraint::AllowWeekends,
        "block_weekends" if no_params => Constraint::BlockWeekends,
        _ => return None,
    })
}

impl Serialize for Constraint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kind = match self {
            Constraint::Other(value) => return value.serialize(serializer),
            other => other.type_name().unwrap_or_default(),
        };
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Constraint::AllowDayAndTime(p) | Constraint::BlockDayAndTime(p) => {
                map.serialize_entry(kind, p)?
            }
            Constraint::AllowHours(p) | Constraint::BlockHours(p) => {
                map.serialize_entry(kind, p)?
            }
            Constraint::AllowDay(p) | Constraint::BlockDay(p) => map.serialize_entry(kind, p)?,
            Constraint::AllowPeriod(p) | Constraint::BlockPeriod(p) => {
                map.serialize_entry(kind, p)?
            }
            Constraint::AllowWeekdays
            | Constraint::BlockWeekdays
            | Constraint::AllowWeekends
            | Constraint::BlockWeekends
            | Constraint::Other(_) => map.serialize_entry(kind, &Map::new())?,
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Constraint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Constraint::from_value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(value: Value) -> Constraint {
        let constraint: Constraint = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            serde_json::to_value(&constraint).unwrap(),
            value,
            "{constraint:?}"
        );
        constraint
    }

    #[test]
    fn every_documented_type_round_trips_into_its_variant() {
        let cases = [
            (
                json!({"allow_day_and_time": {"day": "Monday", "start": 9, "end": 12}}),
                "allow_day_and_time",
            ),
            (
                json!({"block_day_and_time": {"day": "Friday", "start": "13:30", "end": "17:00"}}),
                "block_day_and_time",
            ),
            (
                json!({"allow_hours": {"start": 9, "end": 17}}),
                "allow_hours",
            ),
            (
                json!({"block_hours": {"start": 12, "end": 13}}),
                "block_hours",
            ),
            (json!({"allow_day": {"day": "Tuesday"}}), "allow_day"),
            (json!({"block_day": {"day": "Sunday"}}), "block_day"),
            (
                json!({"allow_period": {"start": "2024-05-06", "end": "2024-05-10"}}),
                "allow_period",
            ),
            (
                json!({"block_period": {"start": "2024-05-06T10:00:00+02:00", "end": "2024-05-06T12:00:00+02:00"}}),
                "block_period",
            ),
            (json!({"allow_weekdays": {}}), "allow_weekdays"),
            (json!({"block_weekdays": {}}), "block_weekdays"),
            (json!({"allow_weekends": {}}), "allow_weekends"),
            (json!({"block_weekends": {}}), "block_weekends"),
        ];
        for (value, kind) in cases {
            let constraint = round_trip(value);
            assert!(
                !matches!(constraint, Constraint::Other(_)),
                "{kind} fell back to Other"
            );
            assert_eq!(constraint.type_name(), Some(kind));
        }
    }

    #[test]
    fn hours_keep_their_number_or_string_form() {
        let Constraint::BlockDayAndTime(p) = round_trip(
            json!({"block_day_and_time": {"day": "Friday", "start": "13:30", "end": 17}}),
        ) else {
            panic!("wrong variant");
        };
        assert_eq!(p.start, Hour::hh_mm(13, 30));
        assert_eq!(p.end, Hour::whole(17));
    }

    #[test]
    fn unknown_or_malformed_constraints_are_kept_as_other() {
        for value in [
            json!({"allow_event_period": {"calendar_id": "c1"}}),
            json!({"specific_day_and_time": {"day": "Monday", "start": 9, "end": 10}}),
            json!({"allow_hours": {"start": 9}}),
            json!({"allow_weekends": {"note": "x"}}),
            json!({"allow_hours": {"start": 9, "end": 17}, "block_weekends": {}}),
            json!("allow_weekends"),
        ] {
            let constraint = round_trip(value.clone());
            assert_eq!(constraint, Constraint::Other(value));
        }
    }

    #[test]
    fn unknown_params_of_known_types_survive() {
        let constraint =
            round_trip(json!({"allow_hours": {"start": 9, "end": 17, "label": "office"}}));
        let Constraint::AllowHours(p) = constraint else {
            panic!("wrong variant")
        };
        assert_eq!(p.extra.get("label"), Some(&json!("office")));
    }

    #[test]
    fn constructors_produce_documented_json() {
        let list = vec![
            Constraint::AllowHours(Hours::new(9, 17)),
            Constraint::BlockDayAndTime(DayAndTime::new("Friday", "13:00", 17)),
            Constraint::BlockWeekends,
        ];
        assert_eq!(
            serde_json::to_value(&list).unwrap(),
            json!([
                {"allow_hours": {"start": 9, "end": 17}},
                {"block_day_and_time": {"day": "Friday", "start": "13:00", "end": 17}},
                {"block_weekends": {}}
            ])
        );
    }
}
