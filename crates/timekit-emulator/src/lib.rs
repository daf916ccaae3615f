//! A faithful local Timekit API v2, for tests, demos and development.

pub mod availability;
pub mod faults;
