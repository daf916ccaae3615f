//! `/findtime`, `/findtime/bulk` and `/findtime/team` over HTTP (issue 16): the legacy front
//! of the availability engine, mapped as timekit-api-more.md §5.10 describes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Api, booking_at, start};
use serde_json::{Value, json};

async fn resource_with_email(api: &Api, name: &str, email: &str) -> String {
    let body = json!({"name": name, "email": email, "timezone": "UTC"});
    let answer = api.post("/resources", body).await.expect(201);
    answer.data()["id"].as_str().unwrap().to_owned()
}

fn starts(slots: &Value) -> Vec<&str> {
    slots
        .as_array()
        .unwrap()
        .iter()
        .map(|slot| slot["start"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn findtime_is_mutual_availability_with_start_future_and_length() {
    let (_handle, api) = start().await;
    let room = resource_with_email(&api, "Room", "room@example.com").await;
    let desk = resource_with_email(&api, "Desk", "desk@example.com").await;
    api.booking(booking_at(&room, "instant", 10)).await;
    api.booking(booking_at(&desk, "instant", 11)).await;
    let query = json!({"resource_ids": [room], "emails": ["desk@example.com"],
        "start": "2030-01-02T09:00:00Z", "future": "4 hours", "length": "1 hour"});
    let slots = api.post("/findtime", query).await.expect(200).data();
    assert_eq!(
        starts(&slots),
        ["2030-01-02T09:00:00+00:00", "2030-01-02T12:00:00+00:00"],
        "both must be free"
    );
    assert_eq!(
        slots[0],
        json!({"start": "2030-01-02T09:00:00+00:00", "end": "2030-01-02T10:00:00+00:00"})
    );
    // all_solutions: a 15-minute grid; sort desc reverses.
    let query = json!({"resource_ids": [room], "start": "2030-01-02T11:00:00Z",
        "future": "1 hour", "length": "30 minutes", "all_solutions": true, "sort": "desc"});
    let slots = api.post("/findtime", query).await.expect(200).data();
    assert_eq!(
        starts(&slots),
        [
            "2030-01-02T11:30:00+00:00",
            "2030-01-02T11:15:00+00:00",
            "2030-01-02T11:00:00+00:00"
        ]
    );
}

#[tokio::test]
async fn findtime_filters_calendars_and_errors() {
    let (_handle, api) = start().await;
    let room = resource_with_email(&api, "Room", "room@example.com").await;
    let calendar = api
        .get(&format!("/resources/{room}?include=calendars"))
        .await
        .expect(200)
        .data()["calendars"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // 2030-01-02 is a Wednesday.
    let query = json!({"calendar_ids": [calendar], "start": "2030-01-01T00:00:00Z",
        "future": "3 days", "length": "1 hour",
        "filters": {"or": [{"specific_day_and_time": {"day": "Wednesday", "start": 9, "end": 11}}]}});
    let slots = api.post("/findtime", query).await.expect(200).data();
    assert_eq!(
        starts(&slots),
        ["2030-01-02T09:00:00+00:00", "2030-01-02T10:00:00+00:00"]
    );
    let none = api.post("/findtime", json!({})).await.expect(422).json();
    assert!(none["errors"]["resource_ids"].is_array());
    let bad_future = json!({"resource_ids": [room], "future": "whenever"});
    let refused = api.post("/findtime", bad_future).await.expect(422).json();
    assert_eq!(
        refused["errors"]["future"][0],
        "future in not a valid timestamp or relative time"
    );
    let unknown = json!({"emails": ["nobody@example.com"]});
    assert_eq!(
        api.post("/findtime", unknown).await.expect(404).json()["model"],
        "Resource"
    );
    let bad_filter = json!({"resource_ids": [room], "filters": {"maybe": []}});
    api.post("/findtime", bad_filter).await.expect(422);
    let bad_sort = json!({"resource_ids": [room], "sort": "sideways"});
    api.post("/findtime", bad_sort).await.expect(422);
}

#[tokio::test]
async fn no_day_span_drops_slots_across_midnight() {
    let (_handle, api) = start().await;
    let room = resource_with_email(&api, "Room", "room@example.com").await;
    let query = json!({"resource_ids": [room], "start": "2030-01-02T22:00:00Z",
        "future": "4 hours", "length": "2 hours", "all_solutions": true, "no_day_span": true});
    let slots = api.post("/findtime", query).await.expect(200).data();
    // 22:15 … 23:45 would cross midnight (UTC, the resource's zone).
    assert_eq!(
        starts(&slots),
        ["2030-01-02T22:00:00+00:00", "2030-01-03T00:00:00+00:00"]
    );
}

#[tokio::test]
async fn bulk_answers_one_list_per_query_in_order() {
    let (_handle, api) = start().await;
    let room = resource_with_email(&api, "Room", "room@example.com").await;
    api.booking(booking_at(&room, "instant", 10)).await;
    let body = json!({"queries": [
        {"resource_ids": [room], "start": "2030-01-02T10:00:00Z", "future": "1 hour"},
        {"resource_ids": [room], "start": "2030-01-02T11:00:00Z", "future": "2 hours"},
    ]});
    let data = api.post("/findtime/bulk", body).await.expect(200).data();
    assert_eq!(data.as_array().unwrap().len(), 2);
    assert_eq!(data[0], json!([]));
    assert_eq!(
        starts(&data[1]),
        ["2030-01-02T11:00:00+00:00", "2030-01-02T12:00:00+00:00"]
    );
    let refused = api
        .post(
            "/findtime/bulk",
            json!({"queries": [{"resource_ids": [room]}, {"resource_ids": [room], "sort": 1}]}),
        )
        .await
        .expect(422)
        .json();
    assert!(refused["errors"]["queries.1.sort"].is_array(), "{refused}");
    api.post("/findtime/bulk", json!({})).await.expect(422);
    api.post("/findtime/bulk", json!({"queries": []}))
        .await
        .expect(422);
    let many: Vec<Value> = (0..21).map(|_| json!({"resource_ids": [room]})).collect();
    api.post("/findtime/bulk", json!({"queries": many}))
        .await
        .expect(422);
}

#[tokio::test]
async fn team_answers_times_any_member_is_free_with_the_free_members() {
    let (_handle, api) = start().await;
    let room = resource_with_email(&api, "Room", "room@example.com").await;
    let desk = resource_with_email(&api, "Desk", "desk@example.com").await;
    api.booking(booking_at(&room, "instant", 10)).await;
    api.booking(booking_at(&desk, "instant", 10)).await;
    api.booking(booking_at(&desk, "instant", 11)).await;
    let window = |member: Value| {
        let mut query = json!({"start": "2030-01-02T10:00:00Z", "future": "3 hours"});
        query
            .as_object_mut()
            .unwrap()
            .extend(member.as_object().unwrap().clone());
        query
    };
    let body = json!({"users": [
        window(json!({"emails": ["room@example.com"]})),
        window(json!({"resource_ids": [desk]})),
    ]});
    let data = api.post("/findtime/team", body).await.expect(200).data();
    assert_eq!(
        starts(&data),
        ["2030-01-02T11:00:00+00:00", "2030-01-02T12:00:00+00:00"],
        "10:00 nobody is free"
    );
    let names = |slot: &Value| -> Vec<String> {
        slot["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|user| user["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&data[0]), ["Room"]);
    assert_eq!(names(&data[1]), ["Room", "Desk"]);
    let user = &data[1]["users"][1];
    assert_eq!(user["user_id"], desk.as_str());
    assert_eq!(user["email"], "desk@example.com");
    assert!(user["calendar_ids"][0].is_string());
    assert!(user.get("token").is_none(), "never a token");
    api.post("/findtime/team", json!({"users": "all"}))
        .await
        .expect(422);
}
