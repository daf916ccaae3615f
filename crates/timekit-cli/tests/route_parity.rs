//! One table, checked everywhere: every operation of `timekit_ops::operations()` has its
//! emulator route, its CLI subcommand and its OpenAPI entry, with the same method and path
//! template, and nothing in those three lists is left without an operation.
//!
//! This is the test that fails when an operation is added in one place and forgotten in
//! another (`docs/adding-an-operation.md`). It lives in the CLI crate because that crate is the
//! one that sees all four lists: the operations (timekit-ops), the emulator's routes and
//! OpenAPI document (timekit-emulator), and its own subcommands.
#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// `(method, template)` with placeholder names dropped (`/bookings/{}`), so that the
/// comparison is about shape, not the spelling of a parameter's name.
fn route_key(method: &str, template: &str) -> (String, String) {
    let shape: Vec<&str> = template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}"
            } else {
                segment
            }
        })
        .collect();
    (method.to_ascii_uppercase(), shape.join("/"))
}

/// `operationId` → `(method, template)` of every operation in the OpenAPI document.
fn openapi_operations() -> BTreeMap<String, (String, String)> {
    let document: Value =
        serde_json::from_str(timekit_emulator::OPENAPI_DOCUMENT).expect("the document is JSON");
    let mut found = BTreeMap::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                let previous = found.insert(id.to_owned(), route_key(method, path));
                assert!(previous.is_none(), "operationId {id} appears twice");
            }
        }
    }
    found
}

#[test]
fn every_operation_has_its_route_its_subcommand_and_its_openapi_entry() {
    let operations = timekit_ops::operations();
    let served: BTreeSet<(String, String)> = timekit_emulator::served_routes()
        .iter()
        .map(|route| route_key(route.method.as_str(), route.template))
        .collect();
    let commands: BTreeMap<&'static str, String> = timekit_cli::operation_commands()
        .into_iter()
        .map(|(command, name)| (name, command))
        .collect();
    let documented = openapi_operations();

    let mut missing = Vec::new();
    for op in &operations {
        let key = route_key(op.method.as_str(), op.path_template);
        if !served.contains(&key) {
            missing.push(format!(
                "{}: no emulator route for {} {}",
                op.name, op.method, op.path_template
            ));
        }
        if !commands.contains_key(op.name) {
            missing.push(format!("{}: no CLI subcommand", op.name));
        }
        match documented.get(op.name) {
            None => missing.push(format!("{}: no OpenAPI operationId", op.name)),
            Some(entry) if *entry != key => missing.push(format!(
                "{}: OpenAPI says {} {}, the operation {} {}",
                op.name, entry.0, entry.1, op.method, op.path_template
            )),
            Some(_) => {}
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn nothing_is_listed_without_an_operation() {
    let names: BTreeSet<&str> = timekit_ops::operations().iter().map(|op| op.name).collect();
    for (command, name) in timekit_cli::operation_commands() {
        assert!(
            names.contains(name),
            "CLI command `{command}` names no operation: {name}"
        );
    }
    for id in openapi_operations().keys() {
        assert!(
            names.contains(id.as_str()),
            "OpenAPI operationId {id} names no operation"
        );
    }
}
