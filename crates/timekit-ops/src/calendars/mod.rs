//! Calendars: a resource's containers of events and bookings (legacy-era routes, tier C).

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;

pub use create::CreateCalendar;
pub use delete::DeleteCalendar;
pub use get::GetCalendar;
pub use list::ListCalendars;
pub use update::UpdateCalendar;
