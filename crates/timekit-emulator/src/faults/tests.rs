//! The faults through a real hyper HTTP/1 connection (over an in-memory pipe): what reaches
//! the client, and whether the handler ran.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

const REAL_BODY: &str = r#"{"data":{"id":"b-1","state":"confirmed","graph":"instant"}}"#;

/// What one request produced on the wire.
struct Exchange {
    /// Everything the client received before the connection closed.
    raw: Vec<u8>,
    /// Whether the real handler ran.
    handler_ran: bool,
    /// How long the exchange took.
    elapsed: Duration,
}

impl Exchange {
    fn head(&self) -> String {
        let end = self
            .raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(self.raw.len());
        String::from_utf8_lossy(&self.raw[..end]).to_ascii_lowercase()
    }
    fn body(&self) -> &[u8] {
        let end = self.raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        &self.raw[end + 4..]
    }
    fn status(&self) -> u16 {
        self.head()[9..12].parse().unwrap()
    }
    fn header(&self, name: &str) -> Option<String> {
        let head = self.head();
        head.lines().find_map(|line| {
            line.strip_prefix(&format!("{name}: "))
                .map(|value| value.trim().to_owned())
        })
    }
}

/// Serves one `method path` request the way the emulator's server does: take a fault, then
/// either apply it around the handler or run the handler.
async fn serve(faults: &Faults, method: Method, path: &str) -> Exchange {
    let ran = Arc::new(AtomicBool::new(false));
    let (client, server) = tokio::io::duplex(1 << 20);
    let service_faults = faults.clone();
    let service_ran = ran.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let faults = service_faults.clone();
        let ran = service_ran.clone();
        async move {
            let handler = async move {
                ran.store(true, Ordering::SeqCst);
                let body = Full::new(Bytes::from_static(REAL_BODY.as_bytes()))
                    .map_err(|never: Infallible| match never {})
                    .boxed();
                Response::builder()
                    .status(StatusCode::CREATED)
                    .header("content-type", "application/json")
                    .body(body)
                    .unwrap()
            };
            match faults.take_matching(request.method(), request.uri().path()) {
                Some(fault) => apply(fault, handler).await,
                None => Ok(handler.await),
            }
        }
    });
    let connection = tokio::spawn(
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(server), service),
    );
    let start = tokio::time::Instant::now();
    let mut client = client;
    let request =
        format!("{method} {path} HTTP/1.1\r\nhost: emulator\r\nconnection: close\r\n\r\n");
    client.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), client.read_to_end(&mut raw))
        .await
        .expect("the server neither answered nor closed")
        .unwrap();
    let elapsed = start.elapsed();
    let _ = connection.await;
    Exchange {
        raw,
        handler_ran: ran.load(Ordering::SeqCst),
        elapsed,
    }
}

fn with(fault: Fault) -> Faults {
    let faults = Faults::new();
    faults.push(FaultRule::new(fault).times(1));
    faults
}

#[tokio::test]
async fn without_a_fault_the_real_answer_goes_out() {
    let exchange = serve(&Faults::new(), Method::POST, "/v2/bookings").await;
    assert_eq!(exchange.status(), 201);
    assert_eq!(exchange.body(), REAL_BODY.as_bytes());
    assert!(exchange.handler_ran);
}

#[tokio::test]
async fn latency_delays_the_real_answer() {
    let faults = with(Fault::Latency(Duration::from_millis(50)));
    let exchange = serve(&faults, Method::GET, "/v2/bookings").await;
    assert_eq!(exchange.status(), 201);
    assert_eq!(exchange.body(), REAL_BODY.as_bytes());
    assert!(exchange.handler_ran);
    assert!(exchange.elapsed >= Duration::from_millis(50));
}

#[tokio::test]
async fn a_status_fault_answers_without_running_the_handler() {
    let faults = with(Fault::service_unavailable(Some(2)));
    let exchange = serve(&faults, Method::POST, "/v2/bookings").await;
    assert_eq!(exchange.status(), 503);
    assert_eq!(exchange.header("retry-after").as_deref(), Some("2"));
    assert_eq!(
        exchange.header("content-type").as_deref(),
        Some("application/json")
    );
    let body: serde_json::Value = serde_json::from_slice(exchange.body()).unwrap();
    assert_eq!(body, serde_json::json!({"error": "Too many requests"}));
    assert!(!exchange.handler_ran);

    let custom = with(Fault::Status {
        status: StatusCode::TOO_MANY_REQUESTS,
        retry_after: None,
        body: Some(Bytes::from_static(b"{\"error\":\"quota\"}")),
    });
    let exchange = serve(&custom, Method::GET, "/v2/app").await;
    assert_eq!(exchange.status(), 429);
    assert_eq!(exchange.header("retry-after"), None);
    assert_eq!(exchange.body(), b"{\"error\":\"quota\"}");
}

#[tokio::test]
async fn close_before_the_handler_sends_nothing_and_applies_nothing() {
    let exchange = serve(
        &with(Fault::CloseBeforeHandler),
        Method::POST,
        "/v2/bookings",
    )
    .await;
    assert!(
        exchange.raw.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&exchange.raw)
    );
    assert!(!exchange.handler_ran);
}

#[tokio::test]
async fn close_after_the_handler_sends_nothing_but_applies_the_request() {
    let exchange = serve(
        &with(Fault::CloseAfterHandler),
        Method::POST,
        "/v2/bookings",
    )
    .await;
    assert!(exchange.raw.is_empty());
    assert!(exchange.handler_ran);
}

#[tokio::test]
async fn a_truncated_body_promises_the_whole_length_and_sends_half() {
    let exchange = serve(&with(Fault::TruncatedBody), Method::GET, "/v2/bookings/b-1").await;
    assert_eq!(exchange.status(), 201);
    assert_eq!(
        exchange.header("content-length"),
        Some(REAL_BODY.len().to_string())
    );
    assert_eq!(
        exchange.body(),
        &REAL_BODY.as_bytes()[..REAL_BODY.len() / 2]
    );
    assert!(exchange.handler_ran);
}

#[tokio::test]
async fn malformed_json_is_a_200_with_an_unfinished_document() {
    let exchange = serve(&with(Fault::MalformedJson), Method::GET, "/v2/bookings/b-1").await;
    assert_eq!(exchange.status(), 200);
    assert_eq!(
        exchange.header("content-type").as_deref(),
        Some("application/json")
    );
    assert!(!exchange.body().is_empty());
    assert!(serde_json::from_slice::<serde_json::Value>(exchange.body()).is_err());
    assert!(exchange.handler_ran);
}

#[tokio::test]
async fn html_502_looks_like_a_failed_gateway() {
    let exchange = serve(
        &with(Fault::Html502),
        Method::PUT,
        "/v2/bookings/b-1/confirm",
    )
    .await;
    assert_eq!(exchange.status(), 502);
    assert!(
        exchange
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(String::from_utf8_lossy(exchange.body()).contains("502 Bad Gateway"));
    assert!(!exchange.handler_ran);
}

#[tokio::test]
async fn a_huge_body_is_valid_json_of_the_requested_size() {
    let size = 300_000;
    let exchange = serve(&with(Fault::HugeBody(size)), Method::GET, "/v2/bookings").await;
    assert_eq!(exchange.status(), 200);
    assert_eq!(exchange.header("content-length"), Some(size.to_string()));
    assert_eq!(exchange.body().len() as u64, size);
    let body: serde_json::Value = serde_json::from_slice(exchange.body()).unwrap();
    assert_eq!(
        body["data"].as_str().map(str::len),
        Some(size as usize - 11)
    );
    assert!(exchange.handler_ran);
}

#[tokio::test]
async fn a_slow_body_arrives_whole_but_late() {
    let delay = Duration::from_millis(5);
    let faults = with(Fault::SlowBody { chunk: 8, delay });
    let exchange = serve(&faults, Method::GET, "/v2/bookings/b-1").await;
    assert_eq!(exchange.status(), 201);
    assert_eq!(exchange.body(), REAL_BODY.as_bytes());
    let pieces = REAL_BODY.len().div_ceil(8) as u32;
    assert!(
        exchange.elapsed >= delay * pieces,
        "took {:?}",
        exchange.elapsed
    );
    assert!(exchange.handler_ran);
}

#[tokio::test]
async fn faults_only_hit_the_requests_their_rule_selects() {
    let faults = Faults::new();
    faults.push(
        FaultRule::new(Fault::CloseBeforeHandler)
            .method(Method::POST)
            .path_prefix("/v2/bookings"),
    );
    let read = serve(&faults, Method::GET, "/v2/bookings").await;
    assert_eq!(read.status(), 201);
    let other_path = serve(&faults, Method::POST, "/v2/resources").await;
    assert_eq!(other_path.status(), 201);
    let hit = serve(&faults, Method::POST, "/v2/bookings").await;
    assert!(hit.raw.is_empty());
    assert_eq!(faults.injected(), 1);
}
