//! The emulator's control API over HTTP (issue 18): `/__emulator/…`, outside `/v2`: the
//! clock, fault rules, request counters and the webhook delivery log.
//!
//! The lines are in the one route table (`crate::routes`, access `control`), so dispatch,
//! 405s and `Allow` come from it like for every route. Who may call them is decided in the
//! server (`ControlAccess`): on by default only on loopback, never with the API key, and with
//! the control token when one is configured. Answers are bare JSON (no `data` envelope):
//! they are the emulator's, not Timekit's.

use http::{HeaderMap, HeaderValue, StatusCode};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::faults::json::{rule_from_json, rule_to_json};
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
    /// the app's API key, which the control API always refuses.
    pub(crate) fn check(&self, headers: &HeaderMap, sends_api_key: bool) -> Result<(), Refusal> {
        if !self.enabled {
            return Err(Refusal::Disabled);
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
    json!({
        "now": shared.clock.now().to_string(),
        "fixed": shared.clock.is_fixed(),
    })
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
/// `"METHOD /template"` as `EmulatorHandle::request_counts` gives them.
pub(crate) fn requests(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    Reply::body(
        StatusCode::OK,
        &json!({ "counts": shared.stats.snapshot() }),
    )
}

/// `DELETE /__emulator/requests`: every counter back to zero.
pub(crate) fn requests_reset(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    shared.stats.reset();
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
    let rules: Vec<Value> = shared.faults.rules().iter().map(rule_to_json).collect();
    Reply::body(
        StatusCode::OK,
        &json!({ "rules": rules, "injected": shared.faults.injected() }),
    )
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
/// projects, webhooks, credentials…) and zeroes the request counters; keeps the app, its
/// keys, the invite directory, the clock and the fault rules (`DELETE /__emulator/faults`
/// clears those).
pub(crate) fn reset(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    shared.write().reset();
    shared.stats.reset();
    Reply::no_content()
}
