//! `HyperTransportBuilder`: timeouts, body limit and pool settings.

use std::time::Duration;

use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};

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
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        HyperTransportBuilder {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            body_limit: DEFAULT_BODY_LIMIT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: usize::MAX,
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

    /// Builds the transport. No connection is opened yet.
    ///
    /// # Errors
    /// [`TransportError`] (kind `Other`) when the TLS root store cannot be loaded.
    pub fn build(self) -> Result<HyperTransport, TransportError> {
        let connector = tls::https_connector(self.connect_timeout)?;
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
