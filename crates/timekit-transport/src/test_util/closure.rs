//! `transport_fn`: a closure as a transport.

use std::fmt;

use bytes::Bytes;

use crate::{Transport, TransportError};

/// A transport that calls a closure for every request. Build it with [`transport_fn`].
#[derive(Clone)]
pub struct FnTransport<F>(F);

/// Turns `answer` into a transport: each request is passed to it and its result returned.
///
/// ```
/// use timekit_transport::test_util::{transport_fn, response};
/// let echo_path = transport_fn(|request| Ok(response(200, request.uri().path().to_owned())));
/// # let _ = echo_path;
/// ```
pub fn transport_fn<F>(answer: F) -> FnTransport<F>
where
    F: Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> + Send + Sync,
{
    FnTransport(answer)
}

impl<F> fmt::Debug for FnTransport<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnTransport(..)")
    }
}

#[async_trait::async_trait]
impl<F> Transport for FnTransport<F>
where
    F: Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> + Send + Sync,
{
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (self.0)(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::response;

    #[tokio::test]
    async fn the_closure_sees_the_request_and_decides_the_answer() {
        let transport = transport_fn(|request| {
            if request.uri().path() == "/fail" {
                Err(TransportError::io("reset"))
            } else {
                Ok(response(200, request.uri().path().to_owned()))
            }
        });
        let ok = transport
            .send(
                http::Request::builder()
                    .uri("http://127.0.0.1/echo")
                    .body(Bytes::new())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(ok.body().as_ref(), b"/echo");
        let err = transport
            .send(
                http::Request::builder()
                    .uri("http://127.0.0.1/fail")
                    .body(Bytes::new())
                    .unwrap(),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind(), crate::TransportErrorKind::Io);
    }
}
