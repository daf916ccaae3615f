//! A faithful local Timekit API v2, for tests, demos and development.
//!
//! The emulator serves the sixteen endpoints of the Timekit connector under `/v2` with the
//! semantics of the real service as far as they are known: Basic auth with the app key,
//! `{"data": …}` envelopes, Laravel-style pagination, search and ordering, the booking
//! graphs and their state machine, bulk operations, auto-complete driven by a movable clock,
//! and Timekit's error shapes. State lives in memory, or in a SQLite file that survives
//! restarts ([`EmulatorBuilder::state`]). `GET /v2/openapi.json` answers the
//! OpenAPI 3 description of those endpoints (no key needed); [`served_routes`] lists every
//! route.
//!
//! Webhooks (`/v2/webhooks`) are delivered for real: when a booking enters a registered graph
//! and state, the emulator sends it, signed with the app's webhook secret, on its own task
//! (retried with backoff, then dropped); [`EmulatorHandle::webhook_deliveries`] lists the
//! attempts.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use timekit_emulator::{Emulator, EmulatorClock};
//!
//! let clock = EmulatorClock::fixed("2030-01-01T09:00:00Z".parse().unwrap());
//! let emulator = Emulator::builder().api_key("test_api_key_demo").clock(clock).start().await?;
//! println!("{} with key {}", emulator.base_url(), emulator.api_key());
//! let resource = emulator.seed_resource("Room 1", "Europe/Berlin").unwrap();
//! # let _ = resource;
//! emulator.clock().advance(jiff::SignedDuration::from_hours(2));
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Behaviour where Timekit's documentation is silent is recorded in `docs/api-decisions.md`.

mod api;
pub mod availability;
mod builder;
mod clock;
mod control;
mod dashboard;
pub mod faults;
mod graph;
mod handle;
mod ids;
mod routes;
mod server;
mod shared;
mod state;
mod stats;
mod store;
mod time;
mod webhooks;

pub use builder::{DEFAULT_MAX_BODY_CHARS, Emulator, EmulatorBuilder, SeedApp};
pub use clock::EmulatorClock;
pub use handle::{EmulatorHandle, SeedError};
pub use routes::{ServedRoute, served_routes};
pub use server::limits::{DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS};
pub use server::rate::{
    DEFAULT_BUCKET_CAPACITY, DEFAULT_DAILY_QUOTA, DEFAULT_REFILL_PER_MINUTE, RateLimits,
};
pub use state::{Recovery, StateError};
pub use webhooks::{
    DEFAULT_WEBHOOK_RETRY_BASE, DeliveryOutcome, MAX_LOGGED_DELIVERIES, MAX_PENDING_DELIVERIES,
    WebhookDelivery,
};

/// The OpenAPI 3 document of the API the emulator serves (also at `GET /v2/openapi.json`):
/// one `operationId` per SDK operation, checked against the operations, the emulator's routes
/// and the CLI by the workspace's route parity test.
pub const OPENAPI_DOCUMENT: &str = api::openapi::DOCUMENT;
