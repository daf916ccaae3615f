//! `HyperTransport` against real hyper servers on 127.0.0.1:0.
#![cfg(feature = "hyper")]
// Helpers outside #[test] fns are test code too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::{Body, Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use timekit_transport::{HyperTransport, Transport, TransportErrorKind};
use tokio::net::TcpListener;

/// A server started for one test; counts accepted TCP connections.
struct TestServer {
    base: String,
    accepted: Arc<AtomicUsize>,
}

/// Serves every connection with `respond` until the test ends.
async fn serve<B, F>(respond: F) -> TestServer
where
    F: Fn(http::Request<Incoming>) -> http::Response<B> + Send + Sync + Clone + 'static,
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            stream.set_nodelay(true).unwrap();
            counter.fetch_add(1, Ordering::SeqCst);
            let respond = respond.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let response = respond(request);
                    async move { Ok::<_, Infallible>(response) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    TestServer { base, accepted }
}

/// A raw TCP server that reads each request, writes `head` (a status line, headers and
/// perhaps the start of a body) and then holds the connection open without another byte.
async fn serve_head_then_stall(head: &'static str) -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer).await;
            stream.write_all(head.as_bytes()).await.unwrap();
            held.push(stream);
        }
    });
    address
}

fn get(uri: &str) -> http::Request<Bytes> {
    http::Request::builder()
        .uri(uri)
        .body(Bytes::new())
        .unwrap()
}

/// A body of known chunks and no declared length, so hyper sends it chunked.
struct Chunked(VecDeque<Bytes>);

impl Body for Chunked {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.pop_front().map(|chunk| Ok(Frame::data(chunk))))
    }
}

#[tokio::test]
async fn success_returns_status_headers_and_whole_body() {
    let server = serve(|request: http::Request<Incoming>| {
        let body = format!("{} {}", request.method(), request.uri().path());
        http::Response::builder()
            .status(201)
            .header("timekit-request-id", "req-1")
            .body(Full::new(Bytes::from(body)))
            .unwrap()
    })
    .await;
    let transport = HyperTransport::new().unwrap();
    let request = http::Request::builder()
        .method("POST")
        .uri(format!("{}/v2/bookings", server.base))
        .body(Bytes::from_static(b"{}"))
        .unwrap();
    let response = transport.send(request).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["timekit-request-id"], "req-1");
    assert_eq!(response.body().as_ref(), b"POST /v2/bookings");
}

#[tokio::test]
async fn refused_connection_is_connect_and_not_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let transport = HyperTransport::new().unwrap();
    let err = transport
        .send(get(&format!("http://{address}/v2/app")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect);
    assert!(!err.request_may_have_been_sent());
    assert!(err.is_retryable());
}

#[tokio::test]
async fn silent_server_times_out_within_the_bound() {
    // Accepts connections and never reads or answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let bound = Duration::from_millis(300);
    let transport = HyperTransport::builder()
        .request_timeout(bound)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = transport
        .send(get(&format!("http://{address}/v2/app")))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.kind(), TransportErrorKind::Timeout);
    assert!(err.request_may_have_been_sent());
    assert!(elapsed >= bound, "returned before the bound: {elapsed:?}");
    assert!(elapsed < bound + Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test]
async fn stalled_body_after_headers_times_out() {
    // Headers arrive at once, the body never completes: the timeout must cover the body.
    let address =
        serve_head_then_stall("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"data\":").await;
    let transport = HyperTransport::builder()
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = transport
        .send(get(&format!("http://{address}/v2/app")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Timeout);
}

#[tokio::test]
async fn body_over_the_limit_with_content_length_is_refused() {
    let server = serve(|_| http::Response::new(Full::new(Bytes::from(vec![b'x'; 2048])))).await;
    let transport = HyperTransport::builder().body_limit(1024).build().unwrap();
    let err = transport
        .send(get(&format!("{}/big", server.base)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn chunked_body_over_the_limit_is_refused() {
    let server = serve(|_| {
        let chunks = (0..8).map(|_| Bytes::from(vec![b'x'; 256])).collect();
        http::Response::new(Chunked(chunks))
    })
    .await;
    let transport = HyperTransport::builder().body_limit(1024).build().unwrap();
    let response = transport.send(get(&format!("{}/big", server.base))).await;
    let err = response.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn body_at_the_limit_is_accepted() {
    let server = serve(|_| {
        let chunks = (0..4).map(|_| Bytes::from(vec![b'x'; 256])).collect();
        http::Response::new(Chunked(chunks))
    })
    .await;
    let transport = HyperTransport::builder().body_limit(1024).build().unwrap();
    let response = transport
        .send(get(&format!("{}/exact", server.base)))
        .await
        .unwrap();
    assert_eq!(response.body().len(), 1024);
}

#[tokio::test]
async fn sequential_requests_share_one_pooled_connection() {
    let server = serve(|_| http::Response::new(Full::new(Bytes::from_static(b"ok")))).await;
    let transport = HyperTransport::new().unwrap();
    for _ in 0..3 {
        let response = transport
            .send(get(&format!("{}/v2/app", server.base)))
            .await
            .unwrap();
        assert_eq!(response.body().as_ref(), b"ok");
    }
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn disabled_pooling_opens_a_connection_per_request() {
    // The counterpart of the pooling test: shows the server-side count does see new connections.
    let server = serve(|_| http::Response::new(Full::new(Bytes::from_static(b"ok")))).await;
    let transport = HyperTransport::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    for _ in 0..3 {
        transport
            .send(get(&format!("{}/v2/app", server.base)))
            .await
            .unwrap();
    }
    assert_eq!(server.accepted.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn connection_closed_before_an_answer_is_io() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer).await;
            drop(stream);
        }
    });
    let transport = HyperTransport::new().unwrap();
    let err = transport
        .send(get(&format!("http://{address}/v2/app")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Io);
    assert!(err.request_may_have_been_sent());
}

#[tokio::test]
async fn declared_oversized_length_is_refused_before_reading_the_body() {
    // The server declares 10 MB and sends nothing: only an early refusal on Content-Length
    // can answer BodyTooLarge; reading the body would wait for the timeout instead.
    let address =
        serve_head_then_stall("HTTP/1.1 200 OK\r\ncontent-length: 10000000\r\n\r\n").await;
    let transport = HyperTransport::builder()
        .body_limit(1024)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = transport
        .send(get(&format!("http://{address}/big")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge);
    assert!(started.elapsed() < Duration::from_secs(4));
}
