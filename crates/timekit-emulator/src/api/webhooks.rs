//! `POST /webhooks`, `GET /webhooks`, `DELETE /webhooks/{id}` (issue 19; the contract is in
//! `docs/api-decisions.md` "Webhooks"). Deliveries are in `crate::webhooks`.

use http::StatusCode;
use serde::Serialize;

use super::ApiRequest;
use super::fields::{optional_string, required_string};
use super::reply::{FieldErrors, Reply};
use crate::graph::Graph;
use crate::ids::new_uuid;
use crate::shared::Shared;
use crate::time::Stamp;
use crate::webhooks::{MAX_WEBHOOKS, Webhook};

/// The longest accepted `url`.
const MAX_URL_CHARS: usize = 2_048;

#[derive(Serialize)]
struct Created<'a> {
    data: &'a Webhook,
    meta: Meta,
}

#[derive(Serialize)]
struct Meta {
    message: String,
}

/// Whether `url` is an absolute `http` or `https` URL with a host.
fn is_http_url(url: &str) -> bool {
    let Ok(uri) = url.parse::<http::Uri>() else {
        return false;
    };
    matches!(uri.scheme_str(), Some("http" | "https"))
        && uri.host().is_some_and(|host| !host.is_empty())
}

/// `POST /webhooks` with `{url, graph, state, method?}` → 201 `{"data": Webhook, "meta":
/// {"message": "Webhook created with id <uuid>"}}`; 422 with field errors.
pub(crate) fn create(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let url = required_string(body, "url", "url", &mut errors);
    if let Some(url) = &url {
        if url.chars().count() > MAX_URL_CHARS || !is_http_url(url) {
            errors.add("url", "The url must be an absolute http or https URL.");
        }
    }
    let graph_name = required_string(body, "graph", "graph", &mut errors);
    let graph = graph_name.as_deref().and_then(|name| {
        let graph = Graph::parse(name);
        if graph.is_none() {
            errors.add("graph", "The selected graph is invalid.");
        }
        graph
    });
    let state = required_string(body, "state", "state", &mut errors);
    if let (Some(graph), Some(state)) = (graph, &state) {
        if !graph.has_state(state) {
            errors.add(
                "state",
                format!(
                    "The state {state} is not a state of the graph {}.",
                    graph.name()
                ),
            );
        }
    }
    let method = optional_string(body, "method", "method", &mut errors)
        .map(|method| method.to_ascii_uppercase());
    if let Some(method) = &method {
        if method != "POST" && method != "PUT" {
            errors.add("method", "The method must be POST or PUT.");
        }
    }
    let (Some(url), Some(graph), Some(state), true) = (url, graph, state, errors.is_empty()) else {
        return Reply::invalid(&errors);
    };
    let now = shared.clock.now();
    let mut store = shared.write();
    if store.webhooks.len() >= MAX_WEBHOOKS {
        return Reply::invalid_field(
            "url",
            &format!("An app has at most {MAX_WEBHOOKS} webhooks; delete one first."),
        );
    }
    let webhook = Webhook {
        id: new_uuid(),
        url,
        graph: graph.name().to_owned(),
        state,
        method: method.unwrap_or_else(|| "POST".to_owned()),
        created_at: Stamp::new(now),
    };
    let reply = Reply::body(
        StatusCode::CREATED,
        &Created {
            data: &webhook,
            meta: Meta {
                message: format!("Webhook created with id {}", webhook.id),
            },
        },
    );
    store.webhooks.push(webhook);
    reply
}

/// `GET /webhooks` → 200 `{"data": [Webhook, …]}` in creation order, not paginated.
pub(crate) fn list(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    let store = shared.read();
    Reply::data(StatusCode::OK, &*store.webhooks)
}

/// `DELETE /webhooks/{id}` → 204; unknown → 404. Deliveries already started still finish.
pub(crate) fn delete(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let id = request.id();
    let mut store = shared.write();
    let before = store.webhooks.len();
    store.webhooks.retain(|webhook| webhook.id != id);
    if store.webhooks.len() == before {
        Reply::not_found("Webhook")
    } else {
        Reply::no_content()
    }
}
