//! Fixture tests: JSON shaped like the spec's examples decodes into the model types, and
//! writes back unchanged (unknown fields included).

// Test helpers outside `#[test]` functions: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use timekit_model::slot::Slot;
use timekit_model::{
    Account, AccountSync, App, AuthUser, AvailabilityCount, AvailableDate, Booking, BookingAction,
    BookingState, BulkItemResult, Calendar, Credential, Envelope, Event, FindTimeSlot, Graph,
    GroupBooking, Location, Page, Project, Resource, ResourceTimezone, Service, Template,
    Timestamp, Webhook,
};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Decodes the fixture as `T` and checks that writing it back gives the same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let input = fixture(name);
    let decoded: T = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        input,
        "{name} changed on the way back"
    );
    decoded
}

#[test]
fn app_fixture() {
    let app = round_trip::<Envelope<App>>("app.json").data;
    assert_eq!(app.slug, "my-app");
    assert_eq!(app.extra["role"], "owner");
    assert_eq!(
        app.updated_at.unwrap().to_string(),
        "2024-01-02T11:30:00+01:00"
    );
}

#[test]
fn resource_fixture() {
    let resource = round_trip::<Envelope<Resource>>("resource.json").data;
    assert_eq!(resource.timezone, "Europe/Berlin");
    assert_eq!(resource.availability_constraints.as_ref().unwrap().len(), 2);
    assert_eq!(resource.extra["email_verified"], false);
    assert_eq!(resource.meta.unwrap()["t_store_id"], 145);
}

#[test]
fn resource_page_fixture() {
    let page = round_trip::<Page<Resource>>("resource_page.json");
    assert_eq!(page.data.len(), 2);
    assert_eq!(
        (page.total, page.per_page, page.last_page),
        (Some(3), Some(2), Some(2))
    );
    assert!(page.has_next());
}

#[test]
fn booking_fixture() {
    let booking = round_trip::<Envelope<Booking>>("booking.json").data;
    assert_eq!(booking.graph, Graph::ConfirmDecline);
    assert_eq!(booking.state, BookingState::Tentative);
    assert_eq!(
        booking.actions(),
        &[BookingAction::Decline, BookingAction::Confirm]
    );
    let event = booking.event_info().unwrap();
    assert_eq!(event.location.as_deref(), Some("Room 2"));
    assert_eq!(event.extra["participants"], json!(["jane@example.com"]));
    let customer = &booking.customers.as_ref().unwrap()[0];
    assert_eq!(customer.extra["comment"], "Window seat");
    assert_eq!(booking.extra["calendar"]["name"], "Bookings");
}

#[test]
fn booking_page_fixture_with_string_per_page() {
    let input = fixture("booking_page.json");
    let page: Page<Booking> = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(page.per_page, Some(2));
    assert!(!page.has_next());
    assert_eq!(page.data[1].state, BookingState::Initialized);
    // `per_page` is written back as a number; everything else is unchanged.
    let mut expected = input;
    expected["per_page"] = json!(2);
    assert_eq!(serde_json::to_value(&page).unwrap(), expected);
}

#[test]
fn legacy_colonless_offsets_parse_and_are_written_with_a_colon() {
    let booking: Envelope<Booking> =
        serde_json::from_value(fixture("booking_legacy_offsets.json")).unwrap();
    let created = booking.data.created_at.unwrap();
    assert_eq!(
        created.instant(),
        "2016-02-11T10:58:45Z".parse::<jiff::Timestamp>().unwrap()
    );
    assert_eq!(
        created,
        Timestamp::parse("2016-02-11T11:58:45+01:00").unwrap()
    );
    assert_eq!(created.to_string(), "2016-02-11T11:58:45+01:00");
    assert_eq!(booking.data.extra["all_actions"][1], "save_customer_data");
}

#[test]
fn declined_booking_is_final() {
    let booking = round_trip::<Envelope<Booking>>("booking_declined.json").data;
    assert!(booking.completed);
    assert!(booking.state.is_final());
    assert!(booking.actions().is_empty());
}

#[test]
fn availability_slots_fixture() {
    let slots = round_trip::<Envelope<Vec<Slot>>>("availability_slots.json").data;
    assert_eq!(slots.len(), 2);
    assert_eq!(slots[1].resources.len(), 2);
}

#[test]
fn bulk_results_fixture() {
    let results = round_trip::<Envelope<Vec<BulkItemResult>>>("bulk_results.json").data;
    assert!(results[0].booking().is_some());
    assert!(results[1].error().is_some());
    assert!(results[2].error().is_some());
}

// --- issue 15: projects, locations, services, reservations, group slots, availability variants

#[test]
fn hosted_project_fixture() {
    let project = round_trip::<Envelope<Project>>("project_hosted.json").data;
    assert_eq!(project.id.as_str(), "12345");
    assert_eq!(project.slug.as_deref(), Some("my-widget-slug"));
    assert_eq!(
        project.app_key.as_deref(),
        Some("XT1JO879JF1qUXXzmETD5ucgxaDwsFsd")
    );
    assert_eq!(
        project.booking.as_ref().unwrap().graph,
        Some(Graph::Instant)
    );
    assert_eq!(project.customer_fields.unwrap()["email"]["format"], "email");
    assert_eq!(
        project.ui.unwrap()["localization"]["submit_button"],
        "Book it"
    );
}

#[test]
fn project_fixture() {
    let project = round_trip::<Envelope<Project>>("project.json").data;
    let availability = project.availability.as_ref().unwrap();
    assert_eq!(availability.length.as_deref(), Some("30 minutes"));
    assert_eq!(project.availability_constraints.as_ref().unwrap().len(), 2);
    assert_eq!(
        project.resource_ids()[0].as_str(),
        "d187d6e0-d6cb-409a-ae60-45a8fd0ec879"
    );
    assert_eq!(
        project.booking.as_ref().unwrap().location.as_deref(),
        Some("Main St 1")
    );
    assert_eq!(project.reservation_time, Some(json!(300)));
    assert_eq!(project.extra["allow_conference"], 0);
}

#[test]
fn project_page_fixture_with_php_empty_maps() {
    let input = fixture("project_page.json");
    let page: Page<Project> = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(
        page.data[1].booking.as_ref().unwrap().graph,
        Some(Graph::GroupCustomer)
    );
    // PHP's `[]` for an empty map is written back as `{}`; everything else is unchanged.
    let mut expected = input;
    expected["data"][0]["meta"] = json!({});
    expected["data"][1]["ui"] = json!({});
    expected["data"][1]["customer_fields"] = json!({});
    assert_eq!(serde_json::to_value(&page).unwrap(), expected);
}

#[test]
fn location_fixtures() {
    let location = round_trip::<Envelope<Location>>("location.json").data;
    assert_eq!(location.latitude, Some(43.6532));
    assert_eq!(location.meta.as_ref().unwrap()["t_store_city"], "Toronto");
    let services = location.services.as_ref().unwrap();
    assert_eq!(services[0].name.as_deref(), Some("Haircut"));
    let page = round_trip::<Page<Location>>("location_page.json");
    assert_eq!(page.data[1].distance, Some(25.3));
    assert!(page.data[1].projects.as_ref().unwrap().is_empty());
}

#[test]
fn location_coordinates_as_strings_are_written_as_numbers() {
    let location: Location = serde_json::from_value(json!({
        "id": "l", "latitude": "42.51", "longitude": "1.54", "distance": "2"
    }))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&location).unwrap(),
        json!({"id": "l", "latitude": 42.51, "longitude": 1.54, "distance": 2.0})
    );
}

#[test]
fn service_fixtures() {
    let service = round_trip::<Envelope<Service>>("service.json").data;
    assert_eq!(
        service.availability.as_ref().unwrap().buffer.as_deref(),
        Some("10 minutes")
    );
    assert_eq!(
        service.locations.as_ref().unwrap()[0].name.as_deref(),
        Some("Toronto")
    );
    let page = round_trip::<Page<Service>>("service_page.json");
    assert_eq!(page.data.len(), 1);
}

#[test]
fn group_booking_fixtures() {
    let slots = round_trip::<Envelope<Vec<GroupBooking>>>("group_bookings.json").data;
    assert_eq!(slots.len(), 3);
    assert_eq!(slots[2].free_seats(), Some(0));
    assert_eq!(
        slots[1].resource.as_ref().unwrap().name.as_deref(),
        Some("Marty")
    );
    let one = round_trip::<Envelope<GroupBooking>>("group_booking.json").data;
    assert_eq!(one.booking.id, slots[1].booking.id);
    assert_eq!(one.current_seats(), Some(2));
    // Without paginator keys, the list still reads as a page (keys written as null).
    let page: Page<GroupBooking> = serde_json::from_value(fixture("group_bookings.json")).unwrap();
    assert!(!page.has_next());
}

#[test]
fn reservation_and_rescheduled_booking_fixtures() {
    let reservation = round_trip::<Envelope<Booking>>("reservation.json").data;
    assert_eq!(reservation.graph, Graph::Reservation);
    assert_eq!(reservation.state, BookingState::Reserved);
    assert!(reservation.actions().is_empty());
    assert_eq!(reservation.extra["expires_at"], "2030-03-01T09:05:00+00:00");
    let moved = round_trip::<Envelope<Booking>>("booking_rescheduled.json").data;
    assert_eq!(moved.state, BookingState::Confirmed);
    assert!(moved.allows(&BookingAction::RescheduleByCustomer));
}

#[test]
fn availability_variant_fixtures() {
    let dates = round_trip::<Envelope<Vec<AvailableDate>>>("availability_dates.json").data;
    assert_eq!(dates.len(), 2);
    assert_eq!(dates[1].civil_date(), Some(jiff::civil::date(2022, 6, 13)));
    assert_eq!(
        dates[0].resources[0].as_str(),
        "a6fc1bdb-8035-4007-919b-6276b9124eb8"
    );
    let count = round_trip::<Envelope<AvailabilityCount>>("availability_count.json").data;
    assert_eq!(count.total, 80);
    let unavailable = round_trip::<Envelope<Vec<Slot>>>("unavailable_slots.json").data;
    assert_eq!(unavailable[1].resources.len(), 2);
    let members = round_trip::<Envelope<Vec<Resource>>>("project_resources.json").data;
    assert_eq!(members[1].name, "Room 2");
}

// --- issue 16: calendars, events, findtime, credentials, auth, accounts, apps, templates

#[test]
fn calendar_fixtures() {
    let calendar = round_trip::<Envelope<Calendar>>("calendar.json").data;
    assert_eq!(calendar.provider.as_deref(), Some("timekit"));
    assert_eq!(calendar.extra["provider_access"], "owner");
    let events = calendar.events.unwrap();
    assert_eq!(events[0].calendar_id.as_ref(), Some(&calendar.id));
    let calendars = round_trip::<Envelope<Vec<Calendar>>>("calendars.json").data;
    assert_eq!(calendars[1].name.as_deref(), Some("Work"));
}

#[test]
fn event_fixtures() {
    let event = round_trip::<Envelope<Event>>("event.json").data;
    assert_eq!(event.rsvp.as_deref(), Some("declined"));
    assert_eq!(event.extra["allDay"], false);
    let events = round_trip::<Envelope<Vec<Event>>>("events.json").data;
    assert_eq!(events[0].participants.as_ref().unwrap().len(), 1);
    assert!(events[0].start_timestamp().is_some());
    assert_eq!(events[1].all_day, Some(true));
    assert!(
        events[1].start_timestamp().is_none(),
        "an all-day date is kept as text"
    );
    assert_eq!(events[1].extra["provider_event_id"], "g-123");
}

#[test]
fn findtime_fixtures() {
    let naive = round_trip::<Envelope<Vec<FindTimeSlot>>>("findtime_slots.json").data;
    assert_eq!(naive.len(), 5);
    assert_eq!(naive[0].start, "2015-03-24 15:00:00");
    let team = round_trip::<Envelope<Vec<FindTimeSlot>>>("findtime_team_slots.json").data;
    assert_eq!(team[0].users.as_ref().unwrap()[0]["name"], "Marty McFly");
    let bulk = round_trip::<Envelope<Vec<Vec<FindTimeSlot>>>>("findtime_bulk.json").data;
    assert_eq!((bulk[0].len(), bulk[1].len()), (1, 0));
}

#[test]
fn webhook_fixtures() {
    let webhook = round_trip::<Envelope<Webhook>>("webhook.json").data;
    assert_eq!(webhook.state, Some(BookingState::Confirmed));
    let webhooks = round_trip::<Envelope<Vec<Webhook>>>("webhooks.json").data;
    assert_eq!(webhooks[1].method.as_deref(), Some("PUT"));
    assert_eq!(webhooks[1].graph, Some(Graph::ConfirmDecline));
}

#[test]
fn credential_and_auth_fixtures() {
    let credentials = round_trip::<Page<Credential>>("credentials.json");
    assert_eq!(credentials.data[0].kind.as_deref(), Some("client-token"));
    let credential = round_trip::<Envelope<Credential>>("credential.json").data;
    assert_eq!(credential.scopes, Some(json!("widget")));
    let user = round_trip::<Envelope<AuthUser>>("auth_user.json").data;
    assert_eq!(user.email, "doc.brown@timekit.io");
    assert_eq!(
        user.token(),
        Some("nvHfRSlhvsnlg4rS7Wt28Ty47qdgegwSu3YK7hPW")
    );
    assert_eq!(user.extra["last_sync"], Value::Null);
}

#[test]
fn account_app_template_and_timezone_fixtures() {
    let accounts = round_trip::<Envelope<Vec<Account>>>("accounts.json").data;
    assert_eq!(
        accounts[1].provider_id.as_deref(),
        Some("timebirdnyc@gmail.com")
    );
    let sync = round_trip::<Envelope<AccountSync>>("account_sync.json").data;
    assert_eq!(sync.count, Some(25));
    let apps = round_trip::<Envelope<Vec<App>>>("apps.json").data;
    assert_eq!(apps[0].name(), Some("TestApplication"));
    assert_eq!(apps[0].extra["contact_name"], "John Doe");
    let template = round_trip::<Envelope<Template>>("template.json").data;
    assert_eq!(template.slug.as_deref(), Some("booking_created_customer"));
    let templates = round_trip::<Envelope<Vec<Template>>>("templates.json").data;
    assert_eq!(templates[1].extra["format"], "html");
    let zone = round_trip::<Envelope<ResourceTimezone>>("resource_timezone.json").data;
    assert_eq!(zone.utc_offset_hours(), Some(-8.0));
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z ]{0,8}".prop_map(Value::String),
    ]
}

fn unknown_fields() -> impl Strategy<Value = serde_json::Map<String, Value>> {
    let value = json_leaf().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z]{1,5}", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    });
    // `x_` prefix: never collides with a modelled field.
    proptest::collection::btree_map("x_[a-z]{1,6}", value, 0..4)
        .prop_map(|map| map.into_iter().collect())
}

proptest! {
    #[test]
    fn unknown_booking_fields_survive_a_round_trip(extra in unknown_fields()) {
        let mut input = fixture("booking.json")["data"].clone();
        input.as_object_mut().unwrap().extend(extra.clone());
        let booking: Booking = serde_json::from_value(input.clone()).unwrap();
        prop_assert_eq!(booking.extra.len() - 1, extra.len()); // `calendar` is the fixture's own extra
        prop_assert_eq!(serde_json::to_value(&booking).unwrap(), input);
    }

    #[test]
    fn unknown_resource_fields_survive_a_round_trip(extra in unknown_fields()) {
        let mut input = fixture("resource.json")["data"].clone();
        input.as_object_mut().unwrap().extend(extra);
        let resource: Resource = serde_json::from_value(input.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&resource).unwrap(), input);
    }

    #[test]
    fn unknown_page_keys_survive_a_round_trip(extra in unknown_fields()) {
        let mut input = fixture("resource_page.json");
        input.as_object_mut().unwrap().extend(extra);
        let page: Page<Resource> = serde_json::from_value(input.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&page).unwrap(), input);
    }
}

/// PHP writes an empty associative array as `[]`: `meta`/`settings` that were never set
/// arrive that way from a Laravel backend and must not fail the whole answer.
#[test]
fn php_empty_arrays_read_as_empty_maps() {
    let booking: Booking = serde_json::from_value(json!({
        "id": "b1", "graph": "instant", "state": "confirmed", "completed": false, "meta": []
    }))
    .unwrap();
    assert_eq!(booking.meta, Some(serde_json::Map::new()));

    let resource: Resource = serde_json::from_value(json!({
        "id": "r1", "name": "Room", "timezone": "Europe/Berlin", "meta": []
    }))
    .unwrap();
    assert_eq!(resource.meta, Some(serde_json::Map::new()));

    let app: App =
        serde_json::from_value(json!({"id": "a1", "slug": "s", "settings": []})).unwrap();
    assert_eq!(app.settings, Some(serde_json::Map::new()));

    // A non-empty list is not a map: still a decode error.
    let listed = json!({
        "id": "b1", "graph": "instant", "state": "confirmed", "completed": false, "meta": [1]
    });
    assert!(serde_json::from_value::<Booking>(listed).is_err());
}
