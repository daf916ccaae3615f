//! Accounts, apps, e-mail templates and the resource extras over HTTP (issue 16,
//! timekit-api-more.md §5.7, §5.12–§5.14).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::start;
use http::Method;
use serde_json::json;

#[tokio::test]
async fn accounts_are_empty_and_syncs_sync_nothing() {
    let (_handle, api) = start().await;
    assert_eq!(
        api.get("/accounts").await.expect(200).json(),
        json!({"data": []})
    );
    for path in ["/accounts/sync", "/accounts/microsoft/sync"] {
        let answer = api.post(path, json!({})).await.expect(200).json();
        assert_eq!(
            answer,
            json!({"data": {"description": "Synced 0 events", "count": 0}})
        );
    }
    api.send(Method::GET, "/accounts", None, None)
        .await
        .expect(401);
}

#[tokio::test]
async fn apps_list_create_update_by_slug_and_delete() {
    let (_handle, api) = start().await;
    let own = api.get("/app").await.expect(200).data();
    let slug = own["slug"].as_str().unwrap().to_owned();
    let apps = api.get("/apps").await.expect(200).data();
    assert_eq!(apps.as_array().unwrap().len(), 1);
    assert_eq!(apps[0]["slug"], slug.as_str());
    let created = api
        .post(
            "/apps",
            json!({"name": "My Shop!", "settings": {"disableEmail": true}}),
        )
        .await
        .expect(201)
        .data();
    assert_eq!(created["slug"], "my-shop");
    assert_eq!(created["settings"]["name"], "My Shop!");
    assert_eq!(created["settings"]["disableEmail"], true);
    let second = api
        .post("/apps", json!({"name": "my shop"}))
        .await
        .expect(201)
        .data();
    assert_eq!(second["slug"], "my-shop-2", "slugs stay unique");
    assert_eq!(
        api.get("/apps")
            .await
            .expect(200)
            .data()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // Updating the emulator's own app shows in GET /app.
    api.put(
        &format!("/apps/{slug}"),
        json!({"settings": {"disableEmail": true, "callback": "https://example.com/hook"}}),
    )
    .await
    .expect(204);
    let updated = api.get("/app").await.expect(200).data();
    assert_eq!(updated["settings"]["disableEmail"], true);
    assert_eq!(updated["settings"]["callback"], "https://example.com/hook");
    api.put("/apps/my-shop", json!({"settings": {"name": ""}}))
        .await
        .expect(422);
    api.put("/apps/nope", json!({"settings": {}}))
        .await
        .expect(404);
    api.post("/apps", json!({})).await.expect(422);
    api.delete("/apps/my-shop").await.expect(204);
    assert_eq!(
        api.delete("/apps/my-shop").await.expect(404).json()["model"],
        "App"
    );
    api.delete(&format!("/apps/{slug}")).await.expect(403);
    // `/apps/invite` is still the invite alias, not an app slug.
    api.post("/apps/invite", json!({"email": "nobody@example.com"}))
        .await
        .expect(404);
}

#[tokio::test]
async fn templates_are_seeded_per_booking_event_and_update_partially() {
    let (_handle, api) = start().await;
    let templates = api.get("/templates").await.expect(200).data();
    let slugs: Vec<&str> = templates
        .as_array()
        .unwrap()
        .iter()
        .map(|template| template["slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"booking_created_customer"), "{slugs:?}");
    assert!(slugs.contains(&"booking_confirmed_owner"), "{slugs:?}");
    let mut sorted = slugs.clone();
    sorted.sort_unstable();
    assert_eq!(slugs, sorted, "by slug");
    let one = api
        .get("/templates/booking_created_customer")
        .await
        .expect(200)
        .data();
    assert_eq!(one["locale"], "en");
    api.put(
        "/templates/booking_created_customer",
        json!({"subject": "Thanks!"}),
    )
    .await
    .expect(204);
    let changed = api
        .get("/templates/booking_created_customer")
        .await
        .expect(200)
        .data();
    assert_eq!(changed["subject"], "Thanks!");
    assert_eq!(changed["body"], one["body"], "partial");
    api.put("/templates/booking_created_customer", json!({"body": 3}))
        .await
        .expect(422);
    let missing = api.get("/templates/nope").await.expect(404).json();
    assert_eq!(missing["model"], "Template");
    api.put("/templates/nope", json!({})).await.expect(404);
}

#[tokio::test]
async fn resource_timezone_by_email_raw_or_encoded_and_password_reset() {
    let (_handle, api) = start().await;
    for (name, email, zone) in [
        ("Marty", "marty@example.com", "America/Los_Angeles"),
        ("Raj", "raj@example.com", "Asia/Kolkata"),
    ] {
        let body = json!({"name": name, "email": email, "timezone": zone});
        api.post("/resources", body).await.expect(201);
    }
    // NOW is 2030-01-01: Los Angeles is on standard time.
    for path in [
        "/resources/timezone/marty@example.com",
        "/resources/timezone/marty%40example.com",
        "/resources/timezone/MARTY@example.com",
    ] {
        let answer = api.get(path).await.expect(200).json();
        assert_eq!(
            answer,
            json!({"data": {"timezone": "America/Los_Angeles", "utc_offset": -8}}),
            "{path}"
        );
    }
    let raj = api
        .get("/resources/timezone/raj@example.com")
        .await
        .expect(200)
        .data();
    assert_eq!(raj["utc_offset"], 5.5);
    let missing = api
        .get("/resources/timezone/nobody@example.com")
        .await
        .expect(404)
        .json();
    assert_eq!(missing["model"], "Resource");
    api.post(
        "/resources/resetpassword",
        json!({"email": "marty@example.com"}),
    )
    .await
    .expect(204);
    api.post(
        "/resources/resetpassword",
        json!({"email": "nobody@example.com"}),
    )
    .await
    .expect(404);
    api.post("/resources/resetpassword", json!({"email": "not-an-email"}))
        .await
        .expect(422);
}
