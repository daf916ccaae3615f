//! Serde types of the Timekit scheduling API v2: apps, resources, bookings, availability,
//! projects, locations, services, reservations, calendars, events, credentials, accounts,
//! templates, the legacy findtime and auth bodies, pagination and error bodies. No I/O.
//!
//! Every response type keeps the fields it does not model in a flattened `extra` map and
//! writes them back unchanged, so nothing the server sends is lost. Request types have
//! `new(required…)` plus chainable setters, and an `extra` map for fields not modelled.
//!
//! Decoding is plain derived serde: unknown keys reach `extra` through `#[serde(flatten)]`,
//! and the few lenient rules (PHP's `[]` for an empty map, counts sent as strings, `null`
//! for absent) are `deserialize_with` helpers on single fields.
//!
//! Every public type is re-exported at the crate root, so `timekit_model::Slot` and
//! `timekit_model::slot::Slot` name the same type.

pub mod account;
pub mod app;
pub mod auth;
pub mod availability;
pub mod availability_count;
pub mod available_date;
pub mod booking;
pub mod bulk;
pub mod calendar;
pub mod constraint;
pub mod credential;
pub mod envelope;
pub mod error_body;
pub mod event;
pub mod findtime;
pub mod graph;
pub mod group_booking;
pub mod ids;
pub mod laravel_map;
pub mod location;
mod names;
pub mod page;
pub mod project;
pub mod reschedule;
pub mod reservation;
pub mod resource;
pub mod resource_extras;
pub mod service;
pub mod slot;
pub mod template;
pub mod timestamp;
pub mod webhook;

// Every public type is also at the crate root (`timekit_model::Slot`); the module paths
// (`timekit_model::slot::Slot`) name the same items.
pub use account::{Account, AccountSync};
pub use app::{App, CreateAppRequest, InviteRequest, UpdateAppRequest};
pub use auth::{AuthRequest, AuthUser};
pub use availability::{AvailabilityMode, AvailabilityRequest};
pub use availability_count::AvailabilityCount;
pub use available_date::AvailableDate;
pub use booking::{
    Booking, BookingAttributes, CreateBookingRequest, Customer, EventInfo, UpdateBookingMetaRequest,
};
pub use bulk::{
    BulkBookingUpdate, BulkItemError, BulkItemResult, CreateBookingsBulkRequest,
    UpdateBookingsBulkRequest,
};
pub use calendar::{Calendar, CreateCalendarRequest, UpdateCalendarRequest};
pub use constraint::{Constraint, Day, DayAndTime, Hour, Hours, Period};
pub use credential::{CreateCredentialRequest, Credential};
pub use envelope::Envelope;
pub use error_body::ErrorBody;
pub use event::{CreateEventRequest, Event, UpdateEventRequest};
pub use findtime::{FindTimeBulkRequest, FindTimeRequest, FindTimeSlot, FindTimeTeamRequest};
pub use graph::{BookingAction, BookingState, Graph};
pub use group_booking::{GroupBooking, GroupBookingResource};
pub use ids::{
    AppId, BookingId, CalendarId, CredentialId, EventId, LocationId, ProjectId, ResourceId,
    ServiceId, WebhookId,
};
pub use location::{CreateLocationRequest, Location, UpdateLocationRequest};
pub use page::Page;
pub use project::{
    AddProjectResourceRequest, CreateProjectRequest, Project, ProjectBooking, UpdateProjectRequest,
};
pub use reschedule::RescheduleBookingRequest;
pub use reservation::{ExtendReservationRequest, ReserveBookingRequest};
pub use resource::{CreateResourceRequest, Resource, UpdateResourceRequest};
pub use resource_extras::{ResetResourcePasswordRequest, ResourceTimezone};
pub use service::{CreateServiceRequest, Service, UpdateServiceRequest};
pub use slot::{Slot, SlotResource};
pub use template::{Template, UpdateTemplateRequest};
pub use timestamp::{Timestamp, TimestampParseError};
pub use webhook::{CreateWebhookRequest, Webhook};
