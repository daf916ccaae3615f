//! Resources: people, rooms or things that can be booked; their time zone by e-mail and the
//! password reset.

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod reset_password;
pub mod timezone;
pub mod update;

pub use create::CreateResource;
pub use delete::DeleteResource;
pub use get::GetResource;
pub use list::ListResources;
pub use reset_password::ResetResourcePassword;
pub use timezone::GetResourceTimezone;
pub use update::UpdateResource;
