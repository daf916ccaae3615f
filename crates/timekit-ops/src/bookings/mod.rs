//! Bookings: create, list, read, move through their graph, update meta, bulk, delete.

pub mod action;
pub mod bulk_create;
pub mod bulk_update;
pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update_meta;

pub use action::ApplyBookingAction;
pub use bulk_create::CreateBookingsBulk;
pub use bulk_update::UpdateBookingsBulk;
pub use create::CreateBooking;
pub use delete::DeleteBooking;
pub use get::GetBooking;
pub use list::{ListBookings, SortOrder};
pub use update_meta::UpdateBookingMeta;
