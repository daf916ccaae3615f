//! Projects over HTTP: CRUD, search, hosted/embed, project resources (incl. the bare-array
//! replace), and `project_id` defaults in `/availability` and `/bookings`.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use http::Method;
use serde_json::{Value, json};

async fn project(api: &Api, body: Value) -> Value {
    api.post("/projects", body).await.expect(201).data()
}

#[tokio::test]
async fn create_get_update_delete() {
    let (_emulator, api) = start().await;
    let r1 = api.resource("Anna").await;
    let created = project(
        &api,
        json!({
            "name": "Haircut 30 min",
            "resources": [r1],
            "availability": {"length": "30 minutes", "mode": "roundrobin_random"},
            "availability_constraints": [{"allow_hours": {"start": 9, "end": 17}}],
            "booking": {"graph": "instant", "what": "Haircut", "where": "Main St 1"},
            "meta": {"t_store_id": "145"},
            "reservation_time": 300,
        }),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["slug"], "haircut-30-min");
    assert_eq!(created["resources"], json!([r1]));
    assert_eq!(created["booking"]["graph"], "instant");
    assert_eq!(created["allow_double_bookings"], false);
    assert_eq!(created["reservation_time"], 300);
    assert!(created.get("app_key").is_none());

    let got = api.get(&format!("/projects/{id}")).await.expect(200).data();
    assert_eq!(got, created);

    let answer = api
        .put(
            &format!("/projects/{id}"),
            json!({"name": "Haircut", "meta": {"extra": 1}, "availability_constraints": []}),
        )
        .await
        .expect(204);
    assert!(answer.body.is_empty());
    let got = api.get(&format!("/projects/{id}")).await.expect(200).data();
    assert_eq!(got["name"], "Haircut");
    assert_eq!(got["slug"], "haircut-30-min", "the slug stays");
    assert_eq!(got["meta"], json!({"t_store_id": "145", "extra": 1}));
    assert_eq!(got["availability_constraints"], json!([]));
    assert_eq!(got["availability"]["length"], "30 minutes");

    api.delete(&format!("/projects/{id}")).await.expect(204);
    let missing = api.get(&format!("/projects/{id}")).await.expect(404);
    assert_eq!(
        missing.json(),
        json!({"error": "Resource does not exist", "model": "Project"})
    );
    api.delete(&format!("/projects/{id}")).await.expect(404);
    api.put(&format!("/projects/{id}"), json!({}))
        .await
        .expect(404);
}

#[tokio::test]
async fn validation_and_slugs() {
    let (_emulator, api) = start().await;
    let answer = api
        .post(
            "/projects",
            json!({
                "resources": ["nope"],
                "availability": {"length": "0 minutes"},
                "availability_constraints": [{"allow_moons": {}}],
                "booking": {"graph": "reservation"},
                "reservation_time": -3,
            }),
        )
        .await
        .expect(422);
    let errors = answer.json()["errors"].clone();
    for field in [
        "name",
        "resources.0",
        "availability.length",
        "availability_constraints.0.allow_moons",
        "booking.graph",
        "reservation_time",
    ] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    // Default slugs are made unique; a given slug must be free.
    let a = project(&api, json!({"name": "Yoga"})).await;
    let b = project(&api, json!({"name": "Yoga!"})).await;
    assert_eq!(a["slug"], "yoga");
    assert_eq!(b["slug"], "yoga-2");
    let taken = api
        .post("/projects", json!({"name": "x", "slug": "yoga"}))
        .await
        .expect(422);
    assert!(taken.json()["errors"]["slug"].is_array());
    api.post("/projects", json!({"name": "x", "slug": "a b"}))
        .await
        .expect(422);
    let id = b["id"].as_str().unwrap();
    api.put(&format!("/projects/{id}"), json!({"slug": "yoga"}))
        .await
        .expect(422);
    api.put(&format!("/projects/{id}"), json!({"slug": "yoga-2"}))
        .await
        .expect(204);
}

#[tokio::test]
async fn list_search_and_pages() {
    let (_emulator, api) = start().await;
    let location = api
        .post("/locations", json!({"name": "Main St"}))
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let service = api
        .post("/location/services", json!({"name": "Haircut"}))
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let linked = project(
        &api,
        json!({"name": "Main St haircut", "locations": [location], "services": [service],
               "meta": {"kind": "cut"}}),
    )
    .await;
    project(
        &api,
        json!({"name": "Main St other", "locations": [location]}),
    )
    .await;
    project(&api, json!({"name": "Elsewhere"})).await;

    let all = api.get("/projects").await.expect(200).json();
    assert_eq!(all["total"], 3);
    assert_eq!(all["per_page"], 50);
    assert_eq!(all["data"][0]["name"], "Elsewhere", "newest first");

    let search = format!("/projects?search=locations.uuid:{location};services.uuid:{service}");
    let found = api.get(&search).await.expect(200).json();
    assert_eq!(found["total"], 1);
    assert_eq!(found["data"][0]["id"], linked["id"]);
    let by_location = api
        .get(&format!("/projects?search=locations.uuid:{location}"))
        .await
        .expect(200)
        .json();
    assert_eq!(by_location["total"], 2);
    for (query, total) in [
        ("name:main*", 2),
        ("name:MAIN%20ST%20HAIRCUT", 1),
        ("slug:elsewhere", 1),
        ("meta.kind:cut", 1),
        ("id:nope", 0),
    ] {
        let answer = api
            .get(&format!("/projects?search={query}"))
            .await
            .expect(200);
        assert_eq!(answer.json()["total"], total, "{query}");
    }
    api.get("/projects?search=colour:red").await.expect(422);
    let page = api.get("/projects?limit=2&page=2").await.expect(200).json();
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["current_page"], 2);
}

#[tokio::test]
async fn hosted_needs_no_key_and_embed_does() {
    let (emulator, api) = start().await;
    let created = project(&api, json!({"name": "Front desk", "slug": "front-desk"})).await;
    let id = created["id"].as_str().unwrap();

    let hosted = api
        .send(Method::GET, "/projects/hosted/front-desk", None, None)
        .await
        .expect(200)
        .data();
    assert_eq!(hosted["id"], created["id"]);
    // The public route hands out the widget key, never the secret API key (§3.2, §5.2.1).
    assert_eq!(hosted["app_key"], emulator.widget_key());
    assert_ne!(hosted["app_key"], emulator.api_key());
    let missing = api
        .send(Method::GET, "/projects/hosted/nope", None, None)
        .await
        .expect(404);
    assert_eq!(
        missing.json(),
        json!({"error": "Resource does not exist", "model": "Widget"})
    );

    let embedded = api
        .get(&format!("/projects/embed/{id}"))
        .await
        .expect(200)
        .data();
    assert_eq!(embedded, hosted);
    api.send(Method::GET, &format!("/projects/embed/{id}"), None, None)
        .await
        .expect(401);
    let missing = api.get("/projects/embed/nope").await.expect(404);
    assert_eq!(missing.json()["model"], "Widget");
    // The SDK's trailing slash is tolerated.
    api.get(&format!("/projects/embed/{id}/")).await.expect(200);
}

#[tokio::test]
async fn project_resources_add_list_replace_remove() {
    let (_emulator, api) = start().await;
    let (r1, r2, r3) = (
        api.resource("One").await,
        api.resource("Two").await,
        api.resource("Three").await,
    );
    let id = project(&api, json!({"name": "Team"})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/projects/{id}/resources");

    let added = api
        .post(&path, json!({"resource_id": r1}))
        .await
        .expect(201)
        .data();
    assert_eq!(added["resources"], json!([r1]));
    // Idempotent: 200 and no duplicate.
    let again = api
        .post(&path, json!({"resource_id": r1}))
        .await
        .expect(200)
        .data();
    assert_eq!(again["resources"], json!([r1]));
    api.post(&path, json!({"resource_id": "nope"}))
        .await
        .expect(422);
    api.post(&path, json!({})).await.expect(422);
    api.post("/projects/nope/resources", json!({"resource_id": r1}))
        .await
        .expect(404);

    let listed = api.get(&path).await.expect(200).data();
    assert_eq!(listed[0]["id"], r1);
    assert_eq!(listed[0]["name"], "One");
    assert!(listed[0]["timezone"].is_string());

    // The bare JSON array the JS SDK sends replaces the set.
    let bare = format!("[\"{r2}\", \"{r3}\", \"{r2}\"]").into_bytes();
    let answer = api
        .send(Method::PUT, &path, Some(bare), Some(&api.auth))
        .await
        .expect(204);
    assert!(answer.body.is_empty());
    let ids: Vec<Value> = api
        .get(&path)
        .await
        .expect(200)
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|resource| resource["id"].clone())
        .collect();
    assert_eq!(ids, [json!(r2), json!(r3)]);
    // The object form is tolerated; an empty list clears the set.
    api.put(&path, json!({"resources": [r1]})).await.expect(204);
    assert_eq!(
        api.get(&path)
            .await
            .expect(200)
            .data()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    api.send(Method::PUT, &path, Some(b"[]".to_vec()), Some(&api.auth))
        .await
        .expect(204);
    assert_eq!(api.get(&path).await.expect(200).data(), json!([]));
    // Bad bodies change nothing.
    api.put(&path, json!({"resources": ["nope"]}))
        .await
        .expect(422);
    api.put(&path, json!({"other": 1})).await.expect(422);
    api.send(Method::PUT, &path, Some(b"3".to_vec()), Some(&api.auth))
        .await
        .expect(400);
    // Arrays stay refused everywhere else.
    api.send(Method::POST, &path, Some(b"[]".to_vec()), Some(&api.auth))
        .await
        .expect(400);

    api.put(&path, json!({"resources": [r1, r2]}))
        .await
        .expect(204);
    api.delete(&format!("{path}/{r1}")).await.expect(204);
    let missing = api.delete(&format!("{path}/{r1}")).await.expect(404);
    assert_eq!(missing.json()["model"], "Resource");
    assert_eq!(
        api.get(&format!("/projects/{id}")).await.expect(200).data()["resources"],
        json!([r2])
    );
}

#[tokio::test]
async fn availability_and_bookings_take_project_defaults() {
    let (_emulator, api) = start().await;
    let r1 = api.resource("Anna").await;
    let r2 = api.resource("Ben").await;
    let created = project(
        &api,
        json!({
            "name": "Consultation",
            "resources": [r1],
            "availability": {"length": "30 minutes", "from": "2030-01-07T09:00:00Z",
                             "to": "2030-01-07T11:00:00Z", "mode": "roundrobin_prioritized"},
            "availability_constraints": [{"block_hours": {"start": 10, "end": 24}}],
            "booking": {"graph": "instant", "what": "Consultation", "where": "Room 1",
                        "description": "From the project"},
            "allow_double_bookings": false,
        }),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();

    // Only the project: its resources, window, length and constraints (Berlin 10:00 = 09:00 UTC).
    let slots = api
        .post("/availability", json!({"project_id": id}))
        .await
        .expect(200)
        .data();
    assert_eq!(slots.as_array().unwrap().len(), 0, "{slots}");
    // The request overrides: other resources and its own constraints are added.
    let slots = api
        .post(
            "/availability",
            json!({"project_id": id, "resources": [r2], "length": "1 hour",
                   "to": "2030-01-07T12:00:00Z"}),
        )
        .await
        .expect(200)
        .data();
    // Ben is in Berlin: blocked from 10:00 local = 09:00 UTC on, so nothing before 12:00 UTC.
    assert_eq!(slots, json!([]));
    let slots = api
        .post(
            "/availability",
            json!({"project_id": id, "resources": [r2], "length": "1 hour",
                   "from": "2030-01-07T06:00:00Z", "to": "2030-01-07T09:00:00Z"}),
        )
        .await
        .expect(200)
        .data();
    assert_eq!(slots.as_array().unwrap().len(), 3, "{slots}");
    assert_eq!(slots[0]["resources"][0]["id"], r2);

    let missing = api
        .post(
            "/availability",
            json!({"project_id": "nope", "resources": [r1]}),
        )
        .await
        .expect(404);
    assert_eq!(
        missing.json(),
        json!({"error": "Resource does not exist", "model": "Project"})
    );

    // A booking takes graph/what/where/description from the project; the request overrides.
    let booking = api
        .booking(json!({
            "project_id": id,
            "resource_id": r1,
            "start": "2030-01-08T09:00:00+00:00",
            "end": "2030-01-08T10:00:00+00:00",
            "what": "Own title",
            "customer": {"name": "Jane Roe", "email": "jane@example.com"},
        }))
        .await;
    assert_eq!(booking["graph"], "instant");
    assert_eq!(booking["state"], "confirmed");
    let bid = booking["id"].as_str().unwrap();
    let full = api
        .get(&format!("/bookings/{bid}?include=attributes"))
        .await
        .expect(200)
        .data();
    let info = &full["attributes"]["event_info"];
    assert_eq!(info["what"], "Own title");
    assert_eq!(info["where"], "Room 1");
    assert_eq!(info["description"], "From the project");
    let listed = api
        .get(&format!("/bookings?search=project.id:{id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(listed["total"], 1);
    api.post(
        "/bookings",
        json!({"project_id": "nope", "resource_id": r1, "graph": "instant",
               "start": "2030-01-08T11:00:00+00:00", "end": "2030-01-08T12:00:00+00:00",
               "customer": {"name": "J", "email": "j@example.com"}}),
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn project_allow_double_bookings_is_inherited() {
    let (_emulator, api) = start().await;
    let r1 = api.resource("Anna").await;
    let id = project(
        &api,
        json!({"name": "Open", "resources": [r1], "allow_double_bookings": true,
               "booking": {"graph": "instant"}}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({
        "project_id": id, "resource_id": r1,
        "start": "2030-01-08T09:00:00+00:00", "end": "2030-01-08T10:00:00+00:00",
        "customer": {"name": "Jane Roe", "email": "jane@example.com"},
    });
    api.booking(body.clone()).await;
    api.booking(body.clone()).await;
    // Without the project the same slot is taken.
    let mut plain = body.clone();
    plain.as_object_mut().unwrap().remove("project_id");
    plain["graph"] = json!("instant");
    api.post("/bookings", plain).await.expect(422);
}
