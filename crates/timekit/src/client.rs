//! `Client`: runs operations through a transport.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use timekit_ops::{BaseUrl, BuildError, Operation, Raw, RawResponse};
use timekit_transport::{HyperTransport, Transport};
use tracing::Instrument as _;

use crate::api_key::ApiKey;
use crate::builder::{ClientBuilder, DefaultTransport};
use crate::config_error::ConfigError;
use crate::error::Error;
use crate::retry::{AttemptFailure, RateLimiter, RetryBudget, RetryLoop, RetryPolicy};

/// The Timekit API client.
///
/// Cheap to clone (one `Arc`); clones share the transport and its connection pool. `Send`
/// and `Sync`, so one client can serve a whole application.
///
/// Every call goes the same way: the operation builds the request, the client adds
/// `Authorization`, `User-Agent` and the configured `Timekit-*` headers, sends it, and the
/// operation parses the response. Each call runs in a `tracing` span `timekit.call` with the
/// operation name, method and path template (never ids, bodies or the key), and records the
/// status and elapsed time.
pub struct Client<T = HyperTransport> {
    inner: Arc<Inner<T>>,
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
    /// Pays for every retry of every clone's calls.
    pub(crate) retry_budget: RetryBudget,
    /// Paces every attempt of every clone's calls, when configured.
    pub(crate) rate_limiter: Option<RateLimiter>,
    /// The bound the transport puts on every exchange, when known (the default transport's
    /// request timeout): see [`RetryLoop::with_attempt_timeout`].
    pub(crate) attempt_timeout: Option<std::time::Duration>,
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
    pub(crate) fn from_inner(inner: Arc<Inner<T>>) -> Self {
        Client { inner }
    }

    /// The base every request path is joined to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base_url
    }

    /// The transport requests go through.
    pub fn transport(&self) -> &T {
        &self.inner.transport
    }

    /// The retry policy of calls made with [`Client::execute`].
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

impl<T: Transport> Client<T> {
    /// Runs any operation and returns its typed output, retrying under the client's
    /// [`RetryPolicy`].
    ///
    /// This is the one code path every convenience method uses.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] before sending; [`Error::Transport`] when no response came;
    /// [`Error::IncorrectCredentials`] / [`Error::UnexpectedStatus`] for non-2xx answers;
    /// [`Error::Decode`] for a 2xx body that does not match. After retries, the error is the
    /// last attempt's.
    pub async fn execute<O: Operation>(&self, op: O) -> Result<O::Output, Error> {
        self.execute_with(op, &self.inner.retry_policy).await
    }

    /// Runs any operation under `policy` instead of the client's retry policy, e.g.
    /// `RetryPolicy::none()` for one attempt, or
    /// `RetryPolicy::default().with_retry_post(true)` to allow retrying a `POST` you know is
    /// safe to repeat. The client-wide retry budget and rate limiter still apply.
    ///
    /// # Errors
    /// As [`Client::execute`].
    pub async fn execute_with<O: Operation>(
        &self,
        op: O,
        policy: &RetryPolicy,
    ) -> Result<O::Output, Error> {
        let span = tracing::debug_span!(
            "timekit.call",
            operation = O::NAME,
            method = %O::METHOD,
            path = O::PATH_TEMPLATE,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        if span.is_disabled() {
            // Nobody records the span: entering it on every poll and looking up its fields to
            // record nothing would be pure overhead.
            return self.run(op, policy, None).await;
        }
        self.run(op, policy, Some(&span))
            .instrument(span.clone())
            .await
    }

    /// Runs any operation and returns the response unparsed (status, headers, bytes).
    ///
    /// Non-2xx statuses are still errors, exactly as with [`Client::execute`].
    ///
    /// # Errors
    /// As [`Client::execute`], without [`Error::Decode`].
    pub async fn execute_raw<O: Operation>(&self, op: O) -> Result<RawResponse, Error> {
        self.execute(Raw::new(op)).await
    }

    /// [`Client::execute_raw`] under `policy` (see [`Client::execute_with`]).
    ///
    /// # Errors
    /// As [`Client::execute_raw`].
    pub async fn execute_raw_with<O: Operation>(
        &self,
        op: O,
        policy: &RetryPolicy,
    ) -> Result<RawResponse, Error> {
        self.execute_with(Raw::new(op), policy).await
    }

    /// `execute` inside its span; `span` (`None` when disabled) is passed in so that status,
    /// attempts and elapsed time are recorded on it even under subscribers that do not track
    /// the current span.
    async fn run<O: Operation>(
        &self,
        mut op: O,
        policy: &RetryPolicy,
        span: Option<&tracing::Span>,
    ) -> Result<O::Output, Error> {
        let started = debug_may_be_recorded().then(Instant::now);
        let request = self.prepare(&op)?;
        let response = self.send_with_policy(&mut op, request, policy, span).await;
        let elapsed_ms =
            started.map(|started| u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
        if let (Some(span), Some(elapsed_ms)) = (span, elapsed_ms) {
            span.record("elapsed_ms", elapsed_ms);
        }
        let response = match response {
            Ok(response) => response,
            Err(error) => {
                tracing::debug!(
                    elapsed_ms,
                    transport_error = error
                        .transport_error()
                        .map(|failure| tracing::field::display(failure.kind())),
                    "call failed without a response"
                );
                return Err(error);
            }
        };
        let status = response.status().as_u16();
        if let Some(span) = span {
            span.record("status", status);
        }
        // Only the status and the error code are logged: bodies may hold personal data.
        let parsed = op.parse_response(response).map_err(Error::from);
        match &parsed {
            Ok(_) => tracing::debug!(status, elapsed_ms, "call succeeded"),
            Err(error) => tracing::debug!(status, elapsed_ms, code = error.code(), "call failed"),
        }
        parsed
    }

    /// The complete request: the operation's request plus auth and configured headers (built
    /// once per client; each is a reference-counted copy here).
    fn prepare<O: Operation>(&self, op: &O) -> Result<http::Request<Bytes>, BuildError> {
        let mut request = op.to_request(&self.inner.base_url)?;
        let headers = request.headers_mut();
        for (name, value) in &self.inner.headers {
            headers.insert(name, value.clone());
        }
        headers.insert(AUTHORIZATION, self.inner.authorization.clone());
        Ok(request)
    }

    /// Sends `op`'s complete `request` under `policy` and returns the last complete
    /// response, whatever its status.
    ///
    /// The single place where retries happen (see [`crate::retry`]): each attempt waits for
    /// the rate limiter, retryable outcomes are repeated as the policy, the deadline and the
    /// client-wide budget allow, and every attempt is a `tracing` event. Non-2xx statuses are
    /// returned as `Ok` and classified by the operation afterwards. The first attempt sends
    /// `request` itself; a retry builds the request again from `op` (see
    /// [`AttemptFailure`]), so a call that needs no retry never copies its request.
    ///
    /// `op` is only read; it is borrowed `&mut` because a `&mut O` held across the awaits
    /// keeps the call's future `Send` for every `O: Send`, where `&O` would need `O: Sync`.
    async fn send_with_policy<O: Operation>(
        &self,
        op: &mut O,
        request: http::Request<Bytes>,
        policy: &RetryPolicy,
        span: Option<&tracing::Span>,
    ) -> Result<http::Response<Bytes>, Error> {
        let transport = &self.inner.transport;
        let mut unsent = Some(request);
        let attempts = RetryLoop::new(policy, &self.inner.retry_budget)
            .with_limiter(self.inner.rate_limiter.as_ref())
            .with_attempt_timeout(self.inner.attempt_timeout)
            .run(&O::METHOD, move |_attempt| {
                // The request goes straight into the transport's future, so the attempt's
                // future carries a pointer rather than the request.
                let sending = match unsent.take() {
                    Some(request) => Ok(transport.send(request)),
                    None => self.prepare(op).map(|request| transport.send(request)),
                };
                async move {
                    match sending {
                        Ok(sending) => sending.await.map_err(AttemptFailure::Transport),
                        Err(error) => Err(AttemptFailure::Rebuild(error)),
                    }
                }
            })
            .await;
        if let Some(span) = span {
            span.record("attempts", attempts.attempts);
        }
        let succeeded = matches!(&attempts.result, Ok(response) if response.status().is_success());
        if attempts.earlier_attempt_may_have_applied && !succeeded {
            tracing::warn!(
                attempts = attempts.attempts,
                "an earlier attempt may have been applied by the server; \
                 the final answer may reflect it"
            );
        }
        attempts.result.map_err(Error::from)
    }
}

/// Whether any subscriber may record a DEBUG span or event (the call span and the call's
/// events are DEBUG): if not, the call's timing is not measured at all. Two reads of
/// tracing's level filters, as its own macros do before looking at a callsite.
fn debug_may_be_recorded() -> bool {
    use tracing::Level;
    use tracing::level_filters::{LevelFilter, STATIC_MAX_LEVEL};
    Level::DEBUG <= STATIC_MAX_LEVEL && Level::DEBUG <= LevelFilter::current()
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
