//! `POST /bookings/bulk` and `PUT /bookings/bulk`, with their all-or-nothing options and
//! related (bulked) bookings.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use serde_json::{Value, json};

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn bulk_create_reports_each_item_in_order() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    let mut bad_graph = booking_at(&room, "instant", 12);
    bad_graph["graph"] = json!("nope");
    let mut bad_action = booking_at(&room, "confirm_decline", 13);
    bad_action["action"] = json!("confirm");
    let body = json!({"bookings": [
        booking_at(&room, "instant", 10),
        bad_graph,
        "not an object",
        bad_action,
        booking_at(&room, "confirm_decline", 11),
    ]});
    let data = api.post("/bookings/bulk", body).await.expect(201).data();
    let items = data.as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(items[0]["state"], "confirmed");
    assert!(items[1]["errors"]["graph"].is_array());
    assert!(items[2]["errors"]["booking"].is_array());
    assert_eq!(
        items[3],
        json!({"error": "Cannot apply action 'confirm' to current state 'initialized'"})
    );
    assert_eq!(items[4]["state"], "tentative");
    assert_eq!(handle.booking_count(), 2);
    // Items see the bookings created before them (double-booking check).
    let clash =
        json!({"bookings": [booking_at(&room, "instant", 15), booking_at(&room, "instant", 15)]});
    let data = api.post("/bookings/bulk", clash).await.expect(201).data();
    assert_eq!(data[0]["state"], "confirmed");
    assert!(data[1]["errors"]["start"].is_array());
}

#[tokio::test]
async fn bulk_create_can_stop_or_roll_back() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    let broken = json!({"graph": "instant"});
    let items = json!([
        booking_at(&room, "instant", 9),
        broken,
        booking_at(&room, "instant", 11)
    ]);

    let stopped = api
        .post(
            "/bookings/bulk",
            json!({"bookings": items, "stop_on_first_error": true}),
        )
        .await
        .expect(201)
        .data();
    assert_eq!(
        stopped.as_array().unwrap().len(),
        2,
        "items after the failure are not processed"
    );
    assert_eq!(handle.booking_count(), 1);

    let mut fresh = items.clone();
    fresh[0] = booking_at(&room, "instant", 14);
    fresh[2] = booking_at(&room, "instant", 16);
    let refused = api
        .post(
            "/bookings/bulk",
            json!({"bookings": fresh, "delete_all_on_error": true}),
        )
        .await
        .expect(422)
        .json();
    assert!(
        refused["errors"]["bookings.1.resource_id"].is_array(),
        "{refused}"
    );
    assert!(refused["errors"]["bookings.1.start"].is_array());
    assert_eq!(
        handle.booking_count(),
        1,
        "nothing from the refused request is stored"
    );
    // The slots of the rolled-back bookings are free.
    api.booking(booking_at(&room, "instant", 14)).await;

    for bad in [
        json!({}),
        json!({"bookings": {}}),
        json!({"bookings": [], "relate_bookings": "yes"}),
    ] {
        api.post("/bookings/bulk", bad).await.expect(422);
    }
    assert_eq!(
        api.post("/bookings/bulk", json!({"bookings": []}))
            .await
            .expect(201)
            .data(),
        json!([])
    );
}

#[tokio::test]
async fn related_bookings_show_siblings_and_replicate_actions() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let body = json!({"relate_bookings": true, "bookings": [
        booking_at(&room, "confirm_decline", 9),
        booking_at(&room, "confirm_decline", 10),
        booking_at(&room, "confirm_decline", 11),
    ]});
    let created = api.post("/bookings/bulk", body).await.expect(201).data();
    let ids: Vec<String> = created.as_array().unwrap().iter().map(id).collect();
    let shown = api
        .get(&format!("/bookings/{}?include=bulked_bookings", ids[0]))
        .await
        .expect(200)
        .data();
    let mut siblings: Vec<String> = shown["bulked_bookings"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    siblings.sort();
    let mut expected = vec![ids[1].clone(), ids[2].clone()];
    expected.sort();
    assert_eq!(siblings, expected);

    // Declining one sibling alone first, then confirming another replicates to the rest
    // whose state allows it.
    api.put(
        &format!("/bookings/{}/decline", ids[2]),
        json!({"apply_to_bulked_bookings": false}),
    )
    .await
    .expect(200);
    let state = |i: usize| {
        let api = api.clone();
        let path = format!("/bookings/{}", ids[i]);
        async move { api.get(&path).await.data()["state"].clone() }
    };
    assert_eq!(state(0).await, "tentative");
    api.action(&ids[0], "confirm").await.expect(200);
    assert_eq!(state(1).await, "confirmed");
    assert_eq!(state(2).await, "declined");
    api.put(
        &format!("/bookings/{}/cancel", ids[1]),
        json!({"apply_to_bulked_bookings": "x"}),
    )
    .await
    .expect(422);
    // Unrelated bulk bookings have no siblings.
    let lonely = api
        .post("/bookings/bulk", json!({"bookings": [booking_at(&room, "instant", 15), booking_at(&room, "instant", 16)]}))
        .await
        .data();
    let shown = api
        .get(&format!(
            "/bookings/{}?include=bulked_bookings",
            id(&lonely[0])
        ))
        .await
        .data();
    assert_eq!(shown["bulked_bookings"], json!([]));
}

#[tokio::test]
async fn bulk_update_applies_actions_in_order() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let a = id(&api.booking(booking_at(&room, "confirm_decline", 9)).await);
    let b = id(&api.booking(booking_at(&room, "confirm_decline", 10)).await);
    let body = json!({"bookings": [
        {"id": a, "action": "confirm"},
        {"id": b, "action": "decline", "decline": {"message": "busy"}},
        {"id": "missing", "action": "confirm"},
        {"id": a, "action": "decline"},
        {"action": "confirm"},
        {"id": a, "action": "cancel"},
    ]});
    let data = api.put("/bookings/bulk", body).await.expect(200).data();
    assert_eq!(data[0]["state"], "confirmed");
    assert_eq!(data[1]["state"], "declined");
    assert_eq!(
        data[2],
        json!({"error": "Resource does not exist", "model": "Booking"})
    );
    assert_eq!(
        data[3],
        json!({"error": "Cannot apply action 'decline' to current state 'confirmed'"})
    );
    assert!(data[4]["errors"]["id"].is_array());
    assert_eq!(data[5]["state"], "cancelled");
    assert_eq!(
        api.get(&format!("/bookings/{a}")).await.data()["state"],
        "cancelled"
    );
}

#[tokio::test]
async fn bulk_update_can_stop_or_reset_everything() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let a = id(&api.booking(booking_at(&room, "confirm_decline", 9)).await);
    let b = id(&api.booking(booking_at(&room, "confirm_decline", 10)).await);
    let state = |booking: &str| {
        let api = api.clone();
        let path = format!("/bookings/{booking}");
        async move { api.get(&path).await.data()["state"].clone() }
    };

    let stopped = api
        .put(
            "/bookings/bulk",
            json!({"stop_on_first_error": true, "bookings": [
            {"id": a, "action": "pay"}, {"id": b, "action": "confirm"}]}),
        )
        .await
        .expect(200)
        .data();
    assert_eq!(stopped.as_array().unwrap().len(), 1);
    assert_eq!(state(&b).await, "tentative");

    let reset = api
        .put("/bookings/bulk", json!({"reset_all_on_error": true, "bookings": [
            {"id": a, "action": "confirm"}, {"id": b, "action": "decline"}, {"id": a, "action": "confirm"}]}))
        .await
        .expect(422)
        .json();
    assert_eq!(
        reset,
        json!({"errors": {"bookings.2.action": ["Cannot apply action 'confirm' to current state 'confirmed'"]}})
    );
    assert_eq!(state(&a).await, "tentative", "rolled back");
    assert_eq!(state(&b).await, "tentative", "rolled back");
    for bad in [
        json!({}),
        json!({"bookings": "x"}),
        json!({"bookings": [], "reset_all_on_error": 1}),
    ] {
        api.put("/bookings/bulk", bad).await.expect(422);
    }
}

#[tokio::test]
async fn confirms_that_would_double_book_fail_per_item_and_are_not_replicated() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let body = json!({"relate_bookings": true, "bookings": [
        booking_at(&room, "confirm_decline", 9),
        booking_at(&room, "confirm_decline", 10),
    ]});
    let created = api.post("/bookings/bulk", body).await.expect(201).data();
    let (first, second) = (id(&created[0]), id(&created[1]));
    // Someone books 10:00 while both requests wait.
    api.booking(booking_at(&room, "instant", 10)).await;
    let state = |booking: &str| {
        let api = api.clone();
        let path = format!("/bookings/{booking}");
        async move { api.get(&path).await.data()["state"].clone() }
    };
    // Replicating the confirm skips the sibling whose slot is gone.
    api.action(&first, "confirm").await.expect(200);
    assert_eq!(state(&second).await, "tentative");

    let other = id(&api.booking(booking_at(&room, "confirm_decline", 12)).await);
    let data = api
        .put(
            "/bookings/bulk",
            json!({"bookings": [
            {"id": second, "action": "confirm"}, {"id": other, "action": "confirm"}]}),
        )
        .await
        .expect(200)
        .data();
    assert_eq!(
        data[0],
        json!({"error": "The resource is already booked in this time slot."})
    );
    assert_eq!(data[1]["state"], "confirmed");

    let reset = api
        .put(
            "/bookings/bulk",
            json!({"reset_all_on_error": true, "bookings": [
            {"id": other, "action": "cancel"}, {"id": second, "action": "confirm"}]}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(
        reset,
        json!({"errors": {"bookings.1.start": ["The resource is already booked in this time slot."]}})
    );
    assert_eq!(state(&other).await, "confirmed", "rolled back");
}

#[tokio::test]
async fn bulked_siblings_are_shown_with_their_clock_driven_state() {
    let (_handle, api, clock) = start_with_clock().await;
    let room = api.resource("Room").await;
    let body = json!({"relate_bookings": true, "bookings": [
        booking_at(&room, "instant", 9),
        booking_at(&room, "instant", 12),
    ]});
    let created = api.post("/bookings/bulk", body).await.expect(201).data();
    let (early, late) = (id(&created[0]), id(&created[1]));
    // 11:30: the 09:00 booking auto-completed at 11:00, the 12:00 one is still running.
    clock.set(ts("2030-01-02T11:30:00Z"));
    let shown = api
        .get(&format!("/bookings/{late}?include=bulked_bookings"))
        .await
        .expect(200)
        .data();
    assert_eq!(shown["state"], "confirmed");
    let sibling = &shown["bulked_bookings"][0];
    assert_eq!(sibling["id"], json!(early));
    assert_eq!(sibling["state"], "completed", "{shown}");
    assert_eq!(sibling["completed"], true);
    assert_eq!(sibling["updated_at"], "2030-01-02T11:00:00+0000");
}
