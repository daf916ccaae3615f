//! Credentials, `POST /auth` and legacy resource-key authentication over HTTP (issue 16,
//! timekit-api-more.md §3.2 and §5.11).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::{Answer, Api, start};
use http::Method;
use serde_json::{Value, json};

const EMAIL: &str = "marty@example.com";
const PASSWORD: &str = "flux capacitor";

/// A resource with an e-mail and password; its id.
async fn person(api: &Api) -> String {
    let body = json!({"name": "Marty", "email": EMAIL, "password": PASSWORD, "timezone": "UTC"});
    let resource = api.post("/resources", body).await.expect(201).data();
    assert!(resource.get("password").is_none(), "never shown");
    resource["id"].as_str().unwrap().to_owned()
}

async fn login(api: &Api, email: &str, password: &str) -> Answer {
    let body = json!({"email": email, "password": password}).to_string();
    api.send(Method::POST, "/auth", Some(body.into_bytes()), None)
        .await
}

fn resource_key(email: &str, token: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{email}:{token}")))
}

/// A request with a resource key and `Timekit-App`.
async fn as_resource(
    api: &Api,
    method: Method,
    path: &str,
    body: Option<Value>,
    key: &str,
    app: Option<&str>,
) -> Answer {
    let mut api = api.clone();
    // `send_with` authorizes with `api.auth`: here the resource key.
    key.clone_into(&mut api.auth);
    let headers: Vec<(&str, &str)> = app.map(|app| ("timekit-app", app)).into_iter().collect();
    api.send_with(method, path, body, &headers).await
}

async fn app_slug(api: &Api) -> String {
    api.get("/app").await.expect(200).data()["slug"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn auth_trades_email_and_password_for_a_stable_token() {
    let (_handle, api) = start().await;
    let id = person(&api).await;
    let user = login(&api, EMAIL, PASSWORD).await.expect(200).data();
    assert_eq!(user["id"], id.as_str());
    assert_eq!(user["email"], EMAIL);
    assert_eq!(user["activated"], true);
    let token = user["api_token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 32);
    let again = login(&api, "MARTY@example.com", PASSWORD)
        .await
        .expect(200)
        .data();
    assert_eq!(
        again["api_token"],
        token.as_str(),
        "same token until the password changes"
    );
    for (email, password) in [(EMAIL, "wrong"), ("nobody@example.com", PASSWORD)] {
        let refused = login(&api, email, password).await.expect(401).json();
        assert_eq!(
            refused,
            json!({"error": {"message": "Email and password does not match any user"}})
        );
    }
    let missing = api
        .send(Method::POST, "/auth", Some(b"{}".to_vec()), None)
        .await
        .expect(422)
        .json();
    assert!(missing["errors"]["email"].is_array());
    assert!(missing["errors"]["password"].is_array());
    // A new password ends the old token.
    api.put(&format!("/resources/{id}"), json!({"password": "new one"}))
        .await
        .expect(204);
    login(&api, EMAIL, PASSWORD).await.expect(401);
    let renewed = login(&api, EMAIL, "new one").await.expect(200).data();
    assert_ne!(renewed["api_token"], token.as_str());
}

#[tokio::test]
async fn a_resource_key_opens_exactly_the_legacy_routes() {
    let (_handle, api) = start().await;
    let id = person(&api).await;
    let token = login(&api, EMAIL, PASSWORD).await.expect(200).data()["api_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let slug = app_slug(&api).await;
    let key = resource_key(EMAIL, &token);
    let app = Some(slug.as_str());
    // Credentials created as the resource belong to it.
    let body = json!({"type": "client-token", "scopes": "widget", "description": "booking.js"});
    let credential = as_resource(
        &api,
        Method::POST,
        "/credentials",
        Some(body.clone()),
        &key,
        app,
    )
    .await
    .expect(201)
    .data();
    assert_eq!(credential["resource_id"], id.as_str());
    assert_eq!(credential["type"], "client-token");
    assert_eq!(credential["scopes"], "widget");
    assert_eq!(credential["token"].as_str().unwrap().len(), 32);
    for (method, path) in [
        (Method::GET, "/apps"),
        (Method::GET, "/accounts"),
        (Method::POST, "/accounts/sync"),
        (Method::POST, "/accounts/microsoft/sync"),
    ] {
        let body = (method == Method::POST).then(|| json!({}));
        as_resource(&api, method.clone(), path, body, &key, app)
            .await
            .expect(200);
    }
    // Elsewhere, without Timekit-App, with another app, or with a wrong token: 401.
    as_resource(&api, Method::GET, "/resources", None, &key, app)
        .await
        .expect(401);
    as_resource(&api, Method::GET, "/credentials", None, &key, app)
        .await
        .expect(401);
    as_resource(&api, Method::GET, "/apps", None, &key, None)
        .await
        .expect(401);
    as_resource(&api, Method::GET, "/apps", None, &key, Some("other-app"))
        .await
        .expect(401);
    let wrong = resource_key(EMAIL, "0123456789abcdefghijklmnopqrstuv");
    as_resource(&api, Method::GET, "/apps", None, &wrong, app)
        .await
        .expect(401);
    // After the resource is deleted its key is gone.
    api.delete(&format!("/resources/{id}")).await.expect(204);
    as_resource(&api, Method::GET, "/apps", None, &key, app)
        .await
        .expect(401);
}

#[tokio::test]
async fn credentials_with_the_api_key_list_paginated_and_delete() {
    let (_handle, api) = start().await;
    let marty = person(&api).await;
    let doc = api.resource("Doc").await;
    let missing = api
        .post("/credentials", json!({"type": "client-token"}))
        .await
        .expect(422)
        .json();
    assert!(
        missing["errors"]["resource_id"].is_array(),
        "the API key names no resource"
    );
    let bad = json!({"type": "root", "scopes": 5, "resource_id": marty});
    let refused = api.post("/credentials", bad).await.expect(422).json();
    assert!(refused["errors"]["type"].is_array());
    assert!(refused["errors"]["scopes"].is_array());
    let nobody =
        json!({"type": "client-token", "resource_id": "00000000-0000-4000-8000-000000000000"});
    api.post("/credentials", nobody).await.expect(404);
    let mut ids = Vec::new();
    for resource in [&marty, &doc, &marty] {
        let body = json!({"type": "server-token", "resource_id": resource, "scopes": ["widget", "bookings"]});
        let credential = api.post("/credentials", body).await.expect(201).data();
        assert_eq!(credential["scopes"], json!(["widget", "bookings"]));
        ids.push(credential["id"].as_str().unwrap().to_owned());
    }
    let page = api.get("/credentials?limit=2").await.expect(200).json();
    assert_eq!(page["total"], 3);
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["data"][0]["id"], ids[0].as_str(), "oldest first");
    assert!(page["next_page_url"].as_str().unwrap().contains("page=2"));
    let marty_only = api
        .get(&format!("/credentials?search=resource.id:{marty}"))
        .await
        .expect(200)
        .json();
    assert_eq!(marty_only["total"], 2);
    api.get("/credentials?search=token:x").await.expect(422);
    api.delete(&format!("/credentials/{}", ids[0]))
        .await
        .expect(204);
    let gone = api
        .delete(&format!("/credentials/{}", ids[0]))
        .await
        .expect(404)
        .json();
    assert_eq!(gone["model"], "Credential");
    assert_eq!(api.get("/credentials").await.expect(200).json()["total"], 2);
}
