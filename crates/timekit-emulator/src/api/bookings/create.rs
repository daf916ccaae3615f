//! `POST /bookings`: validation, the initial action, double-booking and group-seat rules.

use http::StatusCode;
use jiff::Timestamp;
use serde_json::{Map, Value};

use super::render;
use crate::api::ApiRequest;
use crate::api::fields::{
    email_field, optional_bool, optional_object, optional_string, required_string, timezone_field,
};
use crate::api::reply::{FieldErrors, Reply, SLOT_TAKEN, illegal_action_message};
use crate::graph::{Graph, State};
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::store::{Booking, BookingIncludes, Store};
use crate::time::{Stamp, parse_input};

/// The graph step whose validation refuses a booking's data (booking.js's captured 422).
const SAVE_STEP: &str = "save_booking_data";

/// Why a booking was not created.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CreateError {
    /// 422 `{"errors": {...}}`.
    Invalid(FieldErrors),
    /// 422 `{"error": "Cannot apply action '<a>' to current state 'initialized'"}`.
    IllegalAction(String),
}

impl CreateError {
    pub(crate) fn reply(&self) -> Reply {
        match self {
            CreateError::Invalid(errors) => Reply::invalid_in_step(errors, SAVE_STEP),
            CreateError::IllegalAction(action) => {
                Reply::illegal_action(action, State::Initialized.name())
            }
        }
    }

    /// The per-item error object of a bulk response.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            CreateError::Invalid(errors) => {
                serde_json::json!({ "errors": errors, "action": SAVE_STEP })
            }
            CreateError::IllegalAction(action) => serde_json::json!({
                "error": illegal_action_message(action, State::Initialized.name())
            }),
        }
    }

    /// Adds this error under `prefix` to a combined validation map (bulk `delete_all_on_error`).
    pub(crate) fn merge_into(&self, prefix: &str, errors: &mut FieldErrors) {
        match self {
            CreateError::Invalid(item) => errors.merge_prefixed(prefix, item.clone()),
            CreateError::IllegalAction(action) => errors.add(
                format!("{prefix}.action"),
                illegal_action_message(action, State::Initialized.name()),
            ),
        }
    }
}

/// Whether to refuse overlapping blocking bookings (HTTP creates do; fast seeding does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Conflicts {
    Check,
    Skip,
}

/// Where a group seat comes from: the owner's slot.
struct Owner {
    id: String,
    resource_id: String,
    start: Stamp,
    end: Stamp,
}

/// Validates a create payload against the store and builds the booking in the state its
/// initial action leads to (not yet stored).
pub(crate) fn build_booking(
    store: &Store,
    body: &Map<String, Value>,
    now: Timestamp,
    conflicts: Conflicts,
) -> Result<Booking, CreateError> {
    let mut errors = FieldErrors::default();
    // 2016-era payloads nest the event fields under `event`; top-level fields win.
    let event = optional_object(body, "event", "event", &mut errors);
    let field = |key: &str| -> Option<&Value> {
        body.get(key)
            .filter(|value| !value.is_null())
            .or_else(|| event.and_then(|event| event.get(key)))
    };

    let graph = required_string(body, "graph", "graph", &mut errors).and_then(|name| {
        // Reservations are made with `POST /bookings/reserve`, which sets their hold.
        let graph = Graph::parse(&name).filter(|graph| *graph != Graph::Reservation);
        if graph.is_none() {
            errors.add("graph", "The selected graph is invalid.");
        }
        graph
    });
    let owner = graph
        .filter(|graph| graph.is_group_seat())
        .and_then(|_| group_owner(store, body, now, &mut errors));

    let resource_id = resource_for(store, body, owner.as_ref(), &mut errors);
    let (start, end) = event_window(field("start"), field("end"), owner.as_ref(), &mut errors);

    let mut texts = Map::new();
    for key in ["what", "where", "description", "calendar_id", "project_id"] {
        if let Some(value) = field(key) {
            texts.insert(key.to_owned(), value.clone());
        }
    }
    let what = optional_string(&texts, "what", "what", &mut errors);
    let location = optional_string(&texts, "where", "where", &mut errors);
    let description = optional_string(&texts, "description", "description", &mut errors);
    let calendar_id = optional_string(&texts, "calendar_id", "calendar_id", &mut errors);
    if calendar_id.as_deref().is_some_and(|id| !is_uuid(id)) {
        // Key and text as in Timekit's answer (booking.js mock `createBookingWithError`).
        errors.add("event", "calendar id must be a valid UUID");
    }
    let project_id = optional_string(&texts, "project_id", "project_id", &mut errors);

    let customer = customer(body, graph.is_some_and(Graph::needs_customer), &mut errors);
    let meta = optional_object(body, "meta", "meta", &mut errors)
        .cloned()
        .unwrap_or_default();
    let settings = optional_object(body, "settings", "settings", &mut errors)
        .cloned()
        .unwrap_or_default();
    let allow_double = optional_bool(
        &settings,
        "allow_double_bookings",
        "settings.allow_double_bookings",
        &mut errors,
    )
    .unwrap_or(false);
    if let Some(max_seats) = settings.get("max_seats").filter(|value| !value.is_null()) {
        if max_seats.as_u64().is_none_or(|seats| seats == 0) {
            errors.add(
                "settings.max_seats",
                "The settings.max_seats must be a positive integer.",
            );
        }
    }
    let auto_complete = optional_object(
        body,
        "auto_complete_one_hour_after_booking_ends",
        "auto_complete_one_hour_after_booking_ends",
        &mut errors,
    )
    .and_then(|object| {
        optional_bool(
            object,
            "enabled",
            "auto_complete_one_hour_after_booking_ends.enabled",
            &mut errors,
        )
    })
    .unwrap_or(true);
    let action = optional_string(body, "action", "action", &mut errors);

    let (Some(graph), Some(resource_id), Some(start), Some(end)) = (graph, resource_id, start, end)
    else {
        return Err(CreateError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CreateError::Invalid(errors));
    }

    let action = action.unwrap_or_else(|| graph.default_initial_action().to_owned());
    let Some(initial) = graph.user_transition(State::Initialized, &action) else {
        return Err(CreateError::IllegalAction(action));
    };

    if conflicts == Conflicts::Check
        && !allow_double
        && !graph.is_group_seat()
        && graph.blocks(initial.to)
        && store.slot_taken(&resource_id, start.ts(), end.ts(), None, now)
    {
        let mut errors = FieldErrors::default();
        errors.add("start", SLOT_TAKEN);
        return Err(CreateError::Invalid(errors));
    }

    let created = Stamp::new(now);
    let mut booking = Booking {
        id: new_uuid(),
        seq: 0,
        resource_id,
        graph,
        state: State::Initialized,
        start,
        end,
        what,
        location,
        description,
        calendar_id,
        project_id,
        customers: customer.into_iter().collect(),
        meta,
        settings,
        owner_booking_id: owner.map(|owner| owner.id),
        auto_complete,
        bulk_group: None,
        expires_at: None,
        created_at: created.clone(),
        updated_at: created,
        logs: Vec::new(),
    };
    booking.apply(initial, now, body.get(initial.action).cloned());
    // A booking whose end lies more than an hour in the past completes right away.
    booking.apply_due(now);
    Ok(booking)
}

/// `8-4-4-4-12` hexadecimal digits, any case.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The owner booking of a group seat (`related.owner_booking_id`), checked for free seats.
fn group_owner(
    store: &Store,
    body: &Map<String, Value>,
    now: Timestamp,
    errors: &mut FieldErrors,
) -> Option<Owner> {
    const FIELD: &str = "related.owner_booking_id";
    let empty = Map::new();
    let related = optional_object(body, "related", "related", errors).unwrap_or(&empty);
    let owner_id = required_string(related, "owner_booking_id", FIELD, errors)?;
    let Some(owner) = store
        .bookings
        .get(&owner_id)
        .filter(|b| b.graph == Graph::GroupOwner)
    else {
        errors.add(FIELD, format!("The selected {FIELD} is invalid."));
        return None;
    };
    if owner.graph.is_final(owner.state_at(now)) {
        errors.add(FIELD, "The group booking is no longer open.");
        return None;
    }
    let max_seats = owner.settings.get("max_seats").and_then(Value::as_u64);
    if max_seats.is_some_and(|max| store.seats_taken(&owner.id, now) as u64 >= max) {
        errors.add(FIELD, "The group booking is full.");
        return None;
    }
    Some(Owner {
        id: owner.id.clone(),
        resource_id: owner.resource_id.clone(),
        start: owner.start.clone(),
        end: owner.end.clone(),
    })
}

/// `resource_id`: required and known; a group seat defaults to (and must match) its owner's.
fn resource_for(
    store: &Store,
    body: &Map<String, Value>,
    owner: Option<&Owner>,
    errors: &mut FieldErrors,
) -> Option<String> {
    let given = match (owner, body.get("resource_id")) {
        (Some(owner), None | Some(Value::Null)) => return Some(owner.resource_id.clone()),
        _ => required_string(body, "resource_id", "resource_id", errors)?,
    };
    if owner.is_some_and(|owner| owner.resource_id != given) {
        errors.add(
            "resource_id",
            "The resource_id must be the owner booking's resource.",
        );
        return None;
    }
    if !store.resources.contains_key(&given) {
        errors.add("resource_id", "The selected resource_id is invalid.");
        return None;
    }
    Some(given)
}

/// `start`/`end`: RFC 3339, end after start; a group seat defaults to its owner's times.
fn event_window(
    start: Option<&Value>,
    end: Option<&Value>,
    owner: Option<&Owner>,
    errors: &mut FieldErrors,
) -> (Option<Stamp>, Option<Stamp>) {
    let mut read = |key: &str, value: Option<&Value>, fallback: Option<&Stamp>| match value {
        None if fallback.is_some() => fallback.cloned(),
        None => {
            errors.add(key, format!("The {key} field is required."));
            None
        }
        Some(Value::String(text)) => match parse_input(text) {
            Ok(stamp) => Some(stamp),
            Err(why) => {
                errors.add(key, format!("The {key} {why}."));
                None
            }
        },
        Some(_) => {
            errors.add(key, format!("The {key} is not a valid RFC 3339 date."));
            None
        }
    };
    let start = read("start", start, owner.map(|owner| &owner.start));
    let end = read("end", end, owner.map(|owner| &owner.end));
    if let (Some(start), Some(end)) = (&start, &end) {
        if end.ts() <= start.ts() {
            errors.add("end", "The end must be a date after start.");
            return (None, None);
        }
    }
    (start, end)
}

/// The `customer` object: name and a valid e-mail when the graph has a customer.
fn customer(
    body: &Map<String, Value>,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<Map<String, Value>> {
    let customer = match optional_object(body, "customer", "customer", errors) {
        Some(customer) => customer,
        None if required && !errors.has("customer") => {
            errors.add("customer.name", "The customer.name field is required.");
            errors.add("customer.email", "The customer.email field is required.");
            return None;
        }
        None => return None,
    };
    if required {
        required_string(customer, "name", "customer.name", errors);
    } else {
        optional_string(customer, "name", "customer.name", errors);
    }
    email_field(customer, "email", "customer.email", required, errors);
    timezone_field(customer, "timezone", "customer.timezone", false, errors);
    let mut stored = Map::with_capacity(customer.len() + 1);
    stored.insert("id".to_owned(), Value::String(new_uuid()));
    stored.extend(
        customer
            .iter()
            .map(|(key, value)| (key.clone(), value.clone())),
    );
    Some(stored)
}

/// `POST /bookings` → 201 `{"data": Booking}`.
pub(crate) fn create(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let includes = BookingIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let snapshot = {
        let mut store = shared.write();
        // `project_id` and `reservation_id` defaults (timekit-api-more.md §5.3.5, §6.2).
        let prepared = match super::reserve::prepare_create(&mut store, &request.body, now) {
            Ok(prepared) => prepared,
            Err(reply) => return reply,
        };
        match build_booking(&store, &prepared.body, now, Conflicts::Check) {
            Ok(booking) => {
                let id = booking.id.clone();
                store.insert_booking(booking);
                prepared.commit(&mut store, &id);
                store.snapshot_of(&id, includes, now)
            }
            Err(error) => {
                prepared.rollback(&mut store);
                return error.reply();
            }
        }
    };
    render(snapshot, StatusCode::CREATED)
}
