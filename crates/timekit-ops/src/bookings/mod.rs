//! Bookings: create, list, read, move through their graph, update meta, bulk, delete; group
//! slots, reservations and rescheduling.

pub mod action;
pub mod bulk_create;
pub mod bulk_update;
pub mod create;
pub mod delete;
pub mod extend_reservation;
pub mod get;
pub mod get_group;
pub mod list;
pub mod list_groups;
pub mod reschedule;
pub mod reserve;
pub mod update_meta;

pub use action::ApplyBookingAction;
pub use bulk_create::CreateBookingsBulk;
pub use bulk_update::UpdateBookingsBulk;
pub use create::CreateBooking;
pub use delete::DeleteBooking;
pub use extend_reservation::ExtendReservation;
pub use get::GetBooking;
pub use get_group::GetGroupBooking;
pub use list::{ListBookings, SortOrder};
pub use list_groups::ListGroupBookings;
pub use reschedule::RescheduleBooking;
pub use reserve::ReserveBooking;
pub use update_meta::UpdateBookingMeta;
