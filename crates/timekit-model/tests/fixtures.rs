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
    App, Booking, BookingAction, BookingState, BulkItemResult, Envelope, Graph, Page, Resource,
    Timestamp,
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
