//! `HyperTransport` over real TLS: a hyper server behind tokio-rustls (ring) on 127.0.0.1:0,
//! with certificates issued by the committed test CA (see tests/fixtures/README.md).
#![cfg(feature = "hyper")]
// Helpers outside #[test] fns are test code too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::convert::Infallible;
use std::error::Error as StdError;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{CertificateError, ServerConfig};
use timekit_transport::{HyperTransport, Transport, TransportError, TransportErrorKind};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

const CA_PEM: &[u8] = include_bytes!("fixtures/ca.pem");
const CA_DER: &[u8] = include_bytes!("fixtures/ca.der");
const LOCALHOST_CERT: &[u8] = include_bytes!("fixtures/localhost.pem");
const LOCALHOST_KEY: &[u8] = include_bytes!("fixtures/localhost.key");
const WRONG_NAME_CERT: &[u8] = include_bytes!("fixtures/wrong-name.pem");
const WRONG_NAME_KEY: &[u8] = include_bytes!("fixtures/wrong-name.key");

/// An HTTPS server started for one test, with counters of what reached it.
struct TlsServer {
    /// `https://127.0.0.1:<port>`
    base: String,
    /// TCP connections accepted.
    accepted: Arc<AtomicUsize>,
    /// TLS handshakes that completed.
    handshakes: Arc<AtomicUsize>,
    /// HTTP requests that reached the handler.
    requests: Arc<AtomicUsize>,
}

/// Serves HTTPS with `cert_pem`/`key_pem`; every request is answered
/// `200 "secure <method> <path>"`.
async fn serve_tls(cert_pem: &[u8], key_pem: &[u8]) -> TlsServer {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(key_pem).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let server = TlsServer {
        base,
        accepted: Arc::default(),
        handshakes: Arc::default(),
        requests: Arc::default(),
    };
    let (accepted, handshakes, requests) = (
        server.accepted.clone(),
        server.handshakes.clone(),
        server.requests.clone(),
    );
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            accepted.fetch_add(1, Ordering::SeqCst);
            let (acceptor, handshakes, requests) =
                (acceptor.clone(), handshakes.clone(), requests.clone());
            tokio::spawn(async move {
                // A client that rejects the certificate aborts the handshake: nothing to serve.
                let Ok(tls_stream) = acceptor.accept(stream).await else {
                    return;
                };
                handshakes.fetch_add(1, Ordering::SeqCst);
                let service = service_fn(move |request: http::Request<Incoming>| {
                    requests.fetch_add(1, Ordering::SeqCst);
                    let body = format!("secure {} {}", request.method(), request.uri().path());
                    let response = http::Response::builder()
                        .header("timekit-request-id", "tls-1")
                        .body(Full::new(Bytes::from(body)))
                        .unwrap();
                    async move { Ok::<_, Infallible>(response) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls_stream), service)
                    .await;
            });
        }
    });
    server
}

fn get(uri: &str) -> http::Request<Bytes> {
    http::Request::builder()
        .uri(uri)
        .body(Bytes::new())
        .unwrap()
}

fn trusting_the_test_ca() -> HyperTransport {
    HyperTransport::builder()
        .add_root_certificates_pem(CA_PEM)
        .unwrap()
        .build()
        .unwrap()
}

/// The rustls error somewhere in the cause chain of `err`. `io::Error::source` skips the
/// error it wraps (it returns that error's source), so through an `io::Error` the walk
/// continues with `get_ref` instead.
fn rustls_error_in(err: &TransportError) -> Option<rustls::Error> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<rustls::Error>() {
            return Some(found.clone());
        }
        current = match error.downcast_ref::<std::io::Error>() {
            Some(io_error) => io_error
                .get_ref()
                .map(|inner| inner as &(dyn StdError + 'static)),
            None => error.source(),
        };
    }
    None
}

#[tokio::test]
async fn get_over_https_returns_status_headers_and_body() {
    let server = serve_tls(LOCALHOST_CERT, LOCALHOST_KEY).await;
    let transport = trusting_the_test_ca();
    let response = transport
        .send(get(&format!("{}/v2/app", server.base)))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["timekit-request-id"], "tls-1");
    assert_eq!(response.body().as_ref(), b"secure GET /v2/app");
    assert_eq!(server.handshakes.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn sequential_requests_reuse_one_tls_connection() {
    let server = serve_tls(LOCALHOST_CERT, LOCALHOST_KEY).await;
    let transport = trusting_the_test_ca();
    for path in ["/v2/app", "/v2/bookings"] {
        let response = transport
            .send(get(&format!("{}{path}", server.base)))
            .await
            .unwrap();
        assert_eq!(
            response.body().as_ref(),
            format!("secure GET {path}").as_bytes()
        );
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
    assert_eq!(server.handshakes.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_der_root_alone_is_enough_without_built_in_roots() {
    let server = serve_tls(LOCALHOST_CERT, LOCALHOST_KEY).await;
    let transport = HyperTransport::builder()
        .tls_built_in_roots(false)
        .add_root_certificate(CA_DER)
        .build()
        .unwrap();
    let response = transport
        .send(get(&format!("{}/v2/app", server.base)))
        .await
        .unwrap();
    assert_eq!(response.body().as_ref(), b"secure GET /v2/app");
}

#[tokio::test]
async fn untrusted_certificate_fails_as_connect_before_anything_is_sent() {
    let server = serve_tls(LOCALHOST_CERT, LOCALHOST_KEY).await;
    // Built-in roots only: the test CA is unknown.
    let transport = HyperTransport::new().unwrap();
    let err = transport
        .send(get(&format!("{}/v2/app", server.base)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect);
    assert!(!err.request_may_have_been_sent());
    assert!(err.is_retryable());
    assert_eq!(
        rustls_error_in(&err),
        Some(rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer
        )),
        "{err:?}"
    );
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn certificate_for_another_name_fails_as_connect() {
    // Signed by the trusted test CA, but issued for wrong-name.invalid only.
    let server = serve_tls(WRONG_NAME_CERT, WRONG_NAME_KEY).await;
    let transport = trusting_the_test_ca();
    let err = transport
        .send(get(&format!("{}/v2/app", server.base)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect);
    assert!(!err.request_may_have_been_sent());
    let cause = rustls_error_in(&err);
    assert!(
        matches!(
            cause,
            Some(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
            ))
        ),
        "{cause:?}"
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_root_that_did_not_issue_the_chain_is_not_trusted() {
    // Only one root is trusted, and it is not the test CA that issued the server's
    // certificate (any certificate can be a trust anchor; this one is a leaf).
    let server = serve_tls(LOCALHOST_CERT, LOCALHOST_KEY).await;
    let unrelated_root = CertificateDer::from_pem_slice(WRONG_NAME_CERT).unwrap();
    let transport = HyperTransport::builder()
        .tls_built_in_roots(false)
        .add_root_certificate(unrelated_root)
        .build()
        .unwrap();
    let err = transport
        .send(get(&format!("{}/v2/app", server.base)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect);
    assert_eq!(
        rustls_error_in(&err),
        Some(rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer
        ))
    );
}

#[test]
fn bad_pem_is_a_typed_error_and_no_panic() {
    let err = HyperTransport::builder()
        .add_root_certificates_pem(b"-----BEGIN CERTIFICATE-----\n%%%\n")
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Other);
    assert!(!err.request_may_have_been_sent());
    let source = err.source().unwrap();
    assert!(source.is::<rustls::pki_types::pem::Error>(), "{source:?}");
}

#[test]
fn no_trusted_root_at_all_is_refused_at_build() {
    let err = HyperTransport::builder()
        .tls_built_in_roots(false)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Other);
}

#[test]
fn an_invalid_der_root_is_refused_at_build() {
    let err = HyperTransport::builder()
        .add_root_certificate(b"-----BEGIN CERTIFICATE-----")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Other);
    assert!(err.source().unwrap().is::<rustls::Error>());
}
