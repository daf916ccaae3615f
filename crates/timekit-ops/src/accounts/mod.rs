//! Accounts: a resource's Google/Microsoft calendar connections (legacy), and the two
//! sign-up URLs (built on [`crate::BaseUrl`], not operations).

pub mod google_sync;
pub mod list;
pub mod microsoft_sync;
pub mod signup;

pub use google_sync::SyncGoogleAccount;
pub use list::ListAccounts;
pub use microsoft_sync::SyncMicrosoftAccount;
pub use signup::SignupProvider;
