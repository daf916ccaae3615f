//! Reservations (reserve, extend, expire on the clock, book with `reservation_id`) and
//! reschedule over HTTP.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use jiff::SignedDuration;
use serde_json::{Value, json};

fn reserve_body(resource: &str) -> Value {
    json!({
        "resource_id": resource,
        "start": "2030-01-02T10:00:00+00:00",
        "end": "2030-01-02T10:30:00+00:00",
        "what": "Haircut", "where": "Main St", "description": "",
        "customer": {"name": "Jane Roe", "email": "jane@example.com"},
        "reservation_time": 300,
    })
}

async fn slots_at_ten(api: &Api, resource: &str) -> usize {
    api.post(
        "/availability",
        json!({"resources": [resource], "from": "2030-01-02T10:00:00Z",
               "to": "2030-01-02T10:30:00Z", "length": "30 minutes"}),
    )
    .await
    .expect(200)
    .data()
    .as_array()
    .unwrap()
    .len()
}

#[tokio::test]
async fn a_reservation_holds_its_slot_until_it_expires() {
    let (_emulator, api, clock) = start_with_clock().await;
    let r = api.resource("Anna").await;
    let reservation = api
        .post("/bookings/reserve", reserve_body(&r))
        .await
        .expect(201)
        .data();
    assert_eq!(reservation["graph"], "reservation");
    assert_eq!(reservation["state"], "reserved");
    assert_eq!(reservation["completed"], false);
    assert_eq!(reservation["possible_actions"], json!([]));
    assert_eq!(reservation["expires_at"], "2030-01-01T09:05:00+0000");
    let rid = reservation["id"].as_str().unwrap().to_owned();

    assert_eq!(slots_at_ten(&api, &r).await, 0);
    let again = api
        .post("/bookings/reserve", reserve_body(&r))
        .await
        .expect(422);
    assert!(again.json()["errors"]["start"].is_array());
    let mut booking = booking_at(&r, "instant", 10);
    booking["end"] = json!("2030-01-02T10:30:00+00:00");
    api.post("/bookings", booking.clone()).await.expect(422);
    // No user actions on a reservation.
    api.action(&rid, "confirm").await.expect(422);

    clock.advance(SignedDuration::from_mins(5));
    let expired = api
        .get(&format!("/bookings/{rid}"))
        .await
        .expect(200)
        .data();
    assert_eq!(expired["state"], "expired");
    assert_eq!(expired["completed"], true);
    assert_eq!(slots_at_ten(&api, &r).await, 1);
    api.post("/bookings", booking).await.expect(201);
    // Extending or booking an expired reservation is refused.
    let extend = api
        .put(
            "/bookings/reserve/extend",
            json!({"reservation_id": rid, "reservation_time": 60}),
        )
        .await
        .expect(422);
    assert_eq!(
        extend.json(),
        json!({"error": "Cannot apply action 'extend' to current state 'expired'"})
    );
    api.post(
        "/bookings",
        json!({"reservation_id": rid, "graph": "instant"}),
    )
    .await
    .expect(422);
}

#[tokio::test]
async fn extend_resets_the_hold_from_now() {
    let (_emulator, api, clock) = start_with_clock().await;
    let r = api.resource("Anna").await;
    let mut body = reserve_body(&r);
    body.as_object_mut().unwrap().remove("reservation_time");
    let reservation = api.post("/bookings/reserve", body).await.expect(201).data();
    // Default hold: 30 seconds.
    assert_eq!(reservation["expires_at"], "2030-01-01T09:00:30+0000");
    let rid = reservation["id"].as_str().unwrap();
    clock.advance(SignedDuration::from_secs(20));
    let extended = api
        .put(
            "/bookings/reserve/extend",
            json!({"reservation_id": rid, "reservation_time": 600}),
        )
        .await
        .expect(200)
        .data();
    assert_eq!(extended["state"], "reserved");
    assert_eq!(extended["expires_at"], "2030-01-01T09:10:20+0000");
    clock.advance(SignedDuration::from_mins(9));
    assert_eq!(slots_at_ten(&api, &r).await, 0);

    api.put(
        "/bookings/reserve/extend",
        json!({"reservation_id": "nope"}),
    )
    .await
    .expect(404);
    api.put("/bookings/reserve/extend", json!({}))
        .await
        .expect(422);
    api.put(
        "/bookings/reserve/extend",
        json!({"reservation_id": rid, "reservation_time": "forever"}),
    )
    .await
    .expect(422);
    // A booking is not a reservation.
    let other = api.booking(booking_at(&r, "instant", 12)).await;
    api.put(
        "/bookings/reserve/extend",
        json!({"reservation_id": other["id"]}),
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn booking_a_reservation_converts_it() {
    let (_emulator, api) = start().await;
    let r = api.resource("Anna").await;
    let rid = api
        .post("/bookings/reserve", reserve_body(&r))
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Times must match the reservation's when given.
    let wrong = api
        .post(
            "/bookings",
            json!({"reservation_id": rid, "graph": "instant",
                   "start": "2030-01-02T11:00:00+00:00"}),
        )
        .await
        .expect(422);
    assert!(wrong.json()["errors"]["start"].is_array());
    api.post(
        "/bookings",
        json!({"reservation_id": "nope", "graph": "instant"}),
    )
    .await
    .expect(422);
    // A failed create leaves the reservation holding.
    let bad = api
        .post(
            "/bookings",
            json!({"reservation_id": rid, "graph": "instant", "customer": {"name": "x"}}),
        )
        .await
        .expect(422);
    assert!(bad.json()["errors"]["customer.email"].is_array());
    assert_eq!(
        api.get(&format!("/bookings/{rid}"))
            .await
            .expect(200)
            .data()["state"],
        "reserved"
    );

    // Resource, times, texts and customer come from the reservation; its own hold does not
    // count as a double booking.
    let booking = api.booking(json!({"reservation_id": rid})).await;
    assert_eq!(booking["graph"], "instant");
    assert_eq!(booking["state"], "confirmed");
    let bid = booking["id"].as_str().unwrap();
    let full = api
        .get(&format!("/bookings/{bid}?include=attributes,customers"))
        .await
        .expect(200)
        .data();
    assert_eq!(
        full["attributes"]["event_info"]["start"],
        "2030-01-02T10:00:00+00:00"
    );
    assert_eq!(full["attributes"]["event_info"]["what"], "Haircut");
    assert_eq!(full["customers"][0]["email"], "jane@example.com");
    let used = api
        .get(&format!("/bookings/{rid}?include=logs"))
        .await
        .expect(200)
        .data();
    assert_eq!(used["state"], "expired");
    assert_eq!(used["logs"][1]["input"], json!({"booking_id": bid}));
    // The slot is now held by the booking; the reservation cannot be booked twice.
    assert_eq!(slots_at_ten(&api, &r).await, 0);
    api.post("/bookings", json!({"reservation_id": rid}))
        .await
        .expect(422);
    // Reservations are not made through POST /bookings.
    api.post("/bookings", booking_at(&r, "reservation", 14))
        .await
        .expect(422);
}

#[tokio::test]
async fn reservations_take_project_defaults() {
    let (_emulator, api) = start().await;
    let r = api.resource("Anna").await;
    let project = api
        .post(
            "/projects",
            json!({"name": "Cuts", "resources": [r], "reservation_time": 120,
                   "booking": {"graph": "instant", "what": "Cut", "where": "Shop"}}),
        )
        .await
        .expect(201)
        .data();
    let reservation = api
        .post(
            "/bookings/reserve",
            json!({"project_id": project["id"], "resource_id": r,
                   "start": "2030-01-02T10:00:00+00:00", "end": "2030-01-02T10:30:00+00:00"}),
        )
        .await
        .expect(201)
        .data();
    assert_eq!(reservation["expires_at"], "2030-01-01T09:02:00+0000");
    let booking = api
        .booking(json!({"reservation_id": reservation["id"],
                        "customer": {"name": "Jane Roe", "email": "jane@example.com"}}))
        .await;
    let bid = booking["id"].as_str().unwrap();
    let full = api
        .get(&format!("/bookings/{bid}?include=attributes"))
        .await
        .expect(200)
        .data();
    assert_eq!(full["attributes"]["event_info"]["what"], "Cut");
    let found = api
        .get(&format!(
            "/bookings?search=project.id:{}",
            project["id"].as_str().unwrap()
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(found["total"], 2, "the reservation and the booking");
    api.post(
        "/bookings/reserve",
        json!({"project_id": "nope", "resource_id": r,
               "start": "2030-01-02T11:00:00+00:00", "end": "2030-01-02T11:30:00+00:00"}),
    )
    .await
    .expect(404);
    let bad = api
        .post(
            "/bookings/reserve",
            json!({"resource_id": "nope", "reservation_time": 0}),
        )
        .await
        .expect(422);
    let errors = bad.json()["errors"].clone();
    for field in ["resource_id", "start", "end", "reservation_time"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
}

#[tokio::test]
async fn reschedule_makes_a_new_booking_and_retires_the_old_one() {
    let (_emulator, api) = start().await;
    let (r1, r2) = (api.resource("Anna").await, api.resource("Ben").await);
    let old = api.booking(booking_at(&r1, "instant", 10)).await;
    let old_id = old["id"].as_str().unwrap().to_owned();
    // Moving by half an hour overlaps the old slot: allowed (the old one stops holding).
    let new = api
        .post(
            &format!("/bookings/{old_id}/reschedule?include=attributes"),
            json!({"start": "2030-01-02T10:30:00+00:00", "end": "2030-01-02T11:30:00+00:00",
                   "resource_id": r1, "message": "Can't make it earlier"}),
        )
        .await
        .expect(200)
        .data();
    assert_ne!(new["id"], old["id"]);
    assert_eq!(new["graph"], "instant");
    assert_eq!(new["state"], "confirmed");
    assert_eq!(new["attributes"]["event_info"]["what"], "Consultation");
    let retired = api
        .get(&format!("/bookings/{old_id}?include=logs"))
        .await
        .expect(200)
        .data();
    assert_eq!(retired["state"], "rescheduled_by_customer");
    assert_eq!(retired["completed"], true);
    assert_eq!(retired["possible_actions"], json!([]));
    assert_eq!(
        retired["logs"][1]["input"],
        json!({"message": "Can't make it earlier", "booking_id": new["id"]})
    );
    // Only confirmed instant bookings; the SDK's trailing slash works.
    let again = api
        .post(
            &format!("/bookings/{old_id}/reschedule/"),
            json!({"start": "2030-01-02T14:00:00+00:00", "end": "2030-01-02T15:00:00+00:00",
                   "resource_id": r1}),
        )
        .await
        .expect(422);
    assert_eq!(
        again.json(),
        json!({"error": "Cannot apply action 'reschedule_by_customer' to current state 'rescheduled_by_customer'"})
    );
    let request = api.booking(booking_at(&r1, "confirm_decline", 16)).await;
    let refused = api
        .post(
            &format!("/bookings/{}/reschedule", request["id"].as_str().unwrap()),
            json!({"start": "2030-01-02T14:00:00+00:00", "end": "2030-01-02T15:00:00+00:00",
                   "resource_id": r1}),
        )
        .await
        .expect(422);
    assert_eq!(
        refused.json(),
        json!({"error": "Reschedule is only supported for bookings using the instant graph"})
    );
    api.post(
        "/bookings/nope/reschedule",
        json!({"start": "2030-01-02T14:00:00+00:00", "end": "2030-01-02T15:00:00+00:00",
               "resource_id": r1}),
    )
    .await
    .expect(404);

    // A taken slot refuses the reschedule and leaves the booking as it was.
    let current = new["id"].as_str().unwrap().to_owned();
    api.booking(booking_at(&r2, "instant", 13)).await;
    let taken = api
        .post(
            &format!("/bookings/{current}/reschedule"),
            json!({"start": "2030-01-02T13:00:00+00:00", "end": "2030-01-02T14:00:00+00:00",
                   "resource_id": r2}),
        )
        .await
        .expect(422);
    assert!(taken.json()["errors"]["start"].is_array());
    assert_eq!(
        api.get(&format!("/bookings/{current}"))
            .await
            .expect(200)
            .data()["state"],
        "confirmed"
    );
    let missing = api
        .post(&format!("/bookings/{current}/reschedule"), json!({}))
        .await
        .expect(422);
    let errors = missing.json()["errors"].clone();
    for field in ["start", "end", "resource_id"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    // To another resource: allowed when free.
    let moved = api
        .post(
            &format!("/bookings/{current}/reschedule"),
            json!({"start": "2030-01-02T15:00:00+00:00", "end": "2030-01-02T16:00:00+00:00",
                   "resource_id": r2}),
        )
        .await
        .expect(200)
        .data();
    let listed = api
        .get(&format!(
            "/bookings?search=resource.id:{r2};state:confirmed"
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(listed["total"], 2);
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|booking| booking["id"] == moved["id"])
    );
}
