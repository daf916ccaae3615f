//! Calendar events: low-level blocks of time in a resource's calendar (tier C).

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;

pub use create::CreateEvent;
pub use delete::DeleteEvent;
pub use get::GetEvent;
pub use list::ListEvents;
pub use update::UpdateEvent;
