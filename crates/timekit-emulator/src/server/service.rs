//! One request, start to finish: counting, faults, routing, auth, body, handler, headers.

use std::sync::Arc;

use http::header::{AUTHORIZATION, CONNECTION, CONTENT_LENGTH, HOST, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Method, Request, Response, StatusCode, Version};
use hyper::body::Incoming;
use serde_json::Map;

use super::body::read_json_object;
use crate::api::ApiRequest;
use crate::api::query::Query;
use crate::api::reply::Reply;
use crate::faults::{self, EmuBody, FaultAbort};
use crate::ids::new_uuid;
use crate::routes::{Verb, resolve};
use crate::shared::Shared;

const REQUEST_ID: HeaderName = HeaderName::from_static("timekit-request-id");
const TEST_MODE: HeaderName = HeaderName::from_static("timekit-testmode");

/// Serves one request. `Err` (only from fault injection) makes hyper drop the connection.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<EmuBody>, FaultAbort> {
    let path = request.uri().path();
    // Counted before faults apply, so tests can count a client's attempts.
    if let Some(matched) = resolve(path) {
        shared
            .stats
            .record(matched.template, Verb::of(request.method()));
    }
    let fault = shared.faults.take_matching(request.method(), path);
    let mut response = match fault {
        None => respond(&shared, request).await,
        Some(fault) => faults::apply(fault, respond(&shared, request)).await?,
    };
    stamp_headers(&shared, &mut response);
    Ok(response)
}

async fn respond(shared: &Shared, request: Request<Incoming>) -> Response<EmuBody> {
    let (parts, body) = request.into_parts();
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
    let Some(route) = matched.template.route(verb) else {
        return Reply::method_not_allowed(matched.template.allow());
    };
    let authorization = parts.headers.get(AUTHORIZATION);
    if !shared.admits(route.access, authorization) {
        return Reply::error(StatusCode::UNAUTHORIZED, "Invalid credentials supplied");
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
    let request = ApiRequest {
        params: matched.params,
        query: Query::parse(parts.uri.query()),
        body,
        host: parts.headers.get(HOST).and_then(|host| host.to_str().ok()),
    };
    (route.handler)(shared, &request)
}

/// Headers every answer carries, including fault-injected ones (unless the fault set them).
fn stamp_headers(shared: &Shared, response: &mut Response<EmuBody>) {
    let headers = response.headers_mut();
    if !headers.contains_key(REQUEST_ID) {
        if let Ok(id) = HeaderValue::from_str(&new_uuid()) {
            headers.insert(REQUEST_ID, id);
        }
    }
    if shared.test_mode && !headers.contains_key(TEST_MODE) {
        headers.insert(TEST_MODE, HeaderValue::from_static("true"));
    }
}
