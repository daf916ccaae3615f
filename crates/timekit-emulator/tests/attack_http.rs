//! Attacks on the HTTP layer (issue 17): slow bodies, idle connections, too many connections,
//! missing or doubled `Host`, and `HEAD` on GET routes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attack_support;

use std::time::{Duration, Instant};

use attack_support::{assert_responsive, basic, exchange, get_app};
use timekit_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn a_body_trickling_in_is_cut_off_with_a_json_408() {
    let emulator = Emulator::builder()
        .body_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
    let head = format!(
        "POST /v2/resources HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
        basic(emulator.api_key())
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The rest of the body never comes; meanwhile other clients are served.
    assert_responsive(emulator.addr(), emulator.api_key(), "a slow body").await;
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut bytes)).await;
    assert!(read.is_ok(), "the slow body was never cut off");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains(r#"{"error":"#), "{text}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let emulator = Emulator::builder()
        .idle_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
    let request = format!(
        "GET /v2/app HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {}\r\n\r\n",
        basic(emulator.api_key())
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buffer = vec![0u8; 64 * 1024];
    let first = stream.read(&mut buffer).await.unwrap();
    assert!(buffer[..first].starts_with(b"HTTP/1.1 200"));
    // Keep-alive: the server must close the idle connection on its own.
    let started = Instant::now();
    let closed = tokio::time::timeout(Duration::from_secs(3), async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "an idle connection stayed open");
    assert!(started.elapsed() >= Duration::from_millis(200));
    emulator.shutdown().await;
}

#[tokio::test]
async fn connections_over_the_cap_get_a_quick_json_503() {
    let emulator = Emulator::builder()
        .max_connections(4)
        .start()
        .await
        .unwrap();
    // Four clients hold connections with half-sent headers.
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
        stream.write_all(b"GET /v2/app HTTP/1.1\r\n").await.unwrap();
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let answer = exchange(
        emulator.addr(),
        &get_app(emulator.api_key()),
        Duration::from_secs(2),
    )
    .await
    .expect("a connection over the cap was left hanging");
    assert_eq!(answer.status, 503, "{answer:?}");
    assert!(answer.body.starts_with(r#"{"error":"#), "{answer:?}");
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert!(started.elapsed() < Duration::from_secs(1));
    // Once the holders leave, clients are served again.
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_responsive(
        emulator.addr(),
        emulator.api_key(),
        "after the cap freed up",
    )
    .await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn http_1_1_needs_exactly_one_host() {
    let emulator = Emulator::start().await.unwrap();
    let auth = basic(emulator.api_key());
    let without =
        format!("GET /v2/app HTTP/1.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n");
    let twice = format!(
        "GET /v2/app HTTP/1.1\r\nHost: a\r\nHost: b\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n"
    );
    for request in [without, twice] {
        let answer = exchange(emulator.addr(), request.as_bytes(), Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(answer.status, 400, "{request:?}: {answer:?}");
        assert!(answer.body.contains("Host"), "{answer:?}");
        assert_eq!(answer.header("content-type"), Some("application/json"));
    }
    // HTTP/1.0 has no Host requirement.
    let old = format!("GET /v2/app HTTP/1.0\r\nAuthorization: {auth}\r\n\r\n");
    let answer = exchange(emulator.addr(), old.as_bytes(), Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{answer:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn head_is_answered_on_get_routes_without_a_body() {
    let emulator = Emulator::start().await.unwrap();
    let request = format!(
        "HEAD /v2/app HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
        basic(emulator.api_key())
    );
    let answer = exchange(emulator.addr(), request.as_bytes(), Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.body.is_empty(), "{answer:?}");
    let length: usize = answer.header("content-length").unwrap().parse().unwrap();
    assert!(length > 0, "HEAD keeps the GET answer's length");
    // The public OpenAPI document too.
    let document = exchange(
        emulator.addr(),
        b"HEAD /v2/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(2),
    )
    .await
    .unwrap();
    assert_eq!(document.status, 200);
    emulator.shutdown().await;
}
