//! `GET /v2/openapi.json`: the emulator serves its `openapi.json`, and the document and the
//! emulator's routes stay in step in both directions.
// Helpers outside #[test] fns are test code too: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use http::Method;
use serde_json::Value;
use timekit_emulator::served_routes;

use common::{Answer, Api, start};

const DOCUMENT: &str = include_str!("../openapi.json");
const OPENAPI_PATH: &str = "/openapi.json";
/// The emulator's alias of `/app/invite`; the document describes the one path clients use.
const ALIAS_PATH: &str = "/apps/invite";
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// `(METHOD, path template)` of every operation in the document.
fn documented_routes() -> BTreeSet<(String, String)> {
    let doc: Value = serde_json::from_str(DOCUMENT).unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if METHODS.contains(&method.as_str()) {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

/// `(METHOD, path template)` of every route the emulator serves, minus the two that are not
/// part of the API description.
fn emulator_api_routes() -> BTreeSet<(String, String)> {
    served_routes()
        .into_iter()
        .filter(|route| route.template != OPENAPI_PATH && route.template != ALIAS_PATH)
        .map(|route| (route.method.to_string(), route.template.to_owned()))
        .collect()
}

/// A concrete path for a template: dummy ids, a real action name.
fn concrete(template: &str) -> String {
    template
        .replace("{action}", "confirm")
        .replace("{id}", "00000000-0000-4000-8000-000000000000")
        .replace("{resource_id}", "00000000-0000-4000-8000-000000000001")
        .replace("{slug}", "no-such-slug")
}

/// Whether the emulator answered "no such path" or "no such method" rather than running a
/// handler (a handler's 404 names the missing `model`).
fn is_unrouted(answer: &Answer) -> bool {
    answer.status == 405
        || (answer.status == 404 && answer.json() == serde_json::json!({"error": "Not found"}))
}

async fn send_authorized(api: &Api, method: &str, template: &str) -> Answer {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let body = matches!(method, Method::POST | Method::PUT).then(|| b"{}".to_vec());
    api.send(method, &concrete(template), body, Some(&api.auth))
        .await
}

#[tokio::test]
async fn serves_the_document_byte_for_byte_without_credentials() {
    let (_emulator, api) = start().await;
    for authorization in [None, Some("Basic bm90OmEta2V5"), Some(api.auth.as_str())] {
        let answer = api
            .send(Method::GET, OPENAPI_PATH, None, authorization)
            .await
            .expect(200);
        assert_eq!(answer.header("content-type"), Some("application/json"));
        assert_eq!(answer.body, DOCUMENT.as_bytes(), "{authorization:?}");
        assert!(answer.header("timekit-request-id").is_some());
    }
}

#[tokio::test]
async fn other_methods_on_the_document_are_refused() {
    let (_emulator, api) = start().await;
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let answer = api
            .send(method.clone(), OPENAPI_PATH, None, Some(&api.auth))
            .await
            .expect(405);
        assert_eq!(answer.header("allow"), Some("GET"), "{method}");
    }
}

#[tokio::test]
async fn the_document_is_counted_like_other_requests() {
    let (emulator, api) = start().await;
    api.send(Method::GET, OPENAPI_PATH, None, None)
        .await
        .expect(200);
    assert_eq!(emulator.request_count("GET", OPENAPI_PATH), 1);
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let (_emulator, api) = start().await;
    let documented = documented_routes();
    // The document and the route table list the same operations (both directions are
    // checked by `every_route_the_emulator_serves_is_documented`), not a fixed number.
    assert_eq!(documented, emulator_api_routes());
    for (method, template) in &documented {
        let answer = send_authorized(&api, method, template).await;
        assert!(
            !is_unrouted(&answer),
            "{method} {template} is not routed: {} {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
        assert_ne!(answer.status, 401, "{method} {template}");
    }
}

#[test]
fn every_operation_has_a_unique_operation_id() {
    let doc: Value = serde_json::from_str(DOCUMENT).unwrap();
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) {
                let id = operation["operationId"].as_str();
                let id = id.unwrap_or_else(|| panic!("{method} {path} has no operationId"));
                assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            }
        }
    }
    assert_eq!(ids.len(), documented_routes().len());
}

#[tokio::test]
async fn every_route_the_emulator_serves_is_documented() {
    let documented = documented_routes();
    let served = emulator_api_routes();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "served but not documented: {undocumented:?}"
    );
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        unserved.is_empty(),
        "documented but not served: {unserved:?}"
    );
}

/// The route list the previous test relies on matches what the server does over HTTP: each
/// listed route runs a handler, and each template's `Allow` header names exactly its methods.
#[tokio::test]
async fn the_served_route_list_matches_the_server() {
    let (_emulator, api) = start().await;
    let routes = served_routes();
    assert!(routes.iter().any(|route| route.template == OPENAPI_PATH));
    assert!(routes.iter().any(|route| route.template == ALIAS_PATH));
    for route in &routes {
        let answer = send_authorized(&api, route.method.as_str(), route.template).await;
        assert!(
            !is_unrouted(&answer),
            "{} {}: {}",
            route.method,
            route.template,
            answer.status
        );
        let unauthenticated = api
            .send(route.method.clone(), &concrete(route.template), None, None)
            .await;
        assert_eq!(
            unauthenticated.status == 401,
            route.requires_auth,
            "{} {}",
            route.method,
            route.template
        );
    }
    let templates: BTreeSet<&str> = routes.iter().map(|route| route.template).collect();
    for template in templates {
        let listed: Vec<&str> = routes
            .iter()
            .filter(|route| route.template == template)
            .map(|route| route.method.as_str())
            .collect();
        let answer = api
            .send(Method::PATCH, &concrete(template), None, Some(&api.auth))
            .await
            .expect(405);
        let mut allowed: Vec<&str> = answer.header("allow").unwrap().split(", ").collect();
        allowed.sort_unstable();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort_unstable();
        assert_eq!(allowed, listed_sorted, "{template}");
    }
}

/// The response object `response` stands for (a `$ref` into `components/responses` resolved).
fn resolved<'a>(doc: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/responses/");
            &doc["components"]["responses"][name]
        }
        None => response,
    }
}

/// `(header name, required)` of a response object, `$ref`s into `components/headers` resolved.
fn documented_headers(doc: &Value, response: &Value) -> Vec<(String, bool)> {
    let Some(headers) = response["headers"].as_object() else {
        return Vec::new();
    };
    headers
        .iter()
        .map(|(name, header)| {
            let header = match header["$ref"].as_str() {
                Some(reference) => {
                    &doc["components"]["headers"]
                        [reference.trim_start_matches("#/components/headers/")]
                }
                None => header,
            };
            assert!(header.is_object(), "{name}: dangling reference");
            (name.to_ascii_lowercase(), header["required"] == true)
        })
        .collect()
}

#[tokio::test]
async fn every_answer_documents_the_headers_the_emulator_sends() {
    let doc: Value = serde_json::from_str(DOCUMENT).unwrap();
    let (_emulator, api) = start().await;
    let mut answers_checked = 0;
    for (method, template) in documented_routes() {
        let operation = &doc["paths"][template.as_str()][method.to_lowercase()];
        for (status, response) in operation["responses"].as_object().unwrap() {
            let names: Vec<String> = documented_headers(&doc, resolved(&doc, response))
                .into_iter()
                .map(|(name, _)| name)
                .collect();
            for expected in [
                "x-ratelimit-remaining",
                "timekit-request-id",
                "access-control-allow-origin",
            ] {
                assert!(
                    names.iter().any(|name| name == expected),
                    "{method} {template} {status}: {names:?}"
                );
            }
        }
        // What the emulator really answers carries every header its status documents as
        // required.
        let answer = send_authorized(&api, &method, &template).await;
        let Some(response) = operation["responses"].get(answer.status.as_str()) else {
            continue;
        };
        answers_checked += 1;
        for (name, required) in documented_headers(&doc, resolved(&doc, response)) {
            if required {
                assert!(
                    answer.header(&name).is_some(),
                    "{method} {template} {}: no {name}",
                    answer.status
                );
            }
        }
    }
    assert!(
        answers_checked > 40,
        "only {answers_checked} answers had a documented status"
    );
}
