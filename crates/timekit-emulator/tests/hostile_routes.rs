//! Hostile input on EVERY route of the route table (`served_routes()`), so a route added later
//! is covered without anyone listing it here: random path parameters (ids that exist, ids that
//! do not, odd text) and random JSON bodies (objects with known and unknown keys of every JSON
//! type, arrays, scalars, deep nesting) with the API key.
//!
//! Properties: the answer is never 5xx and is JSON (or empty for 204); the emulator keeps
//! serving (`GET /app` succeeds after every request). 64 cases unless `PROPTEST_CASES` says
//! otherwise (`cargo xtask fuzz`); every test name contains `hostile`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use http::Method;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use timekit_emulator::served_routes;
use tokio::runtime::Runtime;

use common::{Api, booking_at, start};

/// Keys the handlers read somewhere, so random bodies reach past the first validation.
const KEYS: &[&str] = &[
    "name",
    "slug",
    "resources",
    "resource_id",
    "start",
    "end",
    "graph",
    "what",
    "where",
    "description",
    "customer",
    "meta",
    "settings",
    "project_id",
    "reservation_id",
    "reservation_time",
    "mode",
    "from",
    "to",
    "length",
    "timeslot_increments",
    "buffer",
    "constraints",
    "availability",
    "availability_constraints",
    "booking",
    "timezone",
    "email",
    "latitude",
    "longitude",
    "locations",
    "services",
    "bookings",
    "message",
    "queries",
    "calendar_id",
    "password",
    "id",
    "unknown_key",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "\\PC{0,24}".prop_map(Value::String),
        Just(json!("2030-01-02T10:00:00+01:00")),
        Just(json!("1 hour")),
        Just(json!("x".repeat(5_000))),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(KEYS), inner, 0..6).prop_map(|map| {
                Value::Object(map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

fn body() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::collection::btree_map(prop::sample::select(KEYS), json_value(), 0..10)
            .prop_map(|map| Value::Object(
                map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>()
            )),
        1 => json_value(),
    ]
}

/// A path parameter: an id the store holds, one it does not, or odd text.
fn param(known: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(known),
        Just("00000000-0000-4000-8000-000000000000".to_owned()),
        "[a-zA-Z0-9%._~-]{1,40}",
        Just("confirm".to_owned()),
        Just("a%2Fb".to_owned()),
    ]
}

fn fill(template: &str, params: &[String]) -> String {
    let mut params = params.iter();
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                params.next().cloned().unwrap_or_default()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn seeded() -> (timekit_emulator::EmulatorHandle, Api, Vec<String>) {
    let (handle, api) = start().await;
    let resource = api.resource("Room").await;
    let booking = api
        .booking(booking_at(&resource, "confirm_decline", 10))
        .await;
    let id = booking["id"].as_str().unwrap().to_owned();
    (handle, api, vec![resource, id])
}

#[test]
fn hostile_bodies_and_ids_on_every_route_never_fail_the_server() {
    let runtime = Runtime::new().unwrap();
    let (_handle, api, known) = runtime.block_on(seeded());
    let routes: Vec<(Method, &'static str)> = served_routes()
        .into_iter()
        .map(|route| (route.method, route.template))
        .collect();
    assert!(routes.len() >= 16);
    let case = (
        prop::sample::select(routes),
        prop::collection::vec(param(known), 4),
        body(),
    );
    let statuses = std::cell::RefCell::new(std::collections::BTreeMap::<u16, usize>::new());
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(64);
    proptest!(ProptestConfig::with_cases(cases), |((route, params, body) in case)| {
        let (method, template) = route;
        let path = fill(template, &params);
        let has_body = method == Method::POST || method == Method::PUT;
        let answer = runtime.block_on(async {
            let body = has_body.then(|| body.to_string().into_bytes());
            api.send(method.clone(), &path, body, Some(&api.auth)).await
        });
        *statuses.borrow_mut().entry(answer.status.as_u16()).or_default() += 1;
        prop_assert!(
            answer.status.as_u16() < 500,
            "{method} {path}: {} {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
        if !answer.body.is_empty() {
            prop_assert!(
                serde_json::from_slice::<Value>(&answer.body).is_ok(),
                "{method} {path}: not JSON: {}",
                String::from_utf8_lossy(&answer.body)
            );
        }
        let app = runtime.block_on(api.get("/app"));
        prop_assert_eq!(app.status.as_u16(), 200);
    });
    // The requests reached the handlers: not every answer is a 404 of an unknown path.
    let statuses = statuses.into_inner();
    let reached: usize = statuses
        .iter()
        .filter(|(status, _)| **status != 404)
        .map(|(_, count)| count)
        .sum();
    assert!(reached > 0, "{statuses:?}");
}
