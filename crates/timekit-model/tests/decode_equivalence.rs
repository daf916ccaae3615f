//! The hand-written `Deserialize` of `Booking`, `BookingAttributes`, `EventInfo`, `Customer`
//! and `Page<T>` against the derived definitions they replaced (`equivalence/reference_model.rs`).
//!
//! Property: for the fixtures with random edits (values replaced by other types, entries
//! removed, unknown or known keys added, keys repeated or renamed), for random objects and
//! for random JSON, both decoders succeed or fail together, with the same error message,
//! and what they decode writes the same JSON (`serde_json::to_value`). Every input is
//! decoded from text (where a key can repeat) and, when it parses, from a `serde_json::Value`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod equivalence;

use std::path::Path;

use proptest::collection::vec;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use timekit_model::{Booking, BookingAttributes, Customer, EventInfo, Page};

use equivalence::json_tree::{Edit, EditKind, Node, edit, key, value};
use equivalence::reference_model as reference;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A booking with every modelled field set and an unknown key at every level.
fn complete_booking() -> Value {
    json!({
        "id": "b-1", "graph": "group_owner", "state": "tentative", "completed": false,
        "possible_actions": ["cancel"], "available_actions": ["complete", "cancel"],
        "created_at": "2024-05-06T09:00:00+00:00", "updated_at": "2016-02-11T11:58:45+01:00",
        "meta": {"order_ref": "A-17", "n": 3},
        "attributes": {
            "event_info": {"start": "2024-05-07T10:00:00+02:00", "end": "2024-05-07T10:30:00+00:00",
                           "what": "Class", "where": "Room 2", "description": "d",
                           "calendar_id": "c-1", "participants": ["a@example.com"]},
            "group_booking": {"max_seats": 5, "current_seats": 2},
            "other": null
        },
        "customers": [
            {"id": "c", "name": "Jane", "email": "j@example.com", "phone": "+45 1",
             "voip": "jane", "timezone": "Europe/Berlin", "comment": "Window seat"},
            {}
        ],
        "calendar": {"id": "c-1"}, "logs": [], "location": "not the event's"
    })
}

fn bookings() -> Vec<Value> {
    let mut bookings: Vec<Value> = [
        "booking.json",
        "booking_declined.json",
        "booking_legacy_offsets.json",
    ]
    .iter()
    .map(|name| fixture(name)["data"].clone())
    .collect();
    bookings.push(complete_booking());
    bookings
}

fn pages() -> Vec<Value> {
    let every_booking = json!({
        "total": "4", "per_page": 50, "current_page": 1, "last_page": 1,
        "next_page_url": null, "prev_page_url": null, "from": 1, "to": " 4 ",
        "data": bookings(), "links": {"self": "x"}
    });
    vec![fixture("booking_page.json"), every_booking]
}

/// What a decode gives: the value written back as JSON, or the error message.
fn outcome<T: Serialize>(result: Result<T, serde_json::Error>) -> Result<Value, String> {
    result
        .map(|decoded| serde_json::to_value(decoded).unwrap())
        .map_err(|err| err.to_string())
}

/// Decodes `text` as the hand-written `New` and as the derived `Old`; they must agree.
fn agree<New, Old>(text: &str) -> Result<(), TestCaseError>
where
    New: DeserializeOwned + Serialize,
    Old: DeserializeOwned + Serialize,
{
    let new = outcome(serde_json::from_slice::<New>(text.as_bytes()));
    let old = outcome(serde_json::from_slice::<Old>(text.as_bytes()));
    prop_assert_eq!(new, old, "decoding the text {}", text);
    if let Ok(parsed) = serde_json::from_str::<Value>(text) {
        let new = outcome(serde_json::from_value::<New>(parsed.clone()));
        let old = outcome(serde_json::from_value::<Old>(parsed));
        prop_assert_eq!(new, old, "decoding the Value of {}", text);
    }
    Ok(())
}

/// Every hand-written type against its reference.
fn all_types_agree(text: &str) -> Result<(), TestCaseError> {
    agree::<Booking, reference::Booking>(text)?;
    agree::<BookingAttributes, reference::BookingAttributes>(text)?;
    agree::<EventInfo, reference::EventInfo>(text)?;
    agree::<Customer, reference::Customer>(text)?;
    agree::<Page<Value>, reference::Page<Value>>(text)?;
    agree::<Page<Customer>, reference::Page<reference::Customer>>(text)
}

fn edited(document: &Value, edits: &[Edit]) -> String {
    let mut tree = Node::from(document);
    for edit in edits {
        tree.apply(edit);
    }
    tree.to_json()
}

#[test]
fn the_fixtures_decode_to_the_same_values() {
    for booking in bookings() {
        let text = booking.to_string();
        agree::<Booking, reference::Booking>(&text).unwrap();
        assert!(serde_json::from_str::<Booking>(&text).is_ok(), "{text}");
    }
    for page in pages() {
        let text = page.to_string();
        agree::<Page<Booking>, reference::Page<reference::Booking>>(&text).unwrap();
        // Both decoders succeed here, so the properties below start from accepted input.
        let decoded: Page<Booking> = serde_json::from_str(&text).unwrap();
        let ids: Vec<&str> = decoded.data.iter().map(|b| b.id.as_str()).collect();
        let expected: Vec<&str> = page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, expected);
    }
}

#[test]
fn unknown_keys_go_to_extra_and_repeated_known_keys_fail() {
    let booking = bookings().pop().unwrap();
    let decoded: Booking = serde_json::from_value(booking.clone()).unwrap();
    assert_eq!(decoded.extra["location"], "not the event's");
    assert_eq!(decoded.extra["calendar"], json!({"id": "c-1"}));
    let event = decoded.event_info().unwrap();
    assert_eq!(event.location.as_deref(), Some("Room 2"));
    assert_eq!(event.extra["participants"], json!(["a@example.com"]));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), booking);

    let repeated = r#"{"id": "b", "graph": "instant", "state": "confirmed", "completed": false,
                       "meta": null, "meta": {}}"#;
    let error = serde_json::from_str::<Booking>(repeated).unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `meta`"),
        "{error}"
    );
    agree::<Booking, reference::Booking>(repeated).unwrap();

    let repeated_unknown = r#"{"id": "b", "graph": "instant", "state": "confirmed",
                               "completed": false, "x": 1, "x": 2}"#;
    let decoded: Booking = serde_json::from_str(repeated_unknown).unwrap();
    assert_eq!(decoded.extra["x"], 2);
    agree::<Booking, reference::Booking>(repeated_unknown).unwrap();
}

#[test]
fn the_mutator_changes_what_it_is_asked_to() {
    let document = json!({"a": 1, "b": {"c": 2}});
    let repeat = Edit {
        kind: EditKind::Repeat,
        target: 1,
        entry: 0,
        key: String::new(),
        value: Node::Null,
    };
    assert_eq!(
        edited(&document, &[repeat]),
        r#"{"a":1,"b":{"c":null,"c":2}}"#
    );
    let rename = Edit {
        kind: EditKind::Rename,
        target: 0,
        entry: 1,
        key: "z".to_owned(),
        value: Node::Null,
    };
    assert_eq!(edited(&document, &[rename]), r#"{"a":1,"z":{"c":2}}"#);
    let replace = Edit {
        kind: EditKind::Replace,
        target: 3,
        entry: 0,
        key: String::new(),
        value: Node::String("x".to_owned()),
    };
    assert_eq!(edited(&document, &[replace]), r#"{"a":1,"b":{"c":"x"}}"#);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn edited_pages_decode_alike(
        which in any::<prop::sample::Index>(),
        edits in vec(edit(), 0..6),
    ) {
        let pages = pages();
        let text = edited(which.get(&pages), &edits);
        agree::<Page<Booking>, reference::Page<reference::Booking>>(&text)?;
    }

    #[test]
    fn edited_bookings_decode_alike(
        which in any::<prop::sample::Index>(),
        edits in vec(edit(), 0..6),
    ) {
        let bookings = bookings();
        let text = edited(which.get(&bookings), &edits);
        agree::<Booking, reference::Booking>(&text)?;
        agree::<Vec<Booking>, Vec<reference::Booking>>(&format!("[{text}]"))?;
    }

    #[test]
    fn random_objects_decode_alike(entries in vec((key(), value()), 0..10)) {
        all_types_agree(&Node::Object(entries).to_json())?;
    }

    #[test]
    fn random_json_decodes_alike(json in value()) {
        all_types_agree(&json.to_json())?;
    }
}
