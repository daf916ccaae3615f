//! `--state` (issue 18): the store in a SQLite file survives a restart with every read
//! answering as before, a reset empties it, one file serves one emulator, and files of
//! another format or application are refused untouched. (A killed process, a torn log and a
//! save that fails are tested on the binary: `binary.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{Api, NOW, booking_at, ts};
use http::Method;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, EmulatorBuilder, EmulatorClock, EmulatorHandle, served_routes};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("timekit-state-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn builder(state: &Path) -> EmulatorBuilder {
    Emulator::builder()
        .api_key("test_api_key_state")
        .widget_key("test_widget_key_state")
        .webhook_secret("whsec_state")
        .clock(EmulatorClock::fixed(ts(NOW)))
        .state(state)
}

async fn start(state: &Path) -> (EmulatorHandle, Api) {
    let handle = builder(state).start().await.unwrap();
    let api = Api::new(&handle);
    (handle, api)
}

#[track_caller]
fn made(answer: common::Answer) -> Value {
    assert!(
        answer.status.is_success(),
        "{}: {}",
        answer.status,
        String::from_utf8_lossy(&answer.body)
    );
    if answer.body.is_empty() {
        return Value::Null;
    }
    answer.data()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// Something of every kind the store keeps, changed after creation where the API allows.
async fn fill(api: &Api) -> Vec<String> {
    let room = api.resource("Room").await;
    let teacher = made(
        api.post(
            "/resources",
            json!({"name": "Teacher", "timezone": "Europe/Berlin", "email": "t@example.com",
                   "password": "secret", "meta": {"floor": 2}}),
        )
        .await,
    );
    let teacher = id(&teacher);
    made(
        api.put(
            &format!("/resources/{room}"),
            json!({"name": "Room 1", "tags": ["a"]}),
        )
        .await,
    );

    let mut bookings = Vec::new();
    let instant = api.booking(booking_at(&room, "instant", 10)).await;
    bookings.push(id(&instant));
    let tentative = api.booking(booking_at(&room, "confirm_decline", 12)).await;
    api.action(&id(&tentative), "confirm").await.expect(200);
    made(
        api.put(
            &format!("/bookings/{}", id(&tentative)),
            json!({"meta": {"note": "ok"}}),
        )
        .await,
    );
    bookings.push(id(&tentative));
    let mut with_offset = booking_at(&room, "instant", 14);
    with_offset["start"] = json!("2030-01-02T15:00:00+0100");
    with_offset["end"] = json!("2030-01-02T16:00:00+0100");
    bookings.push(id(&api.booking(with_offset).await));
    let mut class = booking_at(&teacher, "group_owner", 9);
    class.as_object_mut().unwrap().remove("customer");
    class["settings"] = json!({"max_seats": 3});
    let class = api.booking(class).await;
    bookings.push(id(&class));
    let seat = api
        .booking(
            json!({"graph": "group_customer", "related": {"owner_booking_id": id(&class)},
                        "customer": {"name": "Jane Roe", "email": "jane@example.com", "id": 7}}),
        )
        .await;
    bookings.push(id(&seat));
    let bulk = made(
        api.post(
            "/bookings/bulk",
            json!({"bookings": [booking_at(&teacher, "instant", 15), booking_at(&teacher, "instant", 16)],
                   "relate_bookings": true}),
        )
        .await,
    );
    for item in bulk.as_array().unwrap() {
        if let Some(booking) = item.get("id").and_then(Value::as_str) {
            bookings.push(booking.to_owned());
        }
    }
    let reserved = made(
        api.post(
            "/bookings/reserve",
            json!({"resource_id": room, "start": "2030-01-03T10:00:00+00:00",
                   "end": "2030-01-03T10:30:00+00:00", "what": "Hold", "where": "Here",
                   "description": "", "customer": {"name": "A", "email": "a@example.com"},
                   "reservation_time": 300}),
        )
        .await,
    );
    bookings.push(id(&reserved));

    let calendar = made(
        api.post(
            "/calendars",
            json!({"name": "Private", "resource_id": room, "description": "mine"}),
        )
        .await,
    );
    made(
        api.post(
            "/events",
            json!({"calendar_id": id(&calendar), "start": "2030-01-04T10:00:00+00:00",
                   "end": "2030-01-04T11:00:00+00:00", "what": "Dentist", "where": "Downtown"}),
        )
        .await,
    );
    let project = made(
        api.post("/projects", json!({"name": "Yoga", "slug": "yoga"}))
            .await,
    );
    made(
        api.post(
            &format!("/projects/{}/resources", id(&project)),
            json!({"resource_id": teacher}),
        )
        .await,
    );
    let location = made(
        api.post("/locations", json!({"name": "Toronto", "latitude": 43.6}))
            .await,
    );
    made(
        api.post(
            "/location/services",
            json!({"name": "Cut", "locations": [id(&location)]}),
        )
        .await,
    );
    made(
        api.post(
            "/credentials",
            json!({"type": "client-token", "resource_id": teacher}),
        )
        .await,
    );
    made(api.post("/apps", json!({"name": "my shop"})).await);
    made(
        api.post(
            "/webhooks",
            json!({"url": "http://127.0.0.1:9/hook", "graph": "instant", "state": "confirmed"}),
        )
        .await,
    );
    bookings
}

/// Every read the API answers without ids, plus each booking in full: what must not change.
async fn reads(api: &Api, bookings: &[String]) -> Vec<(String, u16, String)> {
    let mut paths: Vec<String> = served_routes()
        .into_iter()
        .filter(|route| route.method == Method::GET && route.requires_auth)
        .filter(|route| !route.template.contains('{') && !route.template.starts_with("/__"))
        .map(|route| route.template.to_owned())
        .collect();
    paths.push("/bookings?include=attributes,logs,customers,bulked_bookings".to_owned());
    paths.extend(
        bookings
            .iter()
            .map(|id| format!("/bookings/{id}?include=attributes,logs,customers,bulked_bookings")),
    );
    answers(api, paths).await
}

/// `(path, status, body)` of a GET of each path.
async fn answers(api: &Api, paths: Vec<String>) -> Vec<(String, u16, String)> {
    let mut answers = Vec::new();
    for path in paths {
        let answer = api.get(&path).await;
        answers.push((
            path,
            answer.status.as_u16(),
            String::from_utf8_lossy(&answer.body).into_owned(),
        ));
    }
    answers
}

#[tokio::test]
async fn a_restarted_emulator_answers_every_read_as_before() {
    let dir = temp_dir("restart");
    let file = dir.join("emulator.db");
    let (handle, api) = start(&file).await;
    let bookings = fill(&api).await;
    let before = reads(&api, &bookings).await;
    assert!(before.len() > 20, "{before:?}");
    handle.shutdown().await;

    let (handle, api) = start(&file).await;
    let recovery = handle.state_recovery().unwrap();
    assert!(!recovery.unclean, "a clean stop leaves no log behind");
    assert!(recovery.writes >= 20, "{recovery:?}");
    let after = reads(&api, &bookings).await;
    for (before, after) in before.iter().zip(&after) {
        assert_eq!(before, after);
    }
    // Writing goes on after the restart: a new resource, listed with the old ones.
    let third = api.resource("Third").await;
    let resources = api.get("/resources").await.expect(200).data();
    assert_eq!(resources.as_array().unwrap().len(), 3);
    assert!(resources.to_string().contains(&third));
    handle.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_reset_empties_the_file() {
    let dir = temp_dir("reset");
    let file = dir.join("emulator.db");
    let (handle, api) = start(&file).await;
    api.resource("Room").await;
    control(&handle)
        .send(Method::POST, "/__emulator/reset", None, None)
        .await
        .expect(204);
    handle.shutdown().await;

    let (handle, api) = start(&file).await;
    assert_eq!(api.get("/resources").await.expect(200).data(), json!([]));
    assert!(api.get("/app").await.expect(200).data()["slug"].is_string());
    handle.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// The control API, outside `/v2` (on loopback it needs no token by default).
fn control(handle: &EmulatorHandle) -> Api {
    Api::for_url(&format!("http://{}", handle.addr()), "unused")
}

#[tokio::test]
async fn a_second_emulator_on_the_same_file_is_refused() {
    let dir = temp_dir("in-use");
    let file = dir.join("emulator.db");
    let (handle, api) = start(&file).await;
    api.resource("Mine").await;
    let error = builder(&file).start().await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(
        error.to_string().contains("in use by another process"),
        "{error}"
    );
    // The first one is unharmed, and once it stops the file opens again.
    api.resource("Still mine").await;
    handle.shutdown().await;
    let (handle, api) = start(&file).await;
    assert_eq!(
        api.get("/resources")
            .await
            .expect(200)
            .data()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    handle.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_file_written_in_format_1_still_reads_the_same() {
    // Pinned: a change to a stored type that old files no longer read (or read differently)
    // fails here, and must bump FORMAT_VERSION with a reader for format 1.
    let dir = temp_dir("format-1");
    let file = dir.join("emulator.db");
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute_batch(include_str!("fixtures/state_format_1.sql"))
        .unwrap();
    let expected: Vec<(String, u16, String)> =
        serde_json::from_str(include_str!("fixtures/state_format_1.reads.json")).unwrap();
    assert!(expected.len() > 20);
    let (handle, api) = start(&file).await;
    let paths = expected.iter().map(|(path, _, _)| path.clone()).collect();
    for (read, expected) in answers(&api, paths).await.iter().zip(&expected) {
        assert_eq!(read, expected);
    }
    handle.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn files_of_another_format_or_application_are_refused_untouched() {
    let dir = temp_dir("format");
    let newer = dir.join("newer.db");
    start(&newer).await.0.shutdown().await;
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let error = builder(&newer).start().await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains("newer emulator"), "{error}");

    let other = dir.join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let error = builder(&other).start().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("not a timekit-emulator state file"),
        "{error}"
    );
    assert_eq!(std::fs::read(&other).unwrap(), before, "left as it was");

    let garbage = dir.join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    let error = builder(&garbage).start().await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert_eq!(std::fs::read(&garbage).unwrap(), vec![0x5a; 8192]);
    let _ = std::fs::remove_dir_all(dir);
}
