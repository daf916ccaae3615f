//! Decoding `Booking` (with `BookingAttributes`, `EventInfo`, `Customer`) and `Page<T>`,
//! checked against the JSON itself rather than against a second copy of the model.
//!
//! Properties:
//! - **Valid input, every accepted form.** Generated bookings and pages (every optional field
//!   absent, `null` or set; `meta` as an object, `[]` or `null`; counts as numbers, padded
//!   numeric strings or `null`; timestamps with `Z`, `±HH:MM` or `±HHMM`; unknown keys at every
//!   level, named like fields of other levels too) decode from text and from a `Value` to the
//!   same value, write back exactly the input JSON tree with only the documented
//!   normalisations (`null` known fields left out, `[]` → `{}`, counts as numbers, every
//!   paginator key written, timestamps as `±HH:MM`), keep precisely the unknown keys in the
//!   `extra` map of their own level, and decode again from what they wrote to the same value.
//! - **Hostile input.** For fixtures with random edits (values replaced by other types, entries
//!   removed, unknown or known keys added, keys repeated or renamed), for random objects and
//!   for random JSON: decoding the text and decoding its `Value` agree (the same value, or both
//!   fail; only a repeated key, which the `Value` resolves as "last wins", may make the text
//!   alone fail), and whatever decodes writes back JSON that decodes to the same value again.
//! - **Fixtures** write back exactly (modulo the documented normalisations), and the errors a
//!   user sees for the usual mistakes are pinned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod equivalence;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::Path;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use timekit_model::{Booking, BookingAttributes, Customer, EventInfo, Page};

use equivalence::json_tree::{Edit, EditKind, Node, edit, key, value};

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

fn edited(document: &Value, edits: &[Edit]) -> Node {
    let mut tree = Node::from(document);
    for edit in edits {
        tree.apply(edit);
    }
    tree
}

// ---------------------------------------------------------------------------------------------
// Fixtures and pinned behaviour
// ---------------------------------------------------------------------------------------------

/// Decodes `input` from text and from its `Value`; both must succeed and agree. Returns the
/// value and what it writes back.
fn decode_both<T>(input: &Value) -> (T, Value)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let from_text: T = serde_json::from_str(&input.to_string()).unwrap();
    let from_value: T = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(from_text, from_value);
    let written = serde_json::to_value(&from_text).unwrap();
    (from_text, written)
}

#[test]
fn the_fixtures_write_back_what_they_read() {
    let [booking, declined, legacy, complete] = <[Value; 4]>::try_from(bookings()).unwrap();
    for input in [&booking, &declined, &complete] {
        assert_eq!(decode_both::<Booking>(input).1, *input);
    }
    // Colon-less offsets are written with a colon; the rest is unchanged.
    let mut expected = legacy.clone();
    expected["created_at"] = json!("2016-02-11T11:58:45+01:00");
    expected["updated_at"] = json!("2016-02-11T11:58:45+01:00");
    assert_eq!(decode_both::<Booking>(&legacy).1, expected);

    let [small, large] = <[Value; 2]>::try_from(pages()).unwrap();
    // Counts are written as numbers.
    let mut expected = small.clone();
    expected["per_page"] = json!(2);
    assert_eq!(decode_both::<Page<Booking>>(&small).1, expected);
    let mut expected = large.clone();
    expected["total"] = json!(4);
    expected["to"] = json!(4);
    expected["data"][2]["created_at"] = json!("2016-02-11T11:58:45+01:00");
    expected["data"][2]["updated_at"] = json!("2016-02-11T11:58:45+01:00");
    let (page, written) = decode_both::<Page<Booking>>(&large);
    assert_eq!(written, expected);
    let ids: Vec<&str> = page.data.iter().map(|b| b.id.as_str()).collect();
    let sent: Vec<&str> = large["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, sent);
}

#[test]
fn unknown_keys_go_to_extra_and_repeated_known_keys_fail() {
    let booking = complete_booking();
    let decoded: Booking = serde_json::from_value(booking.clone()).unwrap();
    assert_eq!(decoded.extra["location"], "not the event's");
    assert_eq!(decoded.extra["calendar"], json!({"id": "c-1"}));
    assert_eq!(decoded.extra.len(), 3);
    let event = decoded.event_info().unwrap();
    assert_eq!(event.location.as_deref(), Some("Room 2"));
    assert_eq!(event.extra["participants"], json!(["a@example.com"]));
    assert_eq!(event.extra.len(), 1);
    let attributes = decoded.attributes.as_ref().unwrap();
    assert_eq!(
        attributes.extra,
        json!({"other": null}).as_object().cloned().unwrap()
    );
    let customers = decoded.customers.as_ref().unwrap();
    assert_eq!(customers[0].extra["comment"], "Window seat");
    assert_eq!(customers[1], Customer::default());
    assert_eq!(serde_json::to_value(&decoded).unwrap(), booking);

    let repeated = r#"{"id": "b", "graph": "instant", "state": "confirmed", "completed": false,
                       "meta": null, "meta": {}}"#;
    let error = serde_json::from_str::<Booking>(repeated).unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `meta`"),
        "{error}"
    );

    let repeated_unknown = r#"{"id": "b", "graph": "instant", "state": "confirmed",
                               "completed": false, "x": 1, "x": 2}"#;
    let decoded: Booking = serde_json::from_str(repeated_unknown).unwrap();
    assert_eq!(decoded.extra["x"], 2);
    assert_eq!(decoded.extra.len(), 1);
}

/// The messages a user sees for the usual mistakes (serde's derived wording).
#[test]
fn decode_errors_name_the_problem() {
    fn error<T: DeserializeOwned + Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text).unwrap_err().to_string()
    }
    let cases = [
        (
            error::<Booking>(r#"{"id": "b", "graph": "instant", "state": "confirmed"}"#),
            "missing field `completed`",
        ),
        (
            error::<Booking>(r#"{"id": "b", "graph": "instant", "state": "s", "completed": "no"}"#),
            "invalid type: string \"no\", expected a boolean",
        ),
        (
            error::<Booking>(
                r#"{"id": "b", "graph": "instant", "state": "s", "completed": true, "meta": [1]}"#,
            ),
            "a JSON object, an empty array or null",
        ),
        (
            error::<Booking>(
                r#"{"id": "b", "graph": "instant", "state": "s", "completed": true,
                    "created_at": "yesterday"}"#,
            ),
            "invalid timestamp \"yesterday\"",
        ),
        (error::<Booking>("[]"), "expected struct Booking"),
        (
            error::<Page<Value>>(r#"{"data": [], "per_page": "many"}"#),
            "expected a count, got \"many\"",
        ),
        (
            error::<Page<Value>>(r#"{"total": 1}"#),
            "missing field `data`",
        ),
        (
            error::<Customer>(r#"{"name": 7}"#),
            "invalid type: integer `7`, expected a string",
        ),
    ];
    for (message, expected) in cases {
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
    }
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
    let repeated = edited(&document, &[repeat]);
    assert_eq!(repeated.to_json(), r#"{"a":1,"b":{"c":null,"c":2}}"#);
    assert!(repeated.has_repeated_keys());
    assert_eq!(repeated.to_value(), document);
    let rename = Edit {
        kind: EditKind::Rename,
        target: 0,
        entry: 1,
        key: "z".to_owned(),
        value: Node::Null,
    };
    let renamed = edited(&document, &[rename]);
    assert_eq!(renamed.to_json(), r#"{"a":1,"z":{"c":2}}"#);
    assert!(!renamed.has_repeated_keys());
    let replace = Edit {
        kind: EditKind::Replace,
        target: 3,
        entry: 0,
        key: String::new(),
        value: Node::String("x".to_owned()),
    };
    assert_eq!(
        edited(&document, &[replace]).to_json(),
        r#"{"a":1,"b":{"c":"x"}}"#
    );
}

// ---------------------------------------------------------------------------------------------
// Valid input in every accepted form
// ---------------------------------------------------------------------------------------------

const BOOKING_FIELDS: &[&str] = &[
    "id",
    "graph",
    "state",
    "completed",
    "possible_actions",
    "available_actions",
    "created_at",
    "updated_at",
    "meta",
    "attributes",
    "customers",
];
const ATTRIBUTES_FIELDS: &[&str] = &["event_info", "group_booking"];
const EVENT_INFO_FIELDS: &[&str] = &[
    "start",
    "end",
    "what",
    "where",
    "description",
    "calendar_id",
];
const CUSTOMER_FIELDS: &[&str] = &["id", "name", "email", "phone", "voip", "timezone"];
const PAGE_FIELDS: &[&str] = &[
    "data",
    "total",
    "per_page",
    "current_page",
    "last_page",
    "next_page_url",
    "prev_page_url",
    "from",
    "to",
];

/// Where `extra_tree` puts a level's `extra` map.
const EXTRA: &str = "(extra)";

/// One generated JSON document and what the model must make of it.
#[derive(Debug, Clone)]
struct Case {
    /// The JSON sent.
    input: Value,
    /// The JSON the decoded value must write back.
    output: Value,
    /// The `extra` map of every decoded level, as `extra_tree` lays them out; `null` for a
    /// value without levels.
    extras: Value,
}

impl Case {
    /// A value written back as read, with no `extra` map.
    fn same(value: Value) -> Self {
        Case {
            input: value.clone(),
            output: value,
            extras: Value::Null,
        }
    }

    /// A value written back in another form.
    fn normalised(input: Value, output: Value) -> Self {
        Case {
            input,
            output,
            extras: Value::Null,
        }
    }

    /// A JSON array of cases.
    fn array(items: Vec<Case>) -> Self {
        Case {
            input: items.iter().map(|case| case.input.clone()).collect(),
            output: items.iter().map(|case| case.output.clone()).collect(),
            extras: items.into_iter().map(|case| case.extras).collect(),
        }
    }
}

/// How one field appears in the input (`None`: absent) and what is written back for it
/// (`None`: left out).
#[derive(Debug, Clone)]
struct Field {
    input: Option<Value>,
    output: Option<Case>,
}

/// An optional field: absent or `null` (both left out on output), or set.
fn optional(present: impl Strategy<Value = Case> + 'static) -> BoxedStrategy<Field> {
    prop_oneof![
        1 => Just(Field { input: None, output: None }),
        1 => Just(Field { input: Some(Value::Null), output: None }),
        3 => present.prop_map(|case| Field { input: Some(case.input.clone()), output: Some(case) }),
    ]
    .boxed()
}

/// A required field, always present.
fn required(present: impl Strategy<Value = Case> + 'static) -> BoxedStrategy<Field> {
    present
        .prop_map(|case| Field {
            input: Some(case.input.clone()),
            output: Some(case),
        })
        .boxed()
}

/// An object of `fields` plus `unknown` keys.
fn object(fields: Vec<(&str, Field)>, unknown: BTreeMap<String, Value>) -> Case {
    let (mut input, mut output, mut extras) = (Map::new(), Map::new(), Map::new());
    for (name, field) in fields {
        if let Some(value) = field.input {
            input.insert(name.to_owned(), value);
        }
        if let Some(case) = field.output {
            output.insert(name.to_owned(), case.output);
            if !case.extras.is_null() {
                extras.insert(name.to_owned(), case.extras);
            }
        }
    }
    let unknown: Map<String, Value> = unknown.into_iter().collect();
    input.extend(unknown.clone());
    output.extend(unknown.clone());
    extras.insert(EXTRA.to_owned(), Value::Object(unknown));
    Case {
        input: Value::Object(input),
        output: Value::Object(output),
        extras: Value::Object(extras),
    }
}

/// Names for unknown keys: fields of the *other* levels, names close to fields, and random
/// text; never one of `own`.
fn unknown_keys(own: &'static [&'static str]) -> impl Strategy<Value = BTreeMap<String, Value>> {
    let named = prop::sample::select(
        [
            BOOKING_FIELDS,
            ATTRIBUTES_FIELDS,
            EVENT_INFO_FIELDS,
            CUSTOMER_FIELDS,
            PAGE_FIELDS,
            &[
                "calendar", "logs", "user", "event", "location", "extra", "Id", "", "x", "where ",
                "é",
            ],
        ]
        .concat(),
    )
    .prop_map(str::to_owned);
    let name = prop_oneof![4 => named, 1 => "\\PC{0,6}"]
        .prop_filter("a field of this level", move |name| {
            !own.contains(&name.as_str())
        });
    btree_map(name, any_json(), 0..4)
}

/// Any JSON value (objects without repeated keys).
fn any_json() -> impl Strategy<Value = Value> {
    value().prop_map(|node| node.to_value())
}

fn text() -> impl Strategy<Value = Case> {
    prop_oneof![
        "\\PC{0,12}",
        prop::sample::select(vec!["", "Room 2", "Europe/Berlin", "jane@example.com"])
            .prop_map(str::to_owned),
    ]
    .prop_map(|text| Case::same(json!(text)))
}

/// A name of an open enum: documented ones and one this crate does not know.
fn name(names: &'static [&'static str]) -> impl Strategy<Value = Case> {
    prop::sample::select(names).prop_map(|name| Case::same(json!(name)))
}

/// A timestamp as Timekit may write it, and as the model writes it back.
fn timestamp() -> impl Strategy<Value = Case> {
    prop::sample::select(vec![
        ("2024-05-07T10:00:00+00:00", "2024-05-07T10:00:00+00:00"),
        ("2024-05-07T10:00:00Z", "2024-05-07T10:00:00+00:00"),
        ("2016-02-11T11:58:45+0100", "2016-02-11T11:58:45+01:00"),
        ("2030-02-09T16:30:00-0800", "2030-02-09T16:30:00-08:00"),
        (
            "2024-05-07T10:00:00.25-05:30",
            "2024-05-07T10:00:00.25-05:30",
        ),
    ])
    .prop_map(|(written, read)| Case::normalised(json!(written), json!(read)))
}

fn actions() -> impl Strategy<Value = Case> {
    let action = prop::sample::select(vec!["confirm", "decline", "cancel", "complete", "teleport"]);
    vec(action, 0..4).prop_map(|names| Case::same(json!(names)))
}

/// `meta`: an object, or PHP's empty array for an empty map.
fn meta() -> impl Strategy<Value = Case> {
    prop_oneof![
        1 => Just(Case::normalised(json!([]), json!({}))),
        3 => btree_map("\\PC{0,6}", any_json(), 0..4)
            .prop_map(|map| Case::same(Value::Object(map.into_iter().collect()))),
    ]
}

fn event_info() -> impl Strategy<Value = Case> {
    (
        optional(timestamp()),
        optional(timestamp()),
        optional(text()),
        optional(text()),
        optional(text()),
        optional(text()),
        unknown_keys(EVENT_INFO_FIELDS),
    )
        .prop_map(
            |(start, end, what, location, description, calendar, unknown)| {
                let fields = vec![
                    ("start", start),
                    ("end", end),
                    ("what", what),
                    ("where", location),
                    ("description", description),
                    ("calendar_id", calendar),
                ];
                object(fields, unknown)
            },
        )
}

fn attributes() -> impl Strategy<Value = Case> {
    let seats = any_json()
        .prop_filter("null is absent", |value| !value.is_null())
        .prop_map(Case::same);
    (
        optional(event_info()),
        optional(seats),
        unknown_keys(ATTRIBUTES_FIELDS),
    )
        .prop_map(|(event, seats, unknown)| {
            object(
                vec![("event_info", event), ("group_booking", seats)],
                unknown,
            )
        })
}

fn customer() -> impl Strategy<Value = Case> {
    (
        optional(text()),
        optional(text()),
        optional(text()),
        optional(text()),
        optional(text()),
        optional(text()),
        unknown_keys(CUSTOMER_FIELDS),
    )
        .prop_map(|(id, name, email, phone, voip, timezone, unknown)| {
            let fields = vec![
                ("id", id),
                ("name", name),
                ("email", email),
                ("phone", phone),
                ("voip", voip),
                ("timezone", timezone),
            ];
            object(fields, unknown)
        })
}

fn booking() -> impl Strategy<Value = Case> {
    let head = (
        required(text()),
        required(name(&[
            "instant",
            "confirm_decline",
            "group_owner",
            "new_graph",
        ])),
        required(name(&["tentative", "confirmed", "cancelled", "new_state"])),
        required(any::<bool>().prop_map(|flag| Case::same(json!(flag)))),
        optional(actions()),
        optional(actions()),
    );
    let tail = (
        optional(timestamp()),
        optional(timestamp()),
        optional(meta()),
        optional(attributes()),
        optional(vec(customer(), 0..3).prop_map(Case::array)),
        unknown_keys(BOOKING_FIELDS),
    );
    (head, tail).prop_map(
        |(
            (id, graph, state, completed, possible, available),
            (created, updated, meta, attributes, customers, unknown),
        )| {
            let fields = vec![
                ("id", id),
                ("graph", graph),
                ("state", state),
                ("completed", completed),
                ("possible_actions", possible),
                ("available_actions", available),
                ("created_at", created),
                ("updated_at", updated),
                ("meta", meta),
                ("attributes", attributes),
                ("customers", customers),
            ];
            object(fields, unknown)
        },
    )
}

/// A paginator key: absent or `null` (written as `null`), or set.
fn paginator_key(present: impl Strategy<Value = Case> + 'static) -> BoxedStrategy<Field> {
    let null = || Some(Case::same(Value::Null));
    prop_oneof![
        1 => Just(Field { input: None, output: null() }),
        1 => Just(Field { input: Some(Value::Null), output: null() }),
        3 => present.prop_map(|case| Field { input: Some(case.input.clone()), output: Some(case) }),
    ]
    .boxed()
}

/// A count: a number, or a numeric string (maybe padded), written back as a number.
fn count() -> impl Strategy<Value = Case> {
    let pad = prop::sample::select(vec!["", " ", "\t", " \n"]);
    prop_oneof![
        any::<u64>().prop_map(|n| Case::same(json!(n))),
        (any::<u64>(), pad.clone(), pad).prop_map(|(n, before, after)| Case::normalised(
            json!(format!("{before}{n}{after}")),
            json!(n)
        )),
    ]
}

fn page() -> impl Strategy<Value = Case> {
    let counts = (
        paginator_key(count()),
        paginator_key(count()),
        paginator_key(count()),
        paginator_key(count()),
        paginator_key(count()),
        paginator_key(count()),
    );
    (
        required(vec(booking(), 0..4).prop_map(Case::array)),
        counts,
        paginator_key(text()),
        paginator_key(text()),
        unknown_keys(PAGE_FIELDS),
    )
        .prop_map(
            |(data, (total, per_page, current, last, from, to), next, prev, unknown)| {
                let fields = vec![
                    ("data", data),
                    ("total", total),
                    ("per_page", per_page),
                    ("current_page", current),
                    ("last_page", last),
                    ("next_page_url", next),
                    ("prev_page_url", prev),
                    ("from", from),
                    ("to", to),
                ];
                object(fields, unknown)
            },
        )
}

fn extra_tree(extra: &Map<String, Value>, levels: Vec<(&str, Value)>) -> Value {
    let mut tree: Map<String, Value> = levels
        .into_iter()
        .map(|(name, level)| (name.to_owned(), level))
        .collect();
    tree.insert(EXTRA.to_owned(), Value::Object(extra.clone()));
    Value::Object(tree)
}

fn event_extras(event: &EventInfo) -> Value {
    extra_tree(&event.extra, Vec::new())
}

fn attributes_extras(attributes: &BookingAttributes) -> Value {
    let event = attributes.event_info.as_ref().map(event_extras);
    extra_tree(
        &attributes.extra,
        event
            .map(|event| ("event_info", event))
            .into_iter()
            .collect(),
    )
}

fn customer_extras(customer: &Customer) -> Value {
    extra_tree(&customer.extra, Vec::new())
}

fn booking_extras(booking: &Booking) -> Value {
    let mut levels = Vec::new();
    if let Some(attributes) = &booking.attributes {
        levels.push(("attributes", attributes_extras(attributes)));
    }
    if let Some(customers) = &booking.customers {
        levels.push(("customers", customers.iter().map(customer_extras).collect()));
    }
    extra_tree(&booking.extra, levels)
}

fn page_extras(page: &Page<Booking>) -> Value {
    let data = page.data.iter().map(booking_extras).collect();
    extra_tree(&page.extra, vec![("data", data)])
}

/// The valid-input property for one generated case (see the module docs).
fn decodes_as_generated<T>(case: &Case, extras: fn(&T) -> Value) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let text = case.input.to_string();
    let from_text = serde_json::from_str::<T>(&text)
        .map_err(|err| TestCaseError::fail(format!("{err} decoding {text}")))?;
    let from_value = serde_json::from_value::<T>(case.input.clone())
        .map_err(|err| TestCaseError::fail(format!("{err} decoding the Value of {text}")))?;
    prop_assert_eq!(&from_text, &from_value);
    prop_assert_eq!(
        serde_json::to_value(&from_text).unwrap(),
        case.output.clone()
    );
    prop_assert_eq!(extras(&from_text), case.extras.clone());
    let again: T = serde_json::from_value(case.output.clone()).unwrap();
    prop_assert_eq!(again, from_text);
    Ok(())
}

proptest! {
    #[test]
    fn generated_bookings_write_back_their_json(case in booking()) {
        decodes_as_generated::<Booking>(&case, booking_extras)?;
    }

    #[test]
    fn generated_pages_write_back_their_json(case in page()) {
        decodes_as_generated::<Page<Booking>>(&case, page_extras)?;
    }

    #[test]
    fn generated_nested_objects_decode_alone_too(
        event in event_info(),
        attributes in attributes(),
        customer in customer(),
    ) {
        decodes_as_generated::<EventInfo>(&event, event_extras)?;
        decodes_as_generated::<BookingAttributes>(&attributes, attributes_extras)?;
        decodes_as_generated::<Customer>(&customer, customer_extras)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------------------------

/// Decodes `node` as `T` from its text and from its `Value`: they agree, and what decodes
/// writes back JSON that decodes to the same value.
fn decodes_consistently<T>(node: &Node) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let text = node.to_json();
    let from_text = serde_json::from_str::<T>(&text);
    let from_value = serde_json::from_value::<T>(node.to_value());
    match (&from_text, &from_value) {
        (Ok(from_text), Ok(from_value)) => prop_assert_eq!(from_text, from_value, "{}", text),
        (Ok(_), Err(err)) => prop_assert!(false, "only the Value failed ({}): {}", err, text),
        // The text repeats a key the `Value` resolved (last wins), e.g. a known field twice.
        (Err(err), Ok(_)) => prop_assert!(
            node.has_repeated_keys(),
            "only the text failed ({}): {}",
            err,
            text
        ),
        (Err(_), Err(_)) => {}
    }
    if let Ok(decoded) = from_text {
        let written = serde_json::to_value(&decoded).unwrap();
        let again: T = serde_json::from_value(written.clone())
            .map_err(|err| TestCaseError::fail(format!("{err} decoding written {written}")))?;
        prop_assert_eq!(serde_json::to_value(&again).unwrap(), written);
        prop_assert_eq!(again, decoded);
    }
    Ok(())
}

fn all_types_decode_consistently(node: &Node) -> Result<(), TestCaseError> {
    decodes_consistently::<Booking>(node)?;
    decodes_consistently::<BookingAttributes>(node)?;
    decodes_consistently::<EventInfo>(node)?;
    decodes_consistently::<Customer>(node)?;
    decodes_consistently::<Page<Value>>(node)?;
    decodes_consistently::<Page<Customer>>(node)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn edited_pages_decode_consistently(
        which in any::<prop::sample::Index>(),
        edits in vec(edit(), 0..6),
    ) {
        let pages = pages();
        let node = edited(which.get(&pages), &edits);
        decodes_consistently::<Page<Booking>>(&node)?;
    }

    #[test]
    fn edited_bookings_decode_consistently(
        which in any::<prop::sample::Index>(),
        edits in vec(edit(), 0..6),
    ) {
        let bookings = bookings();
        let node = edited(which.get(&bookings), &edits);
        decodes_consistently::<Booking>(&node)?;
        decodes_consistently::<Vec<Booking>>(&Node::Array(vec![node]))?;
    }

    #[test]
    fn random_objects_decode_consistently(entries in vec((key(), value()), 0..10)) {
        all_types_decode_consistently(&Node::Object(entries))?;
    }

    #[test]
    fn random_json_decodes_consistently(json in value()) {
        all_types_decode_consistently(&json)?;
    }
}
