//! `/calendars` and `/events` over HTTP (issue 16): CRUD, statuses, and events as busy time
//! of their calendar's resource through the one blocking rule (availability, its variants
//! and the double-booking check all see them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Api, booking_at, start};
use serde_json::{Value, json};

/// Availability of `resource` for 10:00–11:00 on 2030-01-02: how many one-hour slots.
async fn free_slots(api: &Api, resource: &str) -> usize {
    let query = json!({"mode": "mutual", "resources": [resource],
        "from": "2030-01-02T10:00:00Z", "to": "2030-01-02T11:00:00Z", "length": "1 hour"});
    let slots = api.post("/availability", query).await.expect(200).data();
    slots.as_array().unwrap().len()
}

fn event_body(calendar: &str, start_hour: u32, end_hour: u32) -> Value {
    json!({
        "calendar_id": calendar,
        "start": format!("2030-01-02T{start_hour:02}:00:00+00:00"),
        "end": format!("2030-01-02T{end_hour:02}:00:00+00:00"),
        "what": "Dentist",
        "where": "Downtown",
    })
}

async fn calendar_of(api: &Api, resource: &str) -> String {
    let body = json!({"name": "Private", "resource_id": resource, "description": "mine"});
    let calendar = api.post("/calendars", body).await.expect(201).data();
    assert_eq!(calendar["resource_id"], resource);
    assert_eq!(calendar["system"], false);
    calendar["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_event_blocks_availability_and_deleting_it_frees_the_slot() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let calendar = calendar_of(&api, &room).await;
    assert_eq!(free_slots(&api, &room).await, 1);
    let event = api
        .post("/events", event_body(&calendar, 10, 11))
        .await
        .expect(201)
        .data();
    assert_eq!(event["calendar_id"], calendar.as_str());
    assert_eq!(event["where"], "Downtown");
    assert_eq!(event["start"], "2030-01-02T10:00:00+00:00");
    assert_eq!(free_slots(&api, &room).await, 0, "the event is busy time");
    let id = event["id"].as_str().unwrap();
    api.delete(&format!("/events/{id}")).await.expect(204);
    assert_eq!(free_slots(&api, &room).await, 1, "deleted: free again");
    api.get(&format!("/events/{id}")).await.expect(404);
}

#[tokio::test]
async fn an_event_in_the_resources_own_calendar_blocks_bookings_too() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let own = api
        .get(&format!("/resources/{room}?include=calendars"))
        .await
        .expect(200)
        .data()["calendars"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = api
        .post("/events", event_body(&own, 10, 11))
        .await
        .expect(201)
        .data();
    // The double-booking check reads the same rule: the slot is taken.
    let refused = api
        .post("/bookings", booking_at(&room, "instant", 10))
        .await
        .expect(422)
        .json();
    assert_eq!(
        refused["errors"]["start"][0],
        "The resource is already booked in this time slot."
    );
    // Back to back is free, and a tentative request does not claim the slot.
    api.booking(booking_at(&room, "instant", 11)).await;
    // Moving the event frees 10:00.
    let id = event["id"].as_str().unwrap();
    api.put(
        &format!("/events/{id}"),
        json!({"start": "2030-01-02T14:00:00+00:00", "end": "2030-01-02T15:00:00+00:00"}),
    )
    .await
    .expect(204);
    assert_eq!(free_slots(&api, &room).await, 1);
    api.booking(booking_at(&room, "instant", 10)).await;
    let moved = api.get(&format!("/events/{id}")).await.expect(200).data();
    assert_eq!(moved["start"], "2030-01-02T14:00:00+00:00");
}

#[tokio::test]
async fn all_day_events_are_skipped_when_asked_and_variants_see_events() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let calendar = calendar_of(&api, &room).await;
    let mut body = event_body(&calendar, 0, 23);
    body["all_day"] = json!(true);
    api.post("/events", body).await.expect(201);
    assert_eq!(free_slots(&api, &room).await, 0);
    let query = json!({"mode": "mutual", "resources": [room], "ignore_all_day_events": true,
        "from": "2030-01-02T10:00:00Z", "to": "2030-01-02T11:00:00Z", "length": "1 hour"});
    let slots = api.post("/availability", query).await.expect(200).data();
    assert_eq!(slots.as_array().unwrap().len(), 1);
    let count = json!({"resources": [room],
        "from": "2030-01-02T10:00:00Z", "to": "2030-01-02T11:00:00Z", "length": "1 hour"});
    let total = api
        .post("/availability/count", count)
        .await
        .expect(200)
        .data();
    assert_eq!(total["total"], 0);
}

#[tokio::test]
async fn calendars_list_get_update_and_delete() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let calendar = calendar_of(&api, &room).await;
    let event = api
        .post("/events", event_body(&calendar, 9, 10))
        .await
        .expect(201)
        .data();
    let all = api.get("/calendars").await.expect(200).json();
    let list = all["data"].as_array().unwrap();
    assert_eq!(list.len(), 2, "the resource's own calendar and the new one");
    assert_eq!(list[0]["system"], true);
    assert_eq!(list[0]["name"], "Bookings");
    assert_eq!(list[1]["id"], calendar.as_str());
    assert!(list[1].get("events").is_none());
    let with_events = api
        .get("/calendars?include=events")
        .await
        .expect(200)
        .data();
    assert_eq!(with_events[1]["events"][0]["id"], event["id"]);
    assert_eq!(with_events[0]["events"], json!([]));
    let one = api
        .get(&format!("/calendars/{calendar}?include=events"))
        .await
        .expect(200)
        .data();
    assert_eq!(one["events"].as_array().unwrap().len(), 1);
    api.put(
        &format!("/calendars/{calendar}"),
        json!({"name": "Renamed", "backgroundcolor": "#fff"}),
    )
    .await
    .expect(204);
    let renamed = api
        .get(&format!("/calendars/{calendar}"))
        .await
        .expect(200)
        .data();
    assert_eq!(renamed["name"], "Renamed");
    assert_eq!(renamed["backgroundcolor"], "#fff");
    assert_eq!(renamed["description"], "mine");
    // The resource's own calendar is read-only here.
    let own = list[0]["id"].as_str().unwrap();
    api.put(&format!("/calendars/{own}"), json!({"name": "x"}))
        .await
        .expect(403);
    api.delete(&format!("/calendars/{own}")).await.expect(403);
    // Deleting a calendar deletes its events (and frees their time).
    api.delete(&format!("/calendars/{calendar}"))
        .await
        .expect(204);
    let id = event["id"].as_str().unwrap();
    api.get(&format!("/events/{id}")).await.expect(404);
    let gone = api
        .get(&format!("/calendars/{calendar}"))
        .await
        .expect(404)
        .json();
    assert_eq!(gone["model"], "Calendar");
    api.delete(&format!("/calendars/{calendar}"))
        .await
        .expect(404);
    // `POST /calendars/` (the SDK's trailing slash) is the same route.
    let body = json!({"name": "Slash", "resource_id": room});
    api.post("/calendars/", body).await.expect(201);
}

#[tokio::test]
async fn calendar_and_event_validation() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let missing = api.post("/calendars", json!({})).await.expect(422).json();
    assert!(missing["errors"]["name"].is_array());
    assert!(missing["errors"]["resource_id"].is_array(), "{missing}");
    let unknown = json!({"name": "x", "resource_id": "00000000-0000-4000-8000-000000000000"});
    assert_eq!(
        api.post("/calendars", unknown).await.expect(404).json()["model"],
        "Resource"
    );
    let calendar = calendar_of(&api, &room).await;
    let bad = api
        .post("/events", json!({"calendar_id": calendar}))
        .await
        .expect(422)
        .json();
    for field in ["start", "end", "what", "where"] {
        assert!(bad["errors"][field].is_array(), "{field}: {bad}");
    }
    let reversed = api
        .post("/events", event_body(&calendar, 11, 10))
        .await
        .expect(422)
        .json();
    assert!(reversed["errors"]["end"].is_array());
    let mut no_offset = event_body(&calendar, 9, 10);
    no_offset["start"] = json!("2030-01-02 09:00:00");
    api.post("/events", no_offset).await.expect(422);
    let nowhere = event_body("00000000-0000-4000-8000-000000000000", 9, 10);
    assert_eq!(
        api.post("/events", nowhere).await.expect(404).json()["model"],
        "Calendar"
    );
    api.put("/events/nope", json!({"what": "x"}))
        .await
        .expect(404);
    api.put("/calendars/nope", json!({"name": 3}))
        .await
        .expect(422);
}

#[tokio::test]
async fn events_list_needs_a_window_and_filters_by_calendar_and_resource() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let desk = api.resource("Desk").await;
    let room_calendar = calendar_of(&api, &room).await;
    let desk_calendar = calendar_of(&api, &desk).await;
    let late = api
        .post("/events", event_body(&room_calendar, 15, 16))
        .await
        .expect(201)
        .data();
    let early = api
        .post("/events", event_body(&room_calendar, 8, 9))
        .await
        .expect(201)
        .data();
    api.post("/events", event_body(&desk_calendar, 8, 9))
        .await
        .expect(201);
    let missing = api.get("/events").await.expect(422).json();
    assert!(missing["errors"]["start"].is_array());
    assert!(missing["errors"]["end"].is_array());
    let window = "start=2030-01-02T00:00:00%2B00:00&end=2030-01-03T00:00:00%2B00:00";
    let all = api
        .get(&format!("/events?{window}"))
        .await
        .expect(200)
        .json();
    assert_eq!(all["data"].as_array().unwrap().len(), 3);
    assert!(all.get("total").is_none(), "not paginated");
    let mine = api
        .get(&format!(
            "/events?{window}&search=calendar.id:{room_calendar}"
        ))
        .await
        .expect(200)
        .data();
    let ids: Vec<&Value> = mine.as_array().unwrap().iter().map(|e| &e["id"]).collect();
    assert_eq!(ids, [&early["id"], &late["id"]], "oldest start first");
    let desk_only = api
        .get(&format!("/events?{window}&search=resource.id:{desk}"))
        .await
        .expect(200)
        .data();
    assert_eq!(desk_only.as_array().unwrap().len(), 1);
    let morning = api
        .get("/events?start=2030-01-02T00:00:00Z&end=2030-01-02T10:00:00Z")
        .await
        .expect(200)
        .data();
    assert_eq!(morning.as_array().unwrap().len(), 2);
    api.get(&format!("/events?{window}&search=what:x"))
        .await
        .expect(422);
}
