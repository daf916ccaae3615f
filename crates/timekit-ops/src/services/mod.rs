//! Services (`/location/services`): what is booked across locations; each location × service
//! pair is a (hidden) project.

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;

pub use create::CreateService;
pub use delete::DeleteService;
pub use get::GetService;
pub use list::ListServices;
pub use update::UpdateService;
