//! One request, start to finish: counting, faults, routing, auth, body, handler, headers.

use std::sync::Arc;

use http::header::{AUTHORIZATION, CONTENT_LENGTH, HOST, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use serde_json::Map;

use super::auth::is_authorized;
use super::body::read_json_object;
use crate::api::query::Query;
use crate::api::reply::Reply;
use crate::api::{ApiRequest, dispatch};
use crate::endpoint::{Verb, resolve};
use crate::faults::{self, EmuBody, FaultAbort};
use crate::ids::new_uuid;
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
    if let Some(route) = resolve(path) {
        shared
            .stats
            .record(route.endpoint, Verb::of(request.method()));
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
    reply(shared, &parts, body).await.into_response()
}

async fn reply(shared: &Shared, parts: &Parts, body: Incoming) -> Reply {
    let verb = Verb::of(&parts.method);
    let Some(route) = resolve(parts.uri.path()) else {
        return Reply::error(StatusCode::NOT_FOUND, "Not found");
    };
    if !route.endpoint.allows(verb) {
        return Reply::method_not_allowed(route.endpoint.allow_header());
    }
    let authorization = parts.headers.get(AUTHORIZATION);
    if route.endpoint.requires_auth()
        && !is_authorized(authorization, &shared.expected_credentials, &shared.api_key)
    {
        return Reply::error(StatusCode::UNAUTHORIZED, "Invalid credentials supplied");
    }
    let body = if verb.has_body() {
        match read_json_object(
            body,
            parts.headers.get(CONTENT_LENGTH),
            shared.max_body_chars,
        )
        .await
        {
            Ok(object) => object,
            Err(reply) => return reply,
        }
    } else {
        Map::new()
    };
    let request = ApiRequest {
        route,
        verb,
        query: Query::parse(parts.uri.query()),
        body,
        host: parts.headers.get(HOST).and_then(|host| host.to_str().ok()),
    };
    dispatch(shared, &request)
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
