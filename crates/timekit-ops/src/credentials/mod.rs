//! Credentials: the legacy resource-level keys (`client-token`, `server-token`).

pub mod create;
pub mod delete;
pub mod list;

pub use create::CreateCredential;
pub use delete::DeleteCredential;
pub use list::ListCredentials;
