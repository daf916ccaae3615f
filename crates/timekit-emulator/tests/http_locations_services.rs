//! Locations (`/locations`) and services (`/location/services`) over HTTP: CRUD, distance
//! search, includes, and the links to projects (hidden location × service projects).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use serde_json::{Value, json};

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn location_crud_and_errors() {
    let (_emulator, api) = start().await;
    let created = api
        .post(
            "/locations",
            json!({"name": "Toronto Centre", "description": "Downtown",
                   "latitude": 43.6532, "longitude": "-79.3832",
                   "meta": {"t_store_city": "Toronto"}}),
        )
        .await
        .expect(201)
        .data();
    let lid = id(&created);
    assert_eq!(created["latitude"], 43.6532);
    assert_eq!(created["longitude"], -79.3832, "numeric strings are read");
    assert_eq!(created["use_custom_hours"], false);
    assert_eq!(
        api.get(&format!("/locations/{lid}"))
            .await
            .expect(200)
            .data(),
        created
    );

    api.put(
        &format!("/locations/{lid}"),
        json!({"name": "Toronto", "meta": {"t_store_phone": "1"}}),
    )
    .await
    .expect(204);
    let got = api
        .get(&format!("/locations/{lid}"))
        .await
        .expect(200)
        .data();
    assert_eq!(got["name"], "Toronto");
    assert_eq!(got["description"], "Downtown");
    assert_eq!(
        got["meta"],
        json!({"t_store_city": "Toronto", "t_store_phone": "1"})
    );
    // MAT sends an empty update.
    api.put(&format!("/locations/{lid}"), json!({}))
        .await
        .expect(204);

    let bad = api
        .post(
            "/locations",
            json!({"latitude": 91, "longitude": "east", "projects": ["nope"]}),
        )
        .await
        .expect(422);
    let errors = bad.json()["errors"].clone();
    for field in ["name", "latitude", "longitude", "projects.0"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }

    api.delete(&format!("/locations/{lid}")).await.expect(204);
    let missing = api.get(&format!("/locations/{lid}")).await.expect(404);
    assert_eq!(
        missing.json(),
        json!({"error": "Resource does not exist", "model": "Location"})
    );
    api.put(&format!("/locations/{lid}"), json!({}))
        .await
        .expect(404);
    api.delete(&format!("/locations/{lid}")).await.expect(404);
}

#[tokio::test]
async fn distance_search_sorts_nearest_first() {
    let (_emulator, api) = start().await;
    for (name, lat, lon) in [
        ("Andorra la Vella", 42.5063, 1.5218),
        ("Escaldes", 42.5097, 1.5386),
        ("Barcelona", 41.3874, 2.1686),
    ] {
        api.post(
            "/locations",
            json!({"name": name, "latitude": lat, "longitude": lon}),
        )
        .await
        .expect(201);
    }
    api.post("/locations", json!({"name": "Nowhere"}))
        .await
        .expect(201);
    // MAT's query shape.
    let near = api
        .get("/locations?search=distance:2;latitude:42.51;longitude:1.54")
        .await
        .expect(200)
        .json();
    let names: Vec<&str> = near["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| location["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Escaldes", "Andorra la Vella"]);
    let first = near["data"][0]["distance"].as_f64().unwrap();
    assert!((0.0..=0.3).contains(&first), "{first}");
    let second = near["data"][1]["distance"].as_f64().unwrap();
    assert!((1.0..=2.0).contains(&second), "{second}");
    let all_near = api
        .get("/locations?search=distance:500;latitude:42.51;longitude:1.54;name:*a*")
        .await
        .expect(200)
        .json();
    assert_eq!(all_near["total"], 3);
    assert_eq!(all_near["data"][2]["name"], "Barcelona");
    let plain = api.get("/locations").await.expect(200).json();
    assert_eq!(plain["total"], 4);
    assert!(plain["data"][0].get("distance").is_none());
    for bad in [
        "distance:2",
        "distance:x;latitude:1;longitude:1",
        "latitude:1",
        "colour:red",
    ] {
        api.get(&format!("/locations?search={bad}"))
            .await
            .expect(422);
    }
}

#[tokio::test]
async fn services_with_locations_get_a_project_per_pair() {
    let (_emulator, api) = start().await;
    let main = id(&api
        .post("/locations", json!({"name": "Main St"}))
        .await
        .expect(201)
        .data());
    let harbour = id(&api
        .post("/locations", json!({"name": "Harbour"}))
        .await
        .expect(201)
        .data());
    let service = api
        .post(
            "/location/services",
            json!({"name": "Haircut", "description": "30 minutes", "image_url": "https://x/y.png",
                   "availability": {"length": "30 minutes"},
                   "booking": {"graph": "instant", "what": "Haircut"},
                   "locations": [main]}),
        )
        .await
        .expect(201)
        .data();
    let sid = id(&service);
    assert_eq!(service["availability"]["length"], "30 minutes");

    // The appointments widget's step 3: the project for the pair.
    let search = format!("/projects?search=locations.uuid:{main};services.uuid:{sid}");
    let found = api.get(&search).await.expect(200).json();
    assert_eq!(found["total"], 1);
    let hidden = found["data"][0].clone();
    assert_eq!(hidden["availability"]["length"], "30 minutes");
    assert_eq!(hidden["booking"]["what"], "Haircut");

    // Includes both ways.
    let location = api
        .get(&format!("/locations/{main}?include=services,projects"))
        .await
        .expect(200)
        .data();
    assert_eq!(location["services"][0]["id"], sid);
    assert_eq!(location["projects"][0]["id"], hidden["id"]);
    let listed = api
        .get("/location/services?include=locations")
        .await
        .expect(200)
        .json();
    assert_eq!(listed["data"][0]["locations"][0]["id"], main);
    let by_location = api
        .get(&format!(
            "/location/services?search=locations.uuid:{harbour}"
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(by_location["total"], 0);

    // Updates propagate to the hidden project; a new location gets its own.
    api.put(
        &format!("/location/services/{sid}"),
        json!({"availability": {"length": "45 minutes"}, "locations": [main, harbour]}),
    )
    .await
    .expect(204);
    let hidden_now = api
        .get(&format!("/projects/{}", hidden["id"].as_str().unwrap()))
        .await
        .expect(200)
        .data();
    assert_eq!(hidden_now["availability"]["length"], "45 minutes");
    let harbour_projects = api
        .get(&format!(
            "/projects?search=locations.uuid:{harbour};services.uuid:{sid}"
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(harbour_projects["total"], 1);

    // A project linked explicitly is used instead of making a hidden one.
    let third = id(&api
        .post("/locations", json!({"name": "Airport"}))
        .await
        .expect(201)
        .data());
    let explicit = api
        .post(
            "/projects",
            json!({"name": "Airport cuts", "locations": [third], "services": [sid]}),
        )
        .await
        .expect(201)
        .data();
    api.put(
        &format!("/location/services/{sid}"),
        json!({"locations": [main, harbour, third]}),
    )
    .await
    .expect(204);
    let airport = api
        .get(&format!(
            "/projects?search=locations.uuid:{third};services.uuid:{sid}"
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(airport["total"], 1);
    assert_eq!(airport["data"][0]["id"], explicit["id"]);

    // Deleting a location drops its links and its hidden project.
    api.delete(&format!("/locations/{harbour}"))
        .await
        .expect(204);
    let service_now = api
        .get(&format!("/location/services/{sid}?include=locations"))
        .await
        .expect(200)
        .data();
    let locations: Vec<&str> = service_now["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| location["id"].as_str().unwrap())
        .collect();
    assert_eq!(locations, [main.as_str(), third.as_str()]);
    // Deleting the service removes its hidden projects and unlinks the explicit one.
    api.delete(&format!("/location/services/{sid}"))
        .await
        .expect(204);
    api.get(&format!("/projects/{}", hidden["id"].as_str().unwrap()))
        .await
        .expect(404);
    let explicit_now = api
        .get(&format!("/projects/{}", explicit["id"].as_str().unwrap()))
        .await
        .expect(200)
        .data();
    assert_eq!(explicit_now["services"], json!([]));
    let missing = api
        .get(&format!("/location/services/{sid}"))
        .await
        .expect(404);
    assert_eq!(
        missing.json(),
        json!({"error": "Resource does not exist", "model": "Service"})
    );
}

#[tokio::test]
async fn service_validation_and_location_project_links() {
    let (_emulator, api) = start().await;
    let bad = api
        .post(
            "/location/services",
            json!({"availability": {"mode": "sometimes"}, "booking": {"graph": "nope"},
                   "locations": ["nope"]}),
        )
        .await
        .expect(422);
    let errors = bad.json()["errors"].clone();
    for field in ["name", "availability.mode", "booking.graph", "locations.0"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    api.put("/location/services/nope", json!({}))
        .await
        .expect(404);
    api.delete("/location/services/nope").await.expect(404);

    let project = id(&api
        .post("/projects", json!({"name": "P"}))
        .await
        .expect(201)
        .data());
    let location = id(&api
        .post("/locations", json!({"name": "L", "projects": [project]}))
        .await
        .expect(201)
        .data());
    let linked = api
        .get(&format!("/projects?search=locations.uuid:{location}"))
        .await
        .expect(200)
        .json();
    assert_eq!(linked["total"], 1);
    api.put(&format!("/locations/{location}"), json!({"projects": []}))
        .await
        .expect(204);
    let linked = api
        .get(&format!("/projects?search=locations.uuid:{location}"))
        .await
        .expect(200)
        .json();
    assert_eq!(linked["total"], 0);
}
