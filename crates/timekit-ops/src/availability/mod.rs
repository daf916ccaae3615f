//! Availability: free slots of resources, and the variants that answer with dates, a count,
//! or the unavailable slots, all from the same parameters.

pub mod count;
pub mod dates;
pub mod query;
pub mod unavailable;

pub use count::CountAvailability;
pub use dates::QueryAvailabilityDates;
pub use query::QueryAvailability;
pub use unavailable::QueryUnavailableSlots;
