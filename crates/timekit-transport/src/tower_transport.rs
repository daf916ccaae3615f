//! `TowerTransport`: any `tower::Service` as a [`Transport`], so that tower layers
//! (timeouts, concurrency limits, rate limits, the caller's own tracing) can sit under the
//! SDK.
//!
//! ```
//! use bytes::Bytes;
//! use timekit_transport::{Transport, TowerTransport, TransportError};
//!
//! /// A stand-in for a real HTTP client service: answers every request with 204.
//! #[derive(Clone)]
//! struct NoContent;
//!
//! impl tower::Service<http::Request<Bytes>> for NoContent {
//!     type Response = http::Response<Bytes>;
//!     type Error = TransportError;
//!     type Future = std::future::Ready<Result<Self::Response, Self::Error>>;
//!
//!     fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
//!         std::task::Poll::Ready(Ok(()))
//!     }
//!
//!     fn call(&mut self, _: http::Request<Bytes>) -> Self::Future {
//!         let mut response = http::Response::new(Bytes::new());
//!         *response.status_mut() = http::StatusCode::NO_CONTENT;
//!         std::future::ready(Ok(response))
//!     }
//! }
//!
//! // Stack layers with `tower::ServiceBuilder::new().layer(…).service(NoContent)`.
//! let transport = TowerTransport::new(NoContent);
//! # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let response = runtime.block_on(transport.send(http::Request::new(Bytes::new())))?;
//! assert_eq!(response.status(), 204);
//! # Ok::<(), TransportError>(())
//! ```

use std::fmt;

use bytes::Bytes;
use tower::Service;

use crate::{BoxError, Transport, TransportError};

/// Turns the error of a service into a [`TransportError`].
pub type ErrorClassifier = fn(BoxError) -> TransportError;

/// A [`Transport`] over a tower [`Service`] taking and returning complete
/// `http::Request<Bytes>` / `http::Response<Bytes>`.
///
/// Each request runs on a clone of the service (tower services need `&mut self` and one
/// readiness check per call), so `S` should be cheap to clone and share its state (a
/// connection pool, a concurrency limit's semaphore), as tower's own layers and hyper-util's
/// client are. The request goes to `call` only after `poll_ready` said the service is ready.
///
/// Errors become [`TransportError`]s with [`default_error_classifier`], or with
/// the function given to [`TowerTransport::classify_errors_with`] (for example to map a
/// timeout layer's `Elapsed` to [`TransportErrorKind::Timeout`](crate::TransportErrorKind) so
/// the client retries it).
#[derive(Clone)]
pub struct TowerTransport<S> {
    service: S,
    classify: ErrorClassifier,
}

impl<S> TowerTransport<S> {
    /// Sends every request through `service`.
    pub fn new(service: S) -> Self {
        TowerTransport {
            service,
            classify: default_error_classifier,
        }
    }

    /// Uses `classify` to turn the service's errors into [`TransportError`]s.
    #[must_use]
    pub fn classify_errors_with(mut self, classify: ErrorClassifier) -> Self {
        self.classify = classify;
        self
    }

    /// The service.
    pub fn get_ref(&self) -> &S {
        &self.service
    }

    /// The service, giving up the transport.
    pub fn into_inner(self) -> S {
        self.service
    }
}

/// The default classification of a service error, used by [`TowerTransport::new`]:
///
/// * a [`TransportError`] (for example from a service wrapping another transport) is kept as
///   it is;
/// * a [`std::io::Error`] is a connect failure when refused or unreachable, a timeout when
///   timed out, otherwise an I/O failure;
/// * anything else is [`TransportErrorKind::Other`](crate::TransportErrorKind), which the
///   client does not retry.
pub fn default_error_classifier(error: BoxError) -> TransportError {
    let error = match error.downcast::<TransportError>() {
        Ok(transport) => return *transport,
        Err(other) => other,
    };
    match error.downcast::<std::io::Error>() {
        Ok(io) => classify_io(*io),
        Err(other) => TransportError::other(other),
    }
}

fn classify_io(error: std::io::Error) -> TransportError {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::ConnectionRefused
        | ErrorKind::AddrNotAvailable
        | ErrorKind::HostUnreachable
        | ErrorKind::NetworkUnreachable => TransportError::connect(error),
        ErrorKind::TimedOut => TransportError::timeout(error),
        _ => TransportError::io(error),
    }
}

impl<S> fmt::Debug for TowerTransport<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The service may hold credentials (an auth layer): show only its type.
        f.debug_struct("TowerTransport")
            .field("service", &std::any::type_name::<S>())
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl<S> Transport for TowerTransport<S>
where
    S: Service<http::Request<Bytes>, Response = http::Response<Bytes>> + Clone + Send + Sync,
    S::Error: Into<BoxError>,
    S::Future: Send,
{
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let mut service = self.service.clone();
        std::future::poll_fn(|cx| service.poll_ready(cx))
            .await
            // A service that is not ready never saw the request.
            .map_err(|error| {
                (self.classify)(error.into()).with_request_may_have_been_sent(false)
            })?;
        service
            .call(request)
            .await
            .map_err(|error| (self.classify)(error.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TransportErrorKind;
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Context, Poll};

    type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

    /// Echoes method, path and the `x-layer` header; not ready on its first poll, and fails
    /// with whatever `fail` returns for paths starting with `/fail`.
    #[derive(Clone)]
    struct Echo {
        polls: Arc<AtomicUsize>,
        calls: Arc<AtomicUsize>,
        fail: fn() -> BoxError,
        ready_error: bool,
    }

    impl Echo {
        fn new() -> Self {
            Echo {
                polls: Arc::default(),
                calls: Arc::default(),
                fail: || "unused".into(),
                ready_error: false,
            }
        }
    }

    impl Service<http::Request<Bytes>> for Echo {
        type Response = http::Response<Bytes>;
        type Error = BoxError;
        type Future = BoxFuture<Result<Self::Response, Self::Error>>;

        fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            if self.ready_error {
                return Poll::Ready(Err(std::io::Error::other("overloaded").into()));
            }
            if self.polls.fetch_add(1, Ordering::SeqCst) == 0 {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let fail = self.fail;
            Box::pin(async move {
                if request.uri().path().starts_with("/fail") {
                    return Err(fail());
                }
                let layer = request
                    .headers()
                    .get("x-layer")
                    .map(|value| value.to_str().unwrap_or("?").to_owned())
                    .unwrap_or_default();
                let text = format!("{} {} {layer}", request.method(), request.uri().path());
                Ok(http::Response::new(Bytes::from(text)))
            })
        }
    }

    /// A tower layer that marks requests, to show layers stack under the transport.
    struct Mark(&'static str);

    impl<S> tower::Layer<S> for Mark {
        type Service = Marked<S>;
        fn layer(&self, inner: S) -> Marked<S> {
            Marked {
                inner,
                mark: self.0,
            }
        }
    }

    #[derive(Clone)]
    struct Marked<S> {
        inner: S,
        mark: &'static str,
    }

    impl<S: Service<http::Request<Bytes>>> Service<http::Request<Bytes>> for Marked<S> {
        type Response = S::Response;
        type Error = S::Error;
        type Future = S::Future;

        fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
            self.inner.poll_ready(cx)
        }

        fn call(&mut self, mut request: http::Request<Bytes>) -> S::Future {
            request
                .headers_mut()
                .insert("x-layer", http::HeaderValue::from_static(self.mark));
            self.inner.call(request)
        }
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn request(method: http::Method, path: &str) -> http::Request<Bytes> {
        http::Request::builder()
            .method(method)
            .uri(format!("http://127.0.0.1{path}"))
            .body(Bytes::new())
            .unwrap()
    }

    #[test]
    fn waits_for_readiness_then_sends_through_the_layers() {
        let echo = Echo::new();
        let (polls, calls) = (echo.polls.clone(), echo.calls.clone());
        let service = tower::ServiceBuilder::new()
            .layer(Mark("tracing"))
            .service(echo);
        let transport = TowerTransport::new(service);
        let response =
            block_on(transport.send(request(http::Method::PUT, "/v2/bookings/b1"))).unwrap();
        assert_eq!(response.body(), "PUT /v2/bookings/b1 tracing");
        assert_eq!(polls.load(Ordering::SeqCst), 2, "Pending once, then Ready");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn each_request_gets_its_own_readiness_check() {
        let echo = Echo::new();
        let polls = echo.polls.clone();
        let transport = TowerTransport::new(echo);
        for _ in 0..3 {
            block_on(transport.send(request(http::Method::GET, "/v2/app"))).unwrap();
        }
        assert_eq!(polls.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn a_transport_error_from_the_service_keeps_its_kind() {
        let mut echo = Echo::new();
        echo.fail = || {
            TransportError::timeout("slow")
                .with_request_may_have_been_sent(false)
                .into()
        };
        let error = block_on(TowerTransport::new(echo).send(request(http::Method::GET, "/fail")))
            .unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Timeout);
        assert!(!error.request_may_have_been_sent());
    }

    #[test]
    fn io_errors_are_classified_by_kind() {
        let cases: [(fn() -> BoxError, TransportErrorKind); 3] = [
            (
                || std::io::Error::from(std::io::ErrorKind::ConnectionRefused).into(),
                TransportErrorKind::Connect,
            ),
            (
                || std::io::Error::from(std::io::ErrorKind::TimedOut).into(),
                TransportErrorKind::Timeout,
            ),
            (
                || std::io::Error::from(std::io::ErrorKind::ConnectionReset).into(),
                TransportErrorKind::Io,
            ),
        ];
        for (fail, kind) in cases {
            let mut echo = Echo::new();
            echo.fail = fail;
            let error =
                block_on(TowerTransport::new(echo).send(request(http::Method::GET, "/fail")))
                    .unwrap_err();
            assert_eq!(error.kind(), kind);
        }
    }

    #[test]
    fn other_errors_are_other_and_keep_their_source() {
        let mut echo = Echo::new();
        echo.fail = || "layer said no".into();
        let error = block_on(TowerTransport::new(echo).send(request(http::Method::POST, "/fail")))
            .unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Other);
        assert!(error.request_may_have_been_sent());
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("layer said no"));
    }

    #[test]
    fn a_readiness_error_means_nothing_was_sent() {
        let mut echo = Echo::new();
        echo.ready_error = true;
        let calls = echo.calls.clone();
        let error =
            block_on(TowerTransport::new(echo).send(request(http::Method::POST, "/v2/bookings")))
                .unwrap_err();
        assert!(!error.request_may_have_been_sent());
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_custom_classifier_decides_the_kind() {
        let mut echo = Echo::new();
        echo.fail = || "request timed out".into();
        let transport = TowerTransport::new(echo).classify_errors_with(|error| {
            if error.to_string() == "request timed out" {
                TransportError::timeout(error)
            } else {
                default_error_classifier(error)
            }
        });
        let error = block_on(transport.send(request(http::Method::GET, "/fail"))).unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Timeout);
    }

    #[test]
    fn debug_shows_only_the_service_type() {
        let text = format!("{:?}", TowerTransport::new(Echo::new()));
        assert!(text.starts_with("TowerTransport { service: \""), "{text}");
        assert!(text.contains("Echo"), "{text}");
    }
}
