//! Projects: event types bundling resources, availability settings and booking defaults;
//! the hosted and embedded booking.js entry points; project membership of resources.

pub mod add_resource;
pub mod create;
pub mod delete;
pub mod embed;
pub mod get;
pub mod hosted;
pub mod list;
pub mod list_resources;
pub mod remove_resource;
pub mod replace_resources;
pub mod update;

pub use add_resource::AddProjectResource;
pub use create::CreateProject;
pub use delete::DeleteProject;
pub use embed::GetEmbeddedProject;
pub use get::GetProject;
pub use hosted::GetHostedProject;
pub use list::ListProjects;
pub use list_resources::ListProjectResources;
pub use remove_resource::RemoveProjectResource;
pub use replace_resources::ReplaceProjectResources;
pub use update::UpdateProject;
