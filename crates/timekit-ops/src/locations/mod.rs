//! Locations: containers of projects, searchable by distance.

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;

pub use create::CreateLocation;
pub use delete::DeleteLocation;
pub use get::GetLocation;
pub use list::ListLocations;
pub use update::UpdateLocation;
