//! The failures users hit, end to end: wrong key, unknown ids, validation errors, illegal
//! actions, deleting a live booking, bulk items that fail, raw JSON in and raw bytes out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};
use timekit::model::{
    BookingAction, BookingState, BulkBookingUpdate, CreateBookingRequest,
    CreateBookingsBulkRequest, CreateResourceRequest, ErrorBody, Graph, UpdateBookingsBulkRequest,
};
use timekit::ops::{CreateBooking, CreateBookingsBulk, GetBooking, QueryAvailability};
use timekit::{BuildError, Error};
use timekit_tests::{
    API_KEY, TestBed, assert_refused, at, booking, customer, emulator_builder, status_code,
};

/// An id of the right shape that the emulator never issued.
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

/// The validation messages of a 422, as `(field, messages)` pairs.
fn field_errors(err: &Error) -> Vec<(String, Vec<String>)> {
    let errors = err
        .api_failure()
        .and_then(|failure| failure.validation_errors())
        .unwrap_or_else(|| panic!("not a validation error: {err}"));
    errors
        .iter()
        .map(|(field, messages)| (field.clone(), messages.clone()))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

#[tokio::test]
async fn a_wrong_key_is_incorrect_credentials_on_every_kind_of_call() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let wrong_key = "test_api_key_wrong000000000000000000000000000";
    let intruder = bed.client_with_key(wrong_key);

    let failures = [
        intruder.get_app().await.unwrap_err(),
        intruder.get_resource(room.id.clone()).await.unwrap_err(),
        intruder
            .create_booking(booking(
                room.id.as_str(),
                Graph::Instant,
                "2030-01-08T10:00:00Z",
                "2030-01-08T11:00:00Z",
                "Eve Mallory",
            ))
            .await
            .unwrap_err(),
        intruder.delete_resource(room.id.clone()).await.unwrap_err(),
    ];
    for err in &failures {
        assert!(matches!(err, Error::IncorrectCredentials(_)), "{err:?}");
        assert_eq!(err.code(), "TIMEKIT:INCORRECT_CREDENTIALS");
        assert_eq!(status_code(err), Some(401));
        assert_eq!(
            err.api_failure().unwrap().message(),
            Some("Invalid credentials supplied")
        );
        assert!(err.request_id().is_some_and(|id| !id.is_empty()));
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(wrong_key), "the key leaked: {shown}");
        assert!(!shown.contains(API_KEY), "the key leaked: {shown}");
    }
    // Nothing was created or deleted behind the refused calls.
    assert_eq!(bed.emulator.booking_count(), 0);
    assert_eq!(bed.emulator.resource_count(), 1);
}

#[tokio::test]
async fn unknown_ids_are_404_with_the_model_named() {
    let bed = TestBed::start().await;
    let client = &bed.client;
    let cases = [
        (client.get_booking(UNKNOWN_ID).await.unwrap_err(), "Booking"),
        (
            client
                .apply_booking_action(UNKNOWN_ID, BookingAction::Confirm)
                .await
                .unwrap_err(),
            "Booking",
        ),
        (
            client.delete_booking(UNKNOWN_ID).await.unwrap_err(),
            "Booking",
        ),
        (
            client.get_resource(UNKNOWN_ID).await.unwrap_err(),
            "Resource",
        ),
        (
            client.delete_resource(UNKNOWN_ID).await.unwrap_err(),
            "Resource",
        ),
        (
            client
                .invite_to_app("nobody@example.com")
                .await
                .unwrap_err(),
            "Resource",
        ),
    ];
    for (err, model) in &cases {
        assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
        assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
        assert_eq!(status_code(err), Some(404));
        assert_eq!(
            err.api_failure().unwrap().error_body(),
            &ErrorBody::Message {
                error: "Resource does not exist".to_owned(),
                model: Some((*model).to_owned()),
                action: None,
            }
        );
        assert!(err.to_string().contains("Resource does not exist"), "{err}");
    }
}

#[tokio::test]
async fn validation_errors_come_back_as_a_field_map() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;

    let backwards = bed
        .client
        .create_booking(booking(
            room.id.as_str(),
            Graph::Instant,
            "2030-01-08T11:00:00Z",
            "2030-01-08T10:00:00Z",
            "Ann Lee",
        ))
        .await
        .unwrap_err();
    assert_eq!(status_code(&backwards), Some(422));
    assert_eq!(backwards.code(), "TIMEKIT:UNKNOWN");
    assert_eq!(
        field_errors(&backwards),
        [(
            "end".to_owned(),
            strings(&["The end must be a date after start."])
        )]
    );
    assert!(
        backwards
            .to_string()
            .contains("end: The end must be a date after start."),
        "{backwards}"
    );

    let bad_zone = bed
        .client
        .create_resource(CreateResourceRequest::new("Room 2", "Mars/Olympus_Mons"))
        .await
        .unwrap_err();
    assert_eq!(status_code(&bad_zone), Some(422));
    let fields: Vec<String> = field_errors(&bad_zone)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["timezone"]);

    // Raw JSON missing almost everything: every required field is named.
    let empty = bed
        .client
        .call(CreateBooking::from_json(json!({"graph": "instant"})))
        .await
        .unwrap_err();
    let fields: Vec<String> = field_errors(&empty).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "customer.email",
            "customer.name",
            "end",
            "resource_id",
            "start"
        ]
    );
    assert_eq!(bed.emulator.booking_count(), 0);
    assert_eq!(bed.emulator.resource_count(), 1);
}

#[tokio::test]
async fn an_illegal_action_is_refused_and_changes_nothing() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let instant = bed
        .book(
            room.id.as_str(),
            Graph::Instant,
            "2030-01-08T10:00:00Z",
            "2030-01-08T11:00:00Z",
            "Ann Lee",
        )
        .await;

    let err = bed
        .client
        .apply_booking_action(instant.id.clone(), BookingAction::Decline)
        .await
        .unwrap_err();
    assert_refused(
        &err,
        "Cannot apply action 'decline' to current state 'confirmed'",
    );
    let unchanged = bed.client.get_booking(instant.id.clone()).await.unwrap();
    assert_eq!(unchanged.state, BookingState::Confirmed);

    // An explicit initial action the graph does not start with: refused, nothing stored.
    let refused = bed
        .client
        .create_booking(
            booking(
                room.id.as_str(),
                Graph::ConfirmDecline,
                "2030-01-09T10:00:00Z",
                "2030-01-09T11:00:00Z",
                "Bo Dahl",
            )
            .action(BookingAction::Confirm),
        )
        .await
        .unwrap_err();
    assert_refused(
        &refused,
        "Cannot apply action 'confirm' to current state 'initialized'",
    );
    assert_eq!(bed.emulator.booking_count(), 1);
}

#[tokio::test]
async fn a_booking_that_is_not_final_cannot_be_deleted() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let tentative = bed
        .book(
            room.id.as_str(),
            Graph::ConfirmDecline,
            "2030-01-08T10:00:00Z",
            "2030-01-08T11:00:00Z",
            "Ann Lee",
        )
        .await;

    let err = bed
        .client
        .delete_booking(tentative.id.clone())
        .await
        .unwrap_err();
    assert_refused(&err, "Only bookings in a final state can be deleted");
    let still_there = bed.client.get_booking(tentative.id.clone()).await.unwrap();
    assert_eq!(still_there.state, BookingState::Tentative);

    // Once declined (a final state) the same delete succeeds.
    bed.client
        .apply_booking_action(tentative.id.clone(), BookingAction::Decline)
        .await
        .unwrap();
    bed.client
        .delete_booking(tentative.id.clone())
        .await
        .unwrap();
    assert_eq!(bed.emulator.booking_count(), 0);
}

#[tokio::test]
async fn raw_json_in_and_raw_bytes_out() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;

    // Raw JSON in, including a field the typed request does not model.
    let created = bed
        .client
        .call(
            CreateBooking::from_json(json!({
                "resource_id": room.id.as_str(),
                "graph": "confirm_decline",
                "start": "2030-01-08T10:00:00+01:00",
                "end": "2030-01-08T11:00:00+01:00",
                "what": "Raw consultation",
                "customer": {"name": "Raw Customer", "email": "raw@example.com", "loyalty": "gold"},
            }))
            .include("customers"),
        )
        .await
        .unwrap();
    assert_eq!(created.graph, Graph::ConfirmDecline);
    assert_eq!(created.state, BookingState::Tentative);
    let customers = created.customers.clone().unwrap();
    assert_eq!(customers[0].name.as_deref(), Some("Raw Customer"));
    assert_eq!(customers[0].extra.get("loyalty"), Some(&json!("gold")));

    // Raw bytes out: status, headers and the body exactly as sent.
    let raw = bed
        .client
        .call(GetBooking::new(created.id.clone()).include("attributes"))
        .raw()
        .await
        .unwrap();
    assert_eq!(raw.status.as_u16(), 200);
    assert_eq!(
        raw.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert!(raw.request_id().is_some_and(|id| !id.is_empty()));
    let body: Value = serde_json::from_slice(&raw.body).unwrap();
    assert_eq!(body["data"]["id"], json!(created.id.as_str()));
    assert_eq!(body["data"]["state"], json!("tentative"));
    // Event times come back with the instant and the offset they were sent with (issue 14).
    assert_eq!(
        body["data"]["attributes"]["event_info"]["start"],
        json!("2030-01-08T10:00:00+01:00")
    );
    assert_eq!(
        body["data"]["attributes"]["event_info"]["what"],
        json!("Raw consultation")
    );

    // Raw output still classifies failures.
    let err = bed
        .client
        .call(GetBooking::new("00000000-0000-4000-8000-000000000000"))
        .raw()
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(404));

    // A raw body that is not a JSON object is refused before anything is sent.
    bed.emulator.reset_request_counts();
    let err = bed
        .client
        .call(QueryAvailability::from_json(json!([room.id.as_str()])))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidRequest(BuildError::BodyNotObject(_))),
        "{err:?}"
    );
    assert_eq!(err.status(), None);
    assert!(bed.emulator.request_counts().is_empty());
}

#[tokio::test]
async fn ids_that_would_change_the_path_are_refused_before_sending() {
    let bed = TestBed::start().await;
    for bad in ["../app", "a/b", "", "x?y=1"] {
        let err = bed.client.get_booking(bad).await.unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest(BuildError::InvalidId { .. })),
            "{bad:?}: {err:?}"
        );
    }
    assert!(bed.emulator.request_counts().is_empty());
}

#[tokio::test]
async fn bulk_create_with_a_failing_item_keeps_the_others() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room Hudson", "America/New_York").await;
    let id = room.id.as_str();
    let items = [
        booking(
            id,
            Graph::Instant,
            "2030-01-09T14:00:00Z",
            "2030-01-09T15:00:00Z",
            "Ann Lee",
        ),
        // Overlaps the first item: the room is already booked then.
        booking(
            id,
            Graph::Instant,
            "2030-01-09T14:30:00Z",
            "2030-01-09T15:30:00Z",
            "Bo Dahl",
        ),
        CreateBookingRequest::new(
            id,
            Graph::Instant,
            at("2030-01-10T15:00:00Z"),
            at("2030-01-10T14:00:00Z"),
        )
        .customer(customer("Cy Moss")),
        booking(
            id,
            Graph::Instant,
            "2030-01-11T14:00:00Z",
            "2030-01-11T15:00:00Z",
            "Di Wu",
        ),
    ];

    let results = bed
        .client
        .create_bookings_bulk(CreateBookingsBulkRequest::new(items.clone()))
        .await
        .unwrap();

    assert_eq!(results.len(), 4);
    assert_eq!(results[0].booking().unwrap().state, BookingState::Confirmed);
    let clash = results[1].error().expect("the overlapping item fails");
    assert_eq!(
        clash.error_body().validation_errors().unwrap()["start"],
        strings(&["The resource is already booked in this time slot."])
    );
    let backwards = results[2].error().expect("the backwards item fails");
    assert_eq!(
        backwards.error_body().validation_errors().unwrap()["end"],
        strings(&["The end must be a date after start."])
    );
    assert_eq!(
        backwards.raw()["errors"]["end"][0],
        json!("The end must be a date after start.")
    );
    assert_eq!(results[3].booking().unwrap().state, BookingState::Confirmed);
    assert_eq!(bed.emulator.booking_count(), 2);

    // With delete_all_on_error the same request is one 422 naming the items, and nothing stays.
    let bed = TestBed::start_with(emulator_builder()).await;
    let room = bed.resource("Room Hudson", "America/New_York").await;
    let retargeted: Vec<CreateBookingRequest> = items
        .into_iter()
        .map(|mut item| {
            item.resource_id = room.id.clone();
            item
        })
        .collect();
    let err = bed
        .client
        .call(CreateBookingsBulk::new(
            CreateBookingsBulkRequest::new(retargeted).delete_all_on_error(true),
        ))
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(422));
    let fields: Vec<String> = field_errors(&err).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["bookings.1.start", "bookings.2.end"]);
    assert_eq!(bed.emulator.booking_count(), 0);
}

#[tokio::test]
async fn bulk_update_with_failing_items_applies_the_rest() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let tentative = bed
        .book(
            room.id.as_str(),
            Graph::ConfirmDecline,
            "2030-01-08T10:00:00Z",
            "2030-01-08T11:00:00Z",
            "Ann Lee",
        )
        .await;
    let instant = bed
        .book(
            room.id.as_str(),
            Graph::Instant,
            "2030-01-08T12:00:00Z",
            "2030-01-08T13:00:00Z",
            "Bo Dahl",
        )
        .await;

    let results = bed
        .client
        .update_bookings_bulk(UpdateBookingsBulkRequest::new([
            BulkBookingUpdate::new(tentative.id.clone(), BookingAction::Confirm),
            BulkBookingUpdate::new(UNKNOWN_ID, BookingAction::Confirm),
            BulkBookingUpdate::new(instant.id.clone(), BookingAction::Decline),
        ]))
        .await
        .unwrap();

    assert_eq!(results.len(), 3);
    assert_eq!(results[0].booking().unwrap().state, BookingState::Confirmed);
    assert_eq!(
        results[1].error().unwrap().error_body(),
        &ErrorBody::Message {
            error: "Resource does not exist".to_owned(),
            model: Some("Booking".to_owned()),
            action: None,
        }
    );
    assert_eq!(
        results[2].error().unwrap().message(),
        Some("Cannot apply action 'decline' to current state 'confirmed'")
    );
    let stored = bed.client.get_booking(instant.id.clone()).await.unwrap();
    assert_eq!(stored.state, BookingState::Confirmed);
    let confirmed = bed.client.get_booking(tentative.id.clone()).await.unwrap();
    assert_eq!(confirmed.state, BookingState::Confirmed);
}

/// With a client-side limiter, the client honours Timekit's `X-RateLimit-Remaining: 0`
/// (issue 14): against a live key's 10-request bucket (refilled at 600 a minute), a limiter far
/// looser than the server's bucket still never meets the 503, because the answer that says
/// "0 left" makes the next request wait. Without that, the 11th call is refused.
#[tokio::test]
async fn the_limiter_waits_when_timekit_says_no_request_is_left() {
    use timekit::{Client, RateLimiter, RetryPolicy};
    use timekit_emulator::{Emulator, RateLimits};

    let emulator = Emulator::builder()
        .api_key("live_api_key_rate_limit_test")
        .rate_limits(RateLimits::timekit())
        .start()
        .await
        .expect("emulator starts");
    let client = Client::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        // 5 per second after a drain (the server refills 10), a burst of 100 otherwise.
        .rate_limiter(RateLimiter::new(5, 100))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    for call in 1..=14 {
        if let Err(err) = client.get_app().await {
            panic!("call {call} was refused: {err}");
        }
    }
    assert_eq!(emulator.request_count("GET", "/app"), 14);
}
