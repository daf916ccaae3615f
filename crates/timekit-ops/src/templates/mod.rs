//! E-mail templates, addressed by slug (SDK only; the object is unknown).

pub mod get;
pub mod list;
pub mod update;

pub use get::GetEmailTemplate;
pub use list::ListEmailTemplates;
pub use update::UpdateEmailTemplate;
