//! The 16 convenience methods: each sends its operation's request and returns its output.
#![allow(clippy::unwrap_used)]

mod common;

use common::{EXPECTED_AUTHORIZATION, client, fixture};
use serde_json::{Map, Value, json};
use timekit::model::availability::AvailabilityRequest;
use timekit::model::{
    BookingAction, BulkBookingUpdate, CreateBookingRequest, CreateBookingsBulkRequest,
    CreateResourceRequest, Graph, Timestamp, UpdateBookingsBulkRequest, UpdateResourceRequest,
};
use timekit::transport::test_util::{ReplayTransport, json_response, response};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn booking_request() -> CreateBookingRequest {
    CreateBookingRequest::new(
        "r-1",
        Graph::Instant,
        at("2024-05-07T10:00:00+00:00"),
        at("2024-05-07T10:30:00+00:00"),
    )
}

#[tokio::test]
async fn every_convenience_sends_its_request_and_parses_the_answer() {
    let replay = ReplayTransport::new([
        json_response(200, fixture("app.json")),
        json_response(200, fixture("resource.json")),
        json_response(201, fixture("resource.json")),
        json_response(200, fixture("resource_page.json")),
        json_response(200, fixture("resource.json")),
        response(204, ""),
        response(204, ""),
        json_response(200, fixture("availability_slots.json")),
        json_response(201, fixture("booking.json")),
        json_response(200, fixture("booking_page.json")),
        json_response(200, fixture("booking.json")),
        json_response(200, fixture("booking.json")),
        json_response(200, fixture("booking.json")),
        json_response(200, fixture("bulk_results.json")),
        json_response(200, fixture("bulk_results.json")),
        response(204, ""),
    ]);
    let client = client(replay.clone());
    let mut meta = Map::new();
    meta.insert("order_ref".into(), json!("A-17"));

    let app = client.get_app().await.unwrap();
    assert!(!app.id.as_str().is_empty());
    assert!(
        client
            .invite_to_app("jane@example.com")
            .await
            .unwrap()
            .is_some()
    );
    let created = client
        .create_resource(CreateResourceRequest::new("Jane Roe", "Europe/Berlin"))
        .await
        .unwrap();
    assert!(!created.id.as_str().is_empty());
    assert!(!client.list_resources().await.unwrap().data.is_empty());
    client.get_resource("r-1").await.unwrap();
    assert!(
        client
            .update_resource("r-1", UpdateResourceRequest::new())
            .await
            .unwrap()
            .is_none()
    );
    client.delete_resource("r-1").await.unwrap();
    assert!(
        !client
            .query_availability(AvailabilityRequest::new(["r-1"]))
            .await
            .unwrap()
            .is_empty()
    );
    client.create_booking(booking_request()).await.unwrap();
    assert!(!client.list_bookings().await.unwrap().data.is_empty());
    client.get_booking("b-1").await.unwrap();
    client
        .apply_booking_action("b-1", BookingAction::Confirm)
        .await
        .unwrap();
    client.update_booking_meta("b-1", meta).await.unwrap();
    let bulk = client
        .create_bookings_bulk(CreateBookingsBulkRequest::new([booking_request()]))
        .await
        .unwrap();
    assert_eq!(bulk.len(), 3);
    let updates =
        UpdateBookingsBulkRequest::new([BulkBookingUpdate::new("b-1", BookingAction::Confirm)]);
    assert_eq!(client.update_bookings_bulk(updates).await.unwrap().len(), 3);
    client.delete_booking("b-1").await.unwrap();

    let sent: Vec<(String, String)> = replay
        .requests()
        .iter()
        .map(|request| {
            (
                request.method().to_string(),
                request.uri().path().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("GET", "/v2/app"),
        ("POST", "/v2/app/invite"),
        ("POST", "/v2/resources"),
        ("GET", "/v2/resources"),
        ("GET", "/v2/resources/r-1"),
        ("PUT", "/v2/resources/r-1"),
        ("DELETE", "/v2/resources/r-1"),
        ("POST", "/v2/availability"),
        ("POST", "/v2/bookings"),
        ("GET", "/v2/bookings"),
        ("GET", "/v2/bookings/b-1"),
        ("PUT", "/v2/bookings/b-1/confirm"),
        ("PUT", "/v2/bookings/b-1"),
        ("POST", "/v2/bookings/bulk"),
        ("PUT", "/v2/bookings/bulk"),
        ("DELETE", "/v2/bookings/b-1"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(sent, expected);

    for request in replay.requests() {
        assert_eq!(request.headers()["authorization"], EXPECTED_AUTHORIZATION);
        let writes = matches!(request.method().as_str(), "POST" | "PUT");
        if writes {
            let body: Value = serde_json::from_slice(request.body()).unwrap();
            assert!(
                body.is_object(),
                "{} {}: body must be a JSON object",
                request.method(),
                request.uri()
            );
        } else {
            assert!(
                request.body().is_empty(),
                "{} {} has no body",
                request.method(),
                request.uri()
            );
        }
    }
    assert_eq!(replay.remaining(), 0);
}

#[tokio::test]
async fn update_booking_meta_sends_the_meta_object() {
    let replay = ReplayTransport::new([json_response(200, fixture("booking.json"))]);
    let mut meta = Map::new();
    meta.insert("order_ref".into(), json!("A-17"));
    client(replay.clone())
        .update_booking_meta("b-1", meta)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(replay.last_request().unwrap().body()).unwrap();
    assert_eq!(body, json!({"meta": {"order_ref": "A-17"}}));
}

#[tokio::test]
async fn raw_calls_return_status_headers_and_bytes_and_still_check_status() {
    let mut answer = json_response(200, fixture("app.json"));
    answer
        .headers_mut()
        .insert("timekit-request-id", "req-7".parse().unwrap());
    let replay = ReplayTransport::new([
        answer,
        json_response(401, r#"{"error": "Invalid credentials supplied"}"#),
    ]);
    let client = client(replay);
    let raw = client
        .call(timekit::ops::GetApp::new())
        .raw()
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.request_id(), Some("req-7"));
    assert_eq!(raw.body.as_ref(), fixture("app.json").as_bytes());
    let err = client
        .call(timekit::ops::GetApp::new())
        .raw()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "TIMEKIT:INCORRECT_CREDENTIALS");
}

#[tokio::test]
async fn mock_transport_sees_exactly_one_send_per_call() {
    let mut mock = timekit::transport::MockTransport::new();
    mock.expect_send()
        .withf(|request| request.uri().path() == "/v2/app" && request.method() == "GET")
        .times(1)
        .returning(|_| Ok(json_response(200, fixture("app.json"))));
    let app = client(mock).get_app().await.unwrap();
    assert!(!app.slug.is_empty());
}
