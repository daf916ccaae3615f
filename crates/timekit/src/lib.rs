#![doc = include_str!("../../../README.md")]
//!
//! ## The `timekit` crate
//!
//! Rust SDK for the Timekit scheduling API v2.
//!
//! ```no_run
//! use timekit::ops::ListBookings;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = timekit::Client::new("test_api_key_…")?;
//! let app = client.get_app().await?;
//! let booking = client.execute(timekit::ops::GetBooking::new("58190fc6-…").include("customers")).await?;
//! let every_booking = client.paginate(ListBookings::new().limit(100));
//! # let _ = (app, booking, every_booking); Ok(()) }
//! ```
//!
//! * [`Client`] runs any [`Operation`] ([`Client::execute`]), returns raw
//!   responses ([`Client::execute_raw`]), streams list endpoints ([`Client::paginate`]), and
//!   has one convenience method per Timekit operation.
//! * [`Error`] keeps everything Timekit answered; [`Error::code`] gives the connector's
//!   `TIMEKIT:INCORRECT_CREDENTIALS` / `TIMEKIT:UNKNOWN`.
//! * Calls are retried by a [`RetryPolicy`] (per client, or per call with
//!   [`Client::execute_with`]) paid from a client-wide [`RetryBudget`]; an optional
//!   [`RateLimiter`] paces requests. See [`retry`] for what is retried and why.
//! * The transport is pluggable ([`ClientBuilder::transport`]); the default is
//!   [`HyperTransport`](transport::HyperTransport) (hyper + rustls); with the `tower`
//!   feature, `TowerTransport` runs requests through any `tower::Service`, under the layers
//!   you stack.

mod api_key;
mod base_url_policy;
mod builder;
mod client;
mod config_error;
mod conveniences;
mod error;
mod paginate;
mod pagination_error;
pub mod retry;

pub use api_key::ApiKey;
pub use builder::{ClientBuilder, DEFAULT_USER_AGENT, DefaultTransport};
pub use client::Client;
pub use config_error::ConfigError;
pub use error::Error;
pub use pagination_error::{PageLoop, PaginationError};
pub use retry::{RateLimiter, RetryBudget, RetryPolicy};

/// The serde types of the API (`timekit-model`).
pub use timekit_model as model;
/// The operations and their request/response mapping (`timekit-ops`).
pub use timekit_ops as ops;
/// The transport seam and its implementations (`timekit-transport`).
pub use timekit_transport as transport;

pub use timekit_ops::{ApiFailure, BuildError, Operation, RawResponse};
pub use timekit_transport::{Transport, TransportError, TransportErrorKind};
// Feature `tower`: any `tower::Service` as the transport, so users stack tower layers.
#[cfg(feature = "tower")]
pub use timekit_transport::TowerTransport;
