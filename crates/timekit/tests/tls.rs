//! The default client over real HTTPS: a rustls (ring) server on 127.0.0.1 whose certificate
//! was issued by timekit-transport's test CA (crates/timekit-transport/tests/fixtures/).
#![allow(clippy::unwrap_used)]

mod common;

use std::convert::Infallible;
use std::error::Error as StdError;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use common::{EXPECTED_AUTHORIZATION, KEY};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use timekit::{Client, ConfigError, Error, RetryPolicy, TransportErrorKind};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

const CA_PEM: &[u8] = include_bytes!("../../timekit-transport/tests/fixtures/ca.pem");
const CA_DER: &[u8] = include_bytes!("../../timekit-transport/tests/fixtures/ca.der");
const SERVER_CERT: &[u8] = include_bytes!("../../timekit-transport/tests/fixtures/localhost.pem");
const SERVER_KEY: &[u8] = include_bytes!("../../timekit-transport/tests/fixtures/localhost.key");

/// What the server saw: method, path and `Authorization` of each request.
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

/// Starts an HTTPS server on 127.0.0.1:0 answering `GET /v2/app` with a minimal app and
/// everything else with 404; returns its base URL (`https://127.0.0.1:<port>/v2`).
async fn start_https_app_server() -> (String, Seen) {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(SERVER_CERT)
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(SERVER_KEY).unwrap();
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("https://{}/v2", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (acceptor, record) = (acceptor.clone(), record.clone());
            tokio::spawn(async move {
                let Ok(tls_stream) = acceptor.accept(stream).await else {
                    return;
                };
                let service = service_fn(move |request: http::Request<Incoming>| {
                    let authorization = request
                        .headers()
                        .get("authorization")
                        .map(|value| value.to_str().unwrap().to_owned())
                        .unwrap_or_default();
                    let (method, path) = (request.method().clone(), request.uri().path());
                    record.lock().unwrap().push((
                        method.to_string(),
                        path.to_owned(),
                        authorization,
                    ));
                    let response = if method == http::Method::GET && path == "/v2/app" {
                        http::Response::builder()
                            .header("content-type", "application/json")
                            .body(Full::new(Bytes::from_static(
                                br#"{"data": {"id": "a", "slug": "s"}}"#,
                            )))
                    } else {
                        http::Response::builder()
                            .status(404)
                            .body(Full::new(Bytes::from_static(br#"{"error": "not found"}"#)))
                    };
                    async move { Ok::<_, Infallible>(response.unwrap()) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls_stream), service)
                    .await;
            });
        }
    });
    (base, seen)
}

/// A builder for `base` with the test key, one attempt per call and a short timeout.
fn builder(base: &str) -> timekit::ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(base)
        .retry_policy(RetryPolicy::none())
        .request_timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn client_with_the_test_ca_talks_https() {
    let (base, seen) = start_https_app_server().await;
    let client = builder(&base)
        .add_root_certificates_pem(CA_PEM)
        .unwrap()
        .build()
        .unwrap();
    let app = client.get_app().await.unwrap();
    assert_eq!(app.id.as_str(), "a");
    assert_eq!(app.slug, "s");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [(
            "GET".to_owned(),
            "/v2/app".to_owned(),
            EXPECTED_AUTHORIZATION.to_owned()
        )]
    );
}

#[tokio::test]
async fn client_trusting_only_the_der_test_ca_talks_https() {
    let (base, _) = start_https_app_server().await;
    let client = builder(&base)
        .tls_built_in_roots(false)
        .add_root_certificate(CA_DER)
        .build()
        .unwrap();
    assert_eq!(client.get_app().await.unwrap().slug, "s");
}

#[tokio::test]
async fn client_without_the_test_ca_fails_to_connect_and_sends_nothing() {
    let (base, seen) = start_https_app_server().await;
    let client = builder(&base).build().unwrap();
    let err = client.get_app().await.unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(!transport.request_may_have_been_sent());
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn bad_pem_is_a_config_error() {
    let err = Client::builder()
        .add_root_certificates_pem(b"-----BEGIN CERTIFICATE-----\nnot base64!\n")
        .unwrap_err();
    let ConfigError::Transport(transport) = &err else {
        panic!("expected ConfigError::Transport, got {err:?}");
    };
    assert!(
        transport
            .source()
            .is_some_and(|source| source.is::<rustls::pki_types::pem::Error>()),
        "{transport:?}"
    );
}

#[test]
fn no_trusted_root_is_a_config_error_at_build() {
    let err = builder("https://127.0.0.1:1/v2")
        .tls_built_in_roots(false)
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::Transport(_)), "{err:?}");
}
