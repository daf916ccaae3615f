//! Apps (`/apps`, plural): the apps of the signed-in user, addressed by slug. User-
//! (resource-key-) authenticated in Timekit; `GET /app` (the API key's own app) is in
//! [`crate::app`].

pub mod create;
pub mod delete;
pub mod list;
pub mod update;

pub use create::CreateApp;
pub use delete::DeleteApp;
pub use list::ListApps;
pub use update::UpdateApp;
