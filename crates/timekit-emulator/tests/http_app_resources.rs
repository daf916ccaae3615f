//! `GET /app`, invites and the resource endpoints.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use jiff::SignedDuration;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, SeedApp};

#[tokio::test]
async fn get_app_returns_the_seeded_app() {
    let mut app = SeedApp::new("acme-scheduling");
    app.settings
        .insert("callback".into(), json!("https://example.com/cb"));
    let id = app.id.clone();
    let (_handle, api) = start_with(Emulator::builder().app(app)).await;
    let data = api.get("/app").await.expect(200).data();
    assert_eq!(data["id"], json!(id));
    assert_eq!(data["slug"], "acme-scheduling");
    assert_eq!(data["settings"]["callback"], "https://example.com/cb");
    assert_eq!(data["test_mode"], json!(true));
    assert_eq!(data["created_at"], "2030-01-01T09:00:00+0000");
}

#[tokio::test]
async fn invite_adds_directory_people_on_both_paths() {
    let (handle, api) =
        start_with(Emulator::builder().invite_directory(["Ann@Example.com", "bob@example.com"]))
            .await;
    let ann = api
        .post("/app/invite", json!({"email": "ann@example.com"}))
        .await
        .expect(200)
        .data();
    assert_eq!(ann["email"], "Ann@Example.com");
    assert_eq!(ann["name"], "Ann");
    assert_eq!(ann["timezone"], "UTC");
    // Inviting again re-sends the invitation: same resource, nothing new.
    let again = api
        .post("/apps/invite", json!({"email": "ANN@example.com"}))
        .await
        .expect(200)
        .data();
    assert_eq!(again["id"], ann["id"]);
    assert_eq!(handle.resource_count(), 1);
    let bob = api
        .post("/apps/invite", json!({"email": "bob@example.com"}))
        .await
        .expect(200)
        .data();
    assert_ne!(bob["id"], ann["id"]);
    // The invited resource is a normal resource.
    api.get(&format!("/resources/{}", bob["id"].as_str().unwrap()))
        .await
        .expect(200);
    assert_eq!(handle.resource_count(), 2);
}

#[tokio::test]
async fn invite_refuses_unknown_and_invalid_emails() {
    let (handle, api) = start_with(Emulator::builder().invite_directory(["ann@example.com"])).await;
    let unknown = api
        .post("/app/invite", json!({"email": "zed@example.com"}))
        .await
        .expect(404);
    assert_eq!(
        unknown.json(),
        json!({"error": "Resource does not exist", "model": "Resource"})
    );
    for body in [
        json!({}),
        json!({"email": ""}),
        json!({"email": "not-an-email"}),
        json!({"email": 7}),
    ] {
        let answer = api.post("/app/invite", body.clone()).await.expect(422);
        assert!(answer.json()["errors"]["email"].is_array(), "{body}");
    }
    // An e-mail of a resource created in the app is "already in the app".
    api.post(
        "/resources",
        json!({"name": "Cy", "timezone": "UTC", "email": "cy@example.com"}),
    )
    .await
    .expect(201);
    api.post("/app/invite", json!({"email": "cy@example.com"}))
        .await
        .expect(200);
    assert_eq!(handle.resource_count(), 1);
}

#[tokio::test]
async fn create_resource_validates_and_fills_defaults() {
    let (handle, api) = start().await;
    let created = api
        .post(
            "/resources",
            json!({"name": "Dr. Who", "timezone": "europe/berlin", "email": "who@example.com",
                   "meta": {"t_store_id": 145}, "tags": ["x"], "password": "secret",
                   "availability_constraints": [{"allow_hours": {"start": 9, "end": 17}}]}),
        )
        .await
        .expect(201)
        .data();
    assert_eq!(created["name"], "Dr. Who");
    assert_eq!(created["first_name"], "Dr. Who");
    assert_eq!(created["last_name"], "");
    assert_eq!(created["timezone"], "Europe/Berlin");
    assert_eq!(created["meta"], json!({"t_store_id": 145}));
    assert_eq!(created["created_at"], "2030-01-01T09:00:00+0000");
    assert!(created.get("password").is_none());
    assert!(created.get("availability_constraints").is_none());
    let id = created["id"].as_str().unwrap();
    assert_eq!(id.len(), 36);

    let with_includes = api
        .get(&format!(
            "/resources/{id}?include=availability_constraints,calendars"
        ))
        .await
        .expect(200)
        .data();
    assert_eq!(
        with_includes["availability_constraints"],
        json!([{"allow_hours": {"start": 9, "end": 17}}])
    );
    assert_eq!(with_includes["calendars"][0]["name"], "Bookings");

    let cases = [
        (json!({"timezone": "UTC"}), "name"),
        (json!({"name": "", "timezone": "UTC"}), "name"),
        (json!({"name": 3, "timezone": "UTC"}), "name"),
        (json!({"name": "x"}), "timezone"),
        (json!({"name": "x", "timezone": "Mars/Olympus"}), "timezone"),
        (
            json!({"name": "x", "timezone": "UTC", "email": "nope"}),
            "email",
        ),
        (json!({"name": "x", "timezone": "UTC", "meta": []}), "meta"),
        (
            json!({"name": "x", "timezone": "UTC", "availability_constraints": [1]}),
            "availability_constraints.0",
        ),
        (
            json!({"name": "x", "timezone": "UTC", "availability_constraints": [{"allow_hours": {"start": 9, "end": 17}}, {"allow_moonphase": {}}]}),
            "availability_constraints.1",
        ),
        (
            json!({"name": "x", "timezone": "UTC", "availability_constraints": {}}),
            "availability_constraints",
        ),
    ];
    for (body, field) in cases {
        let errors = api
            .post("/resources", body.clone())
            .await
            .expect(422)
            .json();
        let fields = errors["errors"].as_object().unwrap();
        assert!(
            fields.keys().any(|key| key.starts_with(field)),
            "{body} → {errors}"
        );
    }
    let duplicate = api
        .post(
            "/resources",
            json!({"name": "Twin", "timezone": "UTC", "email": "WHO@example.com"}),
        )
        .await
        .expect(422);
    assert_eq!(
        duplicate.json(),
        json!({"errors": {"email": ["Email already exists"]}})
    );
    assert_eq!(handle.resource_count(), 1);
}

#[tokio::test]
async fn update_resource_is_partial_and_keeps_the_email() {
    let (_handle, api, clock) = start_with_clock().await;
    let created = api
        .post(
            "/resources",
            json!({"name": "Ann", "timezone": "UTC", "email": "ann@example.com", "meta": {"a": 1}}),
        )
        .await
        .expect(201)
        .data();
    let path = format!("/resources/{}", created["id"].as_str().unwrap());
    clock.advance(SignedDuration::from_mins(5));
    let answer = api
        .put(
            &path,
            json!({"timezone": "America/New_York", "meta": {"b": 2}, "last_name": "Lee",
                           "email": "ann@example.com",
                           "availability_constraints": [{"block_weekends": {}}]}),
        )
        .await
        .expect(204);
    assert!(answer.body.is_empty());
    let after = api
        .get(&format!("{path}?include=availability_constraints"))
        .await
        .data();
    assert_eq!(after["name"], "Ann");
    assert_eq!(after["timezone"], "America/New_York");
    assert_eq!(after["last_name"], "Lee");
    assert_eq!(after["meta"], json!({"a": 1, "b": 2}));
    assert_eq!(
        after["availability_constraints"],
        json!([{"block_weekends": {}}])
    );
    assert_eq!(after["updated_at"], "2030-01-01T09:05:00+0000");
    assert_eq!(after["created_at"], "2030-01-01T09:00:00+0000");

    let refused = api
        .put(
            &path,
            json!({"email": "other@example.com", "name": "Changed"}),
        )
        .await
        .expect(422);
    assert_eq!(
        refused.json()["errors"]["email"],
        json!(["The email cannot be changed."])
    );
    for body in [
        json!({"timezone": "Nope/Nope"}),
        json!({"name": ""}),
        json!({"meta": "x"}),
    ] {
        api.put(&path, body).await.expect(422);
    }
    // Refused updates changed nothing.
    assert_eq!(api.get(&path).await.data()["name"], "Ann");
}

#[tokio::test]
async fn delete_resource_keeps_its_bookings() {
    let (handle, api) = start().await;
    let resource = api.resource("Gone").await;
    let booking = api.booking(booking_at(&resource, "instant", 10)).await;
    api.delete(&format!("/resources/{resource}"))
        .await
        .expect(204);
    api.get(&format!("/resources/{resource}")).await.expect(404);
    api.delete(&format!("/resources/{resource}"))
        .await
        .expect(404);
    assert_eq!(handle.resource_count(), 0);
    api.get(&format!("/bookings/{}", booking["id"].as_str().unwrap()))
        .await
        .expect(200);
    // New bookings for it are refused.
    let errors = api
        .post("/bookings", booking_at(&resource, "instant", 12))
        .await
        .expect(422)
        .json();
    assert!(errors["errors"]["resource_id"].is_array());
}

#[tokio::test]
async fn list_resources_paginates_searches_and_orders() {
    let (_handle, api, clock) = start_with_clock().await;
    for (index, name) in ["Carol", "alice", "Bob"].iter().enumerate() {
        api.post(
            "/resources",
            json!({"name": name, "timezone": "UTC", "meta": {"n": index}}),
        )
        .await
        .expect(201);
        clock.advance(SignedDuration::from_secs(1));
    }
    let names = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = api.get("/resources").await.expect(200).json();
    assert_eq!(all["total"], 3);
    assert_eq!(all["per_page"], 50);
    assert_eq!(
        names(&all),
        ["Bob", "alice", "Carol"],
        "newest first by default"
    );
    let by_name = api.get("/resources?orderBy=name&sortedBy=asc").await.json();
    assert_eq!(names(&by_name), ["alice", "Bob", "Carol"]);
    let page = api
        .get("/resources?limit=2&page=2&orderBy=name&sortedBy=asc")
        .await
        .json();
    assert_eq!(names(&page), ["Carol"]);
    assert_eq!(page["per_page"], "2");
    assert_eq!(
        page["prev_page_url"],
        format!(
            "{}/resources?limit=2&orderBy=name&sortedBy=asc&page=1",
            api.base
        )
    );
    assert_eq!(page["next_page_url"], Value::Null);
    let found = api.get("/resources?search=name:AL*").await.json();
    assert_eq!(names(&found), ["alice"]);
    let by_meta = api.get("/resources?search=meta.n:2").await.json();
    assert_eq!(names(&by_meta), ["Bob"]);
    // Keys Timekit does not search by are skipped (l5-repository), not refused.
    let unfiltered = api
        .get("/resources?search=colour:red")
        .await
        .expect(200)
        .json();
    assert_eq!(unfiltered["total"], page["total"]);
    api.get("/resources?orderBy=colour").await.expect(422);
    api.get("/resources?limit=1001").await.expect(422);
}
