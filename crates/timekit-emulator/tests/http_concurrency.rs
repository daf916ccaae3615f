//! Many tasks creating and acting at once: no lost updates, no double bookings, a consistent
//! store afterwards.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::HashMap;

use common::*;
use jiff::SignedDuration;
use serde_json::{Value, json};

const TASKS: usize = 32;
const OPS_PER_TASK: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_and_actions_keep_the_store_consistent() {
    let (handle, api) = start().await;
    let room = api.resource("Busy room").await;

    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let api = api.clone();
        let room = room.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            for op in 0..OPS_PER_TASK / 2 {
                // Distinct slots per (task, op): no create may be refused as a double booking.
                let minute = i64::try_from(task * OPS_PER_TASK + op).unwrap();
                let start = ts("2030-03-01T00:00:00Z") + SignedDuration::from_mins(minute);
                let body = json!({
                    "resource_id": room, "graph": "confirm_decline",
                    "start": start.to_string(),
                    "end": (start + SignedDuration::from_mins(1)).to_string(),
                    "customer": {"name": format!("T{task}"), "email": "t@example.com"},
                    "meta": {"task": task, "op": op, "minute": minute},
                });
                let created = api.post("/bookings", body).await.expect(201).data();
                let id = created["id"].as_str().unwrap().to_owned();
                let action = if op % 2 == 0 { "confirm" } else { "decline" };
                let acted = api.action(&id, action).await.expect(200).data();
                mine.push((id, acted["state"].as_str().unwrap().to_owned()));
            }
            mine
        }));
    }
    let mut expected: HashMap<String, String> = HashMap::new();
    for task in tasks {
        expected.extend(task.await.unwrap());
    }
    assert_eq!(expected.len(), TASKS * OPS_PER_TASK / 2);
    assert_eq!(handle.booking_count(), expected.len());
    let stored: HashMap<String, String> = handle
        .bookings()
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap().to_owned(),
                b["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(stored, expected);
    let confirmed = expected.values().filter(|s| *s == "confirmed").count();
    let list = api
        .get("/bookings?search=state:confirmed&limit=1000")
        .await
        .json();
    assert_eq!(list["total"], json!(confirmed));
    assert_eq!(
        handle.request_count("POST", "/bookings"),
        (TASKS * OPS_PER_TASK / 2) as u64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_for_one_slot_books_it_exactly_once() {
    let (handle, api) = start().await;
    let room = api.resource("Contested").await;
    let mut racers = Vec::new();
    for task in 0..TASKS {
        let api = api.clone();
        let mut body = booking_at(&room, "instant", 10);
        body["meta"] = json!({"task": task});
        racers.push(tokio::spawn(async move {
            api.post("/bookings", body).await.status.as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for racer in racers {
        statuses.push(racer.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), TASKS - 1);
    assert_eq!(handle.booking_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_actions_on_one_booking_apply_exactly_one() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    let id = api.booking(booking_at(&room, "confirm_decline", 10)).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut racers = Vec::new();
    for task in 0..TASKS {
        let api = api.clone();
        let id = id.clone();
        let action = if task % 2 == 0 { "confirm" } else { "decline" };
        racers.push(tokio::spawn(async move {
            (action, api.action(&id, action).await)
        }));
    }
    let mut winners: Vec<(&str, Value)> = Vec::new();
    for racer in racers {
        let (action, answer) = racer.await.unwrap();
        if answer.status == 200 {
            winners.push((action, answer.data()));
        } else {
            assert_eq!(answer.status, 422);
        }
    }
    assert_eq!(winners.len(), 1, "exactly one transition out of tentative");
    let final_state = &handle.bookings()[0]["state"];
    assert_eq!(*final_state, winners[0].1["state"]);
    assert_eq!(handle.bookings()[0]["logs"].as_array().unwrap().len(), 2);
}
