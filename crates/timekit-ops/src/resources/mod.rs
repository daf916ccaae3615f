//! Resources: people, rooms or things that can be booked.

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;

pub use create::CreateResource;
pub use delete::DeleteResource;
pub use get::GetResource;
pub use list::ListResources;
pub use update::UpdateResource;
