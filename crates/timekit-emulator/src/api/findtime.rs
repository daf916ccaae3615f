//! `/findtime`, `/findtime/bulk`, `/findtime/team`: the legacy front of the availability
//! engine (timekit-api-more.md §5.10; deprecated by Timekit in favour of `/availability`).
//!
//! A FindTime query is translated into a `POST /availability` body — `resource_ids`,
//! `user_ids`, `emails` and `calendar_ids` name the resources (mode `mutual`), `start` →
//! `from`, `start + future` → `to`, `filters.or`/`filters.and` → `constraints`
//! (`specific_day_and_time` is `allow_day_and_time`), `all_solutions` → 15-minute
//! increments (else back to back) — and answered from the engine as `{start, end}` slots.

use std::collections::BTreeMap;

use http::StatusCode;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};

use super::ApiRequest;
use super::availability::snapshot;
use super::reply::{FieldErrors, Reply};
use crate::availability::{AvailabilityError, compute, parse_duration, parse_instant};
use crate::shared::Shared;

/// The most queries one `/findtime/bulk` or `/findtime/team` request may hold.
pub(crate) const MAX_QUERIES: usize = 20;
/// The most resources one query may name (ids, e-mails and calendars together).
const MAX_RESOURCES: usize = 50;
/// FindTime's default search window after `start`.
const DEFAULT_FUTURE: &str = "4 weeks";

/// Why one query was refused.
enum Refusal {
    Invalid(FieldErrors),
    NotFound(&'static str),
}

impl Refusal {
    fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        Refusal::Invalid(errors)
    }

    /// Field names moved under `prefix.` (bulk and team items).
    fn prefixed(self, prefix: &str) -> Self {
        match self {
            Refusal::Invalid(errors) => {
                let mut moved = FieldErrors::default();
                moved.merge_prefixed(prefix, errors);
                Refusal::Invalid(moved)
            }
            other => other,
        }
    }

    fn into_reply(self) -> Reply {
        match self {
            Refusal::Invalid(errors) => Reply::invalid(&errors),
            Refusal::NotFound(model) => Reply::not_found(model),
        }
    }
}

/// A `{start, end}` slot with its parsed start (for ordering and merging).
type TimedSlot = (Timestamp, Value);

/// A resource a query names, as team answers list it.
struct Member {
    id: String,
    name: String,
    email: Option<String>,
    calendar_id: String,
}

/// One translated query.
struct Translated {
    body: Map<String, Value>,
    members: Vec<Member>,
    descending: bool,
    /// `no_day_span`: the zone whose dates a slot must not cross.
    no_day_span: Option<TimeZone>,
}

/// The strings of an optional array field.
fn strings<'a>(query: &'a Map<String, Value>, key: &str) -> Result<Vec<&'a str>, Refusal> {
    match query.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .ok_or_else(|| Refusal::field(key, format!("The {key} must be strings.")))
            })
            .collect(),
        Some(_) => Err(Refusal::field(key, format!("The {key} must be an array."))),
    }
}

fn optional_text<'a>(query: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, Refusal> {
    match query.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(Refusal::field(key, format!("The {key} must be a string."))),
    }
}

fn optional_flag(query: &Map<String, Value>, key: &str) -> Result<bool, Refusal> {
    match query.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(flag)) => Ok(*flag),
        Some(_) => Err(Refusal::field(
            key,
            format!("The {key} field must be true or false."),
        )),
    }
}

/// Translates one FindTime query into an availability body.
fn translate(shared: &Shared, query: &Value, now: Timestamp) -> Result<Translated, Refusal> {
    let Some(query) = query.as_object() else {
        return Err(Refusal::field(
            "query",
            "A FindTime query must be an object.",
        ));
    };
    let mut ids: Vec<String> = Vec::new();
    for key in ["resource_ids", "user_ids"] {
        ids.extend(strings(query, key)?.into_iter().map(str::to_owned));
    }
    let emails = strings(query, "emails")?;
    let calendars = strings(query, "calendar_ids")?;
    if ids.len() + emails.len() + calendars.len() > MAX_RESOURCES {
        return Err(Refusal::field(
            "resource_ids",
            format!("A query may name at most {MAX_RESOURCES} resources."),
        ));
    }
    let members = {
        let store = shared.read();
        for email in emails {
            let resource = store
                .resource_by_email(email)
                .ok_or(Refusal::NotFound("Resource"))?;
            ids.push(resource.id.clone());
        }
        for calendar in calendars {
            let calendar = store
                .calendar(calendar)
                .ok_or(Refusal::NotFound("Calendar"))?;
            ids.push(calendar.resource_id.clone());
        }
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        ids.iter()
            .map(|id| {
                let resource = store
                    .resources
                    .get(id)
                    .ok_or(Refusal::NotFound("Resource"))?;
                Ok(Member {
                    id: resource.id.clone(),
                    name: resource.name.clone(),
                    email: resource.email.clone(),
                    calendar_id: resource.calendar_id.clone(),
                })
            })
            .collect::<Result<Vec<Member>, Refusal>>()?
    };
    if members.is_empty() {
        return Err(Refusal::field(
            "resource_ids",
            "One of resource_ids, user_ids, emails or calendar_ids is required.",
        ));
    }
    let start = optional_text(query, "start")?;
    let from = match start {
        None => now,
        Some(text) => parse_instant(text, now)
            .map_err(|why| Refusal::field("start", format!("\"{text}\" {why}")))?,
    };
    let future = optional_text(query, "future")?.unwrap_or(DEFAULT_FUTURE);
    let to = parse_duration(future)
        .ok()
        .filter(|seconds| *seconds >= 0)
        .and_then(|seconds| {
            from.checked_add(jiff::SignedDuration::from_secs(seconds))
                .ok()
        })
        .ok_or_else(|| {
            Refusal::field("future", "future in not a valid timestamp or relative time")
        })?;
    let length = optional_text(query, "length")?.unwrap_or("1 hour");
    let mut body = Map::new();
    body.insert(
        "resources".to_owned(),
        Value::Array(
            members
                .iter()
                .map(|m| Value::String(m.id.clone()))
                .collect(),
        ),
    );
    body.insert("mode".to_owned(), json!("mutual"));
    body.insert("from".to_owned(), json!(from.to_string()));
    body.insert("to".to_owned(), json!(to.to_string()));
    body.insert("length".to_owned(), json!(length));
    if let Some(buffer) = optional_text(query, "buffer")? {
        body.insert("buffer".to_owned(), json!(buffer));
    }
    let increment = if optional_flag(query, "all_solutions")? {
        "15 minutes"
    } else {
        length
    };
    body.insert("timeslot_increments".to_owned(), json!(increment));
    if optional_flag(query, "ignore_all_day_events")? {
        body.insert("ignore_all_day_events".to_owned(), json!(true));
    }
    body.insert("constraints".to_owned(), Value::Array(filters(query)?));
    let descending = match optional_text(query, "sort")? {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(Refusal::field("sort", "The sort must be asc or desc.")),
    };
    let no_day_span = if optional_flag(query, "no_day_span")? {
        let store = shared.read();
        let zone = store
            .resources
            .get(&members[0].id)
            .and_then(|resource| TimeZone::get(&resource.timezone).ok());
        Some(zone.unwrap_or(TimeZone::UTC))
    } else {
        None
    };
    Ok(Translated {
        body,
        members,
        descending,
        no_day_span,
    })
}

/// `filters: {"or": [...], "and": [...]}` → the engine's constraints (both lists; the engine
/// ORs allow windows and applies every block).
fn filters(query: &Map<String, Value>) -> Result<Vec<Value>, Refusal> {
    let filters = match query.get("filters") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Object(filters)) => filters,
        Some(_) => {
            return Err(Refusal::field(
                "filters",
                "The filters must be an object such as {\"or\": [...]}.",
            ));
        }
    };
    let mut constraints = Vec::new();
    for (key, list) in filters {
        if !matches!(key.as_str(), "or" | "and") {
            return Err(Refusal::field(
                "filters",
                format!("The filters key '{key}' is not one of or, and."),
            ));
        }
        match list {
            Value::Array(items) if items.len() <= 100 => constraints.extend(items.iter().cloned()),
            _ => {
                return Err(Refusal::field(
                    &format!("filters.{key}"),
                    "must be an array of at most 100 filters.",
                ));
            }
        }
    }
    Ok(constraints)
}

/// Runs one query: the `{start, end}` slots, and the members of the query.
fn run(
    shared: &Shared,
    query: &Value,
    now: Timestamp,
) -> Result<(Vec<TimedSlot>, Vec<Member>), Refusal> {
    let translated = translate(shared, query, now)?;
    let input = snapshot(shared, &translated.body, now);
    let slots =
        compute(&Value::Object(translated.body), now, &input).map_err(|error| match error {
            AvailabilityError::UnknownResource(_) => Refusal::NotFound("Resource"),
            AvailabilityError::Invalid { field, message } => Refusal::field(&field, message),
        })?;
    let mut out = Vec::with_capacity(slots.len());
    for slot in slots {
        let (Some(start), Some(end)) = (slot.get("start"), slot.get("end")) else {
            continue;
        };
        let parse = |value: &Value| {
            value
                .as_str()
                .and_then(|text| text.parse::<Timestamp>().ok())
        };
        let (Some(from), Some(to)) = (parse(start), parse(end)) else {
            continue;
        };
        if let Some(zone) = &translated.no_day_span {
            let last = to
                .checked_sub(jiff::SignedDuration::from_secs(1))
                .unwrap_or(to);
            if from.to_zoned(zone.clone()).date() != last.to_zoned(zone.clone()).date() {
                continue;
            }
        }
        out.push((from, json!({"start": start, "end": end})));
    }
    if translated.descending {
        out.reverse();
    }
    Ok((out, translated.members))
}

/// `POST /findtime` → 200 `{"data": [{start, end}]}`: the times every named resource is free.
pub(crate) fn find(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now = shared.clock.now();
    let query = Value::Object(request.body.clone());
    match run(shared, &query, now) {
        Ok((slots, _)) => {
            let data: Vec<Value> = slots.into_iter().map(|(_, slot)| slot).collect();
            Reply::data(StatusCode::OK, &data)
        }
        Err(refusal) => refusal.into_reply(),
    }
}

/// The array under `key`: required, 1..=[`MAX_QUERIES`] items.
fn queries<'a>(body: &'a Map<String, Value>, key: &str) -> Result<&'a Vec<Value>, Reply> {
    match body.get(key) {
        Some(Value::Array(items)) if !items.is_empty() && items.len() <= MAX_QUERIES => Ok(items),
        Some(Value::Array(_)) => Err(Reply::invalid_field(
            key,
            &format!("The {key} must hold 1 to {MAX_QUERIES} queries."),
        )),
        None | Some(Value::Null) => Err(Reply::invalid_field(
            key,
            &format!("The {key} field is required."),
        )),
        Some(_) => Err(Reply::invalid_field(
            key,
            &format!("The {key} must be an array."),
        )),
    }
}

/// `POST /findtime/bulk` with `{"queries": [query, …]}` → 200 `{"data": [[slot, …], …]}`,
/// one list per query in order (our decision, `docs/api-decisions.md`). Any refused query
/// refuses the request, its fields named `queries.N.field`.
pub(crate) fn bulk(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let items = match queries(&request.body, "queries") {
        Ok(items) => items,
        Err(reply) => return reply,
    };
    let now = shared.clock.now();
    let mut data = Vec::with_capacity(items.len());
    for (index, query) in items.iter().enumerate() {
        match run(shared, query, now) {
            Ok((slots, _)) => {
                data.push(slots.into_iter().map(|(_, slot)| slot).collect::<Vec<_>>())
            }
            Err(refusal) => return refusal.prefixed(&format!("queries.{index}")).into_reply(),
        }
    }
    Reply::data(StatusCode::OK, &data)
}

/// `POST /findtime/team` with `{"users": [query, …]}` → 200 `{"data": [{start, end, users}]}`:
/// the times at least one member is free, each with the members free then (`name`, `email`,
/// `user_id`, `calendar_ids`; never a token), in time order.
pub(crate) fn team(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let items = match queries(&request.body, "users") {
        Ok(items) => items,
        Err(reply) => return reply,
    };
    let now = shared.clock.now();
    // (start, end) → the slot and its free members, in time order.
    let mut merged: BTreeMap<(Timestamp, String), (Value, Vec<Value>)> = BTreeMap::new();
    for (index, query) in items.iter().enumerate() {
        let (slots, members) = match run(shared, query, now) {
            Ok(found) => found,
            Err(refusal) => return refusal.prefixed(&format!("users.{index}")).into_reply(),
        };
        let users: Vec<Value> = members
            .iter()
            .map(|member| {
                json!({
                    "name": member.name,
                    "email": member.email,
                    "user_id": member.id,
                    "calendar_ids": [member.calendar_id],
                })
            })
            .collect();
        for (start, slot) in slots {
            let end = slot["end"].as_str().unwrap_or_default().to_owned();
            let entry = merged
                .entry((start, end))
                .or_insert_with(|| (slot, Vec::new()));
            for user in &users {
                if !entry.1.contains(user) {
                    entry.1.push(user.clone());
                }
            }
        }
    }
    let data: Vec<Value> = merged
        .into_values()
        .map(|(mut slot, users)| {
            slot["users"] = Value::Array(users);
            slot
        })
        .collect();
    Reply::data(StatusCode::OK, &data)
}
