//! Compile-time facts: the client can be shared across tasks, every error can cross threads.

use timekit::transport::{HyperTransport, SharedTransport};
use timekit::{ApiKey, Client, ClientBuilder, ConfigError, Error, PaginationError, TransportError};

fn send_sync_clone<T: Send + Sync + Clone>() {}
fn error_type<E: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn clients_are_send_sync_and_clone() {
    send_sync_clone::<Client>();
    send_sync_clone::<Client<HyperTransport>>();
    send_sync_clone::<Client<SharedTransport>>();
    send_sync_clone::<Client<timekit::transport::MockTransport>>();
    send_sync_clone::<Client<timekit::transport::test_util::ReplayTransport>>();
    send_sync_clone::<ApiKey>();
    fn send_sync<T: Send + Sync>() {}
    send_sync::<ClientBuilder>();
}

#[test]
fn error_types_are_send_sync_static() {
    error_type::<Error>();
    error_type::<ConfigError>();
    error_type::<PaginationError>();
    error_type::<TransportError>();
    error_type::<timekit::BuildError>();
    error_type::<timekit::ops::ResponseError>();
}

#[test]
fn calls_can_be_spawned() {
    fn spawnable<F: std::future::Future + Send + 'static>(_: F) {}
    let client = Client::new("test_api_key_x").unwrap();
    spawnable(async move { client.get_app().await });
    let client = Client::new("test_api_key_x").unwrap();
    spawnable(async move {
        client
            .call(timekit::ops::GetBooking::new("b-1"))
            .raw()
            .retry(timekit::RetryPolicy::none())
            .await
    });
}

#[test]
fn pagination_streams_are_send_and_static() {
    fn send_static_stream<S: futures_util::Stream + Send + 'static>(_: S) {}
    let client = Client::new("test_api_key_x").unwrap();
    send_static_stream(client.paginate(timekit::ops::ListBookings::new()));
}
