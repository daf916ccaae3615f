//! The emulator's control API over HTTP (issue 18): `/__emulator/…`, outside `/v2`: the
//! clock, fault rules, reset, seeding, request counters and the webhook delivery log.
//!
//! The lines are in the one route table (`crate::routes`, access `control`), so dispatch,
//! 405s and `Allow` come from it like for every route. Who may call them is decided in the
//! server (`ControlAccess`): on by default only on loopback, never with the API key, and with
//! the control token when one is configured. Answers are bare JSON (no `data` envelope):
//! they are the emulator's, not Timekit's.

use http::{HeaderMap, HeaderValue, StatusCode};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};

use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::faults::json::{rule_from_json, rule_to_json};
use crate::handle::{SeedError, object, seed_booking_in, seed_resource_in};
use crate::server::auth::constant_time_eq;
use crate::shared::Shared;

/// The header that may carry the control token instead of `Authorization: Bearer`.
pub(crate) const TOKEN_HEADER: &str = "x-emulator-token";

/// Whether the control API is served, and the token it wants.
#[derive(Debug, Clone, Default)]
pub(crate) struct ControlAccess {
    pub(crate) enabled: bool,
    pub(crate) token: Option<String>,
}

/// Why a control request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Control is off: the paths do not exist (404).
    Disabled,
    /// The API key was sent, or the token is missing or wrong (401).
    Unauthorized,
}

impl ControlAccess {
    /// Checks a control request's headers. `sends_api_key`: the request authenticates with
    /// the app's API key, which the control API always refuses. `token_free`: the path is
    /// the dashboard's page, which carries no data and is served to anyone while control is
    /// on (a browser cannot send the token when it opens a URL).
    pub(crate) fn check(
        &self,
        headers: &HeaderMap,
        sends_api_key: bool,
        token_free: bool,
    ) -> Result<(), Refusal> {
        if !self.enabled {
            return Err(Refusal::Disabled);
        }
        if token_free {
            return Ok(());
        }
        if sends_api_key {
            return Err(Refusal::Unauthorized);
        }
        let Some(token) = &self.token else {
            return Ok(());
        };
        let bearer = headers
            .get(http::header::AUTHORIZATION)
            .map(HeaderValue::as_bytes)
            .and_then(|value| {
                let split = value.iter().position(|b| *b == b' ')?;
                let (scheme, rest) = value.split_at(split);
                scheme
                    .eq_ignore_ascii_case(b"bearer")
                    .then(|| rest.trim_ascii())
            });
        let header = headers.get(TOKEN_HEADER).map(|v| v.as_bytes().trim_ascii());
        let sent = [bearer, header];
        if sent
            .into_iter()
            .flatten()
            .any(|sent| constant_time_eq(sent, token.as_bytes()))
        {
            Ok(())
        } else {
            Err(Refusal::Unauthorized)
        }
    }
}

/// `{"now": …, "fixed": bool}`.
fn clock_state(shared: &Shared) -> Value {
    clock_state_at(shared, shared.clock.now())
}

/// [`clock_state`] with `now` read once by the caller (the dashboard's overview shows the
/// same moment it computes booking states at).
pub(crate) fn clock_state_at(shared: &Shared, now: Timestamp) -> Value {
    json!({ "now": now.to_string(), "fixed": shared.clock.is_fixed() })
}

/// `GET /__emulator/clock`.
pub(crate) fn clock_get(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    Reply::body(StatusCode::OK, &clock_state(shared))
}

/// `PUT /__emulator/clock` `{"now": "<RFC 3339>"}`: moves the clock there (a fixed clock
/// stays fixed, a system clock keeps flowing from there, as `EmulatorClock::set`).
pub(crate) fn clock_set(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let Some(at) = request
        .body
        .get("now")
        .and_then(Value::as_str)
        .and_then(|text| text.parse::<Timestamp>().ok())
    else {
        return Reply::invalid_field("now", "The now field must be an RFC 3339 timestamp.");
    };
    shared.clock.set(at);
    Reply::body(StatusCode::OK, &clock_state(shared))
}

/// `POST /__emulator/clock/advance` `{"seconds": n}` (negative moves it back).
pub(crate) fn clock_advance(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let seconds = request.body.get("seconds");
    let by = match seconds {
        Some(Value::Number(n)) => n.as_i64().map(SignedDuration::from_secs).or_else(|| {
            n.as_f64()
                .and_then(|f| SignedDuration::try_from_secs_f64(f).ok())
        }),
        _ => None,
    };
    let Some(by) = by else {
        return Reply::invalid_field("seconds", "The seconds field must be a number.");
    };
    shared.clock.advance(by);
    Reply::body(StatusCode::OK, &clock_state(shared))
}

/// `GET /__emulator/requests`: every non-zero counter of `/v2` requests, keyed
/// `"METHOD /template"` as `EmulatorHandle::request_counts` gives them, and the last
/// requests (method, template, status, time; no bodies, queries or credentials).
pub(crate) fn requests(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    Reply::body(
        StatusCode::OK,
        &json!({
            "counts": shared.stats.snapshot(),
            "log": shared.request_log.entries(),
        }),
    )
}

/// `DELETE /__emulator/requests`: every counter back to zero, the log emptied.
pub(crate) fn requests_reset(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    shared.stats.reset();
    shared.request_log.clear();
    Reply::no_content()
}

/// `GET /__emulator/webhooks/deliveries`: the webhook delivery log, oldest first.
pub(crate) fn webhook_deliveries(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    Reply::body(
        StatusCode::OK,
        &json!({ "deliveries": shared.webhooks.deliveries() }),
    )
}

/// `GET /__emulator/faults`: the active rules in order, and how many faults were injected.
pub(crate) fn faults_list(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    Reply::body(StatusCode::OK, &faults_state(shared))
}

/// `{"rules": [...], "injected": n}`: the fault rules in order and the faults injected.
pub(crate) fn faults_state(shared: &Shared) -> Value {
    let rules: Vec<Value> = shared.faults.rules().iter().map(rule_to_json).collect();
    json!({ "rules": rules, "injected": shared.faults.injected() })
}

/// `POST /__emulator/faults`: adds one rule after the existing ones (201 with the rule).
pub(crate) fn faults_add(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    match rule_from_json(&request.body) {
        Ok(rule) => {
            let answer = rule_to_json(&rule);
            shared.faults.push(rule);
            Reply::body(StatusCode::CREATED, &answer)
        }
        Err((field, message)) => Reply::invalid_field(&field, &message),
    }
}

/// `DELETE /__emulator/faults`: removes every rule.
pub(crate) fn faults_clear(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    shared.faults.clear();
    Reply::no_content()
}

/// `POST /__emulator/reset`: empties the store (resources, bookings, calendars, events,
/// projects, webhooks, credentials…), zeroes the request counters and empties the request
/// log; keeps the app, its
/// keys, the invite directory, the clock and the fault rules (`DELETE /__emulator/faults`
/// clears those).
pub(crate) fn reset(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    shared.write().reset();
    shared.stats.reset();
    shared.request_log.clear();
    Reply::no_content()
}

/// `POST /__emulator/seed` `{"resources": [POST /resources body…], "bookings": [POST /bookings
/// body…]}` → 201 `{"resources": [id…], "bookings": [id…]}`. Resources are stored first; a
/// booking may name one of them by `"resource_index": n` instead of `resource_id`. Validated
/// as the endpoints do, all or nothing: on the first refusal nothing of this call stays, and
/// the 422 carries the endpoint's error body plus `"at": "bookings[2]"`.
pub(crate) fn seed(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let list = |name: &str| -> Result<Vec<Value>, Reply> {
        match request.body.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items.clone()),
            Some(_) => Err(Reply::invalid_field(
                name,
                &format!("The {name} field must be an array of objects."),
            )),
        }
    };
    let (resources, bookings) = match (list("resources"), list("bookings")) {
        (Ok(resources), Ok(bookings)) => (resources, bookings),
        (Err(refusal), _) | (_, Err(refusal)) => return refusal,
    };
    let now = shared.clock.now();
    let mut store = shared.write();
    let mut resource_ids: Vec<String> = Vec::with_capacity(resources.len());
    let mut booking_ids: Vec<String> = Vec::with_capacity(bookings.len());
    let seeded = || -> Result<(), (String, SeedError)> {
        for (index, body) in resources.into_iter().enumerate() {
            let at = || format!("resources[{index}]");
            let body = object(body).map_err(|error| (at(), error))?;
            let id = seed_resource_in(&mut store, &body, now).map_err(|error| (at(), error))?;
            resource_ids.push(id);
        }
        for (index, body) in bookings.into_iter().enumerate() {
            let at = || format!("bookings[{index}]");
            let mut body = object(body).map_err(|error| (at(), error))?;
            if let Some(reference) = body.remove("resource_index") {
                let id = reference
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .and_then(|n| resource_ids.get(n))
                    .ok_or_else(|| {
                        (
                            at(),
                            SeedError {
                                body: json!({"errors": {"resource_index": [
                                    "The resource_index must be the index of a seeded resource."
                                ]}}),
                            },
                        )
                    })?;
                body.insert("resource_id".to_owned(), Value::String(id.clone()));
            }
            let id = seed_booking_in(&mut store, &body, now).map_err(|error| (at(), error))?;
            booking_ids.push(id);
        }
        Ok(())
    };
    match seeded() {
        Ok(()) => Reply::body(
            StatusCode::CREATED,
            &json!({"resources": resource_ids, "bookings": booking_ids}),
        ),
        Err((at, error)) => {
            // All or nothing: what this call stored is taken back.
            for id in &booking_ids {
                store.remove_booking(id);
            }
            for id in &resource_ids {
                store.remove_resource(id);
            }
            let mut body = match error.body {
                Value::Object(body) => body,
                other => Map::from_iter([("error".to_owned(), other)]),
            };
            body.insert("at".to_owned(), Value::String(at));
            Reply::body(StatusCode::UNPROCESSABLE_ENTITY, &body)
        }
    }
}
