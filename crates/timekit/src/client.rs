//! `Client`: the handle every call goes through.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderValue};
use timekit_ops::BaseUrl;
use timekit_transport::HyperTransport;

use crate::api_key::ApiKey;
use crate::builder::{ClientBuilder, DefaultTransport};
use crate::config_error::ConfigError;
use crate::retry::{RateLimiter, RetryBudget, RetryPolicy};

/// The Timekit API client.
///
/// Cheap to clone (one `Arc`); clones share the transport and its connection pool, the
/// retry budget and the rate limiter. `Send` and `Sync`, so one client can serve a whole
/// application.
///
/// Every call goes the same way ([`Client::call`]): the operation builds the request, the
/// client adds auth and its headers and sends it under the retry policy, the operation parses
/// the response. Each call runs in a `tracing` span `timekit.call` with the operation name,
/// method and path template (never ids, bodies or the key), status, attempts and elapsed time.
pub struct Client<T = HyperTransport> {
    pub(crate) inner: Arc<Inner<T>>,
}

/// What every clone of a client shares.
pub(crate) struct Inner<T> {
    pub(crate) transport: T,
    pub(crate) base_url: BaseUrl,
    /// `Basic base64(":" + key)`, marked sensitive.
    pub(crate) authorization: HeaderValue,
    /// `User-Agent` and the configured `Timekit-*` headers.
    pub(crate) headers: HeaderMap,
    /// The policy of calls that do not bring their own.
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) retry_budget: RetryBudget,
    pub(crate) rate_limiter: Option<RateLimiter>,
    /// The bound the transport puts on every exchange, when known (the default transport's
    /// request timeout), so the retry loop can skip a timer of its own.
    pub(crate) attempt_timeout: Option<Duration>,
}

impl Client<HyperTransport> {
    /// A client for Timekit's production API with default settings.
    ///
    /// # Errors
    /// [`ConfigError`] for a blank key or a TLS root store that cannot be loaded.
    pub fn new(api_key: impl Into<ApiKey>) -> Result<Self, ConfigError> {
        Client::builder().api_key(api_key).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder<DefaultTransport> {
        ClientBuilder::default()
    }
}

impl<T> Client<T> {
    /// The base every request path is joined to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base_url
    }

    /// The transport requests go through.
    pub fn transport(&self) -> &T {
        &self.inner.transport
    }

    /// The retry policy of calls that do not set their own ([`Call::retry`](crate::Call::retry)).
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// The retry budget shared by all clones of this client.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.inner.retry_budget
    }

    /// The client-side rate limiter, when one is configured.
    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.inner.rate_limiter.as_ref()
    }
}

impl<T> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<T> fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self
            .inner
            .headers
            .keys()
            .map(|name| name.as_str())
            .collect();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &"<redacted>")
            .field("headers", &headers)
            .field("transport", &std::any::type_name::<T>())
            .finish()
    }
}
