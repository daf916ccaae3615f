//! The app's widget key (`timekit-api-more.md` §3.2, §5.2): the public hosted page and the
//! embed route hand it out as `app_key` instead of the API key, it opens exactly the routes
//! booking.js calls from a browser (the table's `widget` lines), and the API key still opens
//! everything.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use http::Method;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, served_routes};

const WIDGET_KEY: &str = "test_widget_key_0123456789abcdefghijklmnopqrstuv";

/// A concrete path for a template (`{param}` → an id no test creates).
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "00000000-0000-4000-8000-000000000000"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn send(api: &Api, method: Method, path: &str, body: Option<Value>, key: &str) -> Answer {
    let auth = basic(key);
    let body = body
        .or_else(|| (method == Method::POST || method == Method::PUT).then(|| json!({})))
        .map(|body| body.to_string().into_bytes());
    api.send(method, path, body, Some(&auth)).await
}

#[tokio::test]
async fn the_hosted_page_hands_out_the_widget_key_not_the_api_key() {
    let (emulator, api) = start().await;
    assert!(emulator.widget_key().starts_with("test_widget_key_"));
    assert_eq!(emulator.widget_key().len(), "test_widget_key_".len() + 32);
    assert_ne!(emulator.widget_key(), emulator.api_key());
    let id = api
        .post(
            "/projects",
            json!({"name": "Front desk", "slug": "front-desk"}),
        )
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let hosted = api
        .send(Method::GET, "/projects/hosted/front-desk", None, None)
        .await
        .expect(200)
        .data();
    let app_key = hosted["app_key"].as_str().unwrap();
    assert_ne!(app_key, emulator.api_key());
    assert_eq!(app_key, emulator.widget_key());
    // Whatever key a caller sends, the public route answers the same.
    let with_api_key = api.get("/projects/hosted/front-desk").await.expect(200);
    assert_eq!(with_api_key.data(), hosted);
    // The key handed out opens embed, which answers it again.
    let embedded = send(
        &api,
        Method::GET,
        &format!("/projects/embed/{id}"),
        None,
        app_key,
    )
    .await
    .expect(200)
    .data();
    assert_eq!(embedded["app_key"], emulator.widget_key());
    // Other project reads do not carry it.
    let got = api.get(&format!("/projects/{id}")).await.expect(200).data();
    assert!(got.get("app_key").is_none());
    // Generated keys differ between emulators.
    let other = Emulator::builder().start().await.unwrap();
    assert_ne!(other.widget_key(), emulator.widget_key());
}

/// Every served route, by the table: the widget key gets past auth exactly on the `widget`
/// lines and is a 401 on every other keyed route; the API key gets past auth everywhere.
#[tokio::test]
async fn the_widget_key_opens_exactly_the_widget_routes() {
    let (emulator, api) = start_with(Emulator::builder().widget_key(WIDGET_KEY)).await;
    assert_eq!(emulator.widget_key(), WIDGET_KEY);
    let routes = served_routes();
    let widget: Vec<String> = routes
        .iter()
        .filter(|route| route.accepts_widget_key)
        .map(|route| format!("{} {}", route.method, route.template))
        .collect();
    assert_eq!(
        widget,
        [
            "POST /availability",
            "POST /bookings",
            "GET /projects",
            "GET /projects/embed/{id}",
            "GET /locations",
            "GET /location/services",
            "GET /bookings/groups",
            "POST /bookings/{id}/reschedule",
        ]
    );
    for route in &routes {
        let path = concrete(route.template);
        let label = format!("{} {}", route.method, route.template);
        let with_widget = send(&api, route.method.clone(), &path, None, WIDGET_KEY).await;
        if route.accepts_widget_key || !route.requires_auth {
            assert_ne!(with_widget.status, 401, "{label}");
        } else {
            assert_eq!(with_widget.status, 401, "{label}");
            assert_eq!(
                with_widget.json(),
                json!({"error": "Invalid credentials supplied"}),
                "{label}"
            );
        }
        let with_api_key = send(&api, route.method.clone(), &path, None, emulator.api_key()).await;
        assert_ne!(with_api_key.status, 401, "{label}");
        if route.requires_auth {
            let nothing = api.send(route.method.clone(), &path, None, None).await;
            assert_eq!(nothing.status, 401, "{label}");
            let wrong = send(&api, route.method.clone(), &path, None, "test_widget_key_x").await;
            assert_eq!(wrong.status, 401, "{label}");
        }
    }
}

/// The booking.js flow with nothing but the widget key: each widget route answers its
/// ordinary success; the admin routes next to them refuse the key and leave data alone.
#[tokio::test]
async fn booking_js_works_with_the_widget_key_alone() {
    let (emulator, api) = start_with(Emulator::builder().widget_key(WIDGET_KEY)).await;
    let anna = api.resource("Anna").await;
    let location = api
        .post("/locations", json!({"name": "Main St"}))
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.post(
        "/location/services",
        json!({"name": "Haircut", "locations": [location]}),
    )
    .await
    .expect(201);
    let project = api
        .post(
            "/projects",
            json!({"name": "Haircut", "slug": "haircut", "resources": [anna],
                   "availability": {"length": "30 minutes"},
                   "booking": {"graph": "instant", "what": "Haircut", "where": "Main St"}}),
        )
        .await
        .expect(201)
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let owner = api
        .booking(json!({
            "graph": "group_owner", "resource_id": anna,
            "start": "2030-01-03T15:00:00+00:00", "end": "2030-01-03T16:00:00+00:00",
            "what": "Yoga", "where": "Hall", "description": "",
            "settings": {"max_seats": 3},
        }))
        .await;

    let key = api
        .send(Method::GET, "/projects/hosted/haircut", None, None)
        .await
        .expect(200)
        .data()["app_key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(key, WIDGET_KEY);

    let get = |path: String| {
        let api = api.clone();
        let key = key.clone();
        async move { send(&api, Method::GET, &path, None, &key).await }
    };
    let post = |path: String, body: Value| {
        let api = api.clone();
        let key = key.clone();
        async move { send(&api, Method::POST, &path, Some(body), &key).await }
    };

    get(format!("/projects/embed/{project}")).await.expect(200);
    let listed = get("/projects?search=slug:haircut".to_owned())
        .await
        .expect(200);
    assert_eq!(listed.json()["data"][0]["id"], project);
    let locations = get("/locations".to_owned()).await.expect(200);
    assert_eq!(locations.json()["data"][0]["id"], location);
    let services = get("/location/services".to_owned()).await.expect(200);
    assert_eq!(services.json()["data"][0]["name"], "Haircut");
    let groups = get("/bookings/groups".to_owned()).await.expect(200);
    assert_eq!(groups.json()["data"][0]["id"], owner["id"]);
    let slots = post(
        "/availability".to_owned(),
        json!({"project_id": project, "from": "2030-01-02T10:00:00Z",
               "to": "2030-01-02T11:00:00Z"}),
    )
    .await
    .expect(200);
    assert_eq!(slots.data().as_array().unwrap().len(), 2);
    let booked = post(
        "/bookings".to_owned(),
        json!({"project_id": project, "resource_id": anna,
               "start": "2030-01-02T10:00:00+00:00", "end": "2030-01-02T10:30:00+00:00",
               "customer": {"name": "Jane Roe", "email": "jane@example.com"}}),
    )
    .await
    .expect(201)
    .data();
    let booking = booked["id"].as_str().unwrap();
    let moved = post(
        format!("/bookings/{booking}/reschedule/"),
        json!({"start": "2030-01-02T10:30:00+00:00", "end": "2030-01-02T11:00:00+00:00",
               "resource_id": anna}),
    )
    .await
    .expect(200)
    .data();
    assert_ne!(moved["id"], booked["id"]);

    // Next to them, the admin routes refuse the widget key and change nothing.
    for (method, path) in [
        (Method::GET, "/app".to_owned()),
        (Method::GET, "/resources".to_owned()),
        (Method::GET, "/bookings".to_owned()),
        (Method::GET, format!("/bookings/{booking}")),
        (Method::DELETE, format!("/bookings/{booking}")),
        (Method::PUT, format!("/bookings/{booking}/cancel")),
        (Method::GET, format!("/projects/{project}")),
        (Method::DELETE, format!("/projects/{project}")),
        (Method::POST, "/projects".to_owned()),
        (Method::POST, "/bookings/reserve".to_owned()),
        (Method::POST, "/availability/count".to_owned()),
    ] {
        let answer = send(&api, method.clone(), &path, None, &key).await;
        assert_eq!(answer.status, 401, "{method} {path}");
    }
    api.get(&format!("/bookings/{booking}")).await.expect(200);
    api.get(&format!("/projects/{project}")).await.expect(200);
    // The API key keeps working everywhere, the widget routes included.
    api.get("/app").await.expect(200);
    api.get(&format!("/projects/embed/{project}"))
        .await
        .expect(200);
    api.get("/locations").await.expect(200);
    assert_eq!(emulator.bookings().len(), 3);
}

#[tokio::test]
async fn the_widget_key_must_differ_from_the_api_key() {
    for builder in [
        Emulator::builder()
            .api_key("test_api_key_same")
            .widget_key("test_api_key_same"),
        Emulator::builder().widget_key(""),
    ] {
        let error = builder.start().await.unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    }
}
