//! `/calendars` and `/events` (timekit-api-more.md §5.8–§5.9, issue 16).
//!
//! Events are busy time of their calendar's resource: the store indexes them beside its
//! bookings, so availability and the double-booking check read them through the one blocking
//! rule (`graph::blocks`).

use std::sync::Arc;

use http::StatusCode;
use serde_json::{Map, Value};

use super::ApiRequest;
use super::fields::{optional_array, optional_bool, optional_string, required_string};
use super::reply::{FieldErrors, Reply};
use super::search::parse_criteria;
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::store::{Calendar, Event, Store};
use crate::time::{Stamp, parse_input};

/// The RSVP values an event's owner may answer (`my_rsvp`).
const RSVP: [&str; 4] = ["accepted", "tentative", "declined", "needsAction"];
/// The most participants one event may list.
const MAX_PARTICIPANTS: usize = 100;

/// Whether `include` (comma-separated) asks for `events`.
fn includes_events(request: &ApiRequest<'_>) -> bool {
    request
        .query
        .get("include")
        .is_some_and(|include| include.split(',').any(|item| item.trim() == "events"))
}

/// A calendar as JSON, with its events when asked.
fn calendar_json(store: &Store, calendar: &Calendar, with_events: bool) -> Value {
    let mut value = serde_json::to_value(calendar).unwrap_or(Value::Null);
    if with_events {
        if let Value::Object(map) = &mut value {
            let events: Vec<&Event> = store
                .events_of(&calendar.resource_id)
                .filter(|event| event.calendar_id == calendar.id)
                .map(|event| &**event)
                .collect();
            map.insert(
                "events".to_owned(),
                serde_json::to_value(events).unwrap_or(Value::Null),
            );
        }
    }
    value
}

/// `GET /calendars` → 200 `{"data": [calendars]}`: every resource's "Bookings" calendar and
/// every calendar made with `POST /calendars`, oldest first. Not paginated.
pub(crate) fn list(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let with_events = includes_events(request);
    let store = shared.read();
    let mut calendars: Vec<std::borrow::Cow<'_, Calendar>> = store
        .resources
        .values()
        .map(|resource| std::borrow::Cow::Owned(Calendar::of_resource(resource)))
        .chain(
            store
                .calendars
                .values()
                .map(|calendar| std::borrow::Cow::Borrowed(&**calendar)),
        )
        .collect();
    calendars.sort_by(|a, b| a.seq.cmp(&b.seq).then_with(|| a.id.cmp(&b.id)));
    let data: Vec<Value> = calendars
        .iter()
        .map(|calendar| calendar_json(&store, calendar, with_events))
        .collect();
    Reply::data(StatusCode::OK, &data)
}

/// `GET /calendars/{id}` → 200 `{"data": calendar}`.
pub(crate) fn get(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let with_events = includes_events(request);
    let store = shared.read();
    match store.calendar(request.id()) {
        Some(calendar) => Reply::data(
            StatusCode::OK,
            &calendar_json(&store, &calendar, with_events),
        ),
        None => Reply::not_found("Calendar"),
    }
}

/// The optional text fields of a calendar body.
struct CalendarFields {
    name: Option<String>,
    description: Option<String>,
    foregroundcolor: Option<String>,
    backgroundcolor: Option<String>,
}

fn calendar_fields(body: &Map<String, Value>, errors: &mut FieldErrors) -> CalendarFields {
    CalendarFields {
        name: optional_string(body, "name", "name", errors),
        description: optional_string(body, "description", "description", errors),
        foregroundcolor: optional_string(body, "foregroundcolor", "foregroundcolor", errors),
        backgroundcolor: optional_string(body, "backgroundcolor", "backgroundcolor", errors),
    }
}

/// `POST /calendars` → 201 `{"data": calendar}`. `name` and `resource_id` (whose calendar:
/// the API key does not tell) are required; a resource key makes `resource_id` default to
/// that resource.
pub(crate) fn create(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let name = required_string(body, "name", "name", &mut errors);
    let resource_id = match request.principal.as_deref() {
        Some(principal) => optional_string(body, "resource_id", "resource_id", &mut errors)
            .or_else(|| Some(principal.to_owned())),
        None => required_string(body, "resource_id", "resource_id", &mut errors),
    };
    let fields = calendar_fields(body, &mut errors);
    let (Some(name), Some(resource_id)) = (name, resource_id) else {
        return Reply::invalid(&errors);
    };
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let now = Stamp::new(shared.clock.now());
    let mut store = shared.write();
    if !store.resources.contains_key(&resource_id) {
        return Reply::not_found("Resource");
    }
    let calendar = Calendar {
        id: new_uuid(),
        seq: 0,
        resource_id,
        display_name: name.clone(),
        name,
        description: fields.description,
        system: false,
        foregroundcolor: fields.foregroundcolor,
        backgroundcolor: fields.backgroundcolor,
        provider: "timekit",
        provider_id: None,
        provider_access: "owner",
        provider_primary: false,
        provider_sync: false,
        created_at: now.clone(),
        updated_at: now,
    };
    let id = calendar.id.clone();
    store.insert_calendar(calendar);
    match store.calendars.get(&id) {
        Some(calendar) => Reply::data(StatusCode::CREATED, &calendar_json(&store, calendar, false)),
        None => Reply::not_found("Calendar"),
    }
}

/// 403 for the resource's own "Bookings" calendar, which `/calendars` does not change.
fn system_calendar() -> Reply {
    Reply::error(
        StatusCode::FORBIDDEN,
        "The Bookings calendar of a resource cannot be changed or deleted.",
    )
}

/// `PUT /calendars/{id}` → 204; `name`, `description` and the colours.
pub(crate) fn update(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let mut errors = FieldErrors::default();
    let fields = calendar_fields(&request.body, &mut errors);
    if fields
        .name
        .as_deref()
        .is_some_and(|name| name.trim().is_empty())
    {
        errors.add("name", "The name field is required.");
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let now = Stamp::new(shared.clock.now());
    let mut store = shared.write();
    let Some(calendar) = store.calendars.make_mut(request.id()) else {
        return match store.calendar(request.id()) {
            Some(_) => system_calendar(),
            None => Reply::not_found("Calendar"),
        };
    };
    if let Some(name) = fields.name {
        calendar.display_name.clone_from(&name);
        calendar.name = name;
    }
    if fields.description.is_some() {
        calendar.description = fields.description;
    }
    if fields.foregroundcolor.is_some() {
        calendar.foregroundcolor = fields.foregroundcolor;
    }
    if fields.backgroundcolor.is_some() {
        calendar.backgroundcolor = fields.backgroundcolor;
    }
    calendar.updated_at = now;
    Reply::no_content()
}

/// `DELETE /calendars/{id}` → 204; its events go with it.
pub(crate) fn delete(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let mut store = shared.write();
    if store.remove_calendar(request.id()) {
        return Reply::no_content();
    }
    match store.calendar(request.id()) {
        Some(_) => system_calendar(),
        None => Reply::not_found("Calendar"),
    }
}

/// A time field read as the client's input (RFC 3339 or `Timekit-InputTimestampFormat`).
fn time_field(
    body: &Map<String, Value>,
    key: &str,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<Stamp> {
    let text = if required {
        required_string(body, key, key, errors)?
    } else {
        optional_string(body, key, key, errors)?
    };
    match parse_input(&text) {
        Ok(stamp) => Some(stamp),
        Err(why) => {
            errors.add(key, format!("The {key} {why}."));
            None
        }
    }
}

/// `participants`: at most [`MAX_PARTICIPANTS`] strings.
fn participants_field(body: &Map<String, Value>, errors: &mut FieldErrors) -> Option<Vec<Value>> {
    let items = optional_array(body, "participants", "participants", errors)?;
    if items.len() > MAX_PARTICIPANTS || items.iter().any(|item| !item.is_string()) {
        errors.add(
            "participants",
            format!("The participants must be at most {MAX_PARTICIPANTS} e-mail strings."),
        );
        return None;
    }
    Some(items.clone())
}

fn check_order(start: &Stamp, end: &Stamp, errors: &mut FieldErrors) {
    if end.ts() < start.ts() {
        errors.add("end", "The end must be a date after or equal to start.");
    }
}

/// `POST /events` → 201 `{"data": event}`: `calendar_id`, `start`, `end`, `what` and
/// `where` required.
pub(crate) fn create_event(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let calendar_id = required_string(body, "calendar_id", "calendar_id", &mut errors);
    let start = time_field(body, "start", true, &mut errors);
    let end = time_field(body, "end", true, &mut errors);
    let what = required_string(body, "what", "what", &mut errors);
    let location = required_string(body, "where", "where", &mut errors);
    let description = optional_string(body, "description", "description", &mut errors);
    let participants = participants_field(body, &mut errors);
    let invite = optional_bool(body, "invite", "invite", &mut errors);
    let all_day = optional_bool(body, "all_day", "all_day", &mut errors);
    let rsvp = optional_string(body, "my_rsvp", "my_rsvp", &mut errors);
    if rsvp.as_deref().is_some_and(|rsvp| !RSVP.contains(&rsvp)) {
        errors.add(
            "my_rsvp",
            format!("The my_rsvp must be one of {}.", RSVP.join(", ")),
        );
    }
    if let (Some(start), Some(end)) = (&start, &end) {
        check_order(start, end, &mut errors);
    }
    let (Some(calendar_id), Some(start), Some(end), Some(what), Some(location)) =
        (calendar_id, start, end, what, location)
    else {
        return Reply::invalid(&errors);
    };
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let now = Stamp::new(shared.clock.now());
    let mut store = shared.write();
    let Some(resource_id) = store
        .calendar(&calendar_id)
        .map(|calendar| calendar.resource_id.clone())
    else {
        return Reply::not_found("Calendar");
    };
    let event = Event {
        id: new_uuid(),
        seq: 0,
        calendar_id,
        resource_id,
        what,
        location,
        description,
        start,
        end,
        all_day: all_day.unwrap_or(false),
        rsvp: rsvp.unwrap_or_else(|| "accepted".to_owned()),
        invite: invite.unwrap_or(false),
        participants: participants.unwrap_or_default(),
        created_at: now.clone(),
        updated_at: now,
    };
    let id = event.id.clone();
    store.insert_event(event);
    match store.events.get(&id) {
        Some(event) => Reply::data(StatusCode::CREATED, &**event),
        None => Reply::not_found("Event"),
    }
}

/// `GET /events?start=&end=` → 200 `{"data": [events]}`: the events overlapping the window
/// (both required), oldest start first; `search` takes `calendar.id` and `resource.id`.
/// Not paginated.
pub(crate) fn list_events(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let mut window = |key: &str| match query.get(key) {
        None => {
            errors.add(key, format!("The {key} field is required."));
            None
        }
        Some(text) => match parse_input(text) {
            Ok(stamp) => Some(stamp.ts()),
            Err(why) => {
                errors.add(key, format!("The {key} {why}."));
                None
            }
        },
    };
    let (start, end) = (window("start"), window("end"));
    let criteria = parse_criteria(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    let (mut calendar, mut resource) = (None, None);
    for (key, value) in &criteria {
        match *key {
            "calendar.id" | "calendar_id" => calendar = Some(*value),
            "resource.id" | "resource_id" => resource = Some(*value),
            other => errors.add(
                "search",
                format!("The search field '{other}' is not searchable."),
            ),
        }
    }
    let (Some(start), Some(end)) = (start, end) else {
        return Reply::invalid(&errors);
    };
    if end < start {
        errors.add("end", "The end must be a date after or equal to start.");
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let store = shared.read();
    let mut events: Vec<&Arc<Event>> = store
        .events
        .values()
        .filter(|event| event.overlaps(start, end) || (start == end && event.start.ts() == start))
        .filter(|event| calendar.is_none_or(|id| event.calendar_id == id))
        .filter(|event| resource.is_none_or(|id| event.resource_id == id))
        .collect();
    events.sort_by(|a, b| a.start.ts().cmp(&b.start.ts()).then(a.seq.cmp(&b.seq)));
    let events: Vec<&Event> = events.into_iter().map(|event| &**event).collect();
    Reply::data(StatusCode::OK, &events)
}

/// `GET /events/{id}` → 200 `{"data": event}`.
pub(crate) fn get_event(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let store = shared.read();
    match store.events.get(request.id()) {
        Some(event) => Reply::data(StatusCode::OK, &**event),
        None => Reply::not_found("Event"),
    }
}

/// `PUT /events/{id}` → 204: `start`, `end`, `what`, `where`, `description`,
/// `participants`, `all_day`. Moving an event moves its busy time.
pub(crate) fn update_event(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let start = time_field(body, "start", false, &mut errors);
    let end = time_field(body, "end", false, &mut errors);
    let what = optional_string(body, "what", "what", &mut errors);
    let location = optional_string(body, "where", "where", &mut errors);
    let description = optional_string(body, "description", "description", &mut errors);
    let participants = participants_field(body, &mut errors);
    let all_day = optional_bool(body, "all_day", "all_day", &mut errors);
    for (key, value) in [("what", &what), ("where", &location)] {
        if value.as_deref().is_some_and(|text| text.trim().is_empty()) {
            errors.add(key, format!("The {key} field is required."));
        }
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let now = Stamp::new(shared.clock.now());
    let mut store = shared.write();
    let Some(old) = store.events.get(request.id()).cloned() else {
        return Reply::not_found("Event");
    };
    let mut event = (*old).clone();
    if let Some(start) = start {
        event.start = start;
    }
    if let Some(end) = end {
        event.end = end;
    }
    check_order(&event.start, &event.end, &mut errors);
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    if let Some(what) = what {
        event.what = what;
    }
    if let Some(location) = location {
        event.location = location;
    }
    if description.is_some() {
        event.description = description;
    }
    if let Some(participants) = participants {
        event.participants = participants;
    }
    if let Some(all_day) = all_day {
        event.all_day = all_day;
    }
    event.updated_at = now;
    // Re-indexed under its (possibly new) times; the sequence number stays.
    store.remove_event(&event.id);
    store.insert_event(event);
    Reply::no_content()
}

/// `DELETE /events/{id}` → 204; its time is free again.
pub(crate) fn delete_event(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    match shared.write().remove_event(request.id()) {
        Some(_) => Reply::no_content(),
        None => Reply::not_found("Event"),
    }
}
