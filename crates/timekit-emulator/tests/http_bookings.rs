//! Booking create/get/meta/delete, validation, double bookings, group seats, and the
//! clock-driven transitions (auto-complete, payment timeout).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use jiff::SignedDuration;
use serde_json::{Value, json};

fn id_of(booking: &Value) -> String {
    booking["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn create_returns_the_booking_with_derived_fields_and_includes() {
    let (handle, api) = start().await;
    let resource = api.resource("Room").await;
    let mut body = booking_at(&resource, "confirm_decline", 10);
    body["meta"] = json!({"order_ref": "A-17"});
    let answer = api
        .post(
            "/bookings?include=attributes,customers,event,logs,user",
            body,
        )
        .await
        .expect(201);
    let data = answer.data();
    assert_eq!(data["graph"], "confirm_decline");
    assert_eq!(data["state"], "tentative");
    assert_eq!(data["completed"], false);
    assert_eq!(data["possible_actions"], json!(["decline", "confirm"]));
    assert_eq!(data["meta"], json!({"order_ref": "A-17"}));
    assert_eq!(data["created_at"], "2030-01-01T09:00:00+0000");
    assert_eq!(data["updated_at"], "2030-01-01T09:00:00+0000");
    let event = &data["attributes"]["event_info"];
    assert_eq!(event["start"], "2030-01-02T10:00:00+00:00");
    assert_eq!(event["end"], "2030-01-02T11:00:00+00:00");
    assert_eq!(event["what"], "Consultation");
    assert_eq!(event["where"], "Room 2");
    assert_eq!(event["description"], "First visit");
    assert_eq!(data["event"]["what"], "Consultation");
    let customer = &data["customers"][0];
    assert_eq!(customer["name"], "Jane Roe");
    assert_eq!(customer["email"], "jane@example.com");
    assert_eq!(customer["id"].as_str().unwrap().len(), 36);
    assert_eq!(data["logs"][0]["action"], "create");
    assert_eq!(data["user"]["id"], json!(resource));

    // Without include only the core fields are present.
    let plain = api
        .get(&format!("/bookings/{}", id_of(&data)))
        .await
        .expect(200)
        .data();
    for key in ["attributes", "customers", "event", "logs", "user"] {
        assert!(plain.get(key).is_none(), "{key}");
    }
    assert_eq!(plain["state"], "tentative");
    // Event times keep the instant and the offset they were sent with, in its spelling.
    let mut shifted = booking_at(&resource, "confirm_decline", 10);
    shifted["start"] = json!("2030-01-02T12:00:00+02:00");
    shifted["end"] = json!("2030-01-02T12:30:00+0200");
    let data = api
        .post("/bookings?include=attributes", shifted)
        .await
        .expect(201)
        .data();
    assert_eq!(
        data["attributes"]["event_info"]["start"],
        "2030-01-02T12:00:00+02:00"
    );
    assert_eq!(
        data["attributes"]["event_info"]["end"],
        "2030-01-02T12:30:00+0200"
    );
    assert_eq!(handle.booking_count(), 2);
    assert_eq!(handle.bookings()[0]["resource_id"], json!(resource));
}

#[tokio::test]
async fn create_validation_names_the_fields_and_stores_nothing() {
    let (handle, api) = start().await;
    let resource = api.resource("Room").await;
    let base = booking_at(&resource, "instant", 10);
    let with = |patch: Value| {
        let mut body = base.clone();
        for (key, value) in patch.as_object().unwrap() {
            if value.is_null() {
                body.as_object_mut().unwrap().remove(key);
            } else {
                body[key] = value.clone();
            }
        }
        body
    };
    let cases = [
        (with(json!({"resource_id": null})), "resource_id"),
        (
            with(json!({"resource_id": "no-such-resource"})),
            "resource_id",
        ),
        (with(json!({"graph": null})), "graph"),
        (with(json!({"graph": "instantly"})), "graph"),
        (with(json!({"start": null})), "start"),
        (with(json!({"start": "tomorrow"})), "start"),
        (with(json!({"start": "2030-01-02T10:00:00"})), "start"),
        (with(json!({"end": 5})), "end"),
        (with(json!({"end": "2030-01-02T09:00:00Z"})), "end"),
        (with(json!({"end": "2030-01-02T10:00:00Z"})), "end"),
        (with(json!({"customer": null})), "customer.name"),
        (
            with(json!({"customer": {"email": "jane@example.com"}})),
            "customer.name",
        ),
        (
            with(json!({"customer": {"name": "Jane"}})),
            "customer.email",
        ),
        (
            with(json!({"customer": {"name": "Jane", "email": "jane"}})),
            "customer.email",
        ),
        (with(json!({"customer": "Jane"})), "customer"),
        (with(json!({"meta": [1]})), "meta"),
        (with(json!({"what": 3})), "what"),
        (
            with(json!({"settings": {"allow_double_bookings": "yes"}})),
            "settings.allow_double_bookings",
        ),
        (
            with(json!({"auto_complete_one_hour_after_booking_ends": {"enabled": "no"}})),
            "auto_complete_one_hour_after_booking_ends.enabled",
        ),
    ];
    for (body, field) in cases {
        let json = api.post("/bookings", body.clone()).await.expect(422).json();
        assert!(
            json["errors"][field].is_array(),
            "expected {field} in {json} for {body}"
        );
    }
    // Several problems are reported together.
    let json = api.post("/bookings", json!({})).await.expect(422).json();
    for field in ["graph", "resource_id", "start", "end"] {
        assert!(json["errors"][field].is_array(), "{field} in {json}");
    }
    assert_eq!(handle.booking_count(), 0);
    // A group owner slot needs no customer; legacy `event` nesting is understood.
    let owner = json!({"resource_id": resource, "graph": "group_owner",
        "event": {"start": "2030-01-03T10:00:00Z", "end": "2030-01-03T11:00:00Z", "what": "Yoga"}});
    let created = api
        .post("/bookings?include=attributes", owner)
        .await
        .expect(201)
        .data();
    assert_eq!(created["attributes"]["event_info"]["what"], "Yoga");
}

#[tokio::test]
async fn overlapping_blocking_bookings_are_refused_unless_allowed() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    let other_room = api.resource("Other").await;
    api.booking(booking_at(&room, "instant", 10)).await;
    let mut overlapping = booking_at(&room, "instant", 10);
    overlapping["start"] = json!("2030-01-02T10:30:00Z");
    overlapping["end"] = json!("2030-01-02T11:30:00Z");
    let refused = api
        .post("/bookings", overlapping.clone())
        .await
        .expect(422)
        .json();
    assert_eq!(
        refused,
        json!({"errors": {"start": ["The resource is already booked in this time slot."]},
               "action": "save_booking_data"})
    );
    // Back to back is fine, so is another resource, so is an unconfirmed request.
    api.booking(booking_at(&room, "instant", 11)).await;
    api.booking(booking_at(&other_room, "instant", 10)).await;
    let tentative = api.booking(booking_at(&room, "confirm_decline", 10)).await;
    assert_eq!(tentative["state"], "tentative");
    // settings.allow_double_bookings lets it through.
    overlapping["settings"] = json!({"allow_double_bookings": true});
    api.booking(overlapping).await;
    // A cancelled booking frees its slot.
    let later = api.booking(booking_at(&room, "instant", 15)).await;
    api.post("/bookings", booking_at(&room, "instant", 15))
        .await
        .expect(422);
    api.action(&id_of(&later), "cancel").await.expect(200);
    api.booking(booking_at(&room, "instant", 15)).await;
    assert_eq!(handle.booking_count(), 7);
}

#[tokio::test]
async fn confirming_a_request_needs_its_slot_to_be_still_free() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    // A tentative request does not hold the slot, so an instant booking may take it.
    let request = id_of(&api.booking(booking_at(&room, "confirm_decline", 10)).await);
    let mut taker = booking_at(&room, "instant", 10);
    taker["start"] = json!("2030-01-02T10:30:00Z");
    taker["end"] = json!("2030-01-02T11:30:00Z");
    let taker = id_of(&api.booking(taker).await);
    // Confirming the request now would double-book the room: refused, nothing changes.
    let refused = api.action(&request, "confirm").await.expect(422).json();
    assert_eq!(
        refused,
        json!({"error": "The resource is already booked in this time slot."})
    );
    let shown = api
        .get(&format!("/bookings/{request}?include=logs"))
        .await
        .data();
    assert_eq!(shown["state"], "tentative");
    assert_eq!(shown["logs"].as_array().unwrap().len(), 1, "{shown}");
    // Once the other booking lets go of the slot, the confirm goes through.
    api.action(&taker, "cancel").await.expect(200);
    let confirmed = api.action(&request, "confirm").await.expect(200).data();
    assert_eq!(confirmed["state"], "confirmed");
    // A request created with allow_double_bookings may be confirmed over a booked slot, and
    // the other request can still be declined.
    let mut relaxed = booking_at(&room, "confirm_decline", 10);
    relaxed["settings"] = json!({"allow_double_bookings": true});
    let relaxed = id_of(&api.booking(relaxed).await);
    let strict = id_of(&api.booking(booking_at(&room, "confirm_decline", 10)).await);
    api.action(&relaxed, "confirm").await.expect(200);
    api.action(&strict, "confirm").await.expect(422);
    api.action(&strict, "decline").await.expect(200);
}

#[tokio::test]
async fn group_seats_follow_their_owner() {
    let (_handle, api) = start().await;
    let room = api.resource("Studio").await;
    let mut owner = booking_at(&room, "group_owner", 18);
    owner["settings"] = json!({"max_seats": 2});
    let owner = api.booking(owner).await;
    assert_eq!(owner["state"], "tentative");
    let owner_id = id_of(&owner);
    let seat = |customer: &str| {
        json!({"graph": "group_customer", "related": {"owner_booking_id": owner_id},
               "customer": {"name": customer, "email": format!("{customer}@example.com")}})
    };
    let first = api
        .post("/bookings?include=attributes", seat("ann"))
        .await
        .expect(201)
        .data();
    assert_eq!(first["state"], "confirmed");
    assert_eq!(first["related"]["owner_booking_id"], json!(owner_id));
    assert_eq!(
        first["attributes"]["event_info"]["start"],
        "2030-01-02T18:00:00+00:00"
    );
    let second = api.booking(seat("bob")).await;
    let full = api.post("/bookings", seat("cy")).await.expect(422).json();
    assert_eq!(
        full["errors"]["related.owner_booking_id"],
        json!(["The group booking is full."])
    );
    let shown = api
        .get(&format!("/bookings/{owner_id}?include=attributes"))
        .await
        .data();
    assert_eq!(
        shown["attributes"]["group_booking"],
        json!({"max_seats": 2, "current_seats": 2})
    );
    // A cancelled seat is free again; a seat must use its owner's resource.
    api.action(&id_of(&second), "cancel_by_customer")
        .await
        .expect(200);
    let mut other_resource = seat("eve");
    other_resource["resource_id"] = json!(api.resource("Elsewhere").await);
    assert!(
        api.post("/bookings", other_resource)
            .await
            .expect(422)
            .json()["errors"]["resource_id"]
            .is_array()
    );
    api.booking(seat("cy")).await;
    // Seats need a real, open group owner.
    let missing = api
        .post(
            "/bookings",
            json!({"graph": "group_customer", "customer": {"name": "x", "email": "x@example.com"}}),
        )
        .await;
    assert!(missing.expect(422).json()["errors"]["related.owner_booking_id"].is_array());
    let not_owner = api.booking(booking_at(&room, "instant", 8)).await;
    let mut wrong = seat("dee");
    wrong["related"]["owner_booking_id"] = not_owner["id"].clone();
    api.post("/bookings", wrong).await.expect(422);
    api.action(&owner_id, "cancel").await.expect(200);
    let closed = api.post("/bookings", seat("fay")).await.expect(422).json();
    assert_eq!(
        closed["errors"]["related.owner_booking_id"],
        json!(["The group booking is no longer open."])
    );
}

#[tokio::test]
async fn meta_update_merges_shallowly() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let mut body = booking_at(&room, "instant", 10);
    body["meta"] = json!({"a": 1, "nested": {"x": 1}});
    let id = id_of(&api.booking(body).await);
    let path = format!("/bookings/{id}");
    let updated = api
        .put(
            &path,
            json!({"meta": {"b": "two", "nested": {"y": 2}, "a": null}, "graph": "ignored"}),
        )
        .await
        .expect(200)
        .data();
    assert_eq!(
        updated["meta"],
        json!({"a": null, "b": "two", "nested": {"y": 2}})
    );
    assert_eq!(updated["graph"], "instant");
    assert_eq!(api.get(&path).await.data()["meta"], updated["meta"]);
    for body in [json!({}), json!({"meta": "x"}), json!({"meta": [1]})] {
        assert!(api.put(&path, body).await.expect(422).json()["errors"]["meta"].is_array());
    }
}

#[tokio::test]
async fn delete_only_in_a_final_state() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    let id = id_of(&api.booking(booking_at(&room, "confirm_decline", 10)).await);
    let path = format!("/bookings/{id}");
    let refused = api.delete(&path).await.expect(422);
    assert_eq!(
        refused.json(),
        json!({"error": "Only bookings in a final state can be deleted"})
    );
    api.action(&id, "confirm").await.expect(200);
    api.delete(&path).await.expect(422);
    api.action(&id, "cancel").await.expect(200);
    let gone = api.delete(&path).await.expect(204);
    assert!(gone.body.is_empty());
    api.get(&path).await.expect(404);
    api.delete(&path).await.expect(404);
    assert_eq!(handle.booking_count(), 0);
    // A declined booking is deletable (the live API allows it too).
    let declined = id_of(&api.booking(booking_at(&room, "confirm_decline", 12)).await);
    api.action(&declined, "decline").await.expect(200);
    api.delete(&format!("/bookings/{declined}"))
        .await
        .expect(204);
}

#[tokio::test]
async fn action_bodies_are_recorded_and_may_be_empty_or_keyed() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let id = id_of(&api.booking(booking_at(&room, "instant", 10)).await);
    let answer = api
        .put(
            &format!("/bookings/{id}/cancel?include=logs"),
            json!({"cancel": {"message": "ill"}}),
        )
        .await
        .expect(200)
        .data();
    assert_eq!(answer["state"], "cancelled");
    assert_eq!(answer["completed"], true);
    assert_eq!(answer["possible_actions"], json!([]));
    assert_eq!(answer["logs"][1]["input"], json!({"message": "ill"}));
    // An empty body is the same as {}.
    let other = id_of(&api.booking(booking_at(&room, "instant", 12)).await);
    let empty = api
        .send(
            http::Method::PUT,
            &format!("/bookings/{other}/complete"),
            None,
            Some(&api.auth),
        )
        .await
        .expect(200);
    assert_eq!(empty.data()["state"], "completed");
}

#[tokio::test]
async fn bookings_auto_complete_one_hour_after_they_end() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    // Ends 2030-01-02T11:00Z; completes at 12:00Z.
    let confirmed = id_of(&api.booking(booking_at(&room, "instant", 10)).await);
    let mut no_auto = booking_at(&room, "instant", 12);
    no_auto["auto_complete_one_hour_after_booking_ends"] = json!({"enabled": false});
    let manual = id_of(&api.booking(no_auto).await);
    let tentative = id_of(&api.booking(booking_at(&room, "confirm_decline", 10)).await);

    handle.clock().set(ts("2030-01-02T11:59:59Z"));
    assert_eq!(
        api.get(&format!("/bookings/{confirmed}")).await.data()["state"],
        "confirmed"
    );
    handle.clock().set(ts("2030-01-02T12:00:00Z"));
    let done = api
        .get(&format!("/bookings/{confirmed}?include=logs"))
        .await
        .data();
    assert_eq!(done["state"], "completed");
    assert_eq!(done["completed"], true);
    assert_eq!(done["updated_at"], "2030-01-02T12:00:00+0000");
    assert_eq!(done["logs"][1]["automatic"], true);

    handle.clock().advance(SignedDuration::from_hours(48));
    assert_eq!(
        api.get(&format!("/bookings/{manual}")).await.data()["state"],
        "confirmed"
    );
    // Tentative requests are not completable, so they stay.
    assert_eq!(
        api.get(&format!("/bookings/{tentative}")).await.data()["state"],
        "tentative"
    );
    // Actions see the completed state, and lists do too.
    let refused = api.action(&confirmed, "cancel").await.expect(422).json();
    assert_eq!(
        refused["error"],
        "Cannot apply action 'cancel' to current state 'completed'"
    );
    let list = api.get("/bookings?search=state:completed").await.json();
    assert_eq!(list["total"], 1);
    // Auto-completed bookings can be deleted.
    api.delete(&format!("/bookings/{confirmed}"))
        .await
        .expect(204);
}

#[tokio::test]
async fn a_booking_created_long_after_its_end_is_completed_at_once() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let mut past = booking_at(&room, "instant", 10);
    past["start"] = json!("2029-12-31T10:00:00Z");
    past["end"] = json!("2029-12-31T11:00:00Z");
    let data = api.booking(past).await;
    assert_eq!(data["state"], "completed");
}

#[tokio::test]
async fn payment_bookings_time_out_after_five_minutes_unless_paid() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    let mut body = booking_at(&room, "instant_payment", 10);
    let unpaid = id_of(&api.booking(body.clone()).await);
    body["start"] = json!("2030-01-02T12:00:00Z");
    body["end"] = json!("2030-01-02T13:00:00Z");
    let paid = id_of(&api.booking(body).await);
    let paid_answer = api
        .put(
            &format!("/bookings/{paid}/pay"),
            json!({"pay": {"payment_id": "pi_123"}}),
        )
        .await
        .expect(200);
    assert_eq!(paid_answer.data()["state"], "paid");
    // The tentative payment booking holds its slot.
    api.post("/bookings", booking_at(&room, "instant", 10))
        .await
        .expect(422);
    handle.clock().advance(SignedDuration::from_mins(4));
    assert_eq!(
        api.get(&format!("/bookings/{unpaid}")).await.data()["state"],
        "tentative"
    );
    handle.clock().advance(SignedDuration::from_mins(1));
    let timed_out = api.get(&format!("/bookings/{unpaid}")).await.data();
    assert_eq!(timed_out["state"], "unpaid");
    assert_eq!(timed_out["completed"], true);
    assert_eq!(
        api.get(&format!("/bookings/{paid}")).await.data()["state"],
        "paid"
    );
    // The slot is free again.
    api.booking(booking_at(&room, "instant", 10)).await;
}

#[tokio::test]
async fn availability_sees_timeouts_and_deleted_resources() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    api.booking(booking_at(&room, "instant_payment", 10)).await;
    let query = json!({"mode": "mutual", "resources": [room],
        "from": "2030-01-02T10:00:00Z", "to": "2030-01-02T11:00:00Z", "length": "1 hour"});
    let held = api.post("/availability", query.clone()).await.expect(200);
    assert_eq!(
        held.data(),
        json!([]),
        "a tentative payment booking holds the slot"
    );
    handle.clock().advance(SignedDuration::from_mins(5));
    let freed = api
        .post("/availability", query.clone())
        .await
        .expect(200)
        .data();
    assert_eq!(
        freed.as_array().unwrap().len(),
        1,
        "timed out: the slot is free"
    );
    assert_eq!(freed[0]["start"], "2030-01-02T10:00:00+00:00");
    api.delete(&format!("/resources/{room}")).await.expect(204);
    let gone = api.post("/availability", query).await.expect(404).json();
    assert_eq!(gone["model"], "Resource");
    api.send(
        http::Method::POST,
        "/availability",
        Some(b"{}".to_vec()),
        None,
    )
    .await
    .expect(401);
}

#[tokio::test]
async fn seeding_more_bookings_than_time_allows_is_refused_and_stores_nothing() {
    let (handle, _api) = start().await;
    let room = handle.seed_resource("Room", "UTC").unwrap();
    // A few fit before the end of representable time; then the range error, not a panic.
    let refused = handle
        .seed_bookings(
            &room,
            usize::MAX,
            ts("9999-12-28T00:00:00Z"),
            SignedDuration::from_hours(6),
        )
        .unwrap_err();
    assert_eq!(
        refused.body,
        json!({"errors": {"end": ["The end is out of range."]}})
    );
    assert_eq!(handle.booking_count(), 0);
    let unknown = handle
        .seed_bookings(
            "nope",
            3,
            ts("2030-01-01T00:00:00Z"),
            SignedDuration::from_hours(1),
        )
        .unwrap_err();
    assert!(
        unknown.body["errors"]["resource_id"].is_array(),
        "{}",
        unknown.body
    );
}
