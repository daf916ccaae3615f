//! `SharedTransport`: a cloneable, type-erased transport chosen at run time.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::{Transport, TransportError};

/// Any [`Transport`] behind an `Arc<dyn Transport>`.
///
/// Use it when the transport is chosen at run time (configuration, tests) so that the client
/// type stays the same: `Client<SharedTransport>`. Cloning shares the inner transport.
#[derive(Clone)]
pub struct SharedTransport(Arc<dyn Transport>);

impl SharedTransport {
    /// Erases the type of `transport`.
    pub fn new(transport: impl Transport + 'static) -> Self {
        SharedTransport(Arc::new(transport))
    }

    /// Wraps an already shared transport without another allocation.
    pub fn from_arc(transport: Arc<dyn Transport>) -> Self {
        SharedTransport(transport)
    }
}

impl fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedTransport(..)")
    }
}

#[async_trait::async_trait]
impl Transport for SharedTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        self.0.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(Arc<AtomicUsize>);

    #[async_trait::async_trait]
    impl Transport for Counting {
        async fn send(
            &self,
            _: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Ok(http::Response::builder()
                .status(200 + u16::try_from(n).unwrap())
                .body(Bytes::new())
                .unwrap())
        }
    }

    #[tokio::test]
    async fn clones_share_one_inner_transport() {
        let calls = Arc::new(AtomicUsize::new(0));
        let shared = SharedTransport::new(Counting(calls.clone()));
        let clone = shared.clone();
        let first = shared.send(http::Request::new(Bytes::new())).await.unwrap();
        let second = clone.send(http::Request::new(Bytes::new())).await.unwrap();
        assert_eq!(first.status(), 200);
        assert_eq!(second.status(), 201);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
