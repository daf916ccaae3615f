//! The emulator half of the conformance corpus (issue 14 item 7): the emulator's answers to
//! the requests behind the captured answers in `crates/timekit-model/tests/conformance/`
//! (sources in its `SOURCES.md`) have the same shape — the same keys at every level, the
//! same JSON types, timestamps in the same format. Every difference the emulator is allowed
//! is listed here with its reason, so a change cannot drift silently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use common::{Api, start};
use serde_json::{Value, json};

fn captured(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../timekit-model/tests/conformance")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// How a string looks, for comparing timestamps: PHP `O` (`+0100`), RFC 3339 (`+01:00`), or
/// anything else.
fn text_class(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    let date_time = bytes.len() >= 19
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':';
    if !date_time {
        return "text";
    }
    let tail = &text[19..];
    match tail.len() {
        5 if tail.starts_with(['+', '-']) => "timestamp ±HHMM",
        6 if tail.starts_with(['+', '-']) && tail.as_bytes()[3] == b':' => "timestamp ±HH:MM",
        _ => "timestamp (other)",
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Differences the emulator may have, by path (`data.attributes.event_info.calendar_id`,
/// arrays as `[]`), each with its reason.
struct Allowed<'a> {
    /// Keys the emulator writes that the captured answer does not have.
    extra: &'a [(&'a str, &'a str)],
    /// Keys of the captured answer the emulator does not write.
    missing: &'a [(&'a str, &'a str)],
    /// Paths whose JSON type differs.
    retyped: &'a [(&'a str, &'a str)],
    /// Paths whose inside is not compared (free-form maps).
    opaque: &'a [&'a str],
}

const NOTHING: Allowed<'static> = Allowed {
    extra: &[],
    missing: &[],
    retyped: &[],
    opaque: &[],
};

fn listed(list: &[(&str, &str)], path: &str) -> bool {
    list.iter().any(|(allowed, _)| *allowed == path)
}

fn compare(
    captured: &Value,
    emulated: &Value,
    path: &str,
    allowed: &Allowed<'_>,
    out: &mut Vec<String>,
) {
    if allowed.opaque.contains(&path) {
        return;
    }
    match (captured, emulated) {
        // An optional value: null on either side says nothing about the type.
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(c), Value::Object(e)) => {
            for (key, value) in c {
                let child = join(path, key);
                match e.get(key) {
                    Some(other) => compare(value, other, &child, allowed, out),
                    None if listed(allowed.missing, &child) => {}
                    None => out.push(format!("{child}: captured, missing from the emulator")),
                }
            }
            for key in e.keys().filter(|key| !c.contains_key(*key)) {
                let child = join(path, key);
                if !listed(allowed.extra, &child) {
                    out.push(format!("{child}: written by the emulator, not captured"));
                }
            }
        }
        (Value::Array(c), Value::Array(e)) => {
            let child = format!("{path}[]");
            if let (Some(first), false) = (c.first(), e.is_empty()) {
                for item in e {
                    compare(first, item, &child, allowed, out);
                }
            }
        }
        (Value::String(c), Value::String(e)) => {
            if text_class(c) != text_class(e) {
                out.push(format!(
                    "{path}: captured {} ({c}), emulator {} ({e})",
                    text_class(c),
                    text_class(e)
                ));
            }
        }
        (c, e) if kind(c) == kind(e) => {}
        (c, e) if listed(allowed.retyped, path) => {
            let _ = (c, e);
        }
        (c, e) => out.push(format!(
            "{path}: captured {}, emulator {}",
            kind(c),
            kind(e)
        )),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[track_caller]
fn assert_same_shape(name: &str, emulated: &Value, allowed: &Allowed<'_>) {
    let mut differences = Vec::new();
    compare(&captured(name), emulated, "", allowed, &mut differences);
    assert!(
        differences.is_empty(),
        "{name}: the emulator's answer differs in shape:\n  {}\nemulator: {emulated:#}",
        differences.join("\n  ")
    );
}

/// Keys every emulator booking has that the captured ones leave out.
const BOOKING_EXTRAS: [(&str, &str); 2] = [
    (
        "data.meta",
        "the emulator always writes the booking's meta (docs/api-decisions.md, booking shape)",
    ),
    (
        "data.attributes.event_info.calendar_id",
        "event_info lists calendar_id (null when none was given); Timekit's group slots show it",
    ),
];

async fn resource_for(api: &Api, timezone: &str) -> String {
    api.post("/resources", json!({"name": "Marty", "timezone": timezone}))
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn haircut(resource: &str, start: &str, end: &str) -> Value {
    json!({
        "resource_id": resource,
        "graph": "confirm_decline",
        "start": start,
        "end": end,
        "what": "Mens haircut",
        "where": "Sesame St, Middleburg, FL 32068, USA",
        "description": "Please arrive 10 minutes before you time begin",
        "customer": {"name": "Marty McFly", "email": "marty.mcfly@timekit.io",
                     "phone": "1-591-001-5403", "voip": "McFly", "timezone": "America/Los_Angeles"},
    })
}

#[tokio::test]
async fn booking_create_matches_booking_js() {
    let (_handle, api) = start().await;
    let resource = resource_for(&api, "America/Los_Angeles").await;
    let body = haircut(
        &resource,
        "2030-03-01T08:00:00+00:00",
        "2030-03-01T13:00:00+00:00",
    );
    let created = api
        .post(
            "/bookings?include=attributes,calendar,customers",
            body.clone(),
        )
        .await
        .expect(201)
        .json();
    assert_same_shape(
        "booking_js_create_booking.json",
        &created,
        &Allowed {
            extra: &BOOKING_EXTRAS,
            ..NOTHING
        },
    );
    let with_event = api
        .post(
            "/bookings?include=provider_event,attributes,calendar,customers",
            haircut(
                &resource,
                "2030-03-02T08:00:00+00:00",
                "2030-03-02T13:00:00+00:00",
            ),
        )
        .await
        .expect(201)
        .json();
    assert_same_shape(
        "booking_js_create_booking_provider_event.json",
        &with_event,
        &Allowed {
            extra: &BOOKING_EXTRAS,
            ..NOTHING
        },
    );
}

#[tokio::test]
async fn booking_create_422_matches_booking_js() {
    let (_handle, api) = start().await;
    let resource = resource_for(&api, "UTC").await;
    let mut body = haircut(
        &resource,
        "2030-03-01T08:00:00+00:00",
        "2030-03-01T13:00:00+00:00",
    );
    body["calendar_id"] = json!("12345");
    let refused = api.post("/bookings", body).await.expect(422).json();
    // Same body, not just the same shape.
    assert_eq!(
        refused,
        captured("booking_js_create_booking_422_save_booking_data.json")
    );
}

#[tokio::test]
async fn declined_booking_matches_the_ruby_fixture() {
    let (_handle, api) = start().await;
    let resource = resource_for(&api, "Europe/Berlin").await;
    // Sent with a colon-less offset, as the fixture shows it echoed.
    let body = haircut(
        &resource,
        "2030-01-01T09:00:00+0100",
        "2030-01-01T14:00:00+0100",
    );
    let id = api.booking(body).await["id"].as_str().unwrap().to_owned();
    api.action(&id, "decline").await.expect(200);
    let shown = api
        .get(&format!(
            "/bookings/{id}?include=attributes,calendar,customers"
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(
        shown["data"]["attributes"]["event_info"]["start"],
        "2030-01-01T09:00:00+0100"
    );
    assert_same_shape(
        "timekit_rb_booking_show_declined.json",
        &shown,
        &Allowed {
            extra: &BOOKING_EXTRAS,
            ..NOTHING
        },
    );
}

#[tokio::test]
async fn bookings_page_matches_the_pagination_docs() {
    let (_handle, api) = start().await;
    let resource = resource_for(&api, "UTC").await;
    for hour in 8..13 {
        api.booking(common::booking_at(&resource, "instant", hour))
            .await;
    }
    let page = api.get("/bookings?limit=3&page=2").await.expect(200).json();
    assert_eq!(page["per_page"], "3");
    assert_same_shape(
        "docs_pagination_bookings_page.json",
        &page,
        &Allowed {
            extra: &[
                (
                    "data[].possible_actions",
                    "every emulator booking lists possible_actions (the docs' example leaves them out)",
                ),
                (
                    "data[].meta",
                    "the emulator always writes the booking's meta",
                ),
            ],
            ..NOTHING
        },
    );
    // The js-sdk and Ruby empty lists are `{"data": []}` without paginator keys; the emulator
    // always pages (Laravel's paginator), which keeps `data` an array.
    let empty = api
        .get("/bookings?search=graph:group_owner")
        .await
        .expect(200)
        .json();
    assert_eq!(empty["data"], json!([]));
}

#[tokio::test]
async fn app_matches_the_help_page_and_the_js_sdk() {
    let (_handle, api) = start().await;
    let app = api.get("/app?include=app_token").await.expect(200).json();
    assert_same_shape(
        "help_app_include_app_token_fragment.json",
        &app,
        &Allowed {
            extra: &[
                (
                    "data.name",
                    "the emulator's documented app shape (settings.name repeated)",
                ),
                (
                    "data.test_mode",
                    "MindCloud's app fields; the help page's text stops early",
                ),
                (
                    "data.created_at",
                    "MindCloud's app fields; the help page's text stops early",
                ),
                (
                    "data.updated_at",
                    "MindCloud's app fields; the help page's text stops early",
                ),
                (
                    "data.app_token",
                    "the include itself, cut off in the stored help page",
                ),
                (
                    "data.webhook_secret",
                    "timekit-api-more.md §5.16: the app carries its webhook secret (issue 19)",
                ),
            ],
            opaque: &["data.settings"],
            ..NOTHING
        },
    );
    let plain = api.get("/app").await.expect(200).json();
    assert_same_shape(
        "js_sdk_app.json",
        &plain,
        &Allowed {
            extra: &[
                ("data.name", "the emulator's documented app shape"),
                ("data.test_mode", "MindCloud's app fields"),
                ("data.created_at", "MindCloud's app fields"),
                ("data.updated_at", "MindCloud's app fields"),
                (
                    "data.webhook_secret",
                    "timekit-api-more.md §5.16: the app carries its webhook secret (issue 19)",
                ),
            ],
            missing: &[
                (
                    "data.contact_email",
                    "a 2015 mock; the help page's app keeps contact details in settings",
                ),
                (
                    "data.contact_name",
                    "a 2015 mock; the help page's app keeps contact details in settings",
                ),
            ],
            opaque: &["data.settings"],
            ..NOTHING
        },
    );
}

#[tokio::test]
async fn resource_matches_the_help_page() {
    let (_handle, api) = start().await;
    let created = api
        .post(
            "/resources?include=calendars",
            json!({"name": "Doc Brown", "email": "doc.brown@timekit.io",
                   "timezone": "America/Los_Angeles"}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(created["data"]["first_name"], "Doc Brown");
    assert_eq!(created["data"]["last_name"], "");
    assert_same_shape(
        "help_create_resource.json",
        &created,
        &Allowed {
            extra: &[
                (
                    "data.image",
                    "the emulator's documented resource shape (null when unset)",
                ),
                ("data.meta", "the emulator's documented resource shape"),
                (
                    "data.created_at",
                    "the emulator's documented resource shape",
                ),
                (
                    "data.updated_at",
                    "the emulator's documented resource shape",
                ),
            ],
            ..NOTHING
        },
    );
}

#[tokio::test]
async fn availability_matches_booking_js_but_for_the_stale_resource_ids() {
    let (_handle, api) = start().await;
    let resource = resource_for(&api, "Europe/Copenhagen").await;
    let slots = api
        .post(
            "/availability",
            json!({"resources": [resource], "from": "2030-12-06T09:00:00Z",
                   "to": "2030-12-06T11:00:00Z", "output_timezone": "Europe/Copenhagen"}),
        )
        .await
        .expect(200)
        .json();
    assert_same_shape(
        "booking_js_availability_slots_resource_ids.json",
        &slots,
        &Allowed {
            retyped: &[(
                "data[].resources[]",
                "the mock lists bare ids; booking.js reads resources[0].id and .name since \
                 2018 (SOURCES.md finding 1): objects {id, name, timezone}",
            )],
            ..NOTHING
        },
    );
    let none = api
        .post(
            "/availability",
            json!({"resources": [resource], "from": "2030-12-06T09:00:00Z",
                   "to": "2030-12-06T09:30:00Z"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(none, captured("booking_js_availability_empty.json"));
}

#[tokio::test]
async fn errors_match_the_captured_bodies() {
    let (_handle, api) = start().await;
    let unknown = api.get("/bookings/54321").await.expect(404).json();
    assert_same_shape("booking_js_embed_widget_404.json", &unknown, &NOTHING);
    assert_eq!(unknown["error"], "Resource does not exist");
    let resource = resource_for(&api, "UTC").await;
    let mut body = common::booking_at(&resource, "confirm_decline", 10);
    body["action"] = json!("confirm");
    let illegal = api.post("/bookings", body).await.expect(422).json();
    assert_eq!(
        illegal,
        captured("booking_js_issue_81_cannot_apply_action.json")
    );
}

#[test]
fn the_comparison_notices_every_kind_of_drift() {
    let captured = captured("timekit_rb_booking_show_declined.json");
    let mut drifted = captured.clone();
    drifted["data"]["created_at"] = json!("2016-02-11T12:39:45+01:00");
    drifted["data"]["completed"] = json!("yes");
    drifted["data"]["attributes"]["event_info"]
        .as_object_mut()
        .unwrap()
        .remove("where");
    drifted["data"]["customers"][0]["extra"] = json!(1);
    let mut differences = Vec::new();
    compare(&captured, &drifted, "", &NOTHING, &mut differences);
    differences.sort();
    assert_eq!(
        differences,
        [
            "data.attributes.event_info.where: captured, missing from the emulator",
            "data.completed: captured bool, emulator string",
            "data.created_at: captured timestamp ±HHMM (2016-02-11T12:39:45+0100), emulator \
             timestamp ±HH:MM (2016-02-11T12:39:45+01:00)",
            "data.customers[].extra: written by the emulator, not captured",
        ]
    );
    let mut same = Vec::new();
    compare(&captured, &captured, "", &NOTHING, &mut same);
    assert!(same.is_empty(), "{same:?}");
}
