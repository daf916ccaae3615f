//! [`Call`]: one call of an operation, configured before it is awaited; and the client's
//! single send path.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Instant;

use bytes::Bytes;
use http::header::AUTHORIZATION;
use timekit_ops::{BuildError, FromResponse, Operation, RawResponse, ResponseError};
use timekit_transport::Transport;
use tracing::Instrument as _;

use crate::client::Client;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::retry::driver::RetryLoop;

/// How a call reads its response: the operation's own parsing, or raw.
type Parse<O, Out> = fn(&O, http::Response<Bytes>) -> Result<Out, ResponseError>;

/// A call of an operation, made by [`Client::call`]; `.await` it to run it.
///
/// `Out` is what the call returns: the operation's output, or [`RawResponse`] after
/// [`Call::raw`].
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, O: Operation, Out = <O as Operation>::Output> {
    client: &'a Client<T>,
    op: O,
    policy: Option<RetryPolicy>,
    parse: Parse<O, Out>,
}

impl<'a, T, O: Operation> Call<'a, T, O> {
    /// Returns the response unparsed (status, headers, bytes) instead of the typed output.
    /// Non-2xx statuses are still errors, exactly as for the typed output; a body that does
    /// not match the operation's output is not (there is no [`Error::Decode`]).
    pub fn raw(self) -> Call<'a, T, O, RawResponse> {
        Call {
            client: self.client,
            op: self.op,
            policy: self.policy,
            parse: |_: &O, response| RawResponse::from_response(response),
        }
    }
}

impl<T, O: Operation, Out> Call<'_, T, O, Out> {
    /// Runs this call under `policy` instead of the client's retry policy: for example
    /// `RetryPolicy::none()` for one attempt, or `RetryPolicy::default().with_retry_post(true)`
    /// to retry a `POST` you know is safe to repeat. The client-wide retry budget and rate
    /// limiter still apply.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.policy = Some(policy);
        self
    }
}

impl<'a, T, O, Out> IntoFuture for Call<'a, T, O, Out>
where
    T: Transport,
    O: Operation + Send + 'a,
    Out: Send + 'a,
{
    type Output = Result<Out, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Out, Error>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<T: Transport, O: Operation, Out> Call<'_, T, O, Out> {
    /// Runs the call: what awaiting it does, without the box.
    pub(crate) async fn run(mut self) -> Result<Out, Error> {
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
            // Nobody records the span: entering it on every poll and looking up its fields
            // to record nothing would be pure overhead.
            return self.run_in(None).await;
        }
        self.run_in(Some(&span)).instrument(span.clone()).await
    }

    /// The call inside its span; `span` (`None` when disabled) is passed in so that status,
    /// attempts and elapsed time are recorded on it even under subscribers that do not track
    /// the current span.
    async fn run_in(&mut self, span: Option<&tracing::Span>) -> Result<Out, Error> {
        let policy = self
            .policy
            .as_ref()
            .unwrap_or(&self.client.inner.retry_policy);
        let started = debug_may_be_recorded().then(Instant::now);
        let response = self.client.send(&mut self.op, policy, span).await;
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
        let parsed = (self.parse)(&self.op, response).map_err(Error::from);
        match &parsed {
            Ok(_) => tracing::debug!(status, elapsed_ms, "call succeeded"),
            Err(error) => tracing::debug!(status, elapsed_ms, code = error.code(), "call failed"),
        }
        parsed
    }
}

impl<T: Transport> Client<T> {
    /// A call of any operation: `client.call(op).await` runs it and gives the typed output.
    /// Before awaiting, [`Call::raw`] asks for the response unparsed and [`Call::retry`]
    /// replaces the client's retry policy for this call. Every convenience method
    /// (`get_app`, `create_booking`, …) is this call with the operation's required arguments.
    ///
    /// # Errors
    /// When awaited: [`Error::InvalidRequest`](crate::Error::InvalidRequest) before sending;
    /// [`Error::Transport`](crate::Error::Transport) when no response came;
    /// [`Error::IncorrectCredentials`](crate::Error::IncorrectCredentials) /
    /// [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus) for non-2xx answers;
    /// [`Error::Decode`](crate::Error::Decode) for a 2xx body that does not match. After
    /// retries, the error is the last attempt's.
    pub fn call<O: Operation>(&self, op: O) -> Call<'_, T, O> {
        Call {
            client: self,
            op,
            policy: None,
            parse: O::parse_response,
        }
    }

    /// The complete request: the operation's request plus auth and the configured headers
    /// (built once per client; each is a reference-counted copy here).
    fn prepare<O: Operation>(&self, op: &O) -> Result<http::Request<Bytes>, BuildError> {
        let mut request = op.to_request(&self.inner.base_url)?;
        let headers = request.headers_mut();
        for (name, value) in &self.inner.headers {
            headers.insert(name, value.clone());
        }
        headers.insert(AUTHORIZATION, self.inner.authorization.clone());
        Ok(request)
    }

    /// Sends `op` under `policy` and returns the last complete response, whatever its status
    /// (the operation classifies it afterwards).
    ///
    /// `op` is only read; it is borrowed `&mut` because a `&mut O` held across the awaits
    /// keeps the call's future `Send` for every `O: Send`, where `&O` would need `O: Sync`.
    ///
    /// The single place where retries happen (see [`RetryLoop`]): the rate limiter, the
    /// policy, the deadline and the client-wide budget. The first attempt sends the request
    /// built here; a retry builds it again from `op`, so a call that needs no retry never
    /// copies its request. (Building is pure and succeeded once, so a failed rebuild only
    /// happens for a custom operation whose request changes between calls; it ends the call
    /// with the [`Error::InvalidRequest`] a failed first build gives.)
    async fn send<O: Operation>(
        &self,
        op: &mut O,
        policy: &RetryPolicy,
        span: Option<&tracing::Span>,
    ) -> Result<http::Response<Bytes>, Error> {
        let transport = &self.inner.transport;
        let mut unsent = Some(self.prepare(op)?);
        let retry = RetryLoop {
            limiter: self.inner.rate_limiter.as_ref(),
            attempt_timeout: self.inner.attempt_timeout,
            ..RetryLoop::new(policy, &self.inner.retry_budget)
        };
        let attempts = retry
            .run(&O::METHOD, move |_attempt| {
                // The request goes straight into the transport's future, so the attempt's
                // future carries a pointer rather than the request.
                let sending = match unsent.take() {
                    Some(request) => Ok(transport.send(request)),
                    None => self.prepare(op).map(|request| transport.send(request)),
                };
                async move {
                    match sending {
                        Ok(sending) => sending.await.map_err(Error::Transport),
                        Err(error) => Err(Error::InvalidRequest(error)),
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
        attempts.result
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
