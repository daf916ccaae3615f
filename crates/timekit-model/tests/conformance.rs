//! Conformance corpus (issue 14 item 7): answers captured from public sources nobody on this
//! project wrote — Timekit's own widget and SDK test mocks, docs and help pages, issue threads
//! with real responses — rebuilt as JSON under `tests/conformance/` (sources and what each
//! shows: `tests/conformance/SOURCES.md`).
//!
//! Each fixture is decoded with the `timekit-model` type the client would use for that answer
//! and written back; the result must equal the fixture as a JSON tree, apart from the
//! normalisations `docs/api-decisions.md` documents (listed on [`Norm`]). Error bodies are
//! read with [`ErrorBody`], which has no writer: the test checks that the classification
//! carries every part of the body.
//!
//! A fixture that does not decode, or that writes back with a change no decision documents, is
//! a fidelity finding: its test is `#[ignore]`d with the reason (run them with
//! `cargo test -p timekit-model --test conformance -- --ignored`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use timekit_model::{
    App, AuthUser, Booking, BookingAction, BookingState, Calendar, Envelope, ErrorBody,
    FindTimeSlot, Graph, GroupBooking, Page, Resource, Slot, Timestamp,
};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn raw(name: &str) -> Vec<u8> {
    let path = corpus_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn fixture(name: &str) -> Value {
    serde_json::from_slice(&raw(name)).unwrap_or_else(|err| panic!("{name} is not JSON: {err}"))
}

// ---------------------------------------------------------------------------------------------
// Documented normalisations (docs/api-decisions.md, "General conventions").

/// The documented ways a written-back answer may differ from what the server sent; applied to
/// the *expected* tree, only at the fields the model types as such.
#[derive(Clone, Copy)]
enum Norm {
    /// Nothing may change.
    Exact,
    /// `{"data": Booking}`: the booking's timestamps (below).
    Booking,
    /// `{"data": [Booking]}`.
    Bookings,
    /// `{"data": Resource}`.
    Resource,
    /// `{"data": App}`.
    App,
    /// `{"data": [App]}`.
    Apps,
    /// A `Page<Booking>`: paginator counts and every paginator key (below), then each booking.
    BookingPage,
    /// A `Page<App>`.
    AppPage,
}

/// "Timestamps": `Timestamp` writes `±HH:MM` in the offset it read, so `+0100` comes back as
/// `+01:00` and `Z` as `+00:00`; the instant and the local time are unchanged.
fn colon_offset(value: &mut Value) {
    let Some(text) = value.as_str() else { return };
    let bytes = text.as_bytes();
    let fixed = if let Some(stripped) = text.strip_suffix('Z') {
        format!("{stripped}+00:00")
    } else if bytes.len() >= 5
        && matches!(bytes[bytes.len() - 5], b'+' | b'-')
        && bytes[bytes.len() - 4..].iter().all(u8::is_ascii_digit)
    {
        let (head, minutes) = text.split_at(text.len() - 2);
        format!("{head}:{minutes}")
    } else {
        return;
    };
    *value = Value::String(fixed);
}

fn times(object: &mut Value, keys: &[&str]) {
    for key in keys {
        if let Some(value) = object.get_mut(*key) {
            colon_offset(value);
        }
    }
}

/// `Booking.created_at`/`updated_at` and `attributes.event_info.start`/`end` are `Timestamp`s;
/// everything else in a booking (calendar, customers, `resource` …) is written verbatim.
fn booking_times(booking: &mut Value) {
    times(booking, &["created_at", "updated_at"]);
    if let Some(event) = booking.pointer_mut("/attributes/event_info") {
        times(event, &["start", "end"]);
    }
}

/// `Resource` and `App` type only `created_at`/`updated_at` as `Timestamp`.
fn own_times(object: &mut Value) {
    times(object, &["created_at", "updated_at"]);
}

/// "Pagination counts … are written as numbers" and "`Page` always writes every Laravel
/// paginator key (`null` when unknown)".
fn page_keys(page: &mut Value) {
    let map = page.as_object_mut().unwrap();
    for key in [
        "total",
        "per_page",
        "current_page",
        "last_page",
        "from",
        "to",
    ] {
        let count = match map.get(key) {
            Some(Value::String(text)) => json!(text.trim().parse::<u64>().unwrap()),
            Some(other) => other.clone(),
            None => Value::Null,
        };
        map.insert(key.to_owned(), count);
    }
    for key in ["next_page_url", "prev_page_url"] {
        map.entry(key).or_insert(Value::Null);
    }
}

fn each_item(value: &mut Value, apply: fn(&mut Value)) {
    for item in value["data"].as_array_mut().unwrap() {
        apply(item);
    }
}

impl Norm {
    fn apply(self, expected: &mut Value) {
        match self {
            Norm::Exact => {}
            Norm::Booking => booking_times(&mut expected["data"]),
            Norm::Bookings => each_item(expected, booking_times),
            Norm::Resource | Norm::App => own_times(&mut expected["data"]),
            Norm::Apps => each_item(expected, own_times),
            Norm::BookingPage => {
                page_keys(expected);
                each_item(expected, booking_times);
            }
            Norm::AppPage => {
                page_keys(expected);
                each_item(expected, own_times);
            }
        }
    }
}

/// Decodes the fixture as `T`, writes it back, and compares with the fixture after the
/// documented normalisations; the written-back JSON must decode to the same value again.
fn round_trip<T>(name: &str, norm: Norm) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let input = fixture(name);
    let decoded: T = serde_json::from_value(input.clone())
        .unwrap_or_else(|err| panic!("{name} does not decode: {err}"));
    let written = serde_json::to_value(&decoded).unwrap();
    let mut expected = input;
    norm.apply(&mut expected);
    assert_eq!(
        written, expected,
        "{name}: written back differently from the captured answer"
    );
    let again: T = serde_json::from_value(written).unwrap();
    assert_eq!(
        again, decoded,
        "{name}: the written-back JSON decodes differently"
    );
    decoded
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Bookings.

/// booking.js `createBooking` mock (201 to `POST /bookings?include=attributes,event,user`);
/// the Ruby gem's `booking_create.json`/`booking_update.json` are the same answer.
#[test]
fn booking_js_create_booking() {
    let booking = round_trip::<Envelope<Booking>>("booking_js_create_booking.json", Norm::Booking)
        .into_data();
    assert_eq!(booking.graph, Graph::ConfirmDecline);
    assert_eq!(booking.state, BookingState::Tentative);
    assert!(!booking.completed);
    assert_eq!(
        booking.actions(),
        &[BookingAction::Decline, BookingAction::Confirm]
    );
    let created = booking.created_at.unwrap();
    assert_eq!(created.instant(), at("2016-02-11T10:58:45Z"));
    assert_eq!(created.offset(), jiff::tz::Offset::constant(1));
    let event = booking.event_info().unwrap();
    assert_eq!(event.start.unwrap().instant(), at("2015-03-01T08:00:00Z"));
    assert_eq!(
        event.location.as_deref(),
        Some("Sesame St, Middleburg, FL 32068, USA")
    );
    assert_eq!(booking.extra["calendar"]["foregroundcolor"], "#25d6be");
    // The calendar include is not typed: its `+0100` times are written back verbatim.
    assert_eq!(
        booking.extra["calendar"]["created_at"],
        "2016-02-15T13:21:42+0100"
    );
    let customer = &booking.customers.as_ref().unwrap()[0];
    assert_eq!(customer.voip.as_deref(), Some("McFly"));
    assert_eq!(customer.timezone.as_deref(), Some("America/Los_Angeles"));
}

/// booking.js `createBookingWithCustomIncludes` (`include=provider_event,…`).
#[test]
fn booking_js_create_booking_provider_event() {
    let booking = round_trip::<Envelope<Booking>>(
        "booking_js_create_booking_provider_event.json",
        Norm::Booking,
    )
    .into_data();
    assert_eq!(
        booking.extra["provider_event"]["id"],
        "35653134386234302d623230352d343166622d386132332d613034396339613534326630"
    );
}

/// booking.js 2016 mock: an instant booking created without `action` is `initialized`, with
/// the whole graph in `all_states`/`all_actions`, no timestamps and no `completed` (which
/// `Booking` requires: a finding).
#[test]
#[ignore = "FIDELITY: the 2016 booking answers have no `completed`; Booking requires it \
            (see SOURCES.md)"]
fn booking_js_2016_create_instant_booking_initialized() {
    let booking = round_trip::<Envelope<Booking>>(
        "booking_js_2016_create_instant_booking_initialized.json",
        Norm::Booking,
    )
    .into_data();
    assert_eq!(booking.graph, Graph::Instant);
    assert_eq!(booking.state, BookingState::Initialized);
    assert_eq!(booking.actions(), &[BookingAction::Confirm]);
    assert!(booking.created_at.is_none());
    assert_eq!(booking.extra["all_actions"][1], "save_customer_data");
}

/// booking.js 2016 mock: 200 to `PUT /bookings/{id}/confirm`; no `completed` either.
#[test]
#[ignore = "FIDELITY: the 2016 booking answers have no `completed`; Booking requires it \
            (see SOURCES.md)"]
fn booking_js_2016_confirm_instant_booking() {
    let booking = round_trip::<Envelope<Booking>>(
        "booking_js_2016_confirm_instant_booking.json",
        Norm::Booking,
    )
    .into_data();
    assert_eq!(booking.state, BookingState::Confirmed);
    assert!(booking.actions().is_empty());
}

/// booking.js `groupSlots` mock (`GET /bookings/groups`): `available_actions`, an embedded
/// `resource`, `attributes.group_booking`, and no paginator keys.
#[test]
fn booking_js_group_slots() {
    let slots = round_trip::<Envelope<Vec<Booking>>>("booking_js_group_slots.json", Norm::Bookings)
        .into_data();
    assert_eq!(slots.len(), 3);
    let first = &slots[0];
    assert_eq!(first.graph, Graph::GroupOwner);
    assert!(first.possible_actions.is_none());
    assert_eq!(
        first.actions(),
        &[BookingAction::Complete, BookingAction::Cancel]
    );
    let group = first.attributes.as_ref().unwrap().group_booking.as_ref();
    assert_eq!(group.unwrap()["max_seats"], 3);
    assert_eq!(first.extra["resource"]["name"], "Marty");
    assert_eq!(first.event_info().unwrap().extra["participants"], json!([]));
}

/// The same mock read the way `ListGroupBookings` reads it (issue 15): as `GroupBooking`s, the
/// embedded `resource` typed, seat counts readable, and written back like plain bookings.
#[test]
fn booking_js_group_slots_as_group_bookings() {
    let slots =
        round_trip::<Envelope<Vec<GroupBooking>>>("booking_js_group_slots.json", Norm::Bookings)
            .into_data();
    assert_eq!(slots.len(), 3);
    let first = &slots[0];
    assert_eq!(first.booking.graph, Graph::GroupOwner);
    let resource = first.resource.as_ref().unwrap();
    assert_eq!(resource.name.as_deref(), Some("Marty"));
    assert!(!first.booking.extra.contains_key("resource"));
    assert_eq!(
        (first.max_seats(), first.current_seats(), first.free_seats()),
        (Some(3), Some(0), Some(3))
    );
}

/// Ruby gem `booking_show.json`: a declined booking whose event times carry `+0100` too.
#[test]
fn timekit_rb_booking_show_declined() {
    let booking =
        round_trip::<Envelope<Booking>>("timekit_rb_booking_show_declined.json", Norm::Booking)
            .into_data();
    assert_eq!(booking.state, BookingState::Declined);
    assert!(booking.completed);
    let start = booking.event_info().unwrap().start.unwrap();
    assert_eq!(start.instant(), at("2015-01-01T08:00:00Z"));
    // The offset the server wrote is kept (written back as `+01:00`).
    assert_eq!(start.to_string(), "2015-01-01T09:00:00+01:00");
}

/// Ruby gem `booking_list.json` read as the list answer (`Page<Booking>`): no paginator keys
/// at all, and an `initialized` booking listing an action `reject` that no graph has.
#[test]
fn timekit_rb_booking_list() {
    let page = round_trip::<Page<Booking>>("timekit_rb_booking_list.json", Norm::BookingPage);
    assert_eq!(page.data.len(), 2);
    assert!(!page.has_next());
    assert_eq!(page.data[1].state, BookingState::Initialized);
    assert_eq!(
        page.data[1].actions(),
        &[
            BookingAction::Confirm,
            BookingAction::Other("reject".to_owned())
        ]
    );
}

/// developers.timekit.io "Pagination": `per_page` as a string, offsets `+0300`.
#[test]
fn docs_pagination_bookings_page() {
    let page = round_trip::<Page<Booking>>("docs_pagination_bookings_page.json", Norm::BookingPage);
    assert_eq!(
        (page.total, page.per_page, page.current_page, page.last_page),
        (Some(5), Some(3), Some(2), Some(2))
    );
    assert_eq!((page.from, page.to), (Some(4), Some(5)));
    assert!(!page.has_next());
    assert_eq!(page.data[0].state, BookingState::Initialized);
    let created = page.data[0].created_at.unwrap();
    assert_eq!(created.instant(), at("2016-09-15T08:23:09Z"));
    assert_eq!(created.offset(), jiff::tz::Offset::constant(3));
}

/// js-sdk `authentication.spec.js`: `getBookings` answered `{ "data": [] }`.
#[test]
fn js_sdk_bookings_empty_list() {
    let page = round_trip::<Page<Booking>>("js_sdk_bookings_empty_list.json", Norm::BookingPage);
    assert!(page.data.is_empty());
    assert!(!page.has_next());
}

// ---------------------------------------------------------------------------------------------
// Apps and resources.

/// js-sdk `configuration.spec.js` app mock: a 32-character id that is not a UUID,
/// `contact_*` at the top level of the app.
#[test]
fn js_sdk_app() {
    let app = round_trip::<Envelope<App>>("js_sdk_app.json", Norm::App).into_data();
    assert_eq!(app.id.as_str(), "k3FXhXOAvF0BcT2cpSbQUhp5kHZmHoEe");
    assert_eq!(app.name(), Some("TestApplication"));
    assert_eq!(app.extra["contact_name"], "John Doe");
}

/// js-sdk `configuration.spec.js`: a key next to `data` (kept in `Envelope::extra`).
#[test]
fn js_sdk_app_with_other_top_level_key() {
    let envelope =
        round_trip::<Envelope<App>>("js_sdk_app_with_other_top_level_key.json", Norm::App);
    assert_eq!(envelope.extra["other_meta_key"], "other_meta_value");
}

/// js-sdk 2015 `endpoints.deprecated.js`: `GET /apps`.
#[test]
fn js_sdk_apps_list() {
    let apps = round_trip::<Envelope<Vec<App>>>("js_sdk_apps_list.json", Norm::Apps).into_data();
    assert_eq!(apps[0].slug, "testapplication");
}

/// Ruby gem `app_create.json`.
#[test]
fn timekit_rb_app_create() {
    let app = round_trip::<Envelope<App>>("timekit_rb_app_create.json", Norm::App).into_data();
    assert_eq!(app.name(), Some("Test 121"));
    assert_eq!(
        app.settings.unwrap()["callback"],
        "http://myapp.io/#/googlecallback"
    );
}

/// Ruby gem `app_list.json` read as a list answer (no paginator keys).
#[test]
fn timekit_rb_app_list() {
    let page = round_trip::<Page<App>>("timekit_rb_app_list.json", Norm::AppPage);
    assert_eq!(page.data.len(), 2);
}

/// help.timekit.io "getting app token through the API": `GET /app?include=app_token`. The
/// stored page stops after `settings`, so this is the fragment before the `app_token` include.
#[test]
fn help_app_include_app_token_fragment() {
    let app = round_trip::<Envelope<App>>("help_app_include_app_token_fragment.json", Norm::App)
        .into_data();
    assert_eq!(app.slug, "back-to-the-future");
    assert_eq!(app.name(), Some("Back to the Future"));
}

/// help.timekit.io "creating resources via the API": the `POST /resources` answer with the
/// auto-created "Bookings" calendar (`provider_*`, colours `null`, `+0200` times).
#[test]
fn help_create_resource() {
    let resource =
        round_trip::<Envelope<Resource>>("help_create_resource.json", Norm::Resource).into_data();
    assert_eq!(resource.first_name.as_deref(), Some("Doc Brown"));
    assert_eq!(resource.last_name.as_deref(), Some(""));
    let calendar = &resource.calendars.as_ref().unwrap()[0];
    assert_eq!(calendar["provider"], "timekit");
    assert_eq!(calendar["provider_id"], Value::Null);
    assert_eq!(calendar["created_at"], "2017-12-19T09:37:36+0200");
}

/// js-sdk `authentication.spec.js`: the `/auth` answer, a 2015 "user" (what resources were
/// called then): `img`, `activated`, `api_token`, `last_sync: null`, a token-like id.
#[test]
fn js_sdk_auth_user() {
    let user =
        round_trip::<Envelope<Resource>>("js_sdk_auth_user.json", Norm::Resource).into_data();
    assert_eq!(user.name, "Dr. Emmett Brown");
    assert!(user.image.is_none());
    assert_eq!(user.extra["last_sync"], Value::Null);
}

/// Issue 16: the same answer as the output of `POST /auth` (`AuthUser`), token readable.
#[test]
fn js_sdk_auth_user_as_auth_user() {
    let user = round_trip::<Envelope<AuthUser>>("js_sdk_auth_user.json", Norm::Exact).into_data();
    assert_eq!(user.email, "doc.brown@timekit.io");
    assert_eq!(
        user.token(),
        Some("nvHfRSlhvsnlg4rS7Wt28Ty47qdgegwSu3YK7hPW")
    );
    assert_eq!(
        user.extra["img"]
            .as_str()
            .map(|url| url.starts_with("http")),
        Some(true)
    );
}

/// Issue 16: the calendars embedded in captured resource answers decode as `Calendar` (the
/// help page's auto-created "Bookings" calendar and the docs' include example).
#[test]
fn captured_calendars_decode_as_calendars() {
    let created = fixture("help_create_resource.json");
    let calendars: Vec<Calendar> =
        serde_json::from_value(created["data"]["calendars"].clone()).unwrap();
    assert_eq!(calendars[0].provider.as_deref(), Some("timekit"));
    assert_eq!(calendars[0].provider_sync, Some(false));
    assert_eq!(
        calendars[0].created_at.unwrap().instant(),
        at("2017-12-19T07:37:36Z")
    );
    let included = fixture("docs_dynamic_includes_resource_calendars.json");
    let calendars: Vec<Calendar> =
        serde_json::from_value(included["data"]["calendars"].clone()).unwrap();
    assert_eq!(calendars[0].system, Some(false));
}

/// developers.timekit.io "Dynamic includes": `GET /resources/{id}?include=calendars`. The
/// documented answer has no `id` (only the legacy `token`), and `Resource.id` is required.
#[test]
#[ignore = "FIDELITY: the docs' GET /resources/{id}?include=calendars answer has no `id`; \
            Resource requires one (see SOURCES.md)"]
fn docs_dynamic_includes_resource_calendars() {
    let resource = round_trip::<Envelope<Resource>>(
        "docs_dynamic_includes_resource_calendars.json",
        Norm::Resource,
    )
    .into_data();
    assert_eq!(resource.extra["token"], "UZpl3v3PTP1PRwqIrU0DSVpbJkNKl5gN");
}

// ---------------------------------------------------------------------------------------------
// Availability.

/// booking.js `findTimeWithNoTimeslots`.
#[test]
fn booking_js_availability_empty() {
    let slots =
        round_trip::<Envelope<Vec<Slot>>>("booking_js_availability_empty.json", Norm::Exact)
            .into_data();
    assert!(slots.is_empty());
}

/// booking.js `findTime` (the `/availability` mock at HEAD): `resources` as bare id strings.
#[test]
#[ignore = "FIDELITY: booking.js's /availability mock lists `resources` as id strings; \
            SlotResource needs an object (see SOURCES.md)"]
fn booking_js_availability_slots_resource_ids() {
    let slots = round_trip::<Envelope<Vec<Slot>>>(
        "booking_js_availability_slots_resource_ids.json",
        Norm::Exact,
    )
    .into_data();
    assert_eq!(
        slots[0].resources[0].id,
        "bfa0b9fa-36aa-4ae6-8096-f3b20fbed1d2"
    );
}

/// booking.js `findTimeTeam`: the same with two resource ids per slot.
#[test]
#[ignore = "FIDELITY: booking.js's team /availability mock lists `resources` as id strings; \
            SlotResource needs an object (see SOURCES.md)"]
fn booking_js_team_availability_slots_resource_ids() {
    let slots = round_trip::<Envelope<Vec<Slot>>>(
        "booking_js_team_availability_slots_resource_ids.json",
        Norm::Exact,
    )
    .into_data();
    assert_eq!(slots[0].resources.len(), 2);
}

/// The legacy `/findtime` answers (booking.js 2015, js-sdk 2015 = Ruby gem
/// `findtime_list.json`) decode as slots: no `resources`, and the js-sdk one has times without
/// `T` or offset, which `Slot` keeps as text (`start_timestamp()` is `None`).
#[test]
fn legacy_findtime_answers_decode_as_slots() {
    let slots: Envelope<Vec<Slot>> =
        serde_json::from_value(fixture("booking_js_2015_findtime_slots.json")).unwrap();
    assert!(slots.data.iter().all(|slot| slot.resources.is_empty()));
    assert_eq!(
        slots.data[0].start_timestamp(),
        Some(at("2015-11-25T20:00:00Z"))
    );
    let naive: Envelope<Vec<Slot>> =
        serde_json::from_value(fixture("js_sdk_findtime_naive_times.json")).unwrap();
    assert_eq!(naive.data[0].start, "2015-03-24 15:00:00");
    assert!(naive.data[0].start_timestamp().is_none());
}

/// Written back, a slot that had no `resources` key gains `"resources": []`: a normalisation
/// `docs/api-decisions.md` does not document (its rule is that absent stays absent).
#[test]
#[ignore = "FINDING: Slot writes an absent `resources` back as `[]`, a normalisation not \
            documented in docs/api-decisions.md"]
fn legacy_findtime_answers_round_trip() {
    round_trip::<Envelope<Vec<Slot>>>("booking_js_2015_findtime_slots.json", Norm::Exact);
    round_trip::<Envelope<Vec<Slot>>>("js_sdk_findtime_naive_times.json", Norm::Exact);
}

/// Issue 16: the legacy `/findtime` answers read as `FindTimeSlot` (the output of the
/// `FindTime` operation), which keeps `{start, end}` as text and adds nothing, so they come
/// back exactly.
#[test]
fn legacy_findtime_answers_round_trip_as_findtime_slots() {
    let slots = round_trip::<Envelope<Vec<FindTimeSlot>>>(
        "booking_js_2015_findtime_slots.json",
        Norm::Exact,
    )
    .into_data();
    assert_eq!(slots[0].start_timestamp(), Some(at("2015-11-25T20:00:00Z")));
    let naive =
        round_trip::<Envelope<Vec<FindTimeSlot>>>("js_sdk_findtime_naive_times.json", Norm::Exact)
            .into_data();
    assert!(naive[0].start_timestamp().is_none());
}

// ---------------------------------------------------------------------------------------------
// Error bodies.

/// What a reader of the body would write for it: the canonical shape of each variant.
fn canonical(body: &ErrorBody) -> Value {
    let mut out = serde_json::Map::new();
    match body {
        ErrorBody::Validation { errors, action } => {
            out.insert("errors".to_owned(), json!(errors));
            if let Some(action) = action {
                out.insert("action".to_owned(), json!(action));
            }
        }
        ErrorBody::Message {
            error,
            model,
            action,
        } => {
            out.insert("error".to_owned(), json!(error));
            if let Some(model) = model {
                out.insert("model".to_owned(), json!(model));
            }
            if let Some(action) = action {
                out.insert("action".to_owned(), json!(action));
            }
        }
        other => panic!("not a Timekit error shape: {other:?}"),
    }
    Value::Object(out)
}

/// Parses the fixture as an error body; when `canonical_shape`, the classification must hold
/// every part of the body (nothing dropped, nothing added).
fn error_body(name: &str, canonical_shape: bool) -> ErrorBody {
    let body = ErrorBody::parse(&raw(name));
    if canonical_shape {
        assert_eq!(
            canonical(&body),
            fixture(name),
            "{name}: part of the body is lost"
        );
    }
    body
}

/// booking.js `createBookingWithError`: 422 naming the graph step in `action`.
#[test]
fn booking_js_create_booking_422_save_booking_data() {
    let body = error_body("booking_js_create_booking_422_save_booking_data.json", true);
    let ErrorBody::Validation { errors, action } = &body else {
        panic!("{body:?}")
    };
    assert_eq!(errors["event"], ["calendar id must be a valid UUID"]);
    assert_eq!(action.as_deref(), Some("save_booking_data"));
}

/// booking.js `findTimeWithError`: 422 on an old availability parameter name.
#[test]
fn booking_js_availability_422_future() {
    let body = error_body("booking_js_availability_422_future.json", true);
    assert_eq!(
        body.message(),
        Some("future in not a valid timestamp or relative time")
    );
    assert_eq!(
        body.validation_errors().unwrap().keys().collect::<Vec<_>>(),
        ["future"]
    );
}

/// booking.js `getNonExistingEmbedWidget`: 404 with `model`.
#[test]
fn booking_js_embed_widget_404() {
    let body = error_body("booking_js_embed_widget_404.json", true);
    assert_eq!(
        body,
        ErrorBody::Message {
            error: "Resource does not exist".to_owned(),
            model: Some("Widget".to_owned()),
            action: None,
        }
    );
}

/// js-sdk issue 66: the real 422 to `PUT /bookings/{id}/confirm`.
#[test]
fn js_sdk_issue_66_confirm_422_invalid_url() {
    let body = error_body("js_sdk_issue_66_confirm_422_invalid_url.json", true);
    assert_eq!(body.message(), Some("Index 1: url: Invalid URL format, "));
}

/// booking.js issue 81 and js-sdk issue 24: the real "Cannot apply action" bodies.
#[test]
fn issue_threads_cannot_apply_action() {
    for name in [
        "booking_js_issue_81_cannot_apply_action.json",
        "js_sdk_issue_24_cannot_apply_action.json",
    ] {
        let body = error_body(name, true);
        assert_eq!(
            body.message(),
            Some("Cannot apply action 'confirm' to current state 'initialized'"),
            "{name}"
        );
    }
}

/// js-sdk `authentication.spec.js`: 401 with `error` as an object. `ErrorBody` reads the
/// message; the object form is not kept (the client keeps the raw body alongside).
#[test]
fn js_sdk_auth_401_error_object() {
    let body = error_body("js_sdk_auth_401_error_object.json", false);
    assert_eq!(
        body,
        ErrorBody::Message {
            error: "Email and password does not match any user".to_owned(),
            model: None,
            action: None,
        }
    );
}

/// booking.js 2015 `createEvent` mock: a 201 whose body is `{"meta": {"message": …}}` with no
/// `data` (the shape timekit-api.md §10 says decoders must accept). Not an `Envelope`;
/// `ErrorBody` reads the message.
#[test]
fn booking_js_2015_create_event_meta_message() {
    let name = "booking_js_2015_create_event_meta_message.json";
    assert!(serde_json::from_value::<Envelope<Value>>(fixture(name)).is_err());
    assert_eq!(error_body(name, false).message(), Some("Event created"));
}

// ---------------------------------------------------------------------------------------------
// Timestamps (issue 14 item 1, client half).

/// Every `created_at`/`updated_at`/`start`/`end`/`expires…` string in the corpus, with its
/// JSON pointer.
fn corpus_times() -> Vec<(String, String)> {
    fn walk(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let here = format!("{pointer}/{key}");
                    let timed =
                        matches!(key.as_str(), "created_at" | "updated_at" | "start" | "end");
                    match item {
                        Value::String(text) if timed => out.push((here, text.clone())),
                        _ => walk(item, here, out),
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, format!("{pointer}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut names: Vec<_> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        walk(&fixture(&name), name, &mut out);
    }
    out
}

/// jiff's own parse of the same text with the offset given a colon: an independent reading.
fn reference_instant(text: &str) -> jiff::Timestamp {
    let mut value = Value::String(text.to_owned());
    colon_offset(&mut value);
    value.as_str().unwrap().parse().unwrap()
}

/// The PHP `Y-m-d\TH:i:sO` rendering (Timekit's own format) of a parsed timestamp.
fn php_format(timestamp: Timestamp) -> String {
    timestamp
        .instant()
        .to_zoned(jiff::tz::TimeZone::fixed(timestamp.offset()))
        .strftime("%Y-%m-%dT%H:%M:%S%z")
        .to_string()
}

#[test]
fn timestamp_reads_both_offset_forms() {
    let colon = Timestamp::parse("2016-02-11T11:58:45+01:00").unwrap();
    let basic = Timestamp::parse("2016-02-11T11:58:45+0100").unwrap();
    assert_eq!(colon, basic);
    assert_eq!(basic.instant(), at("2016-02-11T10:58:45Z"));
    assert_eq!(php_format(basic), "2016-02-11T11:58:45+0100");
    let west = Timestamp::parse("2015-11-25T12:00:00-0800").unwrap();
    assert_eq!(west, Timestamp::parse("2015-11-25T12:00:00-08:00").unwrap());
    assert_eq!(west.instant(), at("2015-11-25T20:00:00Z"));
}

/// Every server-made time in the captured answers parses to the instant it names and keeps
/// its offset: re-rendered in Timekit's PHP format it gives back the text the server wrote.
/// The only strings refused are the 2015 `/findtime` times without `T` or offset.
#[test]
fn timestamp_parses_every_time_in_the_corpus() {
    let mut parsed = 0;
    for (pointer, text) in corpus_times() {
        if text.len() == 19 && text.as_bytes()[10] == b' ' {
            assert!(
                pointer.starts_with("js_sdk_findtime_naive_times.json/"),
                "{pointer}: {text}"
            );
            assert!(Timestamp::parse(&text).is_err(), "{pointer}: {text}");
            continue;
        }
        let timestamp = Timestamp::parse(&text).unwrap_or_else(|err| panic!("{pointer}: {err}"));
        assert_eq!(timestamp.instant(), reference_instant(&text), "{pointer}");
        let colonless = php_format(timestamp);
        let mut colon = Value::String(colonless.clone());
        colon_offset(&mut colon);
        assert!(
            text == colonless || text == colon.as_str().unwrap(),
            "{pointer}: {text} came back as {colonless}"
        );
        parsed += 1;
    }
    // Guards the walk itself: the corpus holds well over a hundred times (most in the 2015
    // findtime answer), so a walk that finds few has stopped looking.
    assert!(parsed > 100, "only {parsed} timestamps found");
}

/// The colon-less server-made times, one per source, spelled out.
#[test]
fn timestamp_parses_the_captured_colonless_times() {
    for (text, utc) in [
        ("2016-02-11T11:58:45+0100", "2016-02-11T10:58:45Z"), // booking.js mock, Ruby gem
        ("2016-02-15T13:21:42+0100", "2016-02-15T12:21:42Z"), // calendar include
        ("2017-02-16T12:40:25+0100", "2017-02-16T11:40:25Z"), // booking.js group slots
        ("2016-09-15T11:23:09+0300", "2016-09-15T08:23:09Z"), // docs: pagination
        ("2017-12-19T09:37:36+0200", "2017-12-19T07:37:36Z"), // help: creating resources
        ("2016-06-02T23:00:03+0200", "2016-06-02T21:00:03Z"), // Ruby gem calendars
        ("2015-01-01T09:00:00+0100", "2015-01-01T08:00:00Z"), // Ruby gem event_info.start
    ] {
        let timestamp = Timestamp::parse(text).unwrap();
        assert_eq!(timestamp.instant(), at(utc), "{text}");
        assert_eq!(php_format(timestamp), text);
    }
}

/// Every fixture in the directory is listed in SOURCES.md and exercised by a test here.
#[test]
fn every_fixture_has_a_source_and_a_test() {
    let sources = std::fs::read_to_string(corpus_dir().join("SOURCES.md")).unwrap();
    let tests =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance.rs"))
            .unwrap();
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            assert!(
                sources.contains(&format!("`{name}`")),
                "{name} missing from SOURCES.md"
            );
            assert!(
                tests.contains(&format!("\"{name}\"")),
                "{name} not used by a test"
            );
        }
    }
}
