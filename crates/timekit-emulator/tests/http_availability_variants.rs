//! `POST /availability/dates`, `/availability/count` and `/unavailable/slots` over HTTP:
//! the same engine and project defaults as `POST /availability`.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use serde_json::{Value, json};

async fn utc_resource(api: &Api, name: &str) -> String {
    api.post("/resources", json!({"name": name, "timezone": "UTC"}))
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Weekdays 9–17 in the resource's zone.
fn office_hours() -> Value {
    json!([{"allow_hours": {"start": 9, "end": 17}}, {"block_weekends": {}}])
}

#[tokio::test]
async fn dates_list_days_with_a_slot_and_who_is_free() {
    let (_emulator, api) = start().await;
    let (a, b) = (utc_resource(&api, "A").await, utc_resource(&api, "B").await);
    // B is busy all of Thursday's office hours.
    let mut busy = booking_at(&b, "instant", 9);
    busy["start"] = json!("2030-01-03T09:00:00+00:00");
    busy["end"] = json!("2030-01-03T17:00:00+00:00");
    api.booking(busy).await;
    let body = json!({
        "resources": [b, a],
        "from": "2030-01-01T00:00:00Z", "to": "2030-01-08T00:00:00Z",
        "length": "1 hour", "constraints": office_hours(),
    });
    let dates = api
        .post("/availability/dates", body.clone())
        .await
        .expect(200)
        .data();
    // Tue 1st … Mon 7th without the weekend; Thursday only A.
    assert_eq!(
        dates,
        json!([
            {"date": "2030-01-01", "resources": [b, a]},
            {"date": "2030-01-02", "resources": [b, a]},
            {"date": "2030-01-03", "resources": [a]},
            {"date": "2030-01-04", "resources": [b, a]},
            {"date": "2030-01-07", "resources": [b, a]},
        ])
    );
    let mut mutual = body.clone();
    mutual["mode"] = json!("mutual");
    let dates = api
        .post("/availability/dates", mutual)
        .await
        .expect(200)
        .data();
    assert_eq!(dates.as_array().unwrap().len(), 4, "{dates}");
    // The date is the output zone's (Kiritimati is UTC+14: 09:00 UTC is 23:00 there).
    let mut zoned = body.clone();
    zoned["output_timezone"] = json!("Pacific/Kiritimati");
    let dates = api
        .post("/availability/dates", zoned)
        .await
        .expect(200)
        .data();
    assert_eq!(dates[0]["date"], "2030-01-01");
    assert_eq!(dates[1]["date"], "2030-01-02");
    // Same validation as /availability.
    api.post(
        "/availability/dates",
        json!({"resources": [a], "mode": "x"}),
    )
    .await
    .expect(422);
    api.post("/availability/dates", json!({"resources": ["nope"]}))
        .await
        .expect(404);
}

#[tokio::test]
async fn count_is_the_number_of_availability_slots() {
    let (_emulator, api) = start().await;
    let a = utc_resource(&api, "A").await;
    let project = api
        .post(
            "/projects",
            json!({"name": "P", "resources": [a], "availability_constraints": office_hours()}),
        )
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The reference's example: Mon–Fri 9–17, 30-minute slots, one week → 5 × 16.
    let body = json!({"project_id": project, "from": "2030-01-07T00:00:00Z",
                      "to": "2030-01-12T00:00:00Z", "length": "30 minutes"});
    let count = api
        .post("/availability/count", body.clone())
        .await
        .expect(200)
        .data();
    assert_eq!(count, json!({"total": 80}));
    let slots = api.post("/availability", body).await.expect(200).data();
    assert_eq!(slots.as_array().unwrap().len(), 80);
    api.booking(json!({
        "resource_id": a, "graph": "instant",
        "start": "2030-01-07T09:00:00+00:00", "end": "2030-01-07T10:00:00+00:00",
        "customer": {"name": "J", "email": "j@example.com"},
    }))
    .await;
    let count = api
        .post(
            "/availability/count",
            json!({"project_id": project, "from": "2030-01-07T00:00:00Z",
                   "to": "2030-01-12T00:00:00Z", "length": "30 minutes"}),
        )
        .await
        .expect(200)
        .data();
    assert_eq!(count, json!({"total": 78}));
    api.post("/availability/count", json!({"project_id": "nope"}))
        .await
        .expect(404);
}

#[tokio::test]
async fn unavailable_slots_list_who_is_not_free() {
    let (_emulator, api) = start().await;
    let (a, b) = (utc_resource(&api, "A").await, utc_resource(&api, "B").await);
    let mut busy = booking_at(&a, "instant", 10);
    busy["start"] = json!("2030-01-02T10:00:00+00:00");
    busy["end"] = json!("2030-01-02T11:00:00+00:00");
    api.booking(busy).await;
    let slots = api
        .post(
            "/unavailable/slots",
            json!({"resources": [a, b], "from": "2030-01-02T08:00:00Z",
                   "to": "2030-01-02T12:00:00Z", "length": "1 hour",
                   "constraints": [{"block_hours": {"start": 8, "end": 9}}]}),
        )
        .await
        .expect(200)
        .data();
    let ids = |slot: &Value| -> Vec<String> {
        slot["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|resource| resource["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let slots = slots.as_array().unwrap();
    assert_eq!(slots.len(), 2, "{slots:?}");
    assert_eq!(slots[0]["start"], "2030-01-02T08:00:00+00:00");
    assert_eq!(slots[0]["end"], "2030-01-02T09:00:00+00:00");
    assert_eq!(ids(&slots[0]), [a.clone(), b.clone()]);
    assert_eq!(slots[1]["start"], "2030-01-02T10:00:00+00:00");
    assert_eq!(ids(&slots[1]), [a.as_str()]);
    assert_eq!(slots[1]["resources"][0]["name"], "A");
    api.post(
        "/unavailable/slots",
        json!({"resources": [a], "length": null}),
    )
    .await
    .expect(422);
    api.post(
        "/unavailable/slots",
        json!({"resources": [a], "from": "2030-01-01T00:00:00Z", "to": "2030-06-01T00:00:00Z",
               "length": "1 minute"}),
    )
    .await
    .expect(422);
}

#[tokio::test]
async fn a_reservation_is_unavailable_until_it_expires() {
    let (_emulator, api, clock) = start_with_clock().await;
    let a = utc_resource(&api, "A").await;
    api.post(
        "/bookings/reserve",
        json!({"resource_id": a, "start": "2030-01-02T10:00:00+00:00",
               "end": "2030-01-02T11:00:00+00:00", "reservation_time": 60}),
    )
    .await
    .expect(201);
    let body = json!({"resources": [a], "from": "2030-01-02T10:00:00Z",
                      "to": "2030-01-02T11:00:00Z", "length": "1 hour"});
    let count = || api.post("/availability/count", body.clone());
    assert_eq!(count().await.expect(200).data()["total"], 0);
    assert_eq!(
        api.post("/unavailable/slots", body.clone())
            .await
            .expect(200)
            .data()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    clock.advance(jiff::SignedDuration::from_secs(60));
    assert_eq!(count().await.expect(200).data()["total"], 1);
}
