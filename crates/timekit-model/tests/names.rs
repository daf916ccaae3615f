//! Every public type is reachable at the crate root (`timekit_model::Slot`) and by its module
//! path (`timekit_model::slot::Slot`), and both name the same type.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

/// Compiles only when `$root` and `$module` are the same type.
macro_rules! same_type {
    ($($root:ident $(<$param:ty>)? = $module:ty),+ $(,)?) => {
        /// The root names checked here.
        const CHECKED: &[&str] = &[$(stringify!($root)),+];

        #[test]
        fn root_and_module_paths_name_the_same_types() {
            $(
                let same: fn(timekit_model::$root $(<$param>)?) -> $module = |value| value;
                let _ = same;
            )+
        }
    };
}

same_type! {
    App = timekit_model::app::App,
    InviteRequest = timekit_model::app::InviteRequest,
    AvailabilityMode = timekit_model::availability::AvailabilityMode,
    AvailabilityRequest = timekit_model::availability::AvailabilityRequest,
    AvailabilityCount = timekit_model::availability_count::AvailabilityCount,
    AvailableDate = timekit_model::available_date::AvailableDate,
    Booking = timekit_model::booking::Booking,
    BookingAttributes = timekit_model::booking::BookingAttributes,
    CreateBookingRequest = timekit_model::booking::CreateBookingRequest,
    Customer = timekit_model::booking::Customer,
    EventInfo = timekit_model::booking::EventInfo,
    UpdateBookingMetaRequest = timekit_model::booking::UpdateBookingMetaRequest,
    BulkBookingUpdate = timekit_model::bulk::BulkBookingUpdate,
    BulkItemError = timekit_model::bulk::BulkItemError,
    BulkItemResult = timekit_model::bulk::BulkItemResult,
    CreateBookingsBulkRequest = timekit_model::bulk::CreateBookingsBulkRequest,
    UpdateBookingsBulkRequest = timekit_model::bulk::UpdateBookingsBulkRequest,
    Constraint = timekit_model::constraint::Constraint,
    Day = timekit_model::constraint::Day,
    DayAndTime = timekit_model::constraint::DayAndTime,
    Hour = timekit_model::constraint::Hour,
    Hours = timekit_model::constraint::Hours,
    Period = timekit_model::constraint::Period,
    Envelope<()> = timekit_model::envelope::Envelope<()>,
    ErrorBody = timekit_model::error_body::ErrorBody,
    BookingAction = timekit_model::graph::BookingAction,
    BookingState = timekit_model::graph::BookingState,
    Graph = timekit_model::graph::Graph,
    GroupBooking = timekit_model::group_booking::GroupBooking,
    GroupBookingResource = timekit_model::group_booking::GroupBookingResource,
    AppId = timekit_model::ids::AppId,
    BookingId = timekit_model::ids::BookingId,
    LocationId = timekit_model::ids::LocationId,
    ProjectId = timekit_model::ids::ProjectId,
    ResourceId = timekit_model::ids::ResourceId,
    ServiceId = timekit_model::ids::ServiceId,
    CreateLocationRequest = timekit_model::location::CreateLocationRequest,
    Location = timekit_model::location::Location,
    UpdateLocationRequest = timekit_model::location::UpdateLocationRequest,
    Page<()> = timekit_model::page::Page<()>,
    AddProjectResourceRequest = timekit_model::project::AddProjectResourceRequest,
    CreateProjectRequest = timekit_model::project::CreateProjectRequest,
    Project = timekit_model::project::Project,
    ProjectBooking = timekit_model::project::ProjectBooking,
    UpdateProjectRequest = timekit_model::project::UpdateProjectRequest,
    RescheduleBookingRequest = timekit_model::reschedule::RescheduleBookingRequest,
    ExtendReservationRequest = timekit_model::reservation::ExtendReservationRequest,
    ReserveBookingRequest = timekit_model::reservation::ReserveBookingRequest,
    CreateResourceRequest = timekit_model::resource::CreateResourceRequest,
    Resource = timekit_model::resource::Resource,
    UpdateResourceRequest = timekit_model::resource::UpdateResourceRequest,
    CreateServiceRequest = timekit_model::service::CreateServiceRequest,
    Service = timekit_model::service::Service,
    UpdateServiceRequest = timekit_model::service::UpdateServiceRequest,
    Slot = timekit_model::slot::Slot,
    SlotResource = timekit_model::slot::SlotResource,
    Timestamp = timekit_model::timestamp::Timestamp,
    Account = timekit_model::account::Account,
    AccountSync = timekit_model::account::AccountSync,
    CreateAppRequest = timekit_model::app::CreateAppRequest,
    UpdateAppRequest = timekit_model::app::UpdateAppRequest,
    AuthRequest = timekit_model::auth::AuthRequest,
    AuthUser = timekit_model::auth::AuthUser,
    Calendar = timekit_model::calendar::Calendar,
    CreateCalendarRequest = timekit_model::calendar::CreateCalendarRequest,
    UpdateCalendarRequest = timekit_model::calendar::UpdateCalendarRequest,
    CreateCredentialRequest = timekit_model::credential::CreateCredentialRequest,
    Credential = timekit_model::credential::Credential,
    CreateWebhookRequest = timekit_model::webhook::CreateWebhookRequest,
    Webhook = timekit_model::webhook::Webhook,
    WebhookId = timekit_model::ids::WebhookId,
    CreateEventRequest = timekit_model::event::CreateEventRequest,
    Event = timekit_model::event::Event,
    UpdateEventRequest = timekit_model::event::UpdateEventRequest,
    FindTimeBulkRequest = timekit_model::findtime::FindTimeBulkRequest,
    FindTimeRequest = timekit_model::findtime::FindTimeRequest,
    FindTimeSlot = timekit_model::findtime::FindTimeSlot,
    FindTimeTeamRequest = timekit_model::findtime::FindTimeTeamRequest,
    CalendarId = timekit_model::ids::CalendarId,
    CredentialId = timekit_model::ids::CredentialId,
    EventId = timekit_model::ids::EventId,
    ResetResourcePasswordRequest = timekit_model::resource_extras::ResetResourcePasswordRequest,
    ResourceTimezone = timekit_model::resource_extras::ResourceTimezone,
    Template = timekit_model::template::Template,
    UpdateTemplateRequest = timekit_model::template::UpdateTemplateRequest,
    TimestampParseError = timekit_model::timestamp::TimestampParseError,
}

/// The type names a source file declares: `pub struct`/`pub enum` items, and the types the
/// crate's `open_name_enum!`/`string_id!` macros generate.
fn declared_types(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut lines = source.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        for prefix in ["pub struct ", "pub enum "] {
            if let Some(rest) = line.strip_prefix(prefix) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // `pub struct $name(String);` inside a macro definition is not a type.
                if !name.is_empty() {
                    names.push(name);
                }
            }
        }
        if line.starts_with("open_name_enum!(") || line.starts_with("string_id!(") {
            // The type name is the first line of the invocation that is not a doc comment.
            for inner in lines.by_ref() {
                if !inner.starts_with("///") {
                    let name: String = inner
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    names.push(name);
                    break;
                }
            }
        }
    }
    names
}

#[test]
fn every_public_type_is_checked_at_the_root() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut declared = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            // Only the items of the module itself, not those of its tests.
            let source = source.split("#[cfg(test)]").next().unwrap();
            declared.extend(declared_types(source));
        }
    }
    let checked: BTreeSet<String> = CHECKED.iter().map(|name| (*name).to_owned()).collect();
    assert!(declared.contains("Graph") && declared.contains("BookingId"));
    let missing: Vec<&String> = declared.difference(&checked).collect();
    assert!(
        missing.is_empty(),
        "public types without a root re-export check: {missing:?}"
    );
}
