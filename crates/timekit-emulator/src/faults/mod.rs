//! Fault injection: makes the emulator misbehave on purpose so client reliability is testable.
//!
//! Tests switch faults on from the builder (`.faults(faults)`) or at run time through the
//! running handle (`handle.faults().push(rule)`), per method and request path:
//!
//! ```
//! # use std::time::Duration;
//! # use http::Method;
//! # use timekit_emulator::faults::{Fault, FaultRule, Faults};
//! let faults = Faults::new();
//! // Two 503s with `Retry-After: 1` on any booking read, then normal answers.
//! faults.push(
//!     FaultRule::new(Fault::service_unavailable(Some(1)))
//!         .method(Method::GET)
//!         .path_prefix("/v2/bookings")
//!         .times(2),
//! );
//! // One request in ten anywhere is 200 ms slower (seeded, so reproducible).
//! faults.push(FaultRule::new(Fault::Latency(Duration::from_millis(200))).probability(0.1));
//! ```
//!
//! Seam with the HTTP layer: for every request the server calls [`Faults::take_matching`];
//! when it yields a [`Fault`], the server calls [`apply`] with the (not yet polled) future of
//! the real handler instead of awaiting the handler directly. [`apply`] either returns the
//! response to send — possibly with a body that stalls, trickles or fails part-way, which
//! makes hyper cut the connection — or [`FaultAbort`], on which the server makes its hyper
//! service fail so the connection is dropped without an answer. Whether the real handler runs
//! (whether a write is applied) is documented per kind on [`Fault`].

mod apply;
mod fault;
pub(crate) mod json;
mod registry;
mod rule;
mod scripted_body;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;

pub use apply::apply;
pub use fault::Fault;
pub use registry::{DEFAULT_SEED, Faults};
pub use rule::{FaultRule, PathPattern};

/// The response body type of every emulator response (boxed so faults can stream, stall or
/// cut bodies).
pub type EmuBody = BoxBody<Bytes, std::io::Error>;

/// The connection must be dropped without a (complete) response.
#[derive(Debug, thiserror::Error)]
#[error("fault injection aborted the connection")]
pub struct FaultAbort;

#[cfg(test)]
mod tests;
