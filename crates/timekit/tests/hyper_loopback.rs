//! The default client (HyperTransport) against a hyper server on plain-HTTP loopback.
#![allow(clippy::unwrap_used)]

mod common;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::{EXPECTED_AUTHORIZATION, KEY, fixture};
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::time::Duration;
use timekit::Client;
use tokio::net::TcpListener;

/// Starts a server that records each request's path and `Authorization` and answers `answer`.
async fn start(answer: String) -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v2", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let record = record.clone();
            let answer = answer.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let auth = request
                        .headers()
                        .get("authorization")
                        .map(|v| v.to_str().unwrap().to_owned());
                    record
                        .lock()
                        .unwrap()
                        .push((request.uri().path().to_owned(), auth.unwrap_or_default()));
                    let response = http::Response::builder()
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(answer.clone())))
                        .unwrap();
                    async move { Ok::<_, Infallible>(response) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (base, seen)
}

#[tokio::test]
async fn default_client_talks_to_a_loopback_server() {
    let (base, seen) = start(fixture("app.json")).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let app = client.get_app().await.unwrap();
    assert!(!app.slug.is_empty());
    client.get_app().await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for (path, auth) in seen {
        assert_eq!(path, "/v2/app");
        assert_eq!(auth, EXPECTED_AUTHORIZATION);
    }
}

#[tokio::test]
async fn body_limit_of_the_builder_reaches_the_transport() {
    let (base, _) = start(fixture("app.json")).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .body_limit(16)
        .build()
        .unwrap();
    let err = client.get_app().await.unwrap_err();
    assert_eq!(
        err.transport_error().map(timekit::TransportError::kind),
        Some(timekit::TransportErrorKind::BodyTooLarge)
    );
}
