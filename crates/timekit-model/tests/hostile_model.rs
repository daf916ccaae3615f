//! Hostile input for the model: timestamps from random text, every form of a page count,
//! constraints from random JSON, and random or mutated JSON for every response type.
//!
//! Properties: nothing panics; what parses writes back and parses again to the same value;
//! valid values in every accepted form agree with an independent parser (jiff's own).
//! Every test name contains `hostile`: `cargo xtask fuzz` runs them with many more cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Debug;
use std::path::Path;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use timekit_model::constraint::Constraint;
use timekit_model::slot::Slot;
use timekit_model::{
    Account, AccountSync, App, AuthUser, AvailabilityCount, AvailableDate, Booking, BulkItemResult,
    Calendar, Credential, Envelope, ErrorBody, Event, FindTimeSlot, GroupBooking, Location, Page,
    Project, Resource, ResourceTimezone, Service, Template, Timestamp,
};

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

/// A valid timestamp written as Timekit might: `Z`, `±HH:MM` or `±HHMM`, with or without a
/// fraction. Returns the text and the same moment in the colon form (for jiff's parser).
fn timestamp_text() -> impl Strategy<Value = (String, String)> {
    (
        1000i32..=9998,
        1u8..=12,
        1u8..=28,
        0u8..=23,
        0u8..=59,
        0u8..=59,
        prop::option::of("[0-9]{1,9}"),
        prop_oneof![
            Just(None),
            (any::<bool>(), 0u8..=17, 0u8..=59).prop_map(Some)
        ],
        any::<bool>(),
    )
        .prop_map(
            |(year, month, day, hour, minute, second, fraction, offset, basic)| {
                let fraction = fraction
                    .map(|digits| format!(".{digits}"))
                    .unwrap_or_default();
                let civil = format!(
                    "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}"
                );
                let (written, colon) = match offset {
                    None => ("Z".to_owned(), "Z".to_owned()),
                    Some((negative, hh, mm)) => {
                        let sign = if negative { '-' } else { '+' };
                        let colon = format!("{sign}{hh:02}:{mm:02}");
                        let written = if basic {
                            format!("{sign}{hh:02}{mm:02}")
                        } else {
                            colon.clone()
                        };
                        (written, colon)
                    }
                };
                (format!("{civil}{written}"), format!("{civil}{colon}"))
            },
        )
}

/// Text that is almost a timestamp: one character of a valid one replaced, inserted or
/// removed; or random text over the characters timestamps use; or anything at all.
fn timestamp_like_text() -> impl Strategy<Value = String> {
    let edit = (
        timestamp_text(),
        any::<prop::sample::Index>(),
        0u8..3,
        prop::sample::select(vec![
            '0', '9', 'T', 't', ' ', ':', '-', '+', 'Z', 'z', '.', ',', '[', ']', '\u{0}', 'é',
            '\u{2212}',
        ]),
    )
        .prop_map(|((text, _), index, kind, c)| {
            let mut chars: Vec<char> = text.chars().collect();
            let at = index.index(chars.len());
            match kind {
                0 => chars[at] = c,
                1 => chars.insert(at, c),
                _ => {
                    chars.remove(at);
                }
            }
            chars.into_iter().collect()
        });
    prop_oneof![
        edit,
        "[0-9T:+\\-Zz. ,]{0,40}",
        "[+-]?[0-9]{4,6}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{1,2}(:?[0-9]{1,2}(:?[0-9]{1,2})?)?)?(\\[[A-Za-z/_+\\-0-9]{0,20}\\])?",
        "\\PC{0,40}",
        ".{0,40}",
    ]
}

proptest! {
    #[test]
    fn hostile_timestamp_text_parses_or_fails_without_panicking(text in timestamp_like_text()) {
        let parsed = Timestamp::parse(&text);
        // The serde path refuses and accepts exactly the same text.
        let via_serde = serde_json::from_value::<Timestamp>(Value::String(text.clone()));
        prop_assert_eq!(parsed.is_ok(), via_serde.is_ok(), "{:?}", text);
        match parsed {
            Ok(timestamp) => {
                prop_assert_eq!(via_serde.unwrap(), timestamp);
                let written = timestamp.to_string();
                prop_assert_eq!(Timestamp::parse(&written).unwrap(), timestamp, "{} -> {}", text, written);
                prop_assert_eq!(serde_json::to_value(timestamp).unwrap(), Value::String(written));
            }
            Err(err) => {
                // The error says what was refused, whole.
                let shown = err.to_string();
                prop_assert!(shown.contains(&format!("{text:?}")), "{}", shown);
            }
        }
    }

    #[test]
    fn hostile_valid_timestamps_in_every_offset_form_agree_with_jiff(
        (text, colon_form) in timestamp_text(),
    ) {
        let parsed = Timestamp::parse(&text).unwrap();
        let expected: jiff::Timestamp = colon_form.parse().unwrap();
        prop_assert_eq!(parsed.instant(), expected);
        prop_assert_eq!(Timestamp::parse(&colon_form).unwrap(), parsed);
        let written = parsed.to_string();
        prop_assert_eq!(Timestamp::parse(&written).unwrap(), parsed);
        // Without a fraction, the colon form is already the canonical output (`Z` and
        // `-00:00`, "offset unknown", are written `+00:00`).
        if !colon_form.contains('.') {
            prop_assert_eq!(written, colon_form.replace('Z', "+00:00").replace("-00:00", "+00:00"));
        }
    }

    #[test]
    fn hostile_json_that_is_not_a_string_is_never_a_timestamp(value in json_value()) {
        prop_assume!(!value.is_string());
        prop_assert!(serde_json::from_value::<Timestamp>(value).is_err());
    }
}

#[test]
fn hostile_timestamps_at_the_edges_of_the_range() {
    // (input, what it is written back as; None = refused).
    let cases = [
        ("9999-12-30T22:00:00Z", Some("9999-12-30T22:00:00+00:00")),
        ("9999-12-30T22:00:01Z", None),
        ("9999-12-31T23:59:59-25:59", None),
        ("+009999-12-31T23:59:59.999999999Z", None),
        ("-009999-01-01T00:00:00Z", None),
        (
            "0000-01-01T00:00:00+00:00",
            Some("0000-01-01T00:00:00+00:00"),
        ),
        (
            "0001-01-01T00:00:00+25:59",
            Some("0001-01-01T00:00:00+25:59"),
        ),
        ("2024-02-30T00:00:00Z", None),
        ("2024-05-07T24:00:00Z", None),
        // A leap second is accepted and clamped, as jiff does.
        ("2024-05-07T23:59:60Z", Some("2024-05-07T23:59:59+00:00")),
        ("2024-05-07T10:00:00+99:99", None),
        ("2024-05-07T10:00:00.0000000000001Z", None),
        (
            "2024-05-07T10:00:00+01:00[Europe/Berlin]",
            Some("2024-05-07T10:00:00+01:00"),
        ),
        ("2024-05-07T10:00:00+01:00[!]", None),
    ];
    for (text, expected) in cases {
        let parsed = Timestamp::parse(text);
        assert_eq!(
            parsed.as_ref().ok().map(ToString::to_string).as_deref(),
            expected,
            "{text}: {parsed:?}"
        );
        if let Ok(timestamp) = parsed {
            let written = timestamp.to_string();
            assert_eq!(
                Timestamp::parse(&written).unwrap(),
                timestamp,
                "{text} -> {written}"
            );
        }
    }
}

#[test]
fn hostile_negative_years_are_written_back_parseably() {
    for text in ["-009999-01-02T01:59:59Z", "-000001-06-01T00:00:00Z"] {
        let timestamp = Timestamp::parse(text).unwrap();
        let written = timestamp.to_string();
        assert_eq!(
            Timestamp::parse(&written).map_err(|err| err.to_string()),
            Ok(timestamp),
            "{text} -> {written}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Page counts
// ---------------------------------------------------------------------------------------------

/// A count as some server could write it, and what the model must make of it.
#[derive(Debug, Clone)]
enum CountForm {
    /// Absent or `null` → `None`.
    Missing(Option<Value>),
    /// A JSON integer or a numeric string (maybe padded) → `Some(n)`.
    Valid(Value, u64),
    /// Anything else → a decode error.
    Invalid(Value),
}

fn count_form() -> impl Strategy<Value = CountForm> {
    let pad = prop::sample::select(vec!["", " ", "  ", "\t", "\n", " \r\n"]);
    prop_oneof![
        Just(CountForm::Missing(None)),
        Just(CountForm::Missing(Some(Value::Null))),
        any::<u64>().prop_map(|n| CountForm::Valid(json!(n), n)),
        (any::<u64>(), pad.clone(), pad).prop_map(|(n, before, after)| {
            CountForm::Valid(json!(format!("{before}{n}{after}")), n)
        }),
        (i64::MIN..0).prop_map(|n| CountForm::Invalid(json!(n))),
        (i64::MIN..0).prop_map(|n| CountForm::Invalid(json!(n.to_string()))),
        (0.01f64..1e6)
            .prop_filter("not whole", |f| f.fract() != 0.0)
            .prop_map(|f| CountForm::Invalid(json!(f))),
        "[a-zA-Z]{1,8}|[0-9]{1,4}[a-z.][0-9]{0,3}|"
            .prop_map(|text| CountForm::Invalid(json!(text))),
        // Beyond u64: 2^64 and longer digit strings.
        "1844674407370955161[6-9]|[1-9][0-9]{20,40}"
            .prop_map(|digits| CountForm::Invalid(json!(digits))),
        any::<bool>().prop_map(|b| CountForm::Invalid(json!(b))),
        json_value()
            .prop_filter("containers", |v| v.is_array() || v.is_object())
            .prop_map(CountForm::Invalid),
    ]
}

const COUNT_FIELDS: [&str; 6] = [
    "total",
    "per_page",
    "current_page",
    "last_page",
    "from",
    "to",
];

fn count_of(page: &Page<Value>, field: &str) -> Option<u64> {
    match field {
        "total" => page.total,
        "per_page" => page.per_page,
        "current_page" => page.current_page,
        "last_page" => page.last_page,
        "from" => page.from,
        "to" => page.to,
        _ => unreachable!("{field}"),
    }
}

proptest! {
    #[test]
    fn hostile_page_counts_in_every_form(
        field in prop::sample::select(COUNT_FIELDS.to_vec()),
        form in count_form(),
    ) {
        let mut body = json!({"data": [{"id": "b1"}], "next_page_url": null});
        let expected = match &form {
            CountForm::Missing(value) => {
                if let Some(value) = value {
                    body[field] = value.clone();
                }
                Some(None)
            }
            CountForm::Valid(value, n) => {
                body[field] = value.clone();
                Some(Some(*n))
            }
            CountForm::Invalid(value) => {
                body[field] = value.clone();
                None
            }
        };
        // From text, as it comes off the network.
        let decoded = serde_json::from_str::<Page<Value>>(&body.to_string());
        match expected {
            Some(count) => {
                let page = decoded.unwrap();
                prop_assert_eq!(count_of(&page, field), count);
                // Written back as a number (or null), and read back the same.
                let written = serde_json::to_value(&page).unwrap();
                prop_assert_eq!(&written[field], &count.map_or(Value::Null, Value::from));
                prop_assert_eq!(serde_json::from_value::<Page<Value>>(written).unwrap(), page);
            }
            None => prop_assert!(decoded.is_err(), "{:?} accepted", form),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Constraints
// ---------------------------------------------------------------------------------------------

const CONSTRAINT_TYPES: [&str; 14] = [
    "allow_day_and_time",
    "block_day_and_time",
    "allow_hours",
    "block_hours",
    "allow_day",
    "block_day",
    "allow_period",
    "block_period",
    "allow_weekdays",
    "block_weekdays",
    "allow_weekends",
    "block_weekends",
    "allow_event_period",
    "specific_day_and_time",
];

/// Constraint-shaped JSON: mostly one known type with parameters that may or may not fit,
/// sometimes several keys or no object at all.
fn constraint_json() -> impl Strategy<Value = Value> {
    let param = prop_oneof![
        3 => prop::sample::select(vec!["day", "start", "end"]).prop_map(str::to_owned),
        1 => "[a-z_]{1,8}",
    ];
    let param_value = prop_oneof![
        prop::sample::select(vec![
            json!(9),
            json!(17),
            json!(9.5),
            json!(-1),
            json!(25),
            json!("09:30"),
            json!("Monday"),
            json!("2024-05-06"),
            json!("2024-05-06T10:00:00+02:00"),
            json!(""),
            json!(null),
            json!(18446744073709551615u64),
            json!({}),
            json!([]),
        ]),
        json_leaf(),
    ];
    let params = prop_oneof![
        3 => btree_map(param, param_value, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        1 => json_value(),
    ];
    let single = (
        prop::sample::select(CONSTRAINT_TYPES.to_vec()),
        params.clone(),
    )
        .prop_map(|(kind, params)| json!({ kind: params }));
    prop_oneof![
        6 => single,
        1 => btree_map(prop::sample::select(CONSTRAINT_TYPES.to_vec()), params, 0..4)
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        1 => json_value(),
    ]
}

proptest! {
    #[test]
    fn hostile_constraints_from_any_json_round_trip(value in constraint_json()) {
        let constraint = Constraint::from_value(value.clone());
        // Nothing the server sends is lost or changed.
        prop_assert_eq!(constraint.to_value(), value.clone());
        prop_assert_eq!(serde_json::to_value(&constraint).unwrap(), value.clone());
        let from_text: Constraint = serde_json::from_str(&value.to_string()).unwrap();
        prop_assert_eq!(Constraint::from_value(serde_json::from_str(&value.to_string()).unwrap()), from_text);
        // A typed variant is named by the object's only key.
        match (&constraint, constraint.type_name()) {
            (Constraint::Other(_), _) => {}
            (_, Some(kind)) => {
                let map = value.as_object().unwrap();
                prop_assert_eq!(map.len(), 1);
                prop_assert!(map.contains_key(kind));
            }
            (typed, None) => prop_assert!(false, "typed constraint without a name: {:?}", typed),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Response types from random and mutated JSON
// ---------------------------------------------------------------------------------------------

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Any finite float, long ones included: the workspace builds serde_json with
        // `float_roundtrip`, so "writes back the same" must hold for them too.
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |x| x.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "2024-05-07T10:00:00+00:00",
            "2016-02-11T11:58:45+0100",
            "tentative",
            "confirmed",
            "instant",
            "confirm_decline",
            "Europe/Berlin",
            "3",
            "",
        ])
        .prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "id", "graph", "state", "completed", "possible_actions", "created_at", "updated_at",
            "meta", "attributes", "event_info", "start", "end", "what", "where", "description",
            "customers", "name", "email", "timezone", "resources", "error", "errors", "slug",
            "settings", "availability_constraints", "first_name", "last_name", "data",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            btree_map(key(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Decoding either fails or gives a value that writes back and decodes to itself.
fn decodes_stably<T>(value: &Value) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let text = value.to_string();
    if let Ok(decoded) = serde_json::from_str::<T>(&text) {
        let written = serde_json::to_string(&decoded).unwrap();
        let again: T = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(again, decoded);
    }
    Ok(())
}

fn decodes_stably_as_every_type(value: &Value) -> Result<(), TestCaseError> {
    decodes_stably::<Envelope<App>>(value)?;
    decodes_stably::<Envelope<Resource>>(value)?;
    decodes_stably::<Envelope<Booking>>(value)?;
    decodes_stably::<Envelope<Vec<Slot>>>(value)?;
    decodes_stably::<Envelope<Vec<BulkItemResult>>>(value)?;
    decodes_stably::<Page<Booking>>(value)?;
    decodes_stably::<Page<Resource>>(value)?;
    decodes_stably::<Envelope<Project>>(value)?;
    decodes_stably::<Page<Project>>(value)?;
    decodes_stably::<Envelope<Location>>(value)?;
    decodes_stably::<Page<Location>>(value)?;
    decodes_stably::<Envelope<Service>>(value)?;
    decodes_stably::<Page<GroupBooking>>(value)?;
    decodes_stably::<Envelope<GroupBooking>>(value)?;
    decodes_stably::<Envelope<Vec<AvailableDate>>>(value)?;
    decodes_stably::<Envelope<AvailabilityCount>>(value)?;
    decodes_stably::<Envelope<Calendar>>(value)?;
    decodes_stably::<Envelope<Vec<Event>>>(value)?;
    decodes_stably::<Page<Credential>>(value)?;
    decodes_stably::<Envelope<AuthUser>>(value)?;
    decodes_stably::<Envelope<Vec<Account>>>(value)?;
    decodes_stably::<Envelope<AccountSync>>(value)?;
    decodes_stably::<Envelope<Vec<Template>>>(value)?;
    decodes_stably::<Envelope<Vec<FindTimeSlot>>>(value)?;
    decodes_stably::<Envelope<ResourceTimezone>>(value)?;
    decodes_stably::<Constraint>(value)?;
    let _ = ErrorBody::from_value(value).message();
    Ok(())
}

/// Every path to a value below the root of `value`.
fn paths(value: &Value) -> Vec<Vec<Value>> {
    fn walk(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
        let children: Vec<(Value, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (json!(k), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (json!(i), v))
                .collect(),
            _ => Vec::new(),
        };
        for (step, child) in children {
            prefix.push(step);
            out.push(prefix.clone());
            walk(child, prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn replace_at(value: &mut Value, path: &[Value], with: Value) {
    let mut slot = value;
    for step in path {
        slot = match step {
            Value::String(key) => &mut slot[key.as_str()],
            Value::Number(index) => &mut slot[usize::try_from(index.as_u64().unwrap()).unwrap()],
            _ => unreachable!(),
        };
    }
    *slot = with;
}

const FIXTURES: [&str; 21] = [
    "app.json",
    "availability_count.json",
    "availability_dates.json",
    "availability_slots.json",
    "booking.json",
    "booking_declined.json",
    "booking_legacy_offsets.json",
    "booking_page.json",
    "bulk_results.json",
    "group_booking.json",
    "group_bookings.json",
    "location.json",
    "location_page.json",
    "project.json",
    "project_hosted.json",
    "project_page.json",
    "reservation.json",
    "resource.json",
    "resource_page.json",
    "service.json",
    "service_page.json",
];

proptest! {
    #[test]
    fn hostile_random_json_decodes_stably_as_every_response_type(value in json_value()) {
        decodes_stably_as_every_type(&value)?;
        decodes_stably_as_every_type(&json!({"data": value}))?;
    }

    #[test]
    fn hostile_fixtures_with_one_value_replaced_decode_stably(
        name in prop::sample::select(FIXTURES.to_vec()),
        index in any::<prop::sample::Index>(),
        with in json_value(),
    ) {
        let mut value = fixture(name);
        let all = paths(&value);
        replace_at(&mut value, &all[index.index(all.len())], with);
        decodes_stably_as_every_type(&value)?;
    }

    #[test]
    fn hostile_error_bodies_from_random_bytes(body in vec(any::<u8>(), 0..128)) {
        let parsed = ErrorBody::parse(&body);
        match serde_json::from_slice::<Value>(&body) {
            Err(_) => prop_assert_eq!(parsed, ErrorBody::NotJson),
            Ok(value) => prop_assert_eq!(parsed, ErrorBody::from_value(&value)),
        }
    }
}
