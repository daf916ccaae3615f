//! Fault injection: makes the emulator misbehave on purpose so client reliability is testable.
//!
//! Seam with the HTTP layer: for every request the server calls
//! [`Faults::take_matching`]; when it yields a [`Fault`], the server calls [`apply`] with the
//! future of the real handler instead of awaiting the handler directly.
//! (Placeholder: the reliability work fills in the fault kinds; today no rule ever matches.)

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;

/// The response body type of every emulator response (boxed so faults can stream, stall or
/// cut bodies).
pub type EmuBody = BoxBody<Bytes, std::io::Error>;

/// A fault chosen for one request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Fault {}

/// The connection must be dropped without a (complete) response.
#[derive(Debug, thiserror::Error)]
#[error("fault injection aborted the connection")]
pub struct FaultAbort;

/// The fault rules of one emulator, shared by all connections; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    _inner: Arc<()>,
}

impl Faults {
    /// No faults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The fault to inject for this request, if a rule matches (consuming one use of it).
    pub fn take_matching(&self, _method: &http::Method, _path: &str) -> Option<Fault> {
        None
    }
}

/// Runs the real handler under `fault`.
///
/// # Errors
/// [`FaultAbort`] when the fault drops the connection.
pub async fn apply<F>(fault: Fault, handler: F) -> Result<http::Response<EmuBody>, FaultAbort>
where
    F: Future<Output = http::Response<EmuBody>>,
{
    drop(handler);
    match fault {}
}
