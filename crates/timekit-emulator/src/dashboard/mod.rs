//! The emulator's read-only dashboard (issue 18): a page under the control prefix showing
//! the clock, resources, a week of bookings coloured by state, the request log and the
//! active fault rules, and the one JSON read it draws from.

mod overview;
mod page;

pub(crate) use overview::overview;
pub(crate) use page::dashboard;
