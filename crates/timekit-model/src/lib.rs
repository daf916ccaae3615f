//! Serde types of the Timekit scheduling API v2: apps, resources, bookings, availability,
//! pagination and error bodies. No I/O.

pub mod availability;
pub mod constraint;
pub mod error_body;
pub mod slot;

pub use error_body::ErrorBody;
