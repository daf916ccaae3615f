//! `HyperTransportBuilder`: timeouts, body limit, pool settings and trusted roots.

use std::time::Duration;

use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::roots::RootCertificates;
use super::{HyperTransport, tls};
use crate::TransportError;

/// Default bound on establishing a TCP (and TLS) connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default bound on one whole exchange (send, headers, body).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default largest response body: 16 MiB. Timekit answers are small JSON documents.
pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024 * 1024;
/// Default idle time after which a pooled connection is closed. Shorter than common server
/// keep-alive timeouts (nginx 75 s, ALB 60 s), which avoids the keep-alive race where the
/// server closes a connection while the client writes the next request on it.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Settings of a [`HyperTransport`].
#[derive(Debug, Clone)]
#[must_use]
pub struct HyperTransportBuilder {
    connect_timeout: Duration,
    request_timeout: Duration,
    body_limit: usize,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    roots: RootCertificates,
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        HyperTransportBuilder {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            body_limit: DEFAULT_BODY_LIMIT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: usize::MAX,
            roots: RootCertificates::default(),
        }
    }
}

impl HyperTransportBuilder {
    /// Bound on establishing a connection (TCP connect; default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Bound on one whole exchange: connect, send, headers and body (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Largest response body accepted, in bytes (default 16 MiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Idle time after which a pooled connection is closed (default 30 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Most idle connections kept per host (default unlimited; 0 disables pooling).
    pub fn pool_max_idle_per_host(mut self, connections: usize) -> Self {
        self.pool_max_idle_per_host = connections;
        self
    }

    /// Also trusts `certificate`, a DER-encoded X.509 root certificate (for example a
    /// `rustls::pki_types::CertificateDer`, or the bytes of a `.der`/`.cer` file): for a
    /// corporate TLS-inspecting proxy, a private CA, or a test server.
    ///
    /// The certificate is added on top of the built-in roots (Mozilla's, or the operating
    /// system's with the `native-roots` feature) unless
    /// [`tls_built_in_roots(false)`](Self::tls_built_in_roots) is set. It is checked by
    /// [`build`](Self::build), which fails if it is not a usable X.509 certificate.
    pub fn add_root_certificate(mut self, certificate: impl AsRef<[u8]>) -> Self {
        self.roots.add_der(certificate.as_ref());
        self
    }

    /// Also trusts every `CERTIFICATE` in `pem` (one certificate or a bundle, as in a
    /// `.pem`/`.crt` file); other sections such as private keys are ignored. Added on top
    /// of the built-in roots like [`add_root_certificate`](Self::add_root_certificate).
    ///
    /// # Errors
    /// [`TransportError`] (kind `Other`, nothing is added) when `pem` has a malformed
    /// section (source: `rustls::pki_types::pem::Error`), contains no `CERTIFICATE` section
    /// at all (source: `pem::Error::NoItemsFound`), or a section that is not an X.509
    /// certificate (source: `rustls::Error`).
    pub fn add_root_certificates_pem(mut self, pem: &[u8]) -> Result<Self, TransportError> {
        self.roots.add_pem(pem)?;
        Ok(self)
    }

    /// Whether to trust the built-in roots (default `true`): Mozilla's roots compiled into
    /// the binary, or the operating system's with the `native-roots` feature. With `false`
    /// only the roots added through this builder are trusted, and [`build`](Self::build)
    /// fails if none were added.
    pub fn tls_built_in_roots(mut self, enabled: bool) -> Self {
        self.roots.set_built_in(enabled);
        self
    }

    /// Builds the transport. No connection is opened yet.
    ///
    /// # Errors
    /// [`TransportError`] (kind `Other`) when the TLS root store cannot be loaded, an added
    /// root certificate is not a valid X.509 certificate, or no root would be trusted at all
    /// (built-in roots disabled and none added).
    pub fn build(self) -> Result<HyperTransport, TransportError> {
        let connector = tls::https_connector(self.connect_timeout, &self.roots)?;
        let client = PooledClient::builder(TokioExecutor::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            // Without a timer, expired idle connections are only dropped at checkout.
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(connector);
        Ok(HyperTransport {
            client,
            request_timeout: self.request_timeout,
            body_limit: self.body_limit,
        })
    }
}
