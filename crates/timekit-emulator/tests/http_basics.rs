//! Transport-level behaviour: auth, headers, bad input, unknown paths and methods, shutdown.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use http::Method;
use serde_json::json;
use timekit_emulator::Emulator;

#[tokio::test]
async fn auth_requires_basic_with_empty_user_and_the_key() {
    let (handle, api) = start_with(Emulator::builder().api_key("test_api_key_abc")).await;
    assert_eq!(handle.api_key(), "test_api_key_abc");
    api.get("/app").await.expect(200);
    let wrong = [
        None,
        Some(basic("test_api_key_abd")),
        Some(format!("Bearer {}", handle.api_key())),
        Some("Basic %%%".to_owned()),
    ];
    for authorization in wrong {
        let answer = api
            .send(Method::GET, "/app", None, authorization.as_deref())
            .await
            .expect(401);
        assert_eq!(
            answer.json(),
            json!({"error": "Invalid credentials supplied"})
        );
        assert!(answer.header("timekit-request-id").is_some());
    }
    // A user name is not accepted either: the key is the password of an empty user.
    let with_user = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            "me:test_api_key_abc"
        )
    );
    api.send(Method::GET, "/app", None, Some(&with_user))
        .await
        .expect(401);
}

#[tokio::test]
async fn debug_output_never_shows_the_api_key() {
    const KEY: &str = "live_api_key_do_not_print_me";
    let builder = Emulator::builder().api_key(KEY);
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains(KEY) && shown.contains("redacted"),
        "{shown}"
    );
    let (handle, _api) = start_with(builder).await;
    let shown = format!("{handle:?}");
    assert!(!shown.contains(KEY), "{shown}");
    // Nor its Basic-auth form.
    assert!(!shown.contains(&basic(KEY)["Basic ".len()..]), "{shown}");
    assert!(shown.contains(handle.base_url()), "{shown}");
}

#[tokio::test]
async fn every_answer_has_a_uuid_request_id_and_test_mode() {
    let (_handle, api) = start().await;
    let answers = [
        api.get("/app").await,
        api.get("/bookings/nope").await,
        api.get("/nowhere").await,
        api.send(Method::GET, "/app", None, None).await,
        api.post("/resources", json!({})).await,
    ];
    let mut ids = Vec::new();
    for answer in answers {
        let id = answer.header("timekit-request-id").unwrap().to_owned();
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(id.matches('-').count(), 4);
        assert_eq!(answer.header("timekit-testmode"), Some("true"));
        assert_eq!(answer.header("content-type"), Some("application/json"));
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "request ids must be unique");
}

#[tokio::test]
async fn live_keys_are_not_test_mode() {
    let (_handle, api) = start_with(Emulator::builder().api_key("live_api_key_xyz")).await;
    let answer = api.get("/app").await.expect(200);
    assert_eq!(answer.header("timekit-testmode"), None);
    assert_eq!(answer.data()["test_mode"], json!(false));
}

#[tokio::test]
async fn generated_keys_are_test_keys() {
    let handle = Emulator::start().await.unwrap();
    assert!(handle.api_key().starts_with("test_api_key_"));
    assert_eq!(handle.api_key().len(), "test_api_key_".len() + 32);
    assert!(handle.base_url().starts_with("http://127.0.0.1:"));
    assert!(handle.base_url().ends_with("/v2"));
    handle.shutdown().await;
}

#[tokio::test]
async fn malformed_and_non_object_bodies_are_400_and_change_nothing() {
    let (handle, api) = start().await;
    for body in [
        &b"{\"name\": "[..],
        b"[]",
        b"[{\"name\":\"x\"}]",
        b"\"text\"",
        b"42",
        b"\xff\xfe",
    ] {
        let answer = api
            .send(
                Method::POST,
                "/resources",
                Some(body.to_vec()),
                Some(&api.auth),
            )
            .await
            .expect(400);
        assert!(answer.json()["error"].is_string());
    }
    assert_eq!(handle.resource_count(), 0);
}

#[tokio::test]
async fn bodies_over_64000_characters_are_413() {
    let (handle, api) = start().await;
    let make = |chars: usize| {
        // {"name":"…","timezone":"UTC"} padded to exactly `chars` characters.
        let frame = r#"{"name":"","timezone":"UTC"}"#.len();
        format!(
            r#"{{"name":"{}","timezone":"UTC"}}"#,
            "a".repeat(chars - frame)
        )
    };
    let exact = make(64_000);
    assert_eq!(exact.chars().count(), 64_000);
    api.send(
        Method::POST,
        "/resources",
        Some(exact.into_bytes()),
        Some(&api.auth),
    )
    .await
    .expect(201);
    let over = make(64_001);
    let answer = api
        .send(
            Method::POST,
            "/resources",
            Some(over.into_bytes()),
            Some(&api.auth),
        )
        .await
        .expect(413);
    assert!(answer.json()["error"].as_str().unwrap().contains("64000"));
    assert_eq!(handle.resource_count(), 1);
    // Characters, not bytes: 30,000 three-byte characters are fine.
    let wide = format!(r#"{{"name":"{}","timezone":"UTC"}}"#, "€".repeat(30_000));
    assert!(wide.len() > 64_000);
    api.send(
        Method::POST,
        "/resources",
        Some(wide.into_bytes()),
        Some(&api.auth),
    )
    .await
    .expect(201);
    // The server is still fine afterwards.
    api.get("/app").await.expect(200);
}

#[tokio::test]
async fn a_huge_declared_length_is_refused_before_reading() {
    let (_handle, api) = start().await;
    let body = vec![b' '; 300_000];
    api.send(Method::POST, "/bookings", Some(body), Some(&api.auth))
        .await
        .expect(413);
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405_with_allow() {
    let (_handle, api) = start().await;
    for path in ["/nope", "/bookings/a/b/c", "http://x/v1/app"] {
        let path = path.replace("http://x", api.base.trim_end_matches("/v2"));
        let answer = api.get(&path).await.expect(404);
        assert_eq!(answer.json()["error"], "Not found");
    }
    let cases = [
        (Method::DELETE, "/app", "GET"),
        (Method::GET, "/bookings/bulk", "POST, PUT"),
        (Method::POST, "/bookings/x", "GET, PUT, DELETE"),
        (Method::GET, "/bookings/x/confirm", "PUT"),
        (Method::PATCH, "/resources", "GET, POST"),
        (Method::GET, "/availability", "POST"),
    ];
    for (method, path, allow) in cases {
        let answer = api
            .send(method, path, None, Some(&api.auth))
            .await
            .expect(405);
        assert_eq!(answer.header("allow"), Some(allow), "{path}");
        assert!(answer.json()["error"].is_string());
    }
}

#[tokio::test]
async fn unknown_ids_are_404_with_the_model() {
    let (_handle, api) = start().await;
    let booking = json!({"error": "Resource does not exist", "model": "Booking"});
    let resource = json!({"error": "Resource does not exist", "model": "Resource"});
    assert_eq!(api.get("/bookings/nope").await.expect(404).json(), booking);
    assert_eq!(
        api.delete("/bookings/nope").await.expect(404).json(),
        booking
    );
    assert_eq!(
        api.action("nope", "confirm").await.expect(404).json(),
        booking
    );
    assert_eq!(
        api.put("/bookings/nope", json!({"meta": {}}))
            .await
            .expect(404)
            .json(),
        booking
    );
    assert_eq!(
        api.get("/resources/nope").await.expect(404).json(),
        resource
    );
    assert_eq!(
        api.put("/resources/nope", json!({}))
            .await
            .expect(404)
            .json(),
        resource
    );
    assert_eq!(
        api.delete("/resources/nope").await.expect(404).json(),
        resource
    );
}

#[tokio::test]
async fn request_counters_count_per_method_and_template() {
    let (handle, api) = start().await;
    api.get("/bookings/a").await;
    api.get("/bookings/b").await;
    api.action("a", "confirm").await;
    api.send(Method::GET, "/app", None, None).await;
    assert_eq!(handle.request_count("GET", "/bookings/{id}"), 2);
    assert_eq!(handle.request_count("PUT", "/bookings/{id}/{action}"), 1);
    assert_eq!(handle.request_count("get", "/app"), 1);
    assert_eq!(handle.request_count("POST", "/bookings"), 0);
    assert_eq!(handle.request_counts().len(), 3);
    handle.reset_request_counts();
    assert_eq!(handle.request_count("GET", "/bookings/{id}"), 0);
}

#[tokio::test]
async fn shutdown_stops_accepting_connections() {
    let (handle, api) = start().await;
    api.get("/app").await.expect(200);
    let addr = handle.addr();
    handle.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let (handle, _api) = start().await;
    let addr = handle.addr();
    drop(handle);
    let mut refused = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(refused);
}

#[tokio::test]
async fn garbage_on_the_socket_does_not_hurt_the_server() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (handle, api) = start().await;
    let mut stream = tokio::net::TcpStream::connect(handle.addr()).await.unwrap();
    stream
        .write_all(b"\x00\x01GARBAGE / HTTP/9\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = Vec::new();
    let _ = stream.read_to_end(&mut buffer).await;
    api.get("/app").await.expect(200);
}
