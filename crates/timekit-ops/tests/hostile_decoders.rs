//! Hostile input for every response decoder: each operation (and the raw output) gets
//! random statuses and bodies — bad UTF-8, deep nesting, huge numbers, wrong types for every
//! field of the real fixtures, every prefix of a real body, random bytes, huge strings.
//!
//! The contract checked for every answer ([`assert_contract`]):
//! * parsing returns (no panic, no stack overflow);
//! * a 2xx answer is the output or `Decode` keeping status and body, and a body that is not
//!   JSON at all is always `Decode` (blank bodies are fine only where the output is optional);
//! * a non-2xx answer is `IncorrectCredentials` (401) or `UnexpectedStatus`, keeping status and
//!   body, and its parsed `ErrorBody` is what `ErrorBody::parse` gives (which never fails).
//!
//! Every test name contains `hostile`: `cargo xtask fuzz` runs them with many more cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use bytes::Bytes;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde::de::IgnoredAny;
use serde_json::{Map, Value, json};
use timekit_model::{BookingAction, ErrorBody, Timestamp};
use timekit_ops::{
    AddProjectResource, ApplyBookingAction, Authenticate, CountAvailability, CreateApp,
    CreateBooking, CreateBookingsBulk, CreateCalendar, CreateCredential, CreateEvent,
    CreateLocation, CreateProject, CreateResource, CreateService, CreateWebhook, DeleteApp,
    DeleteBooking, DeleteCalendar, DeleteCredential, DeleteEvent, DeleteLocation, DeleteProject,
    DeleteResource, DeleteService, DeleteWebhook, ExtendReservation, FindTime, FindTimeBulk,
    FindTimeTeam, FromResponse, GetApp, GetBooking, GetCalendar, GetEmailTemplate,
    GetEmbeddedProject, GetEvent, GetGroupBooking, GetHostedProject, GetLocation, GetProject,
    GetResource, GetResourceTimezone, GetService, InviteToApp, ListAccounts, ListApps,
    ListBookings, ListCalendars, ListCredentials, ListEmailTemplates, ListEvents,
    ListGroupBookings, ListLocations, ListProjectResources, ListProjects, ListResources,
    ListServices, ListWebhooks, Operation, QueryAvailability, QueryAvailabilityDates,
    QueryUnavailableSlots, RawResponse, RemoveProjectResource, ReplaceProjectResources,
    RescheduleBooking, ReserveBooking, ResetResourcePassword, ResponseError, SyncGoogleAccount,
    SyncMicrosoftAccount, UpdateApp, UpdateBookingMeta, UpdateBookingsBulk, UpdateCalendar,
    UpdateEmailTemplate, UpdateEvent, UpdateLocation, UpdateProject, UpdateResource, UpdateService,
    operations,
};

const ID: &str = "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703";

/// 2^70: an integer no id, count or `u64` can hold.
const TWO_POW_70: &str = "1180591620717411303424";

// ---------------------------------------------------------------------------------------------
// The decoders under test
// ---------------------------------------------------------------------------------------------

/// What a 2xx answer must carry for the operation to succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Success {
    /// A JSON body with the typed output (`{"data": …}` or a page).
    NeedsBody,
    /// 204 / empty body accepted (deletes, `PUT /resources/{id}`, invite).
    BodyOptional,
    /// `RawResponse` (what `.raw()` on a call gives): every 2xx answer is returned untouched.
    Raw,
}

type Decode = Box<dyn Fn(http::Response<Bytes>) -> Result<(), ResponseError>>;

/// One operation's decoder, type-erased, with the fixtures of its real success bodies.
struct Decoder {
    name: &'static str,
    decode: Decode,
    success: Success,
    fixtures: &'static [&'static str],
}

fn decoder<O: Operation + 'static>(
    op: O,
    success: Success,
    fixtures: &'static [&'static str],
) -> Decoder {
    Decoder {
        name: O::NAME,
        decode: Box::new(move |response| op.parse_response(response).map(drop)),
        success,
        fixtures,
    }
}

const BOOKINGS: &[&str] = &[
    "booking.json",
    "booking_declined.json",
    "booking_legacy_offsets.json",
];

const PROJECTS: &[&str] = &["project.json", "project_hosted.json"];

/// Every operation plus the raw output (`RawResponse`'s `FromResponse`).
fn decoders() -> Vec<Decoder> {
    use Success::{BodyOptional, NeedsBody};
    vec![
        decoder(GetApp::new(), NeedsBody, &["app.json"]),
        decoder(
            InviteToApp::new("jane@example.com"),
            BodyOptional,
            &["resource.json"],
        ),
        decoder(
            CreateResource::from_json(json!({"name": "Room", "timezone": "Europe/Berlin"})),
            NeedsBody,
            &["resource.json"],
        ),
        decoder(ListResources::new(), NeedsBody, &["resource_page.json"]),
        decoder(GetResource::new(ID), NeedsBody, &["resource.json"]),
        decoder(
            UpdateResource::from_json(ID, json!({"name": "Room 2"})),
            BodyOptional,
            &["resource.json"],
        ),
        decoder(DeleteResource::new(ID), BodyOptional, &[]),
        decoder(
            QueryAvailability::from_json(json!({"resources": [ID]})),
            NeedsBody,
            &["availability_slots.json"],
        ),
        decoder(CreateBooking::from_json(json!({})), NeedsBody, BOOKINGS),
        decoder(ListBookings::new(), NeedsBody, &["booking_page.json"]),
        decoder(GetBooking::new(ID), NeedsBody, BOOKINGS),
        decoder(
            ApplyBookingAction::new(ID, BookingAction::Confirm),
            NeedsBody,
            BOOKINGS,
        ),
        decoder(UpdateBookingMeta::new(ID, Map::new()), NeedsBody, BOOKINGS),
        decoder(
            CreateBookingsBulk::from_json(json!({"bookings": []})),
            NeedsBody,
            &["bulk_results.json"],
        ),
        decoder(
            UpdateBookingsBulk::from_json(json!({"bookings": []})),
            NeedsBody,
            &["bulk_results.json"],
        ),
        decoder(DeleteBooking::new(ID), BodyOptional, &[]),
        // Issue 15.
        decoder(
            QueryAvailabilityDates::from_json(json!({"resources": [ID]})),
            NeedsBody,
            &["availability_dates.json"],
        ),
        decoder(
            CountAvailability::from_json(json!({"resources": [ID]})),
            NeedsBody,
            &["availability_count.json"],
        ),
        decoder(
            QueryUnavailableSlots::from_json(json!({"resources": [ID]})),
            NeedsBody,
            &["unavailable_slots.json", "availability_slots.json"],
        ),
        decoder(
            ReserveBooking::from_json(json!({})),
            NeedsBody,
            &["reservation.json"],
        ),
        decoder(
            ExtendReservation::new(ID, 60),
            NeedsBody,
            &["reservation.json"],
        ),
        decoder(
            RescheduleBooking::from_json(ID, json!({})),
            NeedsBody,
            &["booking_rescheduled.json"],
        ),
        decoder(
            ListGroupBookings::new(),
            NeedsBody,
            &["group_bookings.json"],
        ),
        decoder(GetGroupBooking::new(ID), NeedsBody, &["group_booking.json"]),
        decoder(ListProjects::new(), NeedsBody, &["project_page.json"]),
        decoder(GetProject::new(ID), NeedsBody, PROJECTS),
        decoder(GetHostedProject::new("slug"), NeedsBody, PROJECTS),
        decoder(GetEmbeddedProject::new(ID), NeedsBody, PROJECTS),
        decoder(CreateProject::from_json(json!({})), NeedsBody, PROJECTS),
        decoder(UpdateProject::from_json(ID, json!({})), BodyOptional, &[]),
        decoder(DeleteProject::new(ID), BodyOptional, &[]),
        decoder(AddProjectResource::new(ID, "r1"), BodyOptional, PROJECTS),
        decoder(
            ListProjectResources::new(ID),
            NeedsBody,
            &["project_resources.json", "resource_page.json"],
        ),
        decoder(ReplaceProjectResources::new(ID, ["r1"]), BodyOptional, &[]),
        decoder(RemoveProjectResource::new(ID, "r1"), BodyOptional, &[]),
        decoder(ListLocations::new(), NeedsBody, &["location_page.json"]),
        decoder(GetLocation::new(ID), NeedsBody, &["location.json"]),
        decoder(
            CreateLocation::from_json(json!({})),
            NeedsBody,
            &["location.json"],
        ),
        decoder(UpdateLocation::from_json(ID, json!({})), BodyOptional, &[]),
        decoder(DeleteLocation::new(ID), BodyOptional, &[]),
        decoder(ListServices::new(), NeedsBody, &["service_page.json"]),
        decoder(GetService::new(ID), NeedsBody, &["service.json"]),
        decoder(
            CreateService::from_json(json!({})),
            NeedsBody,
            &["service.json"],
        ),
        decoder(UpdateService::from_json(ID, json!({})), BodyOptional, &[]),
        decoder(DeleteService::new(ID), BodyOptional, &[]),
        // Issue 16.
        decoder(ListCalendars::new(), NeedsBody, &["calendars.json"]),
        decoder(GetCalendar::new(ID), NeedsBody, &["calendar.json"]),
        decoder(
            CreateCalendar::from_json(json!({"name": "Work"})),
            NeedsBody,
            &["calendar.json"],
        ),
        decoder(
            UpdateCalendar::from_json(ID, json!({})),
            BodyOptional,
            &["calendar.json"],
        ),
        decoder(DeleteCalendar::new(ID), BodyOptional, &[]),
        decoder(
            ListEvents::new(
                Timestamp::parse("2030-03-04T00:00:00Z").unwrap(),
                Timestamp::parse("2030-03-11T00:00:00Z").unwrap(),
            ),
            NeedsBody,
            &["events.json"],
        ),
        decoder(GetEvent::new(ID), NeedsBody, &["event.json"]),
        decoder(
            CreateEvent::from_json(json!({})),
            NeedsBody,
            &["event.json"],
        ),
        decoder(
            UpdateEvent::from_json(ID, json!({})),
            BodyOptional,
            &["event.json"],
        ),
        decoder(DeleteEvent::new(ID), BodyOptional, &[]),
        decoder(
            FindTime::from_json(json!({"emails": ["a@b.c"]})),
            NeedsBody,
            &["findtime_slots.json", "findtime_team_slots.json"],
        ),
        decoder(
            FindTimeBulk::from_json(json!({"queries": []})),
            NeedsBody,
            &["findtime_bulk.json"],
        ),
        decoder(
            FindTimeTeam::from_json(json!({"users": []})),
            NeedsBody,
            &["findtime_team_slots.json"],
        ),
        decoder(ListCredentials::new(), NeedsBody, &["credentials.json"]),
        decoder(
            CreateCredential::from_json(json!({"type": "client-token"})),
            NeedsBody,
            &["credential.json"],
        ),
        decoder(DeleteCredential::new(ID), BodyOptional, &[]),
        decoder(
            Authenticate::from_json(json!({"email": "a@b.c", "password": "p"})),
            NeedsBody,
            &["auth_user.json"],
        ),
        decoder(ListAccounts::new(), NeedsBody, &["accounts.json"]),
        decoder(
            SyncGoogleAccount::new(),
            BodyOptional,
            &["account_sync.json"],
        ),
        decoder(
            SyncMicrosoftAccount::new(),
            BodyOptional,
            &["account_sync.json"],
        ),
        decoder(ListApps::new(), NeedsBody, &["apps.json"]),
        decoder(
            CreateApp::from_json(json!({"name": "X"})),
            NeedsBody,
            &["app.json"],
        ),
        decoder(UpdateApp::from_json("my-app", json!({})), BodyOptional, &[]),
        decoder(DeleteApp::new("my-app"), BodyOptional, &[]),
        decoder(ListEmailTemplates::new(), NeedsBody, &["templates.json"]),
        decoder(
            GetEmailTemplate::new("booking_created_customer"),
            NeedsBody,
            &["template.json"],
        ),
        decoder(
            UpdateEmailTemplate::from_json("booking_created_customer", json!({})),
            BodyOptional,
            &["template.json"],
        ),
        decoder(
            GetResourceTimezone::new("doc@example.com"),
            NeedsBody,
            &["resource_timezone.json"],
        ),
        decoder(
            ResetResourcePassword::from_json(json!({"email": "a@b.c"})),
            BodyOptional,
            &[],
        ),
        decoder(ListWebhooks::new(), NeedsBody, &["webhooks.json"]),
        decoder(
            CreateWebhook::from_json(json!({"url": "http://127.0.0.1:9/"})),
            NeedsBody,
            &["webhook.json"],
        ),
        decoder(DeleteWebhook::new(ID), BodyOptional, &[]),
        Decoder {
            name: "raw",
            decode: Box::new(|response| {
                <RawResponse as FromResponse>::from_response(response).map(drop)
            }),
            success: Success::Raw,
            fixtures: BOOKINGS,
        },
    ]
}

#[test]
fn hostile_table_covers_every_operation() {
    let names: std::collections::BTreeSet<_> = decoders()
        .iter()
        .filter(|decoder| decoder.success != Success::Raw)
        .map(|decoder| decoder.name)
        .collect();
    let listed: std::collections::BTreeSet<_> =
        operations().into_iter().map(|info| info.name).collect();
    assert_eq!(names, listed);
}

// ---------------------------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------------------------

fn response(status: u16, body: Bytes) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("timekit-request-id", "req-hostile")
        .body(body)
        .unwrap()
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Whether the body is syntactically JSON (any depth: `IgnoredAny` has no recursion limit).
fn is_json_syntax(body: &[u8]) -> bool {
    serde_json::from_slice::<IgnoredAny>(body).is_ok()
}

fn preview(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
    format!("{text:?} ({} bytes)", body.len())
}

/// What the decoder did with an answer that met the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Output,
    Decode,
    Failure,
}

/// Runs `decoder` on (`status`, `body`) and checks the contract in the module docs.
fn assert_contract(decoder: &Decoder, status: u16, body: &Bytes) -> Outcome {
    let context = || format!("{} on HTTP {status} with {}", decoder.name, preview(body));
    let result = (decoder.decode)(response(status, body.clone()));
    if !(200..300).contains(&status) {
        let failure = match &result {
            Ok(()) => panic!("{}: a non-2xx answer succeeded", context()),
            Err(ResponseError::Decode { .. }) => {
                panic!("{}: a non-2xx answer became Decode", context())
            }
            Err(ResponseError::IncorrectCredentials(failure)) => {
                assert_eq!(status, 401, "{}: IncorrectCredentials", context());
                failure
            }
            Err(ResponseError::UnexpectedStatus(failure)) => {
                assert_ne!(
                    status,
                    401,
                    "{}: 401 must be IncorrectCredentials",
                    context()
                );
                failure
            }
        };
        assert_eq!(failure.status(), status, "{}", context());
        assert_eq!(failure.body(), body, "{}: body not kept", context());
        assert_eq!(failure.request_id(), Some("req-hostile"), "{}", context());
        assert_eq!(
            failure.error_body(),
            &ErrorBody::parse(body),
            "{}",
            context()
        );
        if serde_json::from_slice::<Value>(body).is_err() {
            assert_eq!(failure.error_body(), &ErrorBody::NotJson, "{}", context());
        }
        // The accessors and the formatting of every part must be total as well.
        let _ = (failure.message(), failure.validation_errors());
        let err = result.unwrap_err();
        assert_eq!(err.status(), status, "{}", context());
        let _ = (err.to_string(), format!("{err:?}"));
        return Outcome::Failure;
    }
    match result {
        Ok(()) => {
            if !is_blank(body) {
                assert!(
                    is_json_syntax(body) || decoder.success == Success::Raw,
                    "{}: a body that is not JSON was accepted",
                    context()
                );
            } else {
                assert_ne!(
                    decoder.success,
                    Success::NeedsBody,
                    "{}: an empty body was accepted",
                    context()
                );
            }
            Outcome::Output
        }
        Err(ResponseError::Decode {
            status: kept_status,
            body: kept_body,
            target,
            ref path,
            ..
        }) => {
            assert_ne!(decoder.success, Success::Raw, "{}: Raw decoded", context());
            assert_eq!(kept_status, status, "{}: status not kept", context());
            assert_eq!(&kept_body, body, "{}: body not kept", context());
            assert!(!target.is_empty() && !path.is_empty(), "{}", context());
            let err = (decoder.decode)(response(status, body.clone())).unwrap_err();
            let _ = (
                err.to_string(),
                format!("{err:?}"),
                std::error::Error::source(&err),
            );
            Outcome::Decode
        }
        Err(other) => panic!("{}: 2xx became {other:?}", context()),
    }
}

/// The contract for every decoder.
fn assert_contract_for_all(status: u16, body: &Bytes) {
    for decoder in decoders() {
        assert_contract(&decoder, status, body);
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures and their mutations
// ---------------------------------------------------------------------------------------------

fn fixture_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../timekit-model/tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn fixture_value(name: &str) -> Value {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

const ALL_FIXTURES: &[&str] = &[
    "app.json",
    "availability_count.json",
    "availability_dates.json",
    "availability_slots.json",
    "booking.json",
    "booking_declined.json",
    "booking_legacy_offsets.json",
    "booking_page.json",
    "booking_rescheduled.json",
    "bulk_results.json",
    "group_booking.json",
    "group_bookings.json",
    "location.json",
    "location_page.json",
    "project.json",
    "project_hosted.json",
    "project_page.json",
    "project_resources.json",
    "reservation.json",
    "resource.json",
    "resource_page.json",
    "service.json",
    "service_page.json",
    "unavailable_slots.json",
];

/// One step into a JSON document.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path to a value inside `value` (the root excluded).
fn paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    prefix.push(Step::Key(key.clone()));
                    out.push(prefix.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    prefix.push(Step::Index(index));
                    out.push(prefix.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

/// A marker that cannot occur in a fixture; replaced by raw JSON text after serialising, so
/// replacements can be JSON that `serde_json::Value` cannot hold (`1e400`, 2^70, deep arrays).
const MARKER: &str = "\u{1}HOSTILE-MARKER\u{1}";

/// `value` with the value at `path` replaced by the raw JSON text `raw`.
fn replace_at(value: &Value, path: &[Step], raw: &str) -> Bytes {
    let mut copy = value.clone();
    let mut slot = &mut copy;
    for step in path {
        slot = match step {
            Step::Key(key) => &mut slot[key.as_str()],
            Step::Index(index) => &mut slot[*index],
        };
    }
    *slot = Value::String(MARKER.to_owned());
    let marker = serde_json::to_string(MARKER).unwrap();
    let text = serde_json::to_string(&copy).unwrap();
    Bytes::from(text.replacen(&marker, raw, 1))
}

/// Raw JSON texts of every type, and values no model type can hold.
fn replacements() -> Vec<String> {
    let mut raw: Vec<String> = [
        "null",
        "true",
        "0",
        "-1",
        "1.5",
        TWO_POW_70,
        "-1180591620717411303424",
        "1e400",
        "-1e400",
        "\"\"",
        "\"text\"",
        "\"\\ud800\"",
        "[]",
        "[1, \"a\", null]",
        "{}",
        "{\"data\": {\"id\": 1}}",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    raw.push(format!("{}{}", "[".repeat(200), "]".repeat(200)));
    raw.push(format!("\"{}\"", "x".repeat(10_000)));
    raw
}

// ---------------------------------------------------------------------------------------------
// Deterministic hostile cases
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_real_fixtures_decode_for_their_operations() {
    // The baseline the mutations start from: the untouched fixture is a success.
    for decoder in decoders() {
        for name in decoder.fixtures {
            let body = Bytes::from(fixture_text(name));
            assert_eq!(
                assert_contract(&decoder, 200, &body),
                Outcome::Output,
                "{} {name}",
                decoder.name
            );
        }
    }
}

#[test]
fn hostile_every_prefix_of_a_real_body_is_a_decode_error() {
    for decoder in decoders() {
        let mut names: Vec<&str> = decoder.fixtures.to_vec();
        names.extend(["booking.json", "booking_page.json"]);
        for name in names {
            let full = fixture_text(name);
            let complete = full.trim_end().len();
            for cut in 0..complete {
                let body = Bytes::copy_from_slice(&full.as_bytes()[..cut]);
                let outcome = assert_contract(&decoder, 200, &body);
                // A cut body is never JSON; only a blank one may be accepted (optional output).
                let acceptable = match decoder.success {
                    Success::NeedsBody => outcome == Outcome::Decode,
                    Success::BodyOptional => {
                        outcome == Outcome::Decode
                            || (is_blank(&body) && outcome == Outcome::Output)
                    }
                    Success::Raw => outcome == Outcome::Output,
                };
                assert!(
                    acceptable,
                    "{} {name} cut at {cut}: {outcome:?}",
                    decoder.name
                );
                if cut % 97 == 0 {
                    assert_contract(&decoder, 422, &body);
                }
            }
        }
    }
}

#[test]
fn hostile_wrong_types_for_every_field_of_every_fixture() {
    let replacements = replacements();
    let mut decode_errors = 0usize;
    for decoder in decoders() {
        for name in decoder.fixtures {
            let original = fixture_value(name);
            for path in paths(&original) {
                for raw in &replacements {
                    let body = replace_at(&original, &path, raw);
                    let outcome = assert_contract(&decoder, 200, &body);
                    if outcome == Outcome::Decode {
                        decode_errors += 1;
                    }
                    // Numbers beyond f64 are not JSON serde can represent anywhere.
                    if raw.ends_with("e400") && decoder.success != Success::Raw {
                        assert_eq!(
                            outcome,
                            Outcome::Decode,
                            "{} {name} {path:?} = {raw}",
                            decoder.name
                        );
                    }
                }
            }
        }
    }
    // Typed fields exist: the mutations are not all swallowed by lenient `extra` maps.
    assert!(decode_errors > 100, "{decode_errors}");
}

#[test]
fn hostile_ids_that_are_not_strings_are_decode_errors_at_the_id() {
    // Single entities: `data.id` is typed, so a number there (2^70 or not) names that path.
    let cases: [(&str, Vec<&str>); 3] = [
        ("app.json", vec!["get_app"]),
        (
            "resource.json",
            vec![
                "create_resource",
                "get_resource",
                "invite_to_app",
                "update_resource",
            ],
        ),
        (
            "booking.json",
            vec![
                "create_booking",
                "get_booking",
                "apply_booking_action",
                "update_booking_meta",
            ],
        ),
    ];
    let table = decoders();
    for (name, ops) in cases {
        let original = fixture_value(name);
        for raw in [TWO_POW_70, "42", "true", "[]", "{}", "null"] {
            let body = replace_at(
                &original,
                &[Step::Key("data".into()), Step::Key("id".into())],
                raw,
            );
            for op in &ops {
                let decoder = table.iter().find(|d| d.name == *op).unwrap();
                let err = (decoder.decode)(response(200, body.clone())).unwrap_err();
                match err {
                    ResponseError::Decode { path, .. } => {
                        assert_eq!(path, "data.id", "{op} {name} id = {raw}");
                    }
                    other => panic!("{op} {name} id = {raw}: {other:?}"),
                }
            }
        }
    }
}

/// Deep structures: 10,000 levels, open and balanced, at the top and under `data`.
fn deep_bodies() -> Vec<Bytes> {
    const DEPTH: usize = 10_000;
    let open = "[".repeat(DEPTH);
    let balanced = format!("{open}{}", "]".repeat(DEPTH));
    let objects = format!("{}1{}", "{\"a\":".repeat(DEPTH), "}".repeat(DEPTH));
    vec![
        Bytes::from(open.clone()),
        Bytes::from(balanced.clone()),
        Bytes::from(objects.clone()),
        Bytes::from(format!("{{\"data\": {balanced}}}")),
        Bytes::from(format!("{{\"data\": {objects}}}")),
        Bytes::from(format!(
            "{{\"data\": {{\"id\": \"b\", \"meta\": {balanced}}}}}"
        )),
        Bytes::from(format!("{{\"error\": {objects}}}")),
        Bytes::from(format!("{{\"errors\": {{\"a\": {balanced}}}}}")),
        Bytes::from("{\"data\":".repeat(DEPTH)),
    ]
}

#[test]
fn hostile_deep_nesting_never_overflows_the_stack() {
    for body in deep_bodies() {
        for decoder in decoders() {
            let outcome = assert_contract(&decoder, 200, &body);
            if decoder.success == Success::NeedsBody {
                assert_eq!(
                    outcome,
                    Outcome::Decode,
                    "{} {}",
                    decoder.name,
                    preview(&body)
                );
            }
            for status in [401, 404, 422, 500] {
                assert_contract(&decoder, status, &body);
            }
        }
    }
}

#[test]
fn hostile_huge_numbers_where_counts_and_ids_are_expected() {
    let page = fixture_value("booking_page.json");
    let list = decoders()
        .into_iter()
        .find(|d| d.name == "list_bookings")
        .unwrap();
    for field in [
        "total",
        "per_page",
        "current_page",
        "last_page",
        "from",
        "to",
    ] {
        for raw in [
            TWO_POW_70,
            "18446744073709551616",
            "\"18446744073709551616\"",
            "-1",
            "\"-1\"",
            "1e400",
            "1.5",
        ] {
            let body = replace_at(&page, &[Step::Key(field.into())], raw);
            assert_eq!(
                assert_contract(&list, 200, &body),
                Outcome::Decode,
                "{field} = {raw}"
            );
        }
        // The largest count that fits is fine, as a number and as text.
        for raw in ["18446744073709551615", "\"18446744073709551615\""] {
            let body = replace_at(&page, &[Step::Key(field.into())], raw);
            assert_eq!(
                assert_contract(&list, 200, &body),
                Outcome::Output,
                "{field} = {raw}"
            );
        }
    }
}

#[test]
fn hostile_huge_strings_are_decoded_or_refused_whole() {
    let huge = "é".repeat(1 << 17); // 256 KiB: big enough to matter, small enough for debug builds
    let booking = fixture_value("booking.json");
    let bodies = [
        replace_at(
            &booking,
            &[Step::Key("data".into()), Step::Key("id".into())],
            &serde_json::to_string(&huge).unwrap(),
        ),
        replace_at(
            &booking,
            &[Step::Key("data".into()), Step::Key("meta".into())],
            &json!({ huge.clone(): huge.clone() }).to_string(),
        ),
        Bytes::from(json!({"error": huge.clone(), "model": "Booking"}).to_string()),
        Bytes::from(format!("\"{huge}")),
        Bytes::from(huge.clone()),
    ];
    for body in &bodies {
        for decoder in decoders() {
            assert_contract(&decoder, 200, body);
            assert_contract(&decoder, 422, body);
        }
    }
    // A huge id is still an id: nothing is cut.
    let get = decoders()
        .into_iter()
        .find(|d| d.name == "get_booking")
        .unwrap();
    assert_eq!(assert_contract(&get, 200, &bodies[0]), Outcome::Output);
    let booking = GetBooking::new(ID)
        .parse_response(response(200, bodies[0].clone()))
        .unwrap();
    assert_eq!(booking.id.as_str(), huge);
    // A huge error message is kept whole in the parsed body.
    let failure = match GetBooking::new(ID).parse_response(response(404, bodies[2].clone())) {
        Err(ResponseError::UnexpectedStatus(failure)) => failure,
        other => panic!("{other:?}"),
    };
    assert_eq!(failure.message(), Some(huge.as_str()));
}

#[test]
fn hostile_bad_utf8_inside_json_strings() {
    let booking = fixture_text("booking.json");
    let cases: Vec<Vec<u8>> = vec![
        // A lone continuation byte, an overlong encoding, a surrogate, a truncated sequence.
        booking
            .replacen("Consultation", "Consul\u{0}", 1)
            .into_bytes(),
        splice(&booking, "Consultation", b"Consul\x80tation"),
        splice(&booking, "Consultation", b"Consul\xc0\xaftation"),
        splice(&booking, "Consultation", b"Consul\xed\xa0\x80tation"),
        splice(&booking, "Consultation", b"Consul\xe2\x82"),
        splice(&booking, "tentative", b"tentativ\xff"),
        splice(&booking, "58190fc6", b"\xfe\xff5819"),
        b"\xef\xbb\xbf{\"data\": {}}".to_vec(),
        vec![0xff, 0xfe, b'{', 0, b'}', 0],
    ];
    for body in cases {
        let body = Bytes::from(body);
        for decoder in decoders() {
            let outcome = assert_contract(&decoder, 200, &body);
            if decoder.success == Success::NeedsBody && std::str::from_utf8(&body).is_err() {
                assert_eq!(
                    outcome,
                    Outcome::Decode,
                    "{} {}",
                    decoder.name,
                    preview(&body)
                );
            }
            for status in [401, 422, 503] {
                assert_contract(&decoder, status, &body);
            }
        }
    }
}

fn splice(text: &str, find: &str, with: &[u8]) -> Vec<u8> {
    let at = text.find(find).unwrap();
    let mut out = text.as_bytes()[..at].to_vec();
    out.extend_from_slice(with);
    out.extend_from_slice(&text.as_bytes()[at + find.len()..]);
    out
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 201, 204, 401, 404, 422, 429, 500, 502, 503]),
        2 => 100u16..600,
    ]
}

/// Keys the model knows, so random JSON lands on typed fields, plus random ones.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "data", "id", "graph", "state", "completed", "possible_actions", "created_at",
            "updated_at", "meta", "attributes", "event_info", "start", "end", "what", "where",
            "description", "calendar_id", "customers", "name", "email", "timezone", "total",
            "per_page", "current_page", "last_page", "next_page_url", "prev_page_url", "from",
            "to", "resources", "error", "errors", "model", "action", "slug", "settings",
            "availability_constraints", "first_name", "last_name", "calendar", "message",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,16}".prop_map(Value::String),
        prop::sample::select(vec![
            "2024-05-07T10:00:00+00:00",
            "2016-02-11T11:58:45+0100",
            "tentative",
            "confirmed",
            "instant",
            "confirm_decline",
            "Europe/Berlin",
            ID,
            "3",
            "-3",
            "",
        ])
        .prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(key(), inner, 0..6).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Bodies of every hostile kind.
fn hostile_body() -> impl Strategy<Value = Bytes> {
    let fixture = prop::sample::select(ALL_FIXTURES.to_vec());
    prop_oneof![
        // Random bytes, and random bytes after a plausible start.
        vec(any::<u8>(), 0..256).prop_map(Bytes::from),
        vec(any::<u8>(), 0..64).prop_map(|tail| {
            let mut body = b"{\"data\": {\"id\": \"".to_vec();
            body.extend(tail);
            Bytes::from(body)
        }),
        // Random JSON, bare and enveloped.
        json_value().prop_map(|value| Bytes::from(value.to_string())),
        json_value().prop_map(|value| Bytes::from(json!({"data": value}).to_string())),
        // Every prefix of a real body.
        (fixture.clone(), any::<prop::sample::Index>()).prop_map(|(name, index)| {
            let text = fixture_text(name);
            Bytes::copy_from_slice(&text.as_bytes()[..index.index(text.len() + 1)])
        }),
        // A real body with one value replaced by anything hostile.
        (
            fixture.clone(),
            any::<prop::sample::Index>(),
            prop_oneof![
                prop::sample::select(replacements()),
                json_value().prop_map(|value| value.to_string()),
            ],
        )
            .prop_map(|(name, index, raw)| {
                let value = fixture_value(name);
                let all = paths(&value);
                replace_at(&value, &all[index.index(all.len())], &raw)
            }),
        // A real body with random bytes written over a random stretch.
        (
            fixture,
            any::<prop::sample::Index>(),
            vec(any::<u8>(), 1..8)
        )
            .prop_map(|(name, index, noise)| {
                let mut body = fixture_text(name).into_bytes();
                let at = index.index(body.len());
                for (offset, byte) in noise.into_iter().enumerate() {
                    if let Some(slot) = body.get_mut(at + offset) {
                        *slot = byte;
                    }
                }
                Bytes::from(body)
            }),
        // Deep nesting and long runs.
        (1usize..3_000).prop_map(|depth| Bytes::from("[".repeat(depth))),
        (1usize..3_000).prop_map(|depth| Bytes::from(format!(
            "{{\"data\": {}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        ))),
        (0usize..20_000).prop_map(|len| Bytes::from(format!(
            "{{\"data\": {{\"id\": \"{}\"}}}}",
            "a".repeat(len)
        ))),
    ]
}

proptest! {
    #[test]
    fn hostile_answers_meet_the_contract_for_every_decoder(
        status in any_status(),
        body in hostile_body(),
    ) {
        assert_contract_for_all(status, &body);
    }

    #[test]
    fn hostile_error_bodies_parse_the_same_from_bytes_and_from_values(value in json_value()) {
        // ErrorBody::parse never fails, and agrees with the already-parsed path used for
        // failed bulk items. (Compared after one parse: serde_json's float reading is not
        // guaranteed to round-trip the last bit.)
        let bytes = value.to_string().into_bytes();
        let parsed: Value = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(ErrorBody::parse(&bytes), ErrorBody::from_value(&parsed));
        assert_contract_for_all(422, &Bytes::from(bytes));
    }
}
