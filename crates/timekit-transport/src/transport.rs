//! The `Transport` trait: the seam between the SDK and the network.

use std::sync::Arc;

use bytes::Bytes;

use crate::TransportError;

/// Sends one complete HTTP request and returns one complete response.
///
/// The request arrives fully formed: absolute URI, headers and authentication applied, the
/// whole body in memory. The response comes back with its whole body collected. Any status
/// is a response (a 500 is `Ok`); `Err` means no complete response was obtained.
///
/// Implement this to plug in another HTTP stack, a proxy-aware client, or a test double.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    /// One complete request out (absolute URI, headers, auth applied), one complete response back.
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError>;
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Box<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for &T {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}
