//! `HyperTransport`: hyper 1 + hyper-util's pooled client + rustls (ring).

mod body;
mod builder;
mod classify;
mod roots;
mod tls;

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;

pub use builder::{
    DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_POOL_IDLE_TIMEOUT,
    DEFAULT_REQUEST_TIMEOUT, HyperTransportBuilder,
};

use crate::{Transport, TransportError};

/// The production transport: a pooled HTTP/1.1 client with HTTPS through rustls.
///
/// hyper-util's client has no request timeout, no connect timeout and no `TCP_NODELAY` by
/// default; this type sets all three, evicts idle pooled connections with a timer, bounds
/// the whole exchange (headers **and** body) with one timeout, and caps the response body.
/// Plain `http://` URIs are accepted so that a loopback emulator can be used; deciding which
/// hosts may be reached over plain HTTP is the client's job, not the transport's.
///
/// Cloning is cheap and shares the connection pool. Requests must be made inside a Tokio
/// runtime.
#[derive(Clone)]
pub struct HyperTransport {
    client: PooledClient<HttpsConnector<HttpConnector>, Full<Bytes>>,
    request_timeout: Duration,
    body_limit: usize,
}

impl HyperTransport {
    /// A transport with the default settings (see [`HyperTransportBuilder`]).
    ///
    /// # Errors
    /// [`TransportError`] (kind `Other`) when the TLS root store cannot be loaded.
    pub fn new() -> Result<Self, TransportError> {
        HyperTransport::builder().build()
    }

    /// Starts a builder with the default settings.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::default()
    }

    /// The bound on one whole exchange: sending, waiting for headers, reading the body.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// The largest response body accepted, in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    async fn exchange(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let response = self
            .client
            .request(request.map(Full::new))
            .await
            .map_err(classify::request_error)?;
        body::collect_limited(response, self.body_limit).await
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("request_timeout", &self.request_timeout)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl Transport for HyperTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        check_uri(request.uri())?;
        match tokio::time::timeout(self.request_timeout, self.exchange(request)).await {
            Ok(result) => result,
            Err(elapsed) => Err(TransportError::timeout(elapsed).with_message("request timed out")),
        }
    }
}

/// Refuses URIs hyper-util cannot send, before anything is attempted.
fn check_uri(uri: &http::Uri) -> Result<(), TransportError> {
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    if !scheme_ok || uri.authority().is_none() {
        return Err(
            TransportError::bare(crate::TransportErrorKind::InvalidRequest)
                .with_message("the request URI must be absolute http:// or https://"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TransportErrorKind;

    #[tokio::test]
    async fn relative_and_non_http_uris_are_refused_before_sending() {
        let transport = HyperTransport::new().unwrap();
        for uri in ["/v2/app", "ftp://example.invalid/x", "mailto:a@b.invalid"] {
            let request = http::Request::builder()
                .uri(uri)
                .body(Bytes::new())
                .unwrap();
            let err = transport.send(request).await.unwrap_err();
            assert_eq!(err.kind(), TransportErrorKind::InvalidRequest, "{uri}");
            assert!(!err.request_may_have_been_sent());
        }
    }

    #[test]
    fn debug_shows_settings() {
        let transport = HyperTransport::builder()
            .request_timeout(Duration::from_secs(7))
            .body_limit(1234)
            .build()
            .unwrap();
        let debug = format!("{transport:?}");
        assert!(debug.contains("7s") && debug.contains("1234"), "{debug}");
    }
}
