//! Availability: free slots of resources.

pub mod query;

pub use query::QueryAvailability;
