//! `POST /auth`: the legacy resource sign-in (e-mail and password → API token).
//!
//! Resource-key authentication — Basic `email:token` plus the `Timekit-App: <app slug>`
//! header, used by `/auth`'s token, `/apps`, `/accounts` and `POST /credentials` — is the
//! facade's concern; operations carry no credentials of any kind.

pub mod authenticate;

pub use authenticate::Authenticate;
