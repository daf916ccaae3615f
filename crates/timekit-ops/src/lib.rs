//! The 16 operations of the Timekit API as sans-IO units: each builds an `http::Request`
//! and parses an `http::Response`, with no HTTP client and no async runtime.

pub mod error;
pub mod operation;

pub use error::{ApiFailure, BuildError, ResponseError};
pub use operation::Operation;
