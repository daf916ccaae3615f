//! The control API over HTTP (issue 18): `/__emulator/…` drives the clock, reads the request
//! counters and the webhook delivery log; on by default on loopback, refused with the API
//! key, guarded by its own token when one is configured, absent (404) when switched off.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Answer, Api, booking_at, start, start_with};
use http::Method;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, EmulatorHandle};

fn url(handle: &EmulatorHandle, path: &str) -> String {
    format!("http://{}/__emulator{path}", handle.addr())
}

/// A control request without credentials (control needs none unless a token is set).
async fn control(
    api: &Api,
    handle: &EmulatorHandle,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Answer {
    let body = body.map(|body| body.to_string().into_bytes());
    api.send(method, &url(handle, path), body, None).await
}

fn id_of(booking: &Value) -> String {
    booking["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_clock_is_read_set_and_advanced_and_a_booking_auto_completes() {
    let (handle, api) = start().await;
    let clock = control(&api, &handle, Method::GET, "/clock", None)
        .await
        .expect(200)
        .json();
    assert_eq!(clock, json!({"now": "2030-01-01T09:00:00Z", "fixed": true}));

    let room = api.resource("Room").await;
    // Ends 2030-01-02T11:00Z; auto-completes at 12:00Z.
    let booking = id_of(&api.booking(booking_at(&room, "instant", 10)).await);
    let set = control(
        &api,
        &handle,
        Method::PUT,
        "/clock",
        Some(json!({"now": "2030-01-02T11:59:59+00:00"})),
    )
    .await
    .expect(200)
    .json();
    assert_eq!(set["now"], "2030-01-02T11:59:59Z");
    let state = |api: Api, booking: String| async move {
        api.get(&format!("/bookings/{booking}"))
            .await
            .expect(200)
            .data()["state"]
            .clone()
    };
    assert_eq!(state(api.clone(), booking.clone()).await, "confirmed");

    let advanced = control(
        &api,
        &handle,
        Method::POST,
        "/clock/advance",
        Some(json!({"seconds": 1})),
    )
    .await
    .expect(200)
    .json();
    assert_eq!(advanced["now"], "2030-01-02T12:00:00Z");
    assert_eq!(handle.clock().now().to_string(), "2030-01-02T12:00:00Z");
    assert_eq!(state(api.clone(), booking.clone()).await, "completed");

    // Bad input is a 422 naming the field; other methods a 405 from the route table.
    for (method, path, body, field) in [
        (Method::PUT, "/clock", json!({"now": "tomorrow"}), "now"),
        (Method::PUT, "/clock", json!({}), "now"),
        (
            Method::POST,
            "/clock/advance",
            json!({"seconds": "1"}),
            "seconds",
        ),
    ] {
        let refused = control(&api, &handle, method, path, Some(body))
            .await
            .expect(422)
            .json();
        assert!(refused["errors"][field].is_array(), "{refused}");
    }
    let refused = control(&api, &handle, Method::DELETE, "/clock", None)
        .await
        .expect(405);
    assert_eq!(refused.header("allow"), Some("GET, PUT"));
    control(&api, &handle, Method::GET, "/nothing", None)
        .await
        .expect(404);
}

#[tokio::test]
async fn request_counters_count_api_calls_but_not_control_calls() {
    let (handle, api) = start().await;
    api.get("/app").await.expect(200);
    api.get("/app").await.expect(200);
    api.get("/resources/nope").await.expect(404);
    let counts = control(&api, &handle, Method::GET, "/requests", None)
        .await
        .expect(200)
        .json();
    assert_eq!(
        counts["counts"],
        json!({"GET /app": 2, "GET /resources/{id}": 1})
    );
    // The log: method, template, status and time (the emulator's clock), nothing else.
    assert_eq!(
        counts["log"],
        json!([
            {"method": "GET", "template": "/app", "status": 200, "at": "2030-01-01T09:00:00Z"},
            {"method": "GET", "template": "/app", "status": 200, "at": "2030-01-01T09:00:00Z"},
            {"method": "GET", "template": "/resources/{id}", "status": 404,
             "at": "2030-01-01T09:00:00Z"},
        ])
    );
    // A faulted request is logged with the fault's status.
    control(
        &api,
        &handle,
        Method::POST,
        "/faults",
        Some(json!({"fault": {"kind": "status", "status": 500}, "times": 1})),
    )
    .await
    .expect(201);
    api.post("/resources", json!({"name": "Room", "timezone": "UTC"}))
        .await
        .expect(500);
    let log = control(&api, &handle, Method::GET, "/requests", None)
        .await
        .expect(200)
        .json()["log"]
        .clone();
    assert_eq!(log[3]["template"], "/resources");
    assert_eq!(log[3]["method"], "POST");
    assert_eq!(log[3]["status"], 500);
    assert_eq!(handle.request_count("GET", "/app"), 2);
    control(&api, &handle, Method::DELETE, "/requests", None)
        .await
        .expect(204);
    let counts = control(&api, &handle, Method::GET, "/requests", None)
        .await
        .expect(200)
        .json();
    assert_eq!(counts, json!({"counts": {}, "log": []}));
}

#[tokio::test]
async fn a_fault_rule_is_added_applied_on_the_api_listed_and_cleared() {
    let (handle, api) = start().await;
    let rule = json!({
        "fault": {"kind": "status", "status": 503, "retry_after": 7},
        "method": "GET",
        "path_prefix": "/v2/app",
        "times": 2,
    });
    let added = control(&api, &handle, Method::POST, "/faults", Some(rule))
        .await
        .expect(201)
        .json();
    assert_eq!(added["remaining"], 2);
    assert_eq!(added["path_prefix"], "/v2/app");
    let failed = api.get("/app").await.expect(503);
    assert_eq!(failed.header("retry-after"), Some("7"));
    // Control calls are never faulted, even by a rule matching every path.
    control(
        &api,
        &handle,
        Method::POST,
        "/faults",
        Some(json!({"fault": "html_502"})),
    )
    .await
    .expect(201);
    let listed = control(&api, &handle, Method::GET, "/faults", None)
        .await
        .expect(200)
        .json();
    assert_eq!(listed["injected"], 1);
    assert_eq!(listed["rules"].as_array().unwrap().len(), 2);
    assert_eq!(listed["rules"][0]["remaining"], 1);
    assert_eq!(listed["rules"][0]["fault"]["kind"], "status");
    assert_eq!(listed["rules"][1]["fault"]["kind"], "html_502");
    assert_eq!(handle.faults().rules().len(), 2);

    control(&api, &handle, Method::DELETE, "/faults", None)
        .await
        .expect(204);
    api.get("/app").await.expect(200);
    let listed = control(&api, &handle, Method::GET, "/faults", None)
        .await
        .expect(200)
        .json();
    assert_eq!(listed["rules"], json!([]));

    let refused = control(
        &api,
        &handle,
        Method::POST,
        "/faults",
        Some(json!({"fault": {"kind": "latency"}})),
    )
    .await
    .expect(422)
    .json();
    assert!(refused["errors"]["fault.ms"].is_array(), "{refused}");
    assert!(handle.faults().rules().is_empty());
}

#[tokio::test]
async fn reset_empties_the_store_and_keeps_the_app_clock_and_faults() {
    let (handle, api) = start().await;
    let app_before = api.get("/app").await.expect(200).data();
    let room = api.resource("Room").await;
    api.booking(booking_at(&room, "instant", 10)).await;
    control(
        &api,
        &handle,
        Method::PUT,
        "/clock",
        Some(json!({"now": "2030-01-01T10:00:00Z"})),
    )
    .await
    .expect(200);
    control(
        &api,
        &handle,
        Method::POST,
        "/faults",
        Some(json!({"fault": "html_502", "path_prefix": "/v2/nowhere"})),
    )
    .await
    .expect(201);
    assert_eq!((handle.resource_count(), handle.booking_count()), (1, 1));

    control(&api, &handle, Method::POST, "/reset", None)
        .await
        .expect(204);
    assert_eq!((handle.resource_count(), handle.booking_count()), (0, 0));
    assert_eq!(handle.request_counts().len(), 0);
    assert_eq!(api.get("/resources").await.expect(200).data(), json!([]));
    api.get(&format!("/resources/{room}")).await.expect(404);
    let app_after = api.get("/app").await.expect(200).data();
    assert_eq!(app_after, app_before);
    assert_eq!(handle.clock().now().to_string(), "2030-01-01T10:00:00Z");
    assert_eq!(handle.faults().rules().len(), 1);
    // The store works as before.
    let again = api.resource("Room again").await;
    api.booking(booking_at(&again, "instant", 10)).await;
    assert_eq!(handle.booking_count(), 1);
}

#[tokio::test]
async fn seed_fills_the_store_in_bulk_all_or_nothing() {
    let (handle, api) = start().await;
    let mut second = booking_at("", "confirm_decline", 12);
    second.as_object_mut().unwrap().remove("resource_id");
    second["resource_index"] = json!(1);
    let mut first = booking_at("", "instant", 10);
    first.as_object_mut().unwrap().remove("resource_id");
    first["resource_index"] = json!(0);
    let seeded = control(
        &api,
        &handle,
        Method::POST,
        "/seed",
        Some(json!({
            "resources": [
                {"name": "Room A", "timezone": "Europe/Berlin"},
                {"name": "Room B", "timezone": "America/New_York"},
            ],
            "bookings": [first, second],
        })),
    )
    .await
    .expect(201)
    .json();
    let rooms = seeded["resources"].as_array().unwrap();
    let bookings = seeded["bookings"].as_array().unwrap();
    assert_eq!((rooms.len(), bookings.len()), (2, 2));
    let room_b = api
        .get(&format!("/resources/{}", rooms[1].as_str().unwrap()))
        .await
        .expect(200)
        .data();
    assert_eq!(room_b["name"], "Room B");
    let booking = api
        .get(&format!(
            "/bookings/{}?include=resource",
            bookings[1].as_str().unwrap()
        ))
        .await
        .expect(200)
        .data();
    assert_eq!(booking["state"], "tentative");
    assert_eq!(handle.booking_count(), 2);

    // A refusal names the item and keeps nothing of the call: here the second booking
    // double-books the first.
    let clash = booking_at(rooms[0].as_str().unwrap(), "instant", 10);
    let refused = control(
        &api,
        &handle,
        Method::POST,
        "/seed",
        Some(json!({
            "resources": [{"name": "Room C", "timezone": "Europe/Berlin"}],
            "bookings": [booking_at(rooms[1].as_str().unwrap(), "instant", 15), clash],
        })),
    )
    .await
    .expect(422)
    .json();
    assert_eq!(refused["at"], "bookings[1]", "{refused}");
    assert_eq!((handle.resource_count(), handle.booking_count()), (2, 2));
    for (body, at) in [
        (json!({"resources": [{"name": ""}]}), "resources[0]"),
        (json!({"resources": [7]}), "resources[0]"),
        (
            json!({"bookings": [{"resource_index": 5, "graph": "instant"}]}),
            "bookings[0]",
        ),
    ] {
        let refused = control(&api, &handle, Method::POST, "/seed", Some(body))
            .await
            .expect(422)
            .json();
        assert_eq!(refused["at"], at, "{refused}");
    }
    control(
        &api,
        &handle,
        Method::POST,
        "/seed",
        Some(json!({"resources": {}})),
    )
    .await
    .expect(422);
    assert_eq!((handle.resource_count(), handle.booking_count()), (2, 2));
}

#[tokio::test]
async fn webhook_deliveries_are_listed() {
    let (handle, api) = start().await;
    let log = control(&api, &handle, Method::GET, "/webhooks/deliveries", None)
        .await
        .expect(200)
        .json();
    assert_eq!(log, json!({"deliveries": []}));
}

#[tokio::test]
async fn a_configured_token_is_required_and_the_api_key_is_refused() {
    let (handle, api) = start_with(Emulator::builder().control_token("ctl-secret")).await;
    let clock = url(&handle, "/clock");
    // No credentials, a wrong token, the API key: refused.
    for authorization in [None, Some("Bearer wrong"), Some(api.auth.as_str())] {
        let refused = api
            .send(Method::GET, &clock, None, authorization)
            .await
            .expect(401)
            .json();
        assert!(refused["error"].is_string(), "{refused}");
    }
    api.send(Method::GET, &clock, None, Some("Bearer ctl-secret"))
        .await
        .expect(200);
    api.send(Method::GET, &clock, None, Some("bearer  ctl-secret"))
        .await
        .expect(200);
    // The API key is refused even when the token is also sent.
    let mut builder = hyper_request(&handle, "/clock");
    builder = builder.header("x-emulator-token", "ctl-secret");
    assert_eq!(raw_status(builder).await, 200);
    let builder = hyper_request(&handle, "/clock")
        .header("x-emulator-token", "ctl-secret")
        .header("authorization", api.auth.as_str());
    assert_eq!(raw_status(builder).await, 401);
}

#[tokio::test]
async fn the_api_key_is_refused_without_a_token_too() {
    let (handle, api) = start().await;
    api.send(Method::GET, &url(&handle, "/clock"), None, Some(&api.auth))
        .await
        .expect(401);
    api.send(Method::GET, &url(&handle, "/clock"), None, None)
        .await
        .expect(200);
}

#[tokio::test]
async fn browsers_of_other_origins_get_no_preflight_for_control_routes() {
    let (handle, api) = start().await;
    let preflight = |path: String| {
        http::Request::builder()
            .method(Method::OPTIONS)
            .uri(path)
            .header("origin", "http://evil.example")
            .header("access-control-request-method", "POST")
    };
    assert_eq!(
        raw_status(preflight(format!("{}/app", api.base))).await,
        200
    );
    assert_eq!(
        raw_status(preflight(url(&handle, "/clock/advance"))).await,
        405
    );
}

#[tokio::test]
async fn control_routes_are_absent_when_switched_off() {
    let (handle, api) = start_with(Emulator::builder().control(false)).await;
    for (method, path) in [
        (Method::GET, "/clock"),
        (Method::DELETE, "/clock"),
        (Method::POST, "/clock/advance"),
        (Method::GET, "/requests"),
    ] {
        let body = (method != Method::GET).then(|| json!({"seconds": 60}));
        control(&api, &handle, method, path, body).await.expect(404);
    }
    assert_eq!(handle.clock().now().to_string(), "2030-01-01T09:00:00Z");
    // The API itself is untouched.
    api.get("/app").await.expect(200);
}

fn hyper_request(handle: &EmulatorHandle, path: &str) -> http::request::Builder {
    http::Request::builder()
        .method(Method::GET)
        .uri(url(handle, path))
}

/// Sends a request built by the test (any headers) and answers its status.
async fn raw_status(builder: http::request::Builder) -> u16 {
    use http_body_util::Full;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let client = Client::builder(TokioExecutor::new()).build_http();
    let request = builder.body(Full::new(bytes::Bytes::new())).unwrap();
    client.request(request).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn control_is_off_by_default_when_bound_beyond_loopback_and_can_be_switched_on() {
    let any = std::net::SocketAddr::from(([0, 0, 0, 0], 0));
    for (builder, status) in [
        (Emulator::builder().bind(any), 404),
        (Emulator::builder().bind(any).control(true), 200),
    ] {
        let handle = builder.start().await.unwrap();
        let port = handle.addr().port();
        let api = Api::for_url(&format!("http://127.0.0.1:{port}/v2"), handle.api_key());
        let clock = format!("http://127.0.0.1:{port}/__emulator/clock");
        api.send(Method::GET, &clock, None, None)
            .await
            .expect(status);
        api.get("/app").await.expect(200);
    }
}
