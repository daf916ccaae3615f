//! `MockTransport` (feature `mock`) works as a `Transport` with expectations.
#![cfg(feature = "mock")]
// Helpers outside #[test] fns are test code too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use bytes::Bytes;
use timekit_transport::{
    MockTransport, SharedTransport, Transport, TransportError, TransportErrorKind,
};

#[tokio::test]
async fn mock_answers_per_expectation_and_counts_calls() {
    let mut mock = MockTransport::new();
    mock.expect_send()
        .withf(|request| request.uri().path() == "/v2/app")
        .times(1)
        .returning(|_| Ok(http::Response::new(Bytes::from_static(b"{}"))));
    mock.expect_send()
        .times(1)
        .returning(|_| Err(TransportError::connect("refused")));
    let shared = SharedTransport::new(mock);
    let app = http::Request::builder()
        .uri("http://127.0.0.1/v2/app")
        .body(Bytes::new())
        .unwrap();
    assert_eq!(shared.send(app).await.unwrap().body().as_ref(), b"{}");
    let other = http::Request::builder()
        .uri("http://127.0.0.1/v2/x")
        .body(Bytes::new())
        .unwrap();
    assert_eq!(
        shared.send(other).await.unwrap_err().kind(),
        TransportErrorKind::Connect
    );
}

fn assert_send_sync_static<T: Send + Sync + 'static>() {}

#[test]
fn transport_types_and_errors_are_send_sync_static() {
    assert_send_sync_static::<TransportError>();
    assert_send_sync_static::<SharedTransport>();
    assert_send_sync_static::<MockTransport>();
    #[cfg(feature = "hyper")]
    assert_send_sync_static::<timekit_transport::HyperTransport>();
}
