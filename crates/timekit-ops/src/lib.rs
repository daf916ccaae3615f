//! The operations of the Timekit API as sans-IO units: each builds an `http::Request`
//! and parses an `http::Response`, with no HTTP client and no async runtime.
//!
//! ```
//! use timekit_ops::{BaseUrl, Operation, bookings::GetBooking};
//!
//! let request = GetBooking::new("58190fc6-1ec0-4ebb-b627-7ce6aa9fc703")
//!     .include("attributes")
//!     .to_request(&BaseUrl::default())?;
//! assert_eq!(
//!     request.uri(),
//!     "https://api.timekit.io/v2/bookings/58190fc6-1ec0-4ebb-b627-7ce6aa9fc703?include=attributes"
//! );
//! # Ok::<(), timekit_ops::BuildError>(())
//! ```
//!
//! See `README.md` for the endpoint table.

pub mod accounts;
pub mod app;
pub mod apps;
pub mod auth;
pub mod availability;
pub mod base_url;
pub mod body;
pub mod bookings;
pub mod calendars;
pub mod credentials;
pub mod error;
pub mod events;
pub mod findtime;
mod include;
mod list_query;
pub mod locations;
pub mod operation;
pub mod paginated;
pub mod projects;
pub mod resources;
pub mod response;
pub mod routes;
pub mod segment;
pub mod services;
pub mod templates;
#[cfg(test)]
mod test_support;
mod update;
pub mod webhook;
pub mod webhooks;

pub use base_url::BaseUrl;
pub use body::RequestBody;
pub use error::{ApiFailure, BuildError, ResponseError};
pub use operation::Operation;
pub use paginated::Paginated;
pub use response::{FromResponse, RawResponse};
pub use routes::{OperationInfo, operations};

pub use accounts::{ListAccounts, SignupProvider, SyncGoogleAccount, SyncMicrosoftAccount};
pub use app::{GetApp, InviteToApp};
pub use apps::{CreateApp, DeleteApp, ListApps, UpdateApp};
pub use auth::Authenticate;
pub use availability::{
    CountAvailability, QueryAvailability, QueryAvailabilityDates, QueryUnavailableSlots,
};
pub use bookings::{
    ApplyBookingAction, CreateBooking, CreateBookingsBulk, DeleteBooking, ExtendReservation,
    GetBooking, GetGroupBooking, ListBookings, ListGroupBookings, RescheduleBooking,
    ReserveBooking, SortOrder, UpdateBookingMeta, UpdateBookingsBulk,
};
pub use calendars::{CreateCalendar, DeleteCalendar, GetCalendar, ListCalendars, UpdateCalendar};
pub use credentials::{CreateCredential, DeleteCredential, ListCredentials};
pub use events::{CreateEvent, DeleteEvent, GetEvent, ListEvents, UpdateEvent};
pub use findtime::{FindTime, FindTimeBulk, FindTimeTeam};
pub use locations::{CreateLocation, DeleteLocation, GetLocation, ListLocations, UpdateLocation};
pub use projects::{
    AddProjectResource, CreateProject, DeleteProject, GetEmbeddedProject, GetHostedProject,
    GetProject, ListProjectResources, ListProjects, RemoveProjectResource, ReplaceProjectResources,
    UpdateProject,
};
pub use resources::{
    CreateResource, DeleteResource, GetResource, GetResourceTimezone, ListResources,
    ResetResourcePassword, UpdateResource,
};
pub use services::{CreateService, DeleteService, GetService, ListServices, UpdateService};
pub use templates::{GetEmailTemplate, ListEmailTemplates, UpdateEmailTemplate};
pub use webhooks::{CreateWebhook, DeleteWebhook, ListWebhooks};
