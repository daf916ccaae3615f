//! The pipeline behind [`super::compute`]: validate, resolve resources, compute each
//! resource's free time, lay the slot grid over it and combine per mode.
//!
//! Free time of a resource = (allow windows, or the whole query window when it has no allow
//! rule) − block windows − busy time (blocking bookings ± buffer), each a normalized interval
//! set, so the cost is dominated by sorting the bookings: O(n log n) in bookings, plus the
//! number of local days × constraints and the number of slots produced.

use super::blocking::busy_intervals;
use super::combine::{plan, priority_order, seed_of};
use super::constraint::{Rule, parse_rule};
use super::grid::Grid;
use super::interval::{Interval, intersect, subtract};
use super::output::{format_timestamp, render};
use super::request::{Mode, Query, parse_query};
use super::windows::evaluate;
use super::{AvailabilityError, AvailabilityInput, BookingInfo, ResourceInfo};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Value, json};
use std::collections::HashMap;

/// A requested resource with its zone and all rules that apply to it.
struct Resolved<'a> {
    info: &'a ResourceInfo,
    timezone: TimeZone,
    rules: Vec<Rule>,
}

fn resolve<'a>(
    query: &Query,
    input: &'a AvailabilityInput,
) -> Result<Vec<Resolved<'a>>, AvailabilityError> {
    let by_id: HashMap<&str, &ResourceInfo> =
        input.resources.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut resolved = Vec::with_capacity(query.resource_ids.len());
    for (index, id) in query.resource_ids.iter().enumerate() {
        let info = *by_id
            .get(id.as_str())
            .ok_or_else(|| AvailabilityError::UnknownResource(id.clone()))?;
        let timezone = TimeZone::get(&info.timezone).map_err(|_| AvailabilityError::Invalid {
            field: format!("resources.{index}"),
            message: format!(
                "resource {id} has an unknown time zone \"{}\"",
                info.timezone
            ),
        })?;
        let mut rules = info
            .constraints
            .iter()
            .enumerate()
            .map(|(n, value)| {
                parse_rule(
                    value,
                    &format!("resources.{index}.availability_constraints.{n}"),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        rules.extend(query.constraints.iter().cloned());
        resolved.push(Resolved {
            info,
            timezone,
            rules,
        });
    }
    Ok(resolved)
}

/// The grid anchor: `from`, or with `round_to_nearest_hour` the first whole hour of the
/// output zone at or after `from`.
///
/// Steps to the next whole hour under the offset in force, and repeats when the offset
/// changed on the way (zones with 30-minute DST shifts, such as Australia/Lord_Howe, can
/// land on a :30 that way).
pub(super) fn grid_anchor(query: &Query) -> i64 {
    if !query.round_to_nearest_hour {
        return query.from;
    }
    let mut anchor = query.from;
    for _ in 0..4 {
        let offset = Timestamp::from_second(anchor)
            .map(|ts| i64::from(query.output_timezone.to_offset(ts).seconds()))
            .unwrap_or(0);
        let past_hour = (anchor + offset).rem_euclid(3_600);
        if past_hour == 0 {
            break;
        }
        anchor += 3_600 - past_hour;
    }
    anchor
}

/// `length: null`: each free stretch is one slot. `mutual`: the stretches where every
/// requested resource is free, listing all of them; other modes: each resource's own
/// stretches, listing it, ordered by start and then by the mode's priority order.
fn variable_slots(
    query: &Query,
    free: &[Vec<Interval>],
    resources: &[Resolved<'_>],
    body: &Value,
) -> Result<Vec<Value>, AvailabilityError> {
    let mut planned: Vec<(Interval, Vec<usize>)> = Vec::new();
    if query.mode == Mode::Mutual {
        let common = free
            .iter()
            .skip(1)
            .fold(free.first().cloned().unwrap_or_default(), |acc, set| {
                intersect(&acc, set)
            });
        let everyone: Vec<usize> = (0..resources.len()).collect();
        planned.extend(common.into_iter().map(|iv| (iv, everyone.clone())));
    } else {
        let priority = priority_order(query.mode, resources.len(), seed_of(&body.to_string()));
        for &index in &priority {
            planned.extend(free[index].iter().map(|iv| (*iv, vec![index])));
        }
        let rank = |index: usize| priority.iter().position(|&p| p == index).unwrap_or(index);
        planned.sort_by_key(|(iv, listed)| (iv.start, rank(listed[0])));
    }
    if planned.len() > MAX_VARIABLE_SLOTS {
        return Err(AvailabilityError::Invalid {
            field: "length".to_owned(),
            message: format!(
                "variable-length slots would be {} slots; at most {MAX_VARIABLE_SLOTS} are \
                 allowed: narrow from/to",
                planned.len()
            ),
        });
    }
    let tz = &query.output_timezone;
    Ok(planned
        .into_iter()
        .filter_map(|(iv, listed)| {
            let start = format_timestamp(iv.start, tz)?;
            let end = format_timestamp(iv.end, tz)?;
            let listed: Vec<Value> = listed
                .iter()
                .map(|&index| {
                    let info = resources[index].info;
                    json!({"id": info.id, "name": info.name, "timezone": info.timezone})
                })
                .collect();
            Some(json!({"start": start, "end": end, "resources": listed}))
        })
        .collect())
}

/// The most variable-length slots one answer may hold (as the fixed-length candidate cap).
const MAX_VARIABLE_SLOTS: usize = 100_000;

/// Runs the whole query.
pub fn run(
    body: &Value,
    now: Timestamp,
    input: &AvailabilityInput,
) -> Result<Vec<Value>, AvailabilityError> {
    let query = parse_query(body, now)?;
    let resources = resolve(&query, input)?;
    let window = Interval::new(query.from, query.to);

    let mut bookings_of: HashMap<&str, Vec<&BookingInfo>> = resources
        .iter()
        .map(|r| (r.info.id.as_str(), Vec::new()))
        .collect();
    if !query.allow_double_bookings {
        for booking in &input.bookings {
            if let Some(list) = bookings_of.get_mut(booking.resource_id.as_str()) {
                list.push(booking);
            }
        }
    }

    let free: Vec<Vec<Interval>> = resources
        .iter()
        .map(|resource| {
            let sets = evaluate(&resource.rules, &resource.timezone, window);
            let open = subtract(&sets.allowed, &sets.blocked);
            let bookings = bookings_of
                .get(resource.info.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let busy = busy_intervals(bookings.iter().copied(), query.buffer);
            subtract(&open, &busy)
        })
        .collect();

    if query.variable_length {
        return variable_slots(&query, &free, &resources, body);
    }
    let grid = Grid {
        anchor: grid_anchor(&query),
        step: query.increment,
        length: query.length,
    };
    let priority = priority_order(query.mode, resources.len(), seed_of(&body.to_string()));
    let slots = plan(query.mode, &free, &priority, &grid)?;
    let infos: Vec<&ResourceInfo> = resources.iter().map(|r| r.info).collect();
    Ok(render(&slots, query.length, &infos, &query.output_timezone))
}
