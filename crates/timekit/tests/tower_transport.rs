//! A full `Client` over `TowerTransport` (feature `tower`) against the in-process emulator:
//! a hand-written tower service wrapping hyper-util's client, under a hand-written layer.
// Test code: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use http::header::{HeaderName, HeaderValue};
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use timekit::model::{BookingAction, BookingState, CreateBookingRequest, CreateResourceRequest};
use timekit::model::{Customer, Graph, Timestamp};
use timekit::ops::ListBookings;
use timekit::transport::BoxError;
use timekit::{Client, RetryPolicy, TowerTransport, TransportError};
use timekit_emulator::faults::{Fault, FaultRule};
use timekit_emulator::{Emulator, EmulatorClock, EmulatorHandle};
use tower::{Layer, Service};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// hyper-util's pooled client as a `Service<Request<Bytes>>` with complete bodies.
#[derive(Clone)]
struct HyperService {
    client: HyperClient<HttpConnector, Full<Bytes>>,
}

impl HyperService {
    fn new() -> Self {
        Self {
            client: HyperClient::builder(TokioExecutor::new()).build(HttpConnector::new()),
        }
    }
}

impl Service<Request<Bytes>> for HyperService {
    type Response = Response<Bytes>;
    type Error = BoxError;
    type Future = BoxFuture<Result<Response<Bytes>, BoxError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Bytes>) -> Self::Future {
        let client = self.client.clone();
        Box::pin(async move {
            let response = client
                .request(request.map(Full::new))
                .await
                // Tell the client what may be retried: nothing was sent on a connect failure.
                .map_err(|error| -> BoxError {
                    if error.is_connect() {
                        Box::new(TransportError::connect(error))
                    } else {
                        Box::new(error)
                    }
                })?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await?.to_bytes();
            Ok(Response::from_parts(parts, body))
        })
    }
}

/// A layer that counts requests and marks each one with a header, to show that requests
/// really pass through the stack.
#[derive(Clone, Default)]
struct CountingLayer {
    seen: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct Counting<S> {
    inner: S,
    seen: Arc<AtomicUsize>,
}

impl<S> Layer<S> for CountingLayer {
    type Service = Counting<S>;

    fn layer(&self, inner: S) -> Counting<S> {
        Counting {
            inner,
            seen: Arc::clone(&self.seen),
        }
    }
}

const LAYER_HEADER: HeaderName = HeaderName::from_static("x-counting-layer");

impl<S: Service<Request<Bytes>>> Service<Request<Bytes>> for Counting<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<Bytes>) -> S::Future {
        let number = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        request
            .headers_mut()
            .insert(LAYER_HEADER, HeaderValue::from(number));
        self.inner.call(request)
    }
}

type TowerClient = Client<TowerTransport<Counting<HyperService>>>;

async fn setup(api_key: Option<&str>) -> (EmulatorHandle, TowerClient, Arc<AtomicUsize>) {
    let clock = EmulatorClock::fixed("2030-03-04T09:00:00Z".parse().unwrap());
    let emulator = Emulator::builder().clock(clock).start().await.unwrap();
    let layer = CountingLayer::default();
    let seen = Arc::clone(&layer.seen);
    let transport = TowerTransport::new(layer.layer(HyperService::new()));
    let client = Client::builder()
        .api_key(api_key.unwrap_or(emulator.api_key()))
        .base_url(emulator.base_url())
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
        .transport(transport)
        .build()
        .unwrap();
    (emulator, client, seen)
}

fn total_requests(emulator: &EmulatorHandle) -> usize {
    usize::try_from(emulator.request_counts().values().sum::<u64>()).unwrap()
}

#[tokio::test]
async fn a_booking_story_runs_through_the_tower_stack() {
    let (emulator, client, seen) = setup(None).await;

    let app = client.get_app().await.unwrap();
    assert!(!app.slug.is_empty());
    let room = client
        .create_resource(CreateResourceRequest::new("Room 1", "Europe/Berlin"))
        .await
        .unwrap();
    assert_eq!(
        client.get_resource(room.id.clone()).await.unwrap().name,
        "Room 1"
    );

    let mut ids = Vec::new();
    for hour in 10..13 {
        let start: Timestamp = format!("2030-03-05T{hour}:00:00+01:00").parse().unwrap();
        let end: Timestamp = format!("2030-03-05T{hour}:30:00+01:00").parse().unwrap();
        let request = CreateBookingRequest::new(room.id.clone(), Graph::ConfirmDecline, start, end)
            .customer(Customer::new("Jane Roe", "jane@example.com"));
        let booking = client.create_booking(request).await.unwrap();
        assert_eq!(booking.state, BookingState::Tentative);
        ids.push(booking.id);
    }
    let confirmed = client
        .apply_booking_action(&ids[0], BookingAction::Confirm)
        .await
        .unwrap();
    assert_eq!(confirmed.state, BookingState::Confirmed);

    let listed: Vec<_> = client
        .paginate(ListBookings::new().limit(2))
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(listed.len(), 3);
    for id in &ids {
        assert!(listed.contains(id), "{id} not listed");
    }

    // Every request the emulator saw went through the layer, and nothing else did.
    let served = total_requests(&emulator);
    assert_eq!(seen.load(Ordering::SeqCst), served);
    // app, resource ×2, booking ×3, confirm, two pages.
    assert_eq!(served, 9);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_wrong_key_is_incorrect_credentials() {
    let (emulator, client, seen) = setup(Some("test_api_key_WRONG")).await;
    let error = client.get_app().await.unwrap_err();
    assert_eq!(error.code(), "TIMEKIT:INCORRECT_CREDENTIALS");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(seen.load(Ordering::SeqCst), 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_client_retries_a_503_through_the_stack() {
    let (emulator, client, seen) = setup(None).await;
    emulator.faults().push(
        FaultRule::new(Fault::service_unavailable(None))
            .method(http::Method::GET)
            .path_prefix("/v2/app")
            .times(1),
    );
    let app = client.get_app().await.unwrap();
    assert!(!app.slug.is_empty());
    assert_eq!(emulator.request_count("GET", "/app"), 2);
    assert_eq!(seen.load(Ordering::SeqCst), 2);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    // Port 1 (tcpmux) on loopback: nothing listens there, so the connection is refused (a
    // port freed by dropping a listener could be taken by a parallel test's emulator).
    let client = Client::builder()
        .api_key("test_api_key_unused")
        .base_url("http://127.0.0.1:1/v2")
        .retry_policy(RetryPolicy::none())
        .transport(TowerTransport::new(HyperService::new()))
        .build()
        .unwrap();
    let error = client.get_app().await.unwrap_err();
    let transport = error.transport_error().expect("a transport error");
    assert_eq!(
        transport.kind(),
        timekit::TransportErrorKind::Connect,
        "{transport:?}"
    );
    assert!(!transport.request_may_have_been_sent());
}
