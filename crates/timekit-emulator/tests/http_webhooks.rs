//! Webhooks over HTTP (issue 19, `docs/api-decisions.md` "Webhooks"): registration, listing
//! and deletion; deliveries to a tiny in-test receiver, signed with the app's
//! `webhook_secret` (checked here with ring's HMAC); retries, then drop, when the receiver is
//! down, while the API keeps answering promptly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::*;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use timekit_emulator::{DeliveryOutcome, Emulator, EmulatorHandle, WebhookDelivery};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// One request the receiver got.
#[derive(Debug)]
struct Received {
    method: Method,
    signature: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

/// A receiver on a free loopback port: every request is sent to the returned channel and
/// answered 500 for the first `failures` requests, 200 after.
async fn receiver(failures: usize) -> (String, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (sender, received) = mpsc::unbounded_channel();
    let seen = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let sender = sender.clone();
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<Incoming>| {
                    let sender = sender.clone();
                    let seen = Arc::clone(&seen);
                    async move {
                        let header = |name: &str| {
                            request
                                .headers()
                                .get(name)
                                .and_then(|value| value.to_str().ok())
                                .map(str::to_owned)
                        };
                        let signature = header("x-timekit-signature");
                        let content_type = header("content-type");
                        let method = request.method().clone();
                        let body = request.into_body().collect().await.unwrap().to_bytes();
                        let _ = sender.send(Received {
                            method,
                            signature,
                            content_type,
                            body,
                        });
                        let status = if seen.fetch_add(1, Ordering::SeqCst) < failures {
                            StatusCode::INTERNAL_SERVER_ERROR
                        } else {
                            StatusCode::OK
                        };
                        let mut response = Response::new(Full::new(Bytes::new()));
                        *response.status_mut() = status;
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("http://{addr}/hook"), received)
}

/// A loopback URL nobody listens on (the port was bound, then released).
async fn closed_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/hook")
}

/// An emulator whose failed deliveries are retried after 20, 40, 80 ms.
async fn emulator() -> (EmulatorHandle, Api) {
    start_with(Emulator::builder().webhook_retry_base(Duration::from_millis(20))).await
}

async fn register(api: &Api, url: &str, graph: &str, state: &str) -> Value {
    let answer = api
        .post(
            "/webhooks",
            json!({"url": url, "graph": graph, "state": state}),
        )
        .await
        .expect(201)
        .json();
    let id = answer["data"]["id"].as_str().unwrap().to_owned();
    let message = answer["meta"]["message"].as_str().unwrap();
    assert_eq!(message, format!("Webhook created with id {id}"));
    answer["data"].clone()
}

/// The next request the receiver gets, waiting up to 5 s.
async fn next(received: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(5), received.recv())
        .await
        .expect("no delivery within 5 s")
        .unwrap()
}

/// Asserts nothing arrives within 300 ms.
async fn nothing(received: &mut mpsc::UnboundedReceiver<Received>) {
    if let Ok(Some(extra)) = tokio::time::timeout(Duration::from_millis(300), received.recv()).await
    {
        panic!("unexpected delivery: {extra:?}");
    }
}

/// The recorded attempts once `done` holds for them, waiting up to 5 s.
async fn deliveries_when(
    handle: &EmulatorHandle,
    done: impl Fn(&[WebhookDelivery]) -> bool,
) -> Vec<WebhookDelivery> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let deliveries = handle.webhook_deliveries();
        if done(&deliveries) {
            return deliveries;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries never settled: {deliveries:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn verifies(secret: &str, signature: &str, body: &[u8]) -> bool {
    let Some(tag) = (0..signature.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(signature.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    ring::hmac::verify(&key, body, &tag).is_ok()
}

#[tokio::test]
async fn a_confirmed_booking_is_delivered_once_signed_with_the_apps_secret() {
    let (handle, api) = emulator().await;
    let secret = api.get("/app").await.expect(200).data()["webhook_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(secret, handle.webhook_secret());
    assert!(
        secret.starts_with("whsec_") && secret.len() == 38,
        "{secret}"
    );

    let (url, mut received) = receiver(0).await;
    let webhook = register(&api, &url, "confirm_decline", "confirmed").await;
    let resource = api.resource("Room").await;
    let booking = api
        .booking(booking_at(&resource, "confirm_decline", 10))
        .await;
    let id = booking["id"].as_str().unwrap();
    // Created tentative: not the registered state.
    nothing(&mut received).await;

    let started = Instant::now();
    api.action(id, "confirm").await.expect(200);
    assert!(started.elapsed() < Duration::from_secs(1));
    let delivery = next(&mut received).await;
    assert_eq!(delivery.method, Method::POST);
    assert_eq!(delivery.content_type.as_deref(), Some("application/json"));
    let signature = delivery.signature.expect("signed");
    assert_eq!(signature.len(), 64);
    assert_eq!(signature, signature.to_lowercase());
    assert!(verifies(&secret, &signature, &delivery.body));
    assert!(!verifies("whsec_wrong", &signature, &delivery.body));
    let body: Value = serde_json::from_slice(&delivery.body).unwrap();
    assert_eq!(body["state"], "confirmed");
    assert_eq!(body, api.get(&format!("/bookings/{id}")).await.data());
    nothing(&mut received).await;

    let deliveries = handle.webhook_deliveries();
    assert_eq!(deliveries.len(), 1, "{deliveries:?}");
    let record = &deliveries[0];
    assert_eq!(record.webhook_id, webhook["id"].as_str().unwrap());
    assert_eq!(record.booking_id, id);
    assert_eq!(record.state, "confirmed");
    assert_eq!(
        (record.attempt, record.status, record.outcome),
        (1, Some(200), DeliveryOutcome::Delivered)
    );
    handle.shutdown().await;
}

#[tokio::test]
async fn the_initial_state_on_create_is_delivered_with_the_registered_method() {
    let (handle, api) = emulator().await;
    let (url, mut received) = receiver(0).await;
    let answer = api
        .post(
            "/webhooks",
            json!({"url": url, "graph": "instant", "state": "confirmed", "method": "put"}),
        )
        .await
        .expect(201);
    assert_eq!(answer.data()["method"], "PUT");
    let resource = api.resource("Room").await;
    let booking = api.booking(booking_at(&resource, "instant", 10)).await;
    let delivery = next(&mut received).await;
    assert_eq!(delivery.method, Method::PUT);
    let body: Value = serde_json::from_slice(&delivery.body).unwrap();
    assert_eq!(body["id"], booking["id"]);
    assert!(verifies(
        handle.webhook_secret(),
        delivery.signature.as_deref().unwrap(),
        &delivery.body
    ));
    nothing(&mut received).await;
    handle.shutdown().await;
}

#[tokio::test]
async fn a_state_or_graph_not_registered_is_not_delivered() {
    let (handle, api) = emulator().await;
    let (url, mut received) = receiver(0).await;
    register(&api, &url, "confirm_decline", "cancelled").await;
    register(&api, &url, "instant", "cancelled").await;
    let resource = api.resource("Room").await;
    let booking = api
        .booking(booking_at(&resource, "confirm_decline", 10))
        .await;
    api.action(booking["id"].as_str().unwrap(), "confirm")
        .await
        .expect(200);
    api.booking(booking_at(&resource, "instant", 12)).await;
    nothing(&mut received).await;
    assert!(handle.webhook_deliveries().is_empty());
    handle.shutdown().await;
}

#[tokio::test]
async fn a_failing_receiver_is_retried_until_it_answers_2xx() {
    let (handle, api) = emulator().await;
    let (url, mut received) = receiver(2).await;
    register(&api, &url, "instant", "confirmed").await;
    let resource = api.resource("Room").await;
    api.booking(booking_at(&resource, "instant", 10)).await;
    for _ in 0..3 {
        next(&mut received).await;
    }
    let deliveries = deliveries_when(&handle, |d| d.len() == 3).await;
    let seen: Vec<_> = deliveries
        .iter()
        .map(|d| (d.attempt, d.status, d.outcome))
        .collect();
    assert_eq!(
        seen,
        [
            (1, Some(500), DeliveryOutcome::Retrying),
            (2, Some(500), DeliveryOutcome::Retrying),
            (3, Some(200), DeliveryOutcome::Delivered),
        ]
    );
    nothing(&mut received).await;
    handle.shutdown().await;
}

#[tokio::test]
async fn a_receiver_that_is_down_is_retried_then_dropped_and_the_api_is_unaffected() {
    let (handle, api) = emulator().await;
    let url = closed_url().await;
    register(&api, &url, "instant", "confirmed").await;
    let resource = api.resource("Room").await;
    let started = Instant::now();
    let booking = api.booking(booking_at(&resource, "instant", 10)).await;
    assert!(started.elapsed() < Duration::from_secs(1));
    // The API keeps answering promptly while the delivery is retried.
    for _ in 0..5 {
        let started = Instant::now();
        api.get("/app").await.expect(200);
        assert!(started.elapsed() < Duration::from_millis(500));
    }
    let deliveries = deliveries_when(&handle, |d| {
        d.last()
            .is_some_and(|last| last.outcome == DeliveryOutcome::Dropped)
    })
    .await;
    let seen: Vec<_> = deliveries.iter().map(|d| (d.attempt, d.outcome)).collect();
    assert_eq!(
        seen,
        [
            (1, DeliveryOutcome::Retrying),
            (2, DeliveryOutcome::Retrying),
            (3, DeliveryOutcome::Retrying),
            (4, DeliveryOutcome::Dropped),
        ]
    );
    for delivery in &deliveries {
        assert_eq!(delivery.booking_id, booking["id"].as_str().unwrap());
        assert_eq!(delivery.status, None);
        assert!(delivery.error.is_some(), "{delivery:?}");
    }
    api.get(&format!("/bookings/{}", booking["id"].as_str().unwrap()))
        .await
        .expect(200);
    handle.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_pending_deliveries() {
    // Retries an hour apart: only shutdown can end the delivery task.
    let (handle, api) =
        start_with(Emulator::builder().webhook_retry_base(Duration::from_secs(3600))).await;
    register(&api, &closed_url().await, "instant", "confirmed").await;
    let resource = api.resource("Room").await;
    api.booking(booking_at(&resource, "instant", 10)).await;
    deliveries_when(&handle, |d| d.len() == 1).await;
    let started = Instant::now();
    handle.shutdown().await;
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn webhooks_are_listed_and_deleted() {
    let (handle, api) = emulator().await;
    assert_eq!(api.get("/webhooks").await.expect(200).data(), json!([]));
    let first = register(&api, "http://127.0.0.1:9/a", "instant", "confirmed").await;
    let second = register(&api, "https://example.com/b", "confirm_decline", "declined").await;
    for webhook in [&first, &second] {
        let keys: Vec<&str> = webhook
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in ["id", "url", "graph", "state", "method", "created_at"] {
            assert!(keys.contains(&key), "{key} missing in {webhook}");
        }
        assert_eq!(webhook["method"], "POST");
    }
    assert_eq!(
        api.get("/webhooks").await.expect(200).data(),
        json!([first, second])
    );
    let path = format!("/webhooks/{}", first["id"].as_str().unwrap());
    let deleted = api.delete(&path).await.expect(204);
    assert!(deleted.body.is_empty());
    assert_eq!(
        api.get("/webhooks").await.expect(200).data(),
        json!([second])
    );
    let missing = api.delete(&path).await.expect(404);
    assert_eq!(
        missing.json(),
        json!({"error": "Resource does not exist", "model": "Webhook"})
    );
    api.delete("/webhooks/unknown").await.expect(404);
    handle.shutdown().await;
}

#[tokio::test]
async fn invalid_webhooks_are_422_with_field_errors() {
    let (handle, api) = emulator().await;
    let cases = [
        (json!({}), &["url", "graph", "state"][..]),
        (
            json!({"url": "ftp://example.com/x", "graph": "instant", "state": "confirmed"}),
            &["url"][..],
        ),
        (
            json!({"url": "/relative", "graph": "instant", "state": "confirmed"}),
            &["url"][..],
        ),
        (
            json!({"url": "not a url", "graph": "instant", "state": "confirmed"}),
            &["url"][..],
        ),
        (
            json!({"url": 7, "graph": "instant", "state": "confirmed"}),
            &["url"][..],
        ),
        (
            json!({"url": "http://x.test/h", "graph": "nope", "state": "confirmed"}),
            &["graph"][..],
        ),
        (
            json!({"url": "http://x.test/h", "graph": "instant", "state": "paid"}),
            &["state"][..],
        ),
        (
            json!({"url": "http://x.test/h", "graph": "instant", "state": "confirmed", "method": "GET"}),
            &["method"][..],
        ),
    ];
    for (body, fields) in cases {
        let answer = api.post("/webhooks", body.clone()).await.expect(422).json();
        let errors = answer["errors"].as_object().unwrap();
        let mut got: Vec<&str> = errors.keys().map(String::as_str).collect();
        got.sort_unstable();
        let mut want = fields.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{body} → {answer}");
    }
    assert_eq!(api.get("/webhooks").await.expect(200).data(), json!([]));
    // Without the API key: 401.
    api.send(Method::GET, "/webhooks", None, None)
        .await
        .expect(401);
    handle.shutdown().await;
}

/// The booking ids of the next `count` deliveries, sorted.
async fn delivered_ids(
    received: &mut mpsc::UnboundedReceiver<Received>,
    count: usize,
) -> Vec<String> {
    let mut ids = Vec::new();
    for _ in 0..count {
        let delivery = next(received).await;
        let body: Value = serde_json::from_slice(&delivery.body).unwrap();
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    ids.sort();
    ids
}

fn ids_of(bookings: &Value) -> Vec<String> {
    bookings
        .as_array()
        .unwrap()
        .iter()
        .map(|booking| booking["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn bulk_creates_bulk_updates_and_replicated_actions_deliver_per_booking() {
    let (handle, api) = emulator().await;
    let (url, mut received) = receiver(0).await;
    register(&api, &url, "confirm_decline", "confirmed").await;
    register(&api, &url, "confirm_decline", "declined").await;
    let room = api.resource("Room").await;
    let body = json!({"relate_bookings": true, "bookings": [
        booking_at(&room, "confirm_decline", 9),
        booking_at(&room, "confirm_decline", 10),
        booking_at(&room, "confirm_decline", 11),
    ]});
    let created = api.post("/bookings/bulk", body).await.expect(201).data();
    let mut ids = ids_of(&created);
    nothing(&mut received).await;
    // Confirming one replicates to its siblings: each enters `confirmed`.
    api.action(&ids[0], "confirm").await.expect(200);
    ids.sort();
    assert_eq!(delivered_ids(&mut received, 3).await, ids);
    nothing(&mut received).await;

    let single = api.booking(booking_at(&room, "confirm_decline", 14)).await;
    let single = single["id"].as_str().unwrap().to_owned();
    api.put(
        "/bookings/bulk",
        json!({"bookings": [{"id": single, "action": "decline"}]}),
    )
    .await
    .expect(200);
    let delivery = next(&mut received).await;
    let body: Value = serde_json::from_slice(&delivery.body).unwrap();
    assert_eq!(
        (body["id"].as_str(), &body["state"]),
        (Some(&*single), &json!("declined"))
    );
    nothing(&mut received).await;
    handle.shutdown().await;
}

#[tokio::test]
async fn a_bulk_update_rolled_back_delivers_nothing() {
    let (handle, api) = emulator().await;
    let (url, mut received) = receiver(0).await;
    register(&api, &url, "confirm_decline", "confirmed").await;
    register(&api, &url, "confirm_decline", "declined").await;
    let room = api.resource("Room").await;
    let a = api.booking(booking_at(&room, "confirm_decline", 9)).await;
    let b = api.booking(booking_at(&room, "confirm_decline", 10)).await;
    let (a, b) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    api.put("/bookings/bulk", json!({"reset_all_on_error": true, "bookings": [
        {"id": a, "action": "confirm"}, {"id": b, "action": "decline"}, {"id": a, "action": "confirm"}]}))
        .await
        .expect(422);
    assert_eq!(
        api.get(&format!("/bookings/{a}")).await.data()["state"],
        "tentative"
    );
    nothing(&mut received).await;
    assert!(handle.webhook_deliveries().is_empty());
    handle.shutdown().await;
}

#[tokio::test]
async fn auto_complete_is_delivered_when_it_is_applied() {
    let (handle, api) = emulator().await;
    let (url, mut received) = receiver(0).await;
    register(&api, &url, "instant", "completed").await;
    let room = api.resource("Room").await;
    let booking = api.booking(booking_at(&room, "instant", 10)).await;
    let id = booking["id"].as_str().unwrap();
    // Ends 11:00Z, completes at 12:00Z; reads show it without storing it.
    handle.clock().set(ts("2030-01-02T12:00:00Z"));
    assert_eq!(
        api.get(&format!("/bookings/{id}")).await.data()["state"],
        "completed"
    );
    nothing(&mut received).await;
    // The next write to the booking stores the transition: one delivery.
    api.put(
        &format!("/bookings/{id}"),
        json!({"meta": {"note": "seen"}}),
    )
    .await
    .expect(200);
    let delivery = next(&mut received).await;
    let body: Value = serde_json::from_slice(&delivery.body).unwrap();
    assert_eq!(
        (body["id"].as_str(), &body["state"]),
        (Some(id), &json!("completed"))
    );
    nothing(&mut received).await;
    handle.shutdown().await;
}

#[tokio::test]
async fn the_builders_webhook_secret_signs_and_an_empty_one_is_refused() {
    let (handle, api) = start_with(Emulator::builder().webhook_secret("whsec_test_secret")).await;
    assert_eq!(handle.webhook_secret(), "whsec_test_secret");
    assert_eq!(
        api.get("/app").await.expect(200).data()["webhook_secret"],
        "whsec_test_secret"
    );
    let (url, mut received) = receiver(0).await;
    register(&api, &url, "instant", "confirmed").await;
    let room = api.resource("Room").await;
    api.booking(booking_at(&room, "instant", 10)).await;
    let delivery = next(&mut received).await;
    assert!(verifies(
        "whsec_test_secret",
        delivery.signature.as_deref().unwrap(),
        &delivery.body
    ));
    handle.shutdown().await;
    let refused = Emulator::builder().webhook_secret("").start().await;
    assert_eq!(
        refused.err().map(|error| error.kind()),
        Some(std::io::ErrorKind::InvalidInput)
    );
}
