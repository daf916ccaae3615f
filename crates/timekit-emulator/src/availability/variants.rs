//! The availability variants (`POST /availability/dates`, `/availability/count`,
//! `/unavailable/slots`): the same validation and the same engine as `POST /availability`,
//! answered in other shapes (timekit-api-more.md §5.4, `docs/api-decisions.md`).

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use serde_json::{Map, Value, json};

use super::combine::MAX_CANDIDATE_SLOTS;
use super::engine::{free_time, grid_anchor, run};
use super::interval::Interval;
use super::output::format_timestamp;
use super::request::{Mode, parse_query};
use super::{AvailabilityError, AvailabilityInput};

fn invalid(field: &str, message: impl Into<String>) -> AvailabilityError {
    AvailabilityError::Invalid {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// `body` with `mode` replaced (after the original body was validated).
fn with_mode(body: &Value, mode: &str) -> Value {
    let mut copy = body.as_object().cloned().unwrap_or_default();
    copy.insert("mode".to_owned(), Value::String(mode.to_owned()));
    Value::Object(copy)
}

/// The zone whose calendar defines a "date": `output_timezone` when given, else the offset
/// written in `from` (an RFC 3339 text), else UTC.
fn date_zone(body: &Value, output: &TimeZone) -> TimeZone {
    let named = body.get("output_timezone").is_some_and(Value::is_string);
    if named {
        return output.clone();
    }
    let offset = body
        .get("from")
        .and_then(Value::as_str)
        .and_then(written_offset);
    TimeZone::fixed(offset.unwrap_or(Offset::UTC))
}

/// The offset `from` is written with, when it is a valid timestamp.
fn written_offset(text: &str) -> Option<Offset> {
    let text = text.trim();
    text.parse::<Timestamp>().ok()?;
    crate::time::written_offset(text)
}

/// The dates of every resource free for at least one slot, read off the free time directly:
/// per free interval, the first slot start of each local day, then a jump to the next day.
/// The same answer as laying out every slot (`exclusive`) and grouping them, at a cost of
/// days × free intervals rather than slots.
fn free_dates(
    body: &Value,
    now: Timestamp,
    input: &AvailabilityInput,
) -> Result<Vec<Value>, AvailabilityError> {
    let free_time = free_time(body, now, input)?;
    let zone = date_zone(body, &free_time.query.output_timezone);
    let mut by_date: BTreeMap<jiff::civil::Date, Vec<usize>> = BTreeMap::new();
    for (index, intervals) in free_time.free.iter().enumerate() {
        for &interval in intervals {
            let mut from = interval.start;
            while let Some(start) = free_time
                .grid
                .first_start(Interval::new(from, interval.end))
            {
                let Some((date, next_day)) = local_day(start, &zone) else {
                    break;
                };
                let listed = by_date.entry(date).or_default();
                if listed.last() != Some(&index) {
                    listed.push(index);
                }
                from = next_day;
            }
        }
    }
    let ids = &free_time.query.resource_ids;
    Ok(by_date
        .into_iter()
        .map(|(date, mut indexes)| {
            indexes.sort_unstable();
            indexes.dedup();
            let listed: Vec<&str> = indexes.iter().map(|&index| ids[index].as_str()).collect();
            json!({"date": date.to_string(), "resources": listed})
        })
        .collect())
}

/// The local date of `second` in `zone`, and the first second of the next local day.
fn local_day(second: i64, zone: &TimeZone) -> Option<(jiff::civil::Date, i64)> {
    let date = Timestamp::from_second(second)
        .ok()?
        .to_zoned(zone.clone())
        .date();
    let next = date.tomorrow().ok()?.to_zoned(zone.clone()).ok()?;
    Some((date, next.timestamp().as_second()))
}

/// `POST /availability/dates`: the dates (ascending) with at least one available slot, each
/// with the ids of the resources available that day in request order. `mutual` keeps its
/// meaning (dates with a common slot); every other mode lists each resource free that day.
///
/// # Errors
/// As [`super::compute`].
pub fn dates(
    body: &Value,
    now: Timestamp,
    input: &AvailabilityInput,
) -> Result<Vec<Value>, AvailabilityError> {
    let query = parse_query(body, now)?;
    if query.mode != Mode::Mutual && !query.variable_length {
        return free_dates(body, now, input);
    }
    dates_from_slots(body, now, input, &query)
}

/// The dates of the laid-out slots (`mutual` and variable-length queries, whose slots are not
/// per resource): every slot rendered, then grouped by its local date.
fn dates_from_slots(
    body: &Value,
    now: Timestamp,
    input: &AvailabilityInput,
    query: &super::request::Query,
) -> Result<Vec<Value>, AvailabilityError> {
    let slots = if query.mode == Mode::Mutual {
        run(body, now, input)?
    } else {
        run(&with_mode(body, "exclusive"), now, input)?
    };
    let zone = date_zone(body, &query.output_timezone);
    let rank: HashMap<&str, usize> = query
        .resource_ids
        .iter()
        .enumerate()
        .map(|(index, id)| (id.as_str(), index))
        .collect();
    let mut by_date: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for slot in &slots {
        let Some(start) = slot["start"]
            .as_str()
            .and_then(|text| text.parse::<Timestamp>().ok())
        else {
            continue;
        };
        let date = start.to_zoned(zone.clone()).date().to_string();
        let listed = by_date.entry(date).or_default();
        for resource in slot["resources"].as_array().into_iter().flatten() {
            if let Some(index) = resource["id"].as_str().and_then(|id| rank.get(id)) {
                if !listed.contains(index) {
                    listed.push(*index);
                }
            }
        }
    }
    Ok(by_date
        .into_iter()
        .map(|(date, mut indexes)| {
            indexes.sort_unstable();
            let ids: Vec<&str> = indexes
                .iter()
                .map(|&index| query.resource_ids[index].as_str())
                .collect();
            json!({"date": date, "resources": ids})
        })
        .collect())
}

/// `POST /availability/count`: how many slots `POST /availability` answers for the same body.
///
/// # Errors
/// As [`super::compute`].
pub fn count(
    body: &Value,
    now: Timestamp,
    input: &AvailabilityInput,
) -> Result<usize, AvailabilityError> {
    run(body, now, input).map(|slots| slots.len())
}

/// `POST /unavailable/slots`: every grid slot of the window (the same grid as
/// `/availability`) in which at least one requested resource is not free, listing those
/// resources in request order. `mode` does not apply (each resource is judged alone).
///
/// # Errors
/// As [`super::compute`]; `length: null` is refused (422 on `length`).
pub fn unavailable(
    body: &Value,
    now: Timestamp,
    input: &AvailabilityInput,
) -> Result<Vec<Value>, AvailabilityError> {
    if body.get("length").is_some_and(Value::is_null) {
        return Err(invalid(
            "length",
            "variable-length slots (length: null) are not supported by /unavailable/slots",
        ));
    }
    let query = parse_query(body, now)?;
    let anchor = grid_anchor(&query);
    let last_start = query.to.saturating_sub(query.length);
    let starts = if last_start < anchor {
        0
    } else {
        (last_start - anchor) / query.increment + 1
    };
    let candidates = u64::try_from(starts)
        .unwrap_or(u64::MAX)
        .saturating_mul(query.resource_ids.len() as u64);
    if candidates > MAX_CANDIDATE_SLOTS {
        return Err(invalid(
            "timeslot_increments",
            format!(
                "the query would produce {candidates} candidate slots; at most \
                 {MAX_CANDIDATE_SLOTS}; use a shorter from/to window or larger \
                 timeslot_increments"
            ),
        ));
    }
    let free_slots = run(&with_mode(body, "exclusive"), now, input)?;
    let mut free: HashMap<i64, HashSet<String>> = HashMap::new();
    for slot in &free_slots {
        let Some(start) = slot["start"]
            .as_str()
            .and_then(|text| text.parse::<Timestamp>().ok())
        else {
            continue;
        };
        let ids = free.entry(start.as_second()).or_default();
        for resource in slot["resources"].as_array().into_iter().flatten() {
            if let Some(id) = resource["id"].as_str() {
                ids.insert(id.to_owned());
            }
        }
    }
    let infos: HashMap<&str, &super::ResourceInfo> = input
        .resources
        .iter()
        .map(|info| (info.id.as_str(), info))
        .collect();
    let tz = &query.output_timezone;
    let mut out = Vec::new();
    for k in 0..starts {
        let start = anchor + k * query.increment;
        let free_here = free.get(&start);
        let busy: Vec<Value> = query
            .resource_ids
            .iter()
            .filter(|id| free_here.is_none_or(|ids| !ids.contains(*id)))
            .filter_map(|id| infos.get(id.as_str()))
            .map(|info| json!({"id": info.id, "name": info.name, "timezone": info.timezone}))
            .collect();
        if busy.is_empty() {
            continue;
        }
        let (Some(start_text), Some(end_text)) = (
            format_timestamp(start, tz),
            format_timestamp(start + query.length, tz),
        ) else {
            continue;
        };
        let mut slot = Map::new();
        slot.insert("start".to_owned(), Value::String(start_text));
        slot.insert("end".to_owned(), Value::String(end_text));
        slot.insert("resources".to_owned(), Value::Array(busy));
        out.push(Value::Object(slot));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::{BookingInfo, ResourceInfo};

    fn input() -> AvailabilityInput {
        let mut input = AvailabilityInput::default();
        for (index, zone) in ["Europe/Berlin", "America/New_York", "Asia/Kolkata"]
            .into_iter()
            .enumerate()
        {
            let id = format!("r{index}");
            input.resources.push(ResourceInfo {
                id: id.clone(),
                name: id.clone(),
                timezone: zone.to_owned(),
                constraints: vec![json!({"allow_hours": {"start": 9, "end": 17}})],
            });
            for day in 0..20_i64 {
                let start =
                    Timestamp::from_second(1_900_000_000 + day * 86_400 + index as i64 * 7_200)
                        .unwrap();
                input.bookings.push(BookingInfo {
                    resource_id: id.clone(),
                    start,
                    end: Timestamp::from_second(start.as_second() + 3 * 3_600).unwrap(),
                    graph: "instant".to_owned(),
                    state: "confirmed".to_owned(),
                });
            }
        }
        input
    }

    #[test]
    fn dates_are_taken_in_the_offset_from_is_written_with() {
        for (from, seconds) in [
            ("2030-03-17T00:00:00+05:30", 19_800),
            ("2030-03-17T00:00:00+0530", 19_800),
            ("2030-03-17T00:00:00+01", 3_600),
            ("2030-03-17T00:00:00Z", 0),
        ] {
            let zone = date_zone(&json!({"from": from}), &TimeZone::UTC);
            assert_eq!(zone.to_fixed_offset().unwrap().seconds(), seconds, "{from}");
        }
    }

    /// Reading dates off the free time answers exactly what laying out every slot and
    /// grouping them answers, across lengths, increments, buffers, zones and offsets.
    #[test]
    fn dates_from_free_time_equal_dates_from_slots() {
        let now = Timestamp::from_second(1_899_000_000).unwrap();
        let input = input();
        for (length, increment, extra) in [
            ("30 minutes", "30 minutes", json!({})),
            ("2 hours", "15 minutes", json!({"buffer": "20 minutes"})),
            ("7 hours", "1 hour", json!({})),
            (
                "45 minutes",
                "45 minutes",
                json!({"output_timezone": "Asia/Kolkata"}),
            ),
            (
                "1 hour",
                "1 hour",
                json!({"output_timezone": "America/New_York"}),
            ),
        ] {
            for from in ["2030-03-17T00:00:00Z", "2030-03-17T00:00:00+05:30"] {
                let mut body = json!({
                    "mode": "roundrobin_random",
                    "resources": ["r0", "r1", "r2"],
                    "from": from,
                    "to": "2030-04-20T00:00:00Z",
                    "length": length,
                    "timeslot_increments": increment,
                });
                for (key, value) in extra.as_object().unwrap() {
                    body[key] = value.clone();
                }
                let query = parse_query(&body, now).unwrap();
                let fast = dates(&body, now, &input).unwrap();
                let slow =
                    dates_from_slots(&with_mode(&body, "exclusive"), now, &input, &query).unwrap();
                assert!(!fast.is_empty(), "{body}");
                assert_eq!(fast, slow, "{body}");
            }
        }
    }
}
