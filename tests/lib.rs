//! Shared helpers of the end-to-end suite: an in-process emulator with a pinned clock, and the
//! real `timekit::Client` (default `HyperTransport`) talking to it over loopback TCP.
//!
//! Every test file starts its own emulator, so tests never see each other's data.
// Test support: when setting up fails, the test must fail loudly, so helpers may panic.
#![allow(clippy::expect_used, clippy::panic)]

use std::time::Duration;

use timekit::model::{
    Booking, CreateBookingRequest, CreateResourceRequest, Customer, Graph, Resource, Timestamp,
};
use timekit::{Client, Error};
use timekit_emulator::{Emulator, EmulatorBuilder, EmulatorClock, EmulatorHandle};

/// The emulator's pinned "now": Monday 2030-01-07, 09:00 UTC. Bookings in the tests lie after
/// it, so none of them auto-completes unless a test moves the clock.
pub const NOW: &str = "2030-01-07T09:00:00Z";

/// The API key the suite's emulators expect (a test key, so answers carry test mode).
pub const API_KEY: &str = "test_api_key_e2e0123456789abcdefghijklmnopq";

/// A running emulator and a client pointed at it.
#[derive(Debug)]
pub struct TestBed {
    /// The in-process emulator (kept alive for as long as the test bed lives).
    pub emulator: EmulatorHandle,
    /// The real client, with the real transport, using the emulator's key.
    pub client: Client,
}

impl TestBed {
    /// An emulator with the suite's key and clock, and a client for it.
    pub async fn start() -> Self {
        Self::start_with(emulator_builder()).await
    }

    /// Starts `builder` (usually [`emulator_builder`] plus extra settings) and connects a client.
    pub async fn start_with(builder: EmulatorBuilder) -> Self {
        let emulator = builder
            .start()
            .await
            .expect("the emulator binds 127.0.0.1:0");
        let client = client_for(emulator.base_url(), emulator.api_key());
        TestBed { emulator, client }
    }

    /// A second client for the same emulator that sends another key.
    pub fn client_with_key(&self, key: &str) -> Client {
        client_for(self.emulator.base_url(), key)
    }

    /// Creates a resource through the API and returns what the server answered.
    pub async fn resource(&self, name: &str, timezone: &str) -> Resource {
        self.client
            .create_resource(CreateResourceRequest::new(name, timezone))
            .await
            .unwrap_or_else(|err| panic!("create_resource {name}: {err}"))
    }

    /// Creates the [`booking`] request through the API and returns what the server answered.
    pub async fn book(
        &self,
        resource_id: &str,
        graph: Graph,
        start: &str,
        end: &str,
        customer_name: &str,
    ) -> Booking {
        self.client
            .create_booking(booking(resource_id, graph, start, end, customer_name))
            .await
            .unwrap_or_else(|err| {
                panic!("create_booking {start}..{end} for {customer_name}: {err}")
            })
    }
}

/// An emulator builder with the suite's key and the clock pinned at [`NOW`].
pub fn emulator_builder() -> EmulatorBuilder {
    Emulator::builder()
        .api_key(API_KEY)
        .clock(EmulatorClock::fixed(NOW.parse().expect("NOW is RFC 3339")))
}

/// A client with the default `HyperTransport` for `base_url` and `key`.
///
/// The timeouts are short so a hanging server fails the test instead of stalling the suite.
pub fn client_for(base_url: &str, key: &str) -> Client {
    Client::builder()
        .api_key(key)
        .base_url(base_url)
        .connect_timeout(Duration::from_secs(5))
        .request_timeout(Duration::from_secs(10))
        .build()
        .expect("a loopback http:// base URL is accepted")
}

/// Parses an RFC 3339 timestamp written in a test.
pub fn at(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|err| panic!("bad timestamp {text:?}: {err}"))
}

/// A customer whose e-mail is derived from the first name (`Jane Roe` → `jane@example.com`).
pub fn customer(name: &str) -> Customer {
    let first = name
        .split_whitespace()
        .next()
        .unwrap_or(name)
        .to_lowercase();
    Customer::new(name, format!("{first}@example.com"))
}

/// A booking request of `resource_id` for `customer_name` from `start` to `end`.
pub fn booking(
    resource_id: &str,
    graph: Graph,
    start: &str,
    end: &str,
    customer_name: &str,
) -> CreateBookingRequest {
    CreateBookingRequest::new(resource_id, graph, at(start), at(end))
        .what(format!("Session with {customer_name}"))
        .customer(customer(customer_name))
}

/// The HTTP status of a failed call as a number (`None` when no answer came back).
pub fn status_code(err: &Error) -> Option<u16> {
    err.status().map(|status| status.as_u16())
}

/// Asserts that Timekit refused the call with a 422 whose `error` message is `message`
/// (connector code `TIMEKIT:UNKNOWN`).
#[track_caller]
pub fn assert_refused(err: &Error, message: &str) {
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    assert_eq!(status_code(err), Some(422), "{err:?}");
    assert_eq!(err.code(), "TIMEKIT:UNKNOWN");
    assert_eq!(
        err.api_failure().and_then(|failure| failure.message()),
        Some(message)
    );
}

/// The repository README's Rust examples, compiled and run as doctests (the `timekit` crate's
/// docs use its own README, so that the crate can be packaged).
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
