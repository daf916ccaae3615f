//! `POST /availability` over real loopback TCP: the engine behind the emulator's route, with
//! resources and bookings created through the store, and the documented status codes and
//! error bodies.
// Test helpers outside #[test] fns: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::panic)]

use base64::Engine as _;
use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, EmulatorClock, EmulatorHandle};

async fn start() -> EmulatorHandle {
    let clock = EmulatorClock::fixed("2024-05-01T08:00:00Z".parse().unwrap());
    Emulator::builder()
        .api_key("test_api_key_availability")
        .clock(clock)
        .start()
        .await
        .unwrap()
}

async fn send(
    emulator: &EmulatorHandle,
    method: Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    assert!(
        emulator.base_url().starts_with("http://127.0.0.1:"),
        "tests stay on loopback"
    );
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let auth = base64::engine::general_purpose::STANDARD.encode(format!(":{}", emulator.api_key()));
    let request = Request::builder()
        .method(method)
        .uri(format!("{}{path}", emulator.base_url()))
        .header("authorization", format!("Basic {auth}"))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, value)
}

#[tokio::test]
async fn slots_respect_resource_constraints_and_bookings_over_http() {
    let emulator = start().await;
    let (status, created) = send(
        &emulator,
        Method::POST,
        "/resources",
        json!({"name": "Dr. Dane", "timezone": "Europe/Copenhagen",
            "availability_constraints": [{"allow_hours": {"start": 9, "end": 12}}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let resource = created["data"]["id"].as_str().unwrap().to_owned();

    let booking = |start: &str, end: &str, graph: &str| {
        json!({"resource_id": resource, "graph": graph, "start": start, "end": end, "what": "Visit",
            "where": "Room 1", "description": "Check-up",
            "customer": {"name": "Jane Roe", "email": "jane@example.com"}})
    };
    // Instant bookings are confirmed and block; a confirm_decline request stays tentative
    // and does not.
    let (status, body) = send(
        &emulator,
        Method::POST,
        "/bookings",
        booking(
            "2024-05-06T10:00:00+02:00",
            "2024-05-06T11:00:00+02:00",
            "instant",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = send(
        &emulator,
        Method::POST,
        "/bookings",
        booking(
            "2024-05-06T11:00:00+02:00",
            "2024-05-06T12:00:00+02:00",
            "confirm_decline",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["data"]["state"], "tentative");

    let query = json!({"resources": [resource], "from": "2024-05-06T00:00:00+02:00",
        "to": "2024-05-07T00:00:00+02:00", "length": "30 minutes", "output_timezone": "Europe/Copenhagen"});
    let (status, body) = send(&emulator, Method::POST, "/availability", query).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let starts: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2024-05-06T09:00:00+02:00",
            "2024-05-06T09:30:00+02:00",
            "2024-05-06T11:00:00+02:00",
            "2024-05-06T11:30:00+02:00"
        ]
    );
    assert_eq!(
        body["data"][0]["resources"],
        json!([{"id": resource, "name": "Dr. Dane", "timezone": "Europe/Copenhagen"}])
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn bad_queries_get_documented_errors_over_http() {
    let emulator = start().await;
    let resource = emulator.seed_resource("Room", "UTC").unwrap();

    let (status, body) = send(
        &emulator,
        Method::POST,
        "/availability",
        json!({"resources": [resource], "from": "when pigs fly"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"]["from"][0]
            .as_str()
            .unwrap()
            .contains("when pigs fly"),
        "{body}"
    );

    let (status, body) = send(
        &emulator,
        Method::POST,
        "/availability",
        json!({"resources": [resource], "constraints": [{"allow_lunch": {}}]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"]["constraints.0.allow_lunch"].is_array(),
        "{body}"
    );

    let (status, body) = send(
        &emulator,
        Method::POST,
        "/availability",
        json!({"resources": ["00000000-0000-4000-8000-000000000000"]}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["model"], "Resource", "{body}");

    // Defaults: now (the emulator clock) → 4 weeks, hourly slots.
    let (status, body) = send(
        &emulator,
        Method::POST,
        "/availability",
        json!({"resources": [resource]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let slots = body["data"].as_array().unwrap();
    assert_eq!(slots.len(), 28 * 24);
    assert_eq!(slots[0]["start"], "2024-05-01T08:00:00+00:00");
    emulator.shutdown().await;
}
