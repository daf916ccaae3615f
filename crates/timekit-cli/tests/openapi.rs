//! Checks of the OpenAPI document (`crates/timekit-emulator/openapi.json`): valid JSON, its
//! structure, resolvable references.

// Helpers outside #[test] functions are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use serde_json::Value;

const DOCUMENT: &str = include_str!("../../timekit-emulator/openapi.json");
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is valid JSON")
}

/// `(METHOD, path, operation)` for every operation of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (key, operation) in item.as_object().unwrap() {
            if METHODS.contains(&key.as_str()) {
                found.push((key.to_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    found
}

#[test]
fn is_openapi_3_for_the_v2_server_with_basic_auth() {
    let doc = document();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0."));
    assert_eq!(doc["servers"][0]["url"], "https://api.timekit.io/v2");
    assert_eq!(
        doc["components"]["securitySchemes"]["basicAuth"]["scheme"],
        "basic"
    );
    assert_eq!(doc["security"][0]["basicAuth"], serde_json::json!([]));
}

/// The document describes exactly the operations of `timekit_ops::operations()`, spelled as
/// their path templates (`route_parity.rs` compares shapes and operation ids; this compares
/// the text, parameter names included).
#[test]
fn has_exactly_the_operations_endpoints() {
    let doc = document();
    let mut endpoints: Vec<String> = operations(&doc)
        .into_iter()
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    endpoints.sort();
    let mut expected: Vec<String> = timekit_ops::operations()
        .iter()
        .map(|op| format!("{} {}", op.method, op.path_template))
        .collect();
    expected.sort();
    // Issue 19: + the three webhook operations.
    assert_eq!(expected.len(), 77);
    assert_eq!(endpoints, expected);
}

#[test]
fn operation_ids_are_unique_and_snake_case() {
    let doc = document();
    let ids: Vec<String> = operations(&doc)
        .iter()
        .map(|(_, _, operation)| operation["operationId"].as_str().unwrap().to_owned())
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate operationId in {ids:?}");
    for id in &ids {
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{id}"
        );
    }
}

#[test]
fn status_codes_follow_the_api_decisions() {
    let doc = document();
    for (method, path, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().unwrap();
        let success: Vec<&String> = responses
            .keys()
            .filter(|code| code.starts_with('2'))
            .collect();
        // Creates 201, updates and deletes 204, everything else 200 (docs/api-decisions.md;
        // timekit-api-more.md §3.3). Adding a project resource is idempotent: 201 when
        // added, 200 when it already was a member (§5.1.7). Issue 16: FindTime, `POST /auth`
        // and the account syncs answer 200; the password reset, like an update, 204.
        let expected: &[&str] = match (method.as_str(), path.as_str()) {
            (
                "POST",
                "/resources" | "/bookings" | "/bookings/bulk" | "/bookings/reserve" | "/projects"
                | "/locations" | "/location/services" | "/calendars" | "/events" | "/credentials"
                | "/apps" | "/webhooks",
            ) => &["201"],
            ("POST", "/projects/{id}/resources") => &["200", "201"],
            ("DELETE", _)
            | ("POST", "/resources/resetpassword")
            | (
                "PUT",
                "/resources/{id}"
                | "/projects/{id}"
                | "/projects/{id}/resources"
                | "/locations/{id}"
                | "/location/services/{id}"
                | "/calendars/{id}"
                | "/events/{id}"
                | "/apps/{slug}"
                | "/templates/{slug}",
            ) => &["204"],
            _ => &["200"],
        };
        assert_eq!(success, expected, "{method} {path}");
        // The hosted booking page is public (§5.2.1): no key, so no 401. `POST /auth` needs
        // no key either, but wrong e-mail and password are a 401 (§5.11).
        if path == "/projects/hosted/{slug}" {
            assert_eq!(operation["security"], serde_json::json!([]), "{path}");
            assert!(!responses.contains_key("401"), "{method} {path} has a 401");
        } else {
            assert!(responses.contains_key("401"), "{method} {path} has no 401");
        }
        if path == "/auth" {
            assert_eq!(operation["security"], serde_json::json!([]), "{path}");
        }
        // The legacy routes take the API key or the resource key (Basic `email:token` plus
        // `Timekit-App`, §3.2); no other route lists the resource key.
        let resource_key =
            serde_json::json!([{"basicAuth": []}, {"basicAuth": [], "timekitApp": []}]);
        let takes_resource_key = path.starts_with("/apps")
            || path.starts_with("/accounts")
            || (method == "POST" && path == "/credentials");
        assert_eq!(
            operation["security"] == resource_key,
            takes_resource_key,
            "{method} {path}: security {}",
            operation["security"]
        );
        if path.contains('{') {
            assert!(responses.contains_key("404"), "{method} {path} has no 404");
        }
        // Bodies can fail validation; a booking can only be deleted in a final state.
        if operation.get("requestBody").is_some()
            || (method == "DELETE" && path == "/bookings/{id}")
        {
            assert!(responses.contains_key("422"), "{method} {path} has no 422");
        }
    }
}

#[test]
fn the_resource_key_scheme_is_the_timekit_app_header() {
    let doc = document();
    let scheme = &doc["components"]["securitySchemes"]["timekitApp"];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "header");
    assert_eq!(scheme["name"], "Timekit-App");
}

#[test]
fn every_body_taking_operation_documents_its_body() {
    let doc = document();
    for (method, path, operation) in operations(&doc) {
        let has_body = operation.get("requestBody").is_some();
        assert_eq!(
            has_body,
            method == "POST" || method == "PUT",
            "{method} {path}"
        );
    }
}

#[test]
fn every_reference_resolves() {
    let doc = document();
    let mut references = Vec::new();
    collect_references(&doc, &mut references);
    assert!(
        references.len() > 20,
        "suspiciously few references: {}",
        references.len()
    );
    for reference in references {
        let pointer = reference.strip_prefix('#').expect("only local references");
        assert!(doc.pointer(pointer).is_some(), "unresolved {reference}");
    }
}

#[test]
fn path_parameters_are_declared() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let declared: BTreeSet<String> = item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|parameter| {
                resolve(&doc, parameter)["name"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let mut rest = path.as_str();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').unwrap() + open;
            let name = &rest[open + 1..close];
            assert!(declared.contains(name), "{path}: {{{name}}} not declared");
            rest = &rest[close + 1..];
        }
    }
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => doc.pointer(&reference[1..]).unwrap(),
        None => value,
    }
}

fn collect_references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                into.push(reference.clone());
            }
            map.values()
                .for_each(|inner| collect_references(inner, into));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|inner| collect_references(inner, into)),
        _ => {}
    }
}

// The operations ↔ OpenAPI comparison (operationId, method, path, both directions) lives in
// `route_parity.rs`, with the emulator's routes and the CLI's subcommands: one table, checked
// everywhere.
