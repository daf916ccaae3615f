//! Webhook registrations (`/webhooks`, `docs/api-decisions.md`, "Webhooks (issue 19)").
//! Verifying a delivery is [`crate::webhook`].

pub mod create;
pub mod delete;
pub mod list;

pub use create::CreateWebhook;
pub use delete::DeleteWebhook;
pub use list::ListWebhooks;
