//! Fault injection through the real server: switched on from the builder or at run time,
//! counted before it applies, stamped with the usual headers, and applying (or not) the write
//! as each kind documents. Raw TCP where the connection is cut, the plain client otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{booking_at, start, start_with};
use http::Method;
use serde_json::Value;
use timekit_emulator::faults::{Fault, FaultRule, Faults};
use timekit_emulator::{Emulator, EmulatorHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What came back on a raw connection: everything until the server closed it.
struct Raw {
    bytes: Vec<u8>,
}

impl Raw {
    fn head(&self) -> String {
        let end = self
            .bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(self.bytes.len());
        String::from_utf8_lossy(&self.bytes[..end]).to_ascii_lowercase()
    }
    fn body(&self) -> &[u8] {
        let end = self
            .bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap();
        &self.bytes[end + 4..]
    }
    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}: ");
        self.head()
            .lines()
            .find_map(|line| line.strip_prefix(&prefix).map(str::to_owned))
    }
}

/// Sends one request on a fresh connection (`connection: close`) and reads until EOF.
async fn raw(handle: &EmulatorHandle, method: &str, path: &str, body: Option<&Value>) -> Raw {
    let mut stream = TcpStream::connect(handle.addr()).await.unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} /v2{path} HTTP/1.1\r\nhost: {}\r\nauthorization: {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        handle.addr(),
        common::basic(handle.api_key()),
        body.len(),
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut bytes))
        .await
        .expect("the server neither answered nor closed")
        .unwrap();
    Raw { bytes }
}

#[tokio::test]
async fn a_burst_configured_on_the_builder_is_counted_and_then_stops() {
    let faults = Faults::new();
    faults.push(
        FaultRule::new(Fault::service_unavailable(Some(3)))
            .method(Method::GET)
            .path_prefix("/v2/app")
            .times(2),
    );
    let (handle, api) = start_with(Emulator::builder().faults(faults)).await;
    for _ in 0..2 {
        let answer = api.get("/app").await.expect(503);
        assert_eq!(answer.header("retry-after"), Some("3"));
        assert_eq!(answer.json()["error"], "Too many requests");
        assert!(
            answer.header("timekit-request-id").is_some(),
            "fault answers are stamped too"
        );
    }
    api.get("/app").await.expect(200);
    assert_eq!(
        handle.request_count("GET", "/app"),
        3,
        "faulted requests count as attempts"
    );
    assert_eq!(handle.faults().injected(), 2);
}

#[tokio::test]
async fn rules_can_be_switched_at_run_time() {
    let (handle, api) = start().await;
    api.get("/app").await.expect(200);
    handle
        .faults()
        .push(FaultRule::new(Fault::Html502).path_prefix("/v2/app"));
    let answer = api.get("/app").await.expect(502);
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    handle.faults().clear();
    api.get("/app").await.expect(200);
}

#[tokio::test]
async fn a_rate_limited_post_applies_nothing() {
    let (handle, api) = start().await;
    let resource = api.resource("Room 1").await;
    handle.faults().push(
        FaultRule::new(Fault::too_many_requests(None))
            .method(Method::POST)
            .times(1),
    );
    api.post("/bookings", booking_at(&resource, "instant", 10))
        .await
        .expect(429);
    assert_eq!(handle.booking_count(), 0);
    api.post("/bookings", booking_at(&resource, "instant", 10))
        .await
        .expect(201);
    assert_eq!(handle.booking_count(), 1);
}

/// An emulator with one resource whose next `POST` meets `fault`; an instant booking is then
/// sent over raw TCP, so a cut connection shows as what arrived before it.
async fn raw_create_under(fault: Fault) -> (EmulatorHandle, Raw) {
    let (handle, api) = start().await;
    let resource = api.resource("Room 1").await;
    handle
        .faults()
        .push(FaultRule::new(fault).method(Method::POST).times(1));
    let body = booking_at(&resource, "instant", 10);
    let answer = raw(&handle, "POST", "/bookings", Some(&body)).await;
    (handle, answer)
}

#[tokio::test]
async fn close_before_the_handler_drops_the_connection_and_applies_nothing() {
    let (handle, answer) = raw_create_under(Fault::CloseBeforeHandler).await;
    assert!(
        answer.bytes.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&answer.bytes)
    );
    assert_eq!(handle.booking_count(), 0);
    assert_eq!(handle.request_count("POST", "/bookings"), 1);
}

#[tokio::test]
async fn close_after_the_handler_drops_the_connection_but_applies_the_write() {
    let (handle, answer) = raw_create_under(Fault::CloseAfterHandler).await;
    assert!(answer.bytes.is_empty());
    assert_eq!(handle.booking_count(), 1);
}

#[tokio::test]
async fn a_truncated_body_over_tcp_promises_more_than_it_sends() {
    let (handle, api) = start().await;
    let resource = api.resource("Room 1").await;
    let booking = api
        .booking(booking_at(&resource, "confirm_decline", 10))
        .await;
    let path = format!("/bookings/{}", booking["id"].as_str().unwrap());
    let whole = raw(&handle, "GET", &path, None).await;
    handle.faults().push(
        FaultRule::new(Fault::TruncatedBody)
            .path_glob("/v2/bookings/*")
            .times(1),
    );
    let cut = raw(&handle, "GET", &path, None).await;
    let promised: usize = cut.header("content-length").unwrap().parse().unwrap();
    assert_eq!(promised, whole.body().len());
    assert_eq!(cut.body(), &whole.body()[..promised / 2]);
    assert!(cut.header("timekit-request-id").is_some());
}

#[tokio::test]
async fn a_huge_body_streams_the_promised_size() {
    let (handle, _api) = start().await;
    let size = 3 * 1024 * 1024;
    handle.faults().push(
        FaultRule::new(Fault::HugeBody(size))
            .path_prefix("/v2/app")
            .times(1),
    );
    let answer = raw(&handle, "GET", "/app", None).await;
    assert_eq!(answer.header("content-length"), Some(size.to_string()));
    assert_eq!(answer.body().len() as u64, size);
    assert!(serde_json::from_slice::<Value>(answer.body()).is_ok());
}

#[tokio::test]
async fn latency_and_slow_bodies_still_deliver_the_real_answer() {
    let (handle, api) = start().await;
    let expected = api.get("/app").await.expect(200).json();
    handle
        .faults()
        .push(FaultRule::new(Fault::Latency(Duration::from_millis(30))).times(1));
    handle.faults().push(
        FaultRule::new(Fault::SlowBody {
            chunk: 7,
            delay: Duration::from_millis(2),
        })
        .times(1),
    );
    for _ in 0..2 {
        let started = std::time::Instant::now();
        let answer = api.get("/app").await.expect(200);
        assert_eq!(answer.json(), expected);
        assert!(started.elapsed() >= Duration::from_millis(2));
    }
    assert_eq!(handle.faults().injected(), 2);
}

#[tokio::test]
async fn malformed_json_answers_200_with_a_broken_document() {
    let (handle, api) = start().await;
    handle.faults().push(
        FaultRule::new(Fault::MalformedJson)
            .path_prefix("/v2/app")
            .times(1),
    );
    let answer = api.get("/app").await.expect(200);
    assert!(serde_json::from_slice::<Value>(&answer.body).is_err());
}

#[tokio::test]
async fn unmatched_paths_and_methods_are_untouched() {
    let (handle, api) = start().await;
    handle.faults().push(
        FaultRule::new(Fault::CloseBeforeHandler)
            .method(Method::DELETE)
            .path_glob("/v2/bookings/*"),
    );
    api.get("/app").await.expect(200);
    api.get("/bookings").await.expect(200);
    assert_eq!(handle.faults().injected(), 0);
}
