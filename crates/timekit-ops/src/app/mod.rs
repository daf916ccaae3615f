//! The app behind the API key: read it, invite a resource into it.

pub mod get;
pub mod invite;

pub use get::GetApp;
pub use invite::InviteToApp;
