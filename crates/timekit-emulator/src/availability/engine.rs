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
use super::interval::{Interval, subtract};
use super::output::render;
use super::request::{Query, parse_query};
use super::windows::evaluate;
use super::{AvailabilityError, AvailabilityInput, BookingInfo, ResourceInfo};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;
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
