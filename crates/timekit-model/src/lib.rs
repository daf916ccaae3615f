//! Serde types of the Timekit scheduling API v2: apps, resources, bookings, availability,
//! projects, locations, services, reservations, pagination and error bodies. No I/O.
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

pub mod app;
pub mod availability;
pub mod availability_count;
pub mod available_date;
pub mod booking;
pub mod bulk;
pub mod constraint;
pub mod envelope;
pub mod error_body;
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
pub mod service;
pub mod slot;
pub mod timestamp;

// Every public type is also at the crate root (`timekit_model::Slot`); the module paths
// (`timekit_model::slot::Slot`) name the same items.
pub use app::{App, InviteRequest};
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
pub use constraint::{Constraint, Day, DayAndTime, Hour, Hours, Period};
pub use envelope::Envelope;
pub use error_body::ErrorBody;
pub use graph::{BookingAction, BookingState, Graph};
pub use group_booking::{GroupBooking, GroupBookingResource};
pub use ids::{AppId, BookingId, LocationId, ProjectId, ResourceId, ServiceId};
pub use location::{CreateLocationRequest, Location, UpdateLocationRequest};
pub use page::Page;
pub use project::{
    AddProjectResourceRequest, CreateProjectRequest, Project, ProjectBooking, UpdateProjectRequest,
};
pub use reschedule::RescheduleBookingRequest;
pub use reservation::{ExtendReservationRequest, ReserveBookingRequest};
pub use resource::{CreateResourceRequest, Resource, UpdateResourceRequest};
pub use service::{CreateServiceRequest, Service, UpdateServiceRequest};
pub use slot::{Slot, SlotResource};
pub use timestamp::{Timestamp, TimestampParseError};
