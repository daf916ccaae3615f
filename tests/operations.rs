//! Success paths of the operations through the real client and transport, with the returned
//! data checked field by field: app, invite, resources, bookings, meta, bulk, delete.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Map, Value, json};
use timekit::model::constraint::{Constraint, Hours};
use timekit::model::{
    BookingAction, BookingState, BulkBookingUpdate, CreateBookingRequest,
    CreateBookingsBulkRequest, CreateResourceRequest, Customer, Graph, UpdateBookingsBulkRequest,
    UpdateResourceRequest,
};
use timekit::ops::{
    CreateBooking, CreateResource, GetBooking, GetResource, InviteToApp, ListResources,
    UpdateBookingMeta,
};
use timekit_emulator::SeedApp;
use timekit_tests::{NOW, TestBed, at, booking, emulator_builder, status_code};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// Action names, sorted, so graph checks do not depend on the server's listing order.
fn sorted_actions(actions: &[BookingAction]) -> Vec<String> {
    let mut names: Vec<String> = actions.iter().map(|a| a.as_str().to_owned()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn get_app_returns_the_app_of_the_key() {
    let mut seed = SeedApp::new("harbour-clinic");
    seed.id = "6f1c2a4e-3b0d-4c59-9a7e-0d2f1b8c5e11".to_owned();
    seed.settings
        .insert("name".to_owned(), json!("Harbour Clinic"));
    let bed = TestBed::start_with(emulator_builder().app(seed)).await;

    let app = bed.client.get_app().await.unwrap();

    assert_eq!(app.id.as_str(), "6f1c2a4e-3b0d-4c59-9a7e-0d2f1b8c5e11");
    assert_eq!(app.slug, "harbour-clinic");
    assert_eq!(app.name(), Some("Harbour Clinic"));
    // The suite's key starts with `test_api_key_`, which makes the app a test-mode app.
    assert_eq!(app.test_mode, Some(true));
    assert_eq!(app.created_at.unwrap().instant(), at(NOW).instant());
    let settings = app.settings.unwrap();
    assert_eq!(settings["disableEmail"], json!(true));
}

#[tokio::test]
async fn invite_adds_a_known_person_once_on_either_path() {
    let bed = TestBed::start_with(
        emulator_builder().invite_directory(["ida.holm@example.com", "bo@example.com"]),
    )
    .await;

    let invited = bed
        .client
        .invite_to_app("ida.holm@example.com")
        .await
        .unwrap()
        .expect("the emulator answers the invited resource");
    assert_eq!(invited.email.as_deref(), Some("ida.holm@example.com"));
    assert_eq!(invited.name, "ida.holm");
    assert_eq!(invited.timezone, "UTC");
    assert_eq!(invited.created_at.unwrap().instant(), at(NOW).instant());

    // Inviting again re-sends the invitation: same resource, nothing new stored.
    let again = bed
        .client
        .invite_to_app("ida.holm@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.id, invited.id);
    assert_eq!(bed.emulator.resource_count(), 1);

    // The path Timekit's doc slug suggests works too (`with_path`).
    let other = bed
        .client
        .call(InviteToApp::new("bo@example.com").with_path("apps/invite"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(other.email.as_deref(), Some("bo@example.com"));
    assert_eq!(bed.emulator.request_count("POST", "/apps/invite"), 1);

    let listed = bed.client.list_resources().await.unwrap();
    let mut ids: Vec<&str> = listed.data.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let mut expected = vec![invited.id.as_str(), other.id.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn resource_create_get_update_list_and_delete() {
    let bed = TestBed::start().await;
    let client = &bed.client;
    let request = CreateResourceRequest::new("Dr. Ida Holm", "Europe/Copenhagen")
        .email("ida@clinic.example")
        .meta("room", 4)
        .tag("therapist")
        .constraint(Constraint::AllowHours(Hours::new(9, 17)))
        .constraint(Constraint::BlockWeekends);

    let created = client
        .call(CreateResource::new(request).include("availability_constraints"))
        .await
        .unwrap();
    assert_eq!(created.name, "Dr. Ida Holm");
    assert_eq!(created.timezone, "Europe/Copenhagen");
    assert_eq!(created.email.as_deref(), Some("ida@clinic.example"));
    // Timekit fills first_name with the whole name when only `name` is given.
    assert_eq!(created.first_name.as_deref(), Some("Dr. Ida Holm"));
    assert_eq!(created.meta, Some(object(json!({"room": 4}))));
    assert_eq!(
        created.availability_constraints,
        Some(vec![
            Constraint::AllowHours(Hours::new(9, 17)),
            Constraint::BlockWeekends
        ])
    );
    assert_eq!(created.extra.get("tags"), Some(&json!(["therapist"])));
    assert_eq!(created.created_at.unwrap().instant(), at(NOW).instant());

    // Without the include the constraints are left out; everything else is the same.
    let fetched = client.get_resource(created.id.clone()).await.unwrap();
    assert_eq!(fetched.id, created.id);
    assert_eq!(fetched.name, created.name);
    assert_eq!(fetched.email, created.email);
    assert_eq!(fetched.availability_constraints, None);

    // PUT answers 204: no resource in the output; the change shows on the next read.
    let update = UpdateResourceRequest::new()
        .name("Dr. Ida Holm-Berg")
        .meta("floor", 2)
        .availability_constraints([Constraint::AllowHours(Hours::new(8, 16))]);
    let answered = client
        .update_resource(created.id.clone(), update)
        .await
        .unwrap();
    assert_eq!(answered, None);
    let updated = client
        .call(GetResource::new(created.id.clone()).include("availability_constraints"))
        .await
        .unwrap();
    assert_eq!(updated.name, "Dr. Ida Holm-Berg");
    assert_eq!(updated.first_name.as_deref(), Some("Dr. Ida Holm"));
    assert_eq!(updated.timezone, "Europe/Copenhagen");
    // Meta keys are merged (docs/api-decisions.md), the constraint list is replaced.
    assert_eq!(updated.meta, Some(object(json!({"room": 4, "floor": 2}))));
    assert_eq!(
        updated.availability_constraints,
        Some(vec![Constraint::AllowHours(Hours::new(8, 16))])
    );

    let room = bed.resource("Room Hudson", "America/New_York").await;
    let first_page = client.list_resources().await.unwrap();
    assert_eq!(first_page.total, Some(2));
    assert_eq!(first_page.current_page, Some(1));
    assert_eq!(first_page.next_page_url, None);
    let mut names: Vec<&str> = first_page.data.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Dr. Ida Holm-Berg", "Room Hudson"]);
    let searched = client
        .call(ListResources::new().search("name:room*"))
        .await
        .unwrap();
    assert_eq!(searched.data.len(), 1);
    assert_eq!(searched.data[0].id, room.id);
    assert_eq!(searched.data[0].timezone, "America/New_York");

    client.delete_resource(room.id.clone()).await.unwrap();
    assert_eq!(bed.emulator.resource_count(), 1);
    let err = client.get_resource(room.id.clone()).await.unwrap_err();
    assert_eq!(status_code(&err), Some(404));
}

#[tokio::test]
async fn create_booking_returns_every_field_it_was_given() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room Hudson", "America/New_York").await;
    let request = CreateBookingRequest::new(
        room.id.clone(),
        Graph::Instant,
        at("2030-01-08T09:00:00-05:00"),
        at("2030-01-08T10:00:00-05:00"),
    )
    .what("Intake")
    .location("Room Hudson, 2nd floor")
    .description("First visit")
    .customer(
        Customer::new("Jane Roe", "jane@example.com")
            .phone("+1 212 555 0100")
            .timezone("America/New_York"),
    )
    .meta("order_ref", "A-17");

    let created = bed
        .client
        .call(
            CreateBooking::new(request)
                .include("attributes")
                .include("customers"),
        )
        .await
        .unwrap();

    assert_eq!(created.graph, Graph::Instant);
    assert_eq!(created.state, BookingState::Confirmed);
    assert!(!created.completed);
    assert_eq!(
        sorted_actions(created.actions()),
        [
            "cancel",
            "cancel_by_customer",
            "complete",
            "reschedule_by_customer"
        ]
    );
    assert_eq!(created.meta, Some(object(json!({"order_ref": "A-17"}))));
    assert_eq!(created.created_at.unwrap().instant(), at(NOW).instant());
    assert_eq!(created.updated_at.unwrap().instant(), at(NOW).instant());
    let event = created.event_info().expect("attributes were included");
    assert_eq!(
        event.start.unwrap().instant(),
        at("2030-01-08T14:00:00Z").instant()
    );
    assert_eq!(
        event.end.unwrap().instant(),
        at("2030-01-08T15:00:00Z").instant()
    );
    assert_eq!(event.what.as_deref(), Some("Intake"));
    assert_eq!(event.location.as_deref(), Some("Room Hudson, 2nd floor"));
    assert_eq!(event.description.as_deref(), Some("First visit"));
    let customers = created.customers.clone().expect("customers were included");
    assert_eq!(customers.len(), 1);
    let jane = &customers[0];
    assert!(jane.id.as_deref().is_some_and(|id| !id.is_empty()));
    assert_eq!(jane.name.as_deref(), Some("Jane Roe"));
    assert_eq!(jane.email.as_deref(), Some("jane@example.com"));
    assert_eq!(jane.phone.as_deref(), Some("+1 212 555 0100"));
    assert_eq!(jane.timezone.as_deref(), Some("America/New_York"));

    // A plain GET leaves the includes out but describes the same booking.
    let plain = bed.client.get_booking(created.id.clone()).await.unwrap();
    assert_eq!(plain.id, created.id);
    assert_eq!(plain.state, BookingState::Confirmed);
    assert_eq!(plain.meta, created.meta);
    assert_eq!(plain.attributes, None);
    assert_eq!(plain.customers, None);
    let with_customers = bed
        .client
        .call(GetBooking::new(created.id.clone()).include("customers"))
        .await
        .unwrap();
    assert_eq!(with_customers.customers, Some(customers));
}

#[tokio::test]
async fn booking_meta_is_merged_key_by_key() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let created = bed
        .client
        .create_booking(
            booking(
                room.id.as_str(),
                Graph::ConfirmDecline,
                "2030-01-08T10:00:00Z",
                "2030-01-08T11:00:00Z",
                "Ben Hale",
            )
            .meta("order_ref", "A-17")
            .meta("source", "web"),
        )
        .await
        .unwrap();

    let updated = bed
        .client
        .update_booking_meta(
            created.id.clone(),
            object(json!({"order_ref": "A-18", "paid": true})),
        )
        .await
        .unwrap();
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.state, BookingState::Tentative);
    assert_eq!(
        updated.meta,
        Some(object(
            json!({"order_ref": "A-18", "source": "web", "paid": true})
        ))
    );

    let again = bed
        .client
        .call(UpdateBookingMeta::new(created.id.clone(), Map::new()).set("note", "bring forms"))
        .await
        .unwrap();
    assert_eq!(
        again.meta,
        Some(object(json!({
            "order_ref": "A-18", "source": "web", "paid": true, "note": "bring forms"
        })))
    );
    let stored = bed.client.get_booking(created.id.clone()).await.unwrap();
    assert_eq!(stored.meta, again.meta);
}

#[tokio::test]
async fn bulk_create_then_bulk_update() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room Hudson", "America/New_York").await;
    let id = room.id.as_str();
    let request = CreateBookingsBulkRequest::new([
        booking(
            id,
            Graph::ConfirmDecline,
            "2030-01-09T14:00:00Z",
            "2030-01-09T15:00:00Z",
            "Ann Lee",
        ),
        booking(
            id,
            Graph::ConfirmDecline,
            "2030-01-10T14:00:00Z",
            "2030-01-10T15:00:00Z",
            "Bo Dahl",
        ),
        booking(
            id,
            Graph::Instant,
            "2030-01-11T14:00:00Z",
            "2030-01-11T15:00:00Z",
            "Cy Moss",
        ),
    ]);
    let created = bed.client.create_bookings_bulk(request).await.unwrap();
    assert_eq!(created.len(), 3);
    let bookings: Vec<_> = created
        .iter()
        .map(|item| item.booking().expect("every item succeeds").clone())
        .collect();
    assert_eq!(
        bookings.iter().map(|b| b.state.clone()).collect::<Vec<_>>(),
        [
            BookingState::Tentative,
            BookingState::Tentative,
            BookingState::Confirmed
        ]
    );
    assert_eq!(bed.emulator.booking_count(), 3);
    let listed = bed.client.list_bookings().await.unwrap();
    assert_eq!(listed.total, Some(3));
    let mut listed_ids: Vec<&str> = listed.data.iter().map(|b| b.id.as_str()).collect();
    listed_ids.sort_unstable();
    let mut created_ids: Vec<&str> = bookings.iter().map(|b| b.id.as_str()).collect();
    created_ids.sort_unstable();
    assert_eq!(listed_ids, created_ids);

    let update = UpdateBookingsBulkRequest::new([
        BulkBookingUpdate::new(bookings[0].id.clone(), BookingAction::Confirm),
        BulkBookingUpdate::new(bookings[1].id.clone(), BookingAction::Decline)
            .message("Room is being renovated"),
        BulkBookingUpdate::new(bookings[2].id.clone(), BookingAction::Complete),
    ]);
    let updated = bed.client.update_bookings_bulk(update).await.unwrap();
    let states: Vec<(BookingState, bool)> = updated
        .iter()
        .map(|item| {
            let booking = item.booking().expect("every action is legal");
            (booking.state.clone(), booking.completed)
        })
        .collect();
    assert_eq!(
        states,
        [
            (BookingState::Confirmed, false),
            (BookingState::Declined, true),
            (BookingState::Completed, true)
        ]
    );
    for (item, original) in updated.iter().zip(&bookings) {
        assert_eq!(item.booking().unwrap().id, original.id, "order is kept");
    }
}

#[tokio::test]
async fn a_final_booking_is_deleted() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let created = bed
        .book(
            room.id.as_str(),
            Graph::Instant,
            "2030-01-08T10:00:00Z",
            "2030-01-08T11:00:00Z",
            "Dan Ek",
        )
        .await;
    let cancelled = bed
        .client
        .apply_booking_action(created.id.clone(), BookingAction::Cancel)
        .await
        .unwrap();
    assert_eq!(cancelled.state, BookingState::Cancelled);
    assert!(cancelled.completed);

    bed.client.delete_booking(created.id.clone()).await.unwrap();

    assert_eq!(bed.emulator.booking_count(), 0);
    let err = bed
        .client
        .get_booking(created.id.clone())
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(404));
    assert_eq!(
        err.api_failure().unwrap().error_body(),
        &timekit::model::ErrorBody::Message {
            error: "Resource does not exist".to_owned(),
            model: Some("Booking".to_owned()),
            action: None,
        }
    );
}
