#![doc = include_str!("../README.md")]
//!
//! ## Tour
//!
//! * [`Client::call`] runs any [`Operation`]; [`Call::raw`] and [`Call::retry`] adjust one
//!   call; the convenience methods (`get_app`, `create_booking`, …) wrap it, and
//!   [`Client::paginate`] streams every item of a list operation.
//! * [`Error`] keeps everything Timekit answered; [`Error::code`] gives the connector's
//!   error names, [`Error::is_retryable`] whether the failure is transient.
//! * Calls are retried by a [`RetryPolicy`] (per client, or per call) paid from a
//!   client-wide [`RetryBudget`]; an optional [`RateLimiter`] paces requests. Retried:
//!   failures where nothing was sent, and for idempotent methods 500/502/503/504, timeouts
//!   and lost connections; never 429 (Timekit's daily quota, [`Error::is_rate_limited`]).
//! * The transport is pluggable ([`ClientBuilder::transport`]); the default,
//!   [`HyperTransport`](transport::HyperTransport), is configured on
//!   `ClientBuilder<DefaultTransport>`.

mod api_key;
mod base_url_policy;
mod builder;
mod call;
mod client;
mod config_error;
mod conveniences;
mod error;
mod paginate;
mod pagination_error;
mod retry;

pub use api_key::ApiKey;
pub use builder::{ClientBuilder, DEFAULT_USER_AGENT, DefaultTransport};
pub use call::Call;
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

pub use timekit_ops::{ApiFailure, BuildError, Operation, RawResponse, webhook};
pub use timekit_transport::{Transport, TransportError, TransportErrorKind};
// Feature `tower`: any `tower::Service` as the transport, so users stack tower layers.
#[cfg(feature = "tower")]
pub use timekit_transport::TowerTransport;
