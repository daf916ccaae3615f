//! One request, start to finish: counting, faults, routing, auth, body, handler, headers.

use std::sync::Arc;

use http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, AUTHORIZATION, CACHE_CONTROL,
    CONNECTION, CONTENT_LENGTH, HOST, HeaderName, HeaderValue, ORIGIN, VARY,
};
use http::request::Parts;
use http::{HeaderMap, Method, Request, Response, StatusCode, Version};
use hyper::body::Incoming;
use jiff::tz::TimeZone;
use serde_json::Map;

use super::body::read_json_object;
use super::rate::Refusal;
use crate::api::ApiRequest;
use crate::api::query::Query;
use crate::api::reply::Reply;
use crate::control::Refusal as ControlRefusal;
use crate::faults::{self, EmuBody, FaultAbort};
use crate::ids::new_uuid;
use crate::routes::{Access, Verb, resolve};
use crate::shared::Shared;
use crate::stats::LoggedRequest;
use crate::time;

const REQUEST_ID: HeaderName = HeaderName::from_static("timekit-request-id");
const TEST_MODE: HeaderName = HeaderName::from_static("timekit-testmode");
const RATE_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// What a browser may send (`Access-Control-Allow-Headers` of a preflight).
const CORS_HEADERS: &str = "Authorization, Content-Type, Accept, X-Requested-With, Timekit-App, \
     Timekit-Context, Timekit-InputTimestampFormat, Timekit-OutputTimestampFormat, Timekit-Timezone";
/// The methods the API answers (`Access-Control-Allow-Methods` of a preflight).
const CORS_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
/// The headers a browser may read, as in Timekit's captured answer.
const CORS_EXPOSED: &str = "Timekit-TestMode";
const OUTPUT_FORMAT: &str = "Timekit-OutputTimestampFormat";
const INPUT_FORMAT: &str = "Timekit-InputTimestampFormat";
const TIMEZONE: &str = "Timekit-Timezone";
const TIMEKIT_APP: &str = "Timekit-App";

/// Serves one request. `Err` (only from fault injection) makes hyper drop the connection.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<EmuBody>, FaultAbort> {
    let path = request.uri().path();
    let matched = resolve(path);
    // Control requests are neither counted nor faulted: they drive the emulator.
    let is_control = matched
        .as_ref()
        .is_some_and(|matched| matched.template.is_control());
    let verb = Verb::of(request.method());
    // Counted before faults apply, so tests can count a client's attempts.
    let logged = matched.filter(|_| !is_control).map(|matched| {
        shared.stats.record(matched.template, verb);
        (matched.template.template(), shared.clock.now())
    });
    // Control answers never name another origin as allowed: a page elsewhere must not read
    // the emulator's state (the dashboard is same-origin and needs no CORS).
    let origin = request
        .headers()
        .get(ORIGIN)
        .filter(|_| !is_control)
        .cloned();
    let fault = if is_control {
        None
    } else {
        shared.faults.take_matching(request.method(), path)
    };
    let result = match fault {
        None => Ok(respond(&shared, request).await),
        Some(fault) => faults::apply(fault, respond(&shared, request)).await,
    };
    if let Some((template, at)) = logged {
        shared.request_log.record(LoggedRequest {
            method: verb.name(),
            template,
            status: result
                .as_ref()
                .ok()
                .map(|response| response.status().as_u16()),
            at: at.to_string(),
        });
    }
    let mut response = result?;
    stamp_headers(&shared, &mut response, origin);
    Ok(response)
}

/// A CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method` on a path
/// the API has. Browsers send it without credentials, so it is answered before auth.
fn is_preflight(parts: &Parts) -> bool {
    parts.method == Method::OPTIONS
        && parts.headers.contains_key(ORIGIN)
        && parts.headers.contains_key(ACCESS_CONTROL_REQUEST_METHOD)
        // Not on the control API: a page of another origin must not drive the emulator.
        && resolve(parts.uri.path()).is_some_and(|matched| !matched.template.is_control())
}

/// 200 with no body: the origin, methods and headers a browser may use (`Origin` is echoed
/// by [`stamp_headers`]).
fn preflight() -> Response<EmuBody> {
    let mut response = Reply::no_content().into_response();
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(CORS_METHODS),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(CORS_HEADERS),
    );
    headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    response
}

async fn respond(shared: &Shared, request: Request<Incoming>) -> Response<EmuBody> {
    let (parts, body) = request.into_parts();
    if is_preflight(&parts) {
        return preflight();
    }
    let mut response = reply(shared, &parts, body).await.into_response();
    if response.status() == StatusCode::REQUEST_TIMEOUT {
        // The rest of a late body may still arrive: it must not be read as the next request.
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// HTTP/1.1 requires exactly one `Host` (RFC 9112 §3.2); the emulator builds page links from
/// it, so a missing or doubled one is refused rather than guessed.
fn host_problem(parts: &Parts) -> Option<Reply> {
    if parts.version != Version::HTTP_11 {
        return None;
    }
    let hosts = parts.headers.get_all(HOST).iter().count();
    (hosts != 1).then(|| {
        Reply::error(
            StatusCode::BAD_REQUEST,
            "An HTTP/1.1 request must carry exactly one Host header.",
        )
    })
}

async fn reply(shared: &Shared, parts: &Parts, body: Incoming) -> Reply {
    if let Some(refusal) = host_problem(parts) {
        return refusal;
    }
    // HEAD is answered like GET; hyper leaves the body out and keeps its length.
    let verb = match parts.method {
        Method::HEAD => Verb::Get,
        _ => Verb::of(&parts.method),
    };
    let Some(matched) = resolve(parts.uri.path()) else {
        return Reply::error(StatusCode::NOT_FOUND, "Not found");
    };
    if matched.template.is_control() {
        let sends_api_key = shared.admits(Access::ApiKey, parts.headers.get(AUTHORIZATION));
        let token_free = matched.template.is_token_free();
        match shared
            .control
            .check(&parts.headers, sends_api_key, token_free)
        {
            Ok(()) => {}
            Err(ControlRefusal::Disabled) => {
                return Reply::error(StatusCode::NOT_FOUND, "Not found");
            }
            Err(ControlRefusal::Unauthorized) => {
                return Reply::error(
                    StatusCode::UNAUTHORIZED,
                    "The emulator's control API needs its control token, never the API key.",
                );
            }
        }
    }
    let Some(route) = matched.template.route(verb) else {
        return Reply::method_not_allowed(matched.template.allow());
    };
    if let Some(refusal) = state_refusal(shared, route.access) {
        return refusal;
    }
    let authorization = parts.headers.get(AUTHORIZATION);
    let mut principal = None;
    if route.access != Access::Control && !shared.admits(route.access, authorization) {
        // The legacy resource key, on the routes that take it (timekit-api-more.md §3.2).
        principal = (route.access == Access::ResourceKey)
            .then(|| shared.resource_key(authorization, parts.headers.get(TIMEKIT_APP)))
            .flatten();
        if principal.is_none() {
            return Reply::error(StatusCode::UNAUTHORIZED, "Invalid credentials supplied");
        }
    }
    if !matches!(route.access, Access::Public | Access::Control) {
        if let Err(refusal) = shared.rate.admit(shared.clock.now()) {
            let status = match refusal {
                Refusal::QuotaExceeded => StatusCode::TOO_MANY_REQUESTS,
                Refusal::BucketEmpty => StatusCode::SERVICE_UNAVAILABLE,
            };
            return Reply::error(status, "Too many requests");
        }
    }
    let body = if verb.has_body() {
        let read = read_json_object(
            body,
            parts.headers.get(CONTENT_LENGTH),
            shared.max_body_chars,
            route.array_body,
        );
        match tokio::time::timeout(shared.limits.body_timeout, read).await {
            Ok(Ok(object)) => object,
            Ok(Err(reply)) => return reply,
            Err(_) => {
                return Reply::error(
                    StatusCode::REQUEST_TIMEOUT,
                    &format!(
                        "The request body did not arrive within {} ms.",
                        shared.limits.body_timeout.as_millis()
                    ),
                );
            }
        }
    } else {
        Map::new()
    };
    let formats = match request_formats(&parts.headers) {
        Ok(formats) => formats,
        Err(refusal) => return refusal,
    };
    let request = ApiRequest {
        params: matched.params,
        query: Query::parse(parts.uri.query()),
        body,
        host: parts.headers.get(HOST).and_then(|host| host.to_str().ok()),
        principal,
    };
    // Handlers are synchronous and serialize before returning: the formats hold for the
    // whole answer.
    let reply = time::with_request_formats(formats, || (route.handler)(shared, &request));
    // A write the state file could not save is not acknowledged (nor anything after it).
    state_refusal(shared, route.access).unwrap_or(reply)
}

/// 503 for the API once the state file failed to save a write: memory is then ahead of the
/// file, and answering as if nothing happened would acknowledge writes a restart loses. The
/// control API stays up to look at the emulator.
fn state_refusal(shared: &Shared, access: Access) -> Option<Reply> {
    if access == Access::Control {
        return None;
    }
    let problem = shared.state_failure()?;
    Some(Reply::error(
        StatusCode::SERVICE_UNAVAILABLE,
        &format!(
            "The emulator could not save its state file, so it accepts no more requests; restart it. ({problem})"
        ),
    ))
}

/// `Timekit-OutputTimestampFormat`, `Timekit-InputTimestampFormat` and `Timekit-Timezone`.
/// An unknown zone or a header that is not text is a 422 naming the header.
fn request_formats(headers: &HeaderMap) -> Result<time::Output, Reply> {
    let text = |name: &'static str| -> Result<Option<String>, Reply> {
        match headers.get(name) {
            None => Ok(None),
            Some(value) => match value.to_str() {
                Ok(text) if !text.trim().is_empty() => Ok(Some(text.trim().to_owned())),
                Ok(_) => Ok(None),
                Err(_) => Err(Reply::invalid_field(
                    name,
                    &format!("The {name} header must be plain text."),
                )),
            },
        }
    };
    let zone = match text(TIMEZONE)? {
        None => None,
        Some(name) => Some(TimeZone::get(&name).map_err(|_| {
            Reply::invalid_field(
                TIMEZONE,
                &format!("The {TIMEZONE} header \"{name}\" is not a known IANA time zone."),
            )
        })?),
    };
    Ok(time::Output {
        format: text(OUTPUT_FORMAT)?,
        zone,
        input_format: text(INPUT_FORMAT)?,
    })
}

/// Headers every answer carries, including fault-injected ones (unless the fault set them):
/// the request id, test mode, the rate-limit allowance left, and Timekit's CORS and cache
/// headers (`Vary: Origin`, `Cache-Control: no-cache`, `Access-Control-Expose-Headers`;
/// `Access-Control-Allow-Origin` echoing the request's `Origin` when it sent one).
fn stamp_headers(shared: &Shared, response: &mut Response<EmuBody>, origin: Option<HeaderValue>) {
    let headers = response.headers_mut();
    if !headers.contains_key(RATE_REMAINING) {
        let remaining = shared.rate.remaining(shared.clock.now());
        headers.insert(RATE_REMAINING, HeaderValue::from(remaining));
    }
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    headers.append(VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(CORS_EXPOSED),
    );
    if let Some(origin) = origin {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    if !headers.contains_key(REQUEST_ID) {
        if let Ok(id) = HeaderValue::from_str(&new_uuid()) {
            headers.insert(REQUEST_ID, id);
        }
    }
    if shared.test_mode && !headers.contains_key(TEST_MODE) {
        headers.insert(TEST_MODE, HeaderValue::from_static("true"));
    }
}
