//! The list of every operation of this crate: the one table that the CLI, the OpenAPI
//! document and the emulator's routes are checked against (`tests/route_parity.rs` of the
//! workspace), and that checks each operation's own facts (the tests below).
//!
//! Adding an operation means adding its type to [`operations`]; a test fails until it is.

use crate::Operation;
use crate::accounts::{ListAccounts, SyncGoogleAccount, SyncMicrosoftAccount};
use crate::app::{GetApp, InviteToApp};
use crate::apps::{CreateApp, DeleteApp, ListApps, UpdateApp};
use crate::auth::Authenticate;
use crate::availability::{
    CountAvailability, QueryAvailability, QueryAvailabilityDates, QueryUnavailableSlots,
};
use crate::bookings::{
    ApplyBookingAction, CreateBooking, CreateBookingsBulk, DeleteBooking, ExtendReservation,
    GetBooking, GetGroupBooking, ListBookings, ListGroupBookings, RescheduleBooking,
    ReserveBooking, UpdateBookingMeta, UpdateBookingsBulk,
};
use crate::calendars::{
    CreateCalendar, DeleteCalendar, GetCalendar, ListCalendars, UpdateCalendar,
};
use crate::credentials::{CreateCredential, DeleteCredential, ListCredentials};
use crate::events::{CreateEvent, DeleteEvent, GetEvent, ListEvents, UpdateEvent};
use crate::findtime::{FindTime, FindTimeBulk, FindTimeTeam};
use crate::locations::{
    CreateLocation, DeleteLocation, GetLocation, ListLocations, UpdateLocation,
};
use crate::projects::{
    AddProjectResource, CreateProject, DeleteProject, GetEmbeddedProject, GetHostedProject,
    GetProject, ListProjectResources, ListProjects, RemoveProjectResource, ReplaceProjectResources,
    UpdateProject,
};
use crate::resources::{
    CreateResource, DeleteResource, GetResource, GetResourceTimezone, ListResources,
    ResetResourcePassword, UpdateResource,
};
use crate::response::short_type_name;
use crate::services::{CreateService, DeleteService, GetService, ListServices, UpdateService};
use crate::templates::{GetEmailTemplate, ListEmailTemplates, UpdateEmailTemplate};
use crate::webhooks::{CreateWebhook, DeleteWebhook, ListWebhooks};

/// What the crate states about one operation: its name, method, path template and types.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationInfo {
    /// [`Operation::NAME`] (`"get_booking"`).
    pub name: &'static str,
    /// [`Operation::METHOD`].
    pub method: http::Method,
    /// [`Operation::PATH_TEMPLATE`] (`"/bookings/{id}"`).
    pub path_template: &'static str,
    /// The operation's type name (`"GetBooking"`).
    pub type_name: String,
    /// The output's type name (`"Booking"`, `"Page<Booking>"`, `"()"`).
    pub output: String,
}

impl OperationInfo {
    /// The facts of `O`.
    pub fn of<O: Operation>() -> Self {
        OperationInfo {
            name: O::NAME,
            method: O::METHOD,
            path_template: O::PATH_TEMPLATE,
            type_name: short_type_name::<O>(),
            output: short_type_name::<O::Output>(),
        }
    }
}

macro_rules! operation_list {
    ($($op:ty),* $(,)?) => {
        /// Every operation of the crate, in the order of the README's table.
        pub fn operations() -> Vec<OperationInfo> {
            vec![$(OperationInfo::of::<$op>()),*]
        }
    };
}

operation_list![
    // App
    GetApp,
    InviteToApp,
    // Resources
    CreateResource,
    ListResources,
    GetResource,
    UpdateResource,
    DeleteResource,
    // Availability
    QueryAvailability,
    QueryAvailabilityDates,
    CountAvailability,
    QueryUnavailableSlots,
    // Bookings
    CreateBooking,
    ListBookings,
    GetBooking,
    ApplyBookingAction,
    UpdateBookingMeta,
    CreateBookingsBulk,
    UpdateBookingsBulk,
    DeleteBooking,
    ReserveBooking,
    ExtendReservation,
    RescheduleBooking,
    ListGroupBookings,
    GetGroupBooking,
    // Projects
    ListProjects,
    GetProject,
    GetHostedProject,
    GetEmbeddedProject,
    CreateProject,
    UpdateProject,
    DeleteProject,
    AddProjectResource,
    ListProjectResources,
    ReplaceProjectResources,
    RemoveProjectResource,
    // Locations
    ListLocations,
    GetLocation,
    CreateLocation,
    UpdateLocation,
    DeleteLocation,
    // Services
    ListServices,
    GetService,
    CreateService,
    UpdateService,
    DeleteService,
    // Calendars
    ListCalendars,
    GetCalendar,
    CreateCalendar,
    UpdateCalendar,
    DeleteCalendar,
    // Events
    ListEvents,
    GetEvent,
    CreateEvent,
    UpdateEvent,
    DeleteEvent,
    // FindTime (deprecated)
    FindTime,
    FindTimeBulk,
    FindTimeTeam,
    // Credentials and auth (legacy)
    ListCredentials,
    CreateCredential,
    DeleteCredential,
    Authenticate,
    // Accounts (legacy)
    ListAccounts,
    SyncGoogleAccount,
    SyncMicrosoftAccount,
    // Apps
    ListApps,
    CreateApp,
    UpdateApp,
    DeleteApp,
    // Email templates
    ListEmailTemplates,
    GetEmailTemplate,
    UpdateEmailTemplate,
    // Resource extras
    GetResourceTimezone,
    ResetResourcePassword,
    // Webhooks
    ListWebhooks,
    CreateWebhook,
    DeleteWebhook,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use timekit_model::BookingAction;

    use super::*;
    use crate::test_support::ID;

    /// `GetBooking` → `get_booking`.
    fn snake_case(camel: &str) -> String {
        let mut snake = String::new();
        for c in camel.chars() {
            if c.is_ascii_uppercase() && !snake.is_empty() {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        }
        snake
    }

    /// The one place `NAME` is checked: it is the type's name in snake case, and unique.
    #[test]
    fn names_follow_the_type_names_and_are_unique() {
        let mut seen = BTreeSet::new();
        for info in operations() {
            assert_eq!(info.name, snake_case(&info.type_name), "{info:?}");
            assert!(seen.insert(info.name), "{} listed twice", info.name);
            assert!(info.path_template.starts_with('/'), "{info:?}");
        }
    }

    /// Every `impl Operation for …` in the crate's sources is in [`operations`], so a new
    /// operation cannot be forgotten in the table the parity tests read.
    #[test]
    fn every_operation_in_the_sources_is_listed() {
        let mut found = BTreeSet::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for line in text.lines() {
                        if let Some(rest) = line.strip_prefix("impl Operation for ") {
                            found.insert(rest.trim_end_matches(" {").to_owned());
                        }
                    }
                }
            }
        }
        let listed: BTreeSet<String> = operations().into_iter().map(|i| i.type_name).collect();
        assert_eq!(found, listed);
    }

    /// One sample of each operation: its name and the path it builds.
    fn sample<O: Operation>(op: &O) -> (&'static str, &'static str, String) {
        (O::NAME, O::PATH_TEMPLATE, op.path().unwrap())
    }

    /// Every operation's built path has its template's shape: the same static segments,
    /// one non-empty value per placeholder.
    #[test]
    fn built_paths_match_the_templates() {
        use serde_json::json;
        let samples = vec![
            sample(&GetApp::new()),
            sample(&InviteToApp::new("a@example.com")),
            sample(&CreateResource::from_json(json!({}))),
            sample(&ListResources::new()),
            sample(&GetResource::new(ID)),
            sample(&UpdateResource::from_json(ID, json!({}))),
            sample(&DeleteResource::new(ID)),
            sample(&QueryAvailability::from_json(json!({}))),
            sample(&QueryAvailabilityDates::from_json(json!({}))),
            sample(&CountAvailability::from_json(json!({}))),
            sample(&QueryUnavailableSlots::from_json(json!({}))),
            sample(&CreateBooking::from_json(json!({}))),
            sample(&ListBookings::new()),
            sample(&GetBooking::new(ID)),
            sample(&ApplyBookingAction::new(ID, BookingAction::Confirm)),
            sample(&UpdateBookingMeta::from_json(ID, json!({}))),
            sample(&CreateBookingsBulk::from_json(json!({}))),
            sample(&UpdateBookingsBulk::from_json(json!({}))),
            sample(&DeleteBooking::new(ID)),
            sample(&ReserveBooking::from_json(json!({}))),
            sample(&ExtendReservation::new(ID, 60)),
            sample(&RescheduleBooking::from_json(ID, json!({}))),
            sample(&ListGroupBookings::new()),
            sample(&GetGroupBooking::new(ID)),
            sample(&ListProjects::new()),
            sample(&GetProject::new(ID)),
            sample(&GetHostedProject::new("my-slug")),
            sample(&GetEmbeddedProject::new(ID)),
            sample(&CreateProject::from_json(json!({}))),
            sample(&UpdateProject::from_json(ID, json!({}))),
            sample(&DeleteProject::new(ID)),
            sample(&AddProjectResource::new(ID, "r1")),
            sample(&ListProjectResources::new(ID)),
            sample(&ReplaceProjectResources::new(ID, ["r1"])),
            sample(&RemoveProjectResource::new(ID, "r1")),
            sample(&ListLocations::new()),
            sample(&GetLocation::new(ID)),
            sample(&CreateLocation::from_json(json!({}))),
            sample(&UpdateLocation::from_json(ID, json!({}))),
            sample(&DeleteLocation::new(ID)),
            sample(&ListServices::new()),
            sample(&GetService::new(ID)),
            sample(&CreateService::from_json(json!({}))),
            sample(&UpdateService::from_json(ID, json!({}))),
            sample(&DeleteService::new(ID)),
            sample(&ListCalendars::new()),
            sample(&GetCalendar::new(ID)),
            sample(&CreateCalendar::from_json(json!({}))),
            sample(&UpdateCalendar::from_json(ID, json!({}))),
            sample(&DeleteCalendar::new(ID)),
            sample(&ListEvents::new(
                timekit_model::Timestamp::parse("2030-01-01T00:00:00Z").unwrap(),
                timekit_model::Timestamp::parse("2030-01-08T00:00:00Z").unwrap(),
            )),
            sample(&GetEvent::new(ID)),
            sample(&CreateEvent::from_json(json!({}))),
            sample(&UpdateEvent::from_json(ID, json!({}))),
            sample(&DeleteEvent::new(ID)),
            sample(&FindTime::from_json(json!({}))),
            sample(&FindTimeBulk::from_json(json!({}))),
            sample(&FindTimeTeam::from_json(json!({}))),
            sample(&ListCredentials::new()),
            sample(&CreateCredential::from_json(json!({}))),
            sample(&DeleteCredential::new(ID)),
            sample(&Authenticate::from_json(json!({}))),
            sample(&ListAccounts::new()),
            sample(&SyncGoogleAccount::new()),
            sample(&SyncMicrosoftAccount::new()),
            sample(&ListApps::new()),
            sample(&CreateApp::from_json(json!({}))),
            sample(&UpdateApp::from_json("my-app", json!({}))),
            sample(&DeleteApp::new("my-app")),
            sample(&ListEmailTemplates::new()),
            sample(&GetEmailTemplate::new("booking_created_customer")),
            sample(&UpdateEmailTemplate::from_json(
                "booking_created_customer",
                json!({}),
            )),
            sample(&GetResourceTimezone::new("doc@example.com")),
            sample(&ResetResourcePassword::from_json(json!({}))),
            sample(&ListWebhooks::new()),
            sample(&CreateWebhook::from_json(json!({}))),
            sample(&DeleteWebhook::new(ID)),
        ];
        let sampled: BTreeSet<&str> = samples.iter().map(|(name, ..)| *name).collect();
        let listed: BTreeSet<&str> = operations().iter().map(|info| info.name).collect();
        assert_eq!(sampled, listed, "every listed operation has a sample");
        for (name, template, path) in samples {
            let expected: Vec<&str> = template.trim_start_matches('/').split('/').collect();
            let built: Vec<&str> = path.split('/').collect();
            assert_eq!(built.len(), expected.len(), "{name}: {path} vs {template}");
            for (built, expected) in built.iter().zip(&expected) {
                if expected.starts_with('{') {
                    assert!(!built.is_empty(), "{name}: {path}");
                } else {
                    assert_eq!(built, expected, "{name}: {path} vs {template}");
                }
            }
        }
    }

    /// Issue 15: at least 45 operations; issue 16 (every JS SDK method): at least 74.
    #[test]
    fn the_api_surface_has_at_least_74_operations() {
        assert!(operations().len() >= 74, "{}", operations().len());
    }

    /// The object-only body rule holds for every operation that takes raw JSON, except the
    /// one documented exception, `ReplaceProjectResources`, which takes only arrays.
    #[test]
    fn arrays_are_accepted_as_bodies_only_by_replace_project_resources() {
        use crate::BuildError;
        use serde_json::{Value, json};

        fn refuses_arrays<O: Operation>(op: &O) -> Option<&'static str> {
            match op.body() {
                Err(BuildError::BodyNotObject("an array")) => None,
                other => Some(if other.is_ok() {
                    "accepted"
                } else {
                    "other error"
                }),
            }
        }
        let array = || json!(["r1"]);
        let failures: Vec<(&str, &str)> = [
            (
                InviteToApp::NAME,
                refuses_arrays(&InviteToApp::from_json(array())),
            ),
            (
                CreateResource::NAME,
                refuses_arrays(&CreateResource::from_json(array())),
            ),
            (
                UpdateResource::NAME,
                refuses_arrays(&UpdateResource::from_json(ID, array())),
            ),
            (
                QueryAvailability::NAME,
                refuses_arrays(&QueryAvailability::from_json(array())),
            ),
            (
                QueryAvailabilityDates::NAME,
                refuses_arrays(&QueryAvailabilityDates::from_json(array())),
            ),
            (
                CountAvailability::NAME,
                refuses_arrays(&CountAvailability::from_json(array())),
            ),
            (
                QueryUnavailableSlots::NAME,
                refuses_arrays(&QueryUnavailableSlots::from_json(array())),
            ),
            (
                CreateBooking::NAME,
                refuses_arrays(&CreateBooking::from_json(array())),
            ),
            (
                ApplyBookingAction::NAME,
                refuses_arrays(&ApplyBookingAction::from_json(
                    ID,
                    BookingAction::Confirm,
                    array(),
                )),
            ),
            (
                UpdateBookingMeta::NAME,
                refuses_arrays(&UpdateBookingMeta::from_json(ID, array())),
            ),
            (
                CreateBookingsBulk::NAME,
                refuses_arrays(&CreateBookingsBulk::from_json(array())),
            ),
            (
                UpdateBookingsBulk::NAME,
                refuses_arrays(&UpdateBookingsBulk::from_json(array())),
            ),
            (
                ReserveBooking::NAME,
                refuses_arrays(&ReserveBooking::from_json(array())),
            ),
            (
                ExtendReservation::NAME,
                refuses_arrays(&ExtendReservation::from_json(array())),
            ),
            (
                RescheduleBooking::NAME,
                refuses_arrays(&RescheduleBooking::from_json(ID, array())),
            ),
            (
                CreateProject::NAME,
                refuses_arrays(&CreateProject::from_json(array())),
            ),
            (
                UpdateProject::NAME,
                refuses_arrays(&UpdateProject::from_json(ID, array())),
            ),
            (
                AddProjectResource::NAME,
                refuses_arrays(&AddProjectResource::from_json(ID, array())),
            ),
            (
                CreateLocation::NAME,
                refuses_arrays(&CreateLocation::from_json(array())),
            ),
            (
                UpdateLocation::NAME,
                refuses_arrays(&UpdateLocation::from_json(ID, array())),
            ),
            (
                CreateService::NAME,
                refuses_arrays(&CreateService::from_json(array())),
            ),
            (
                UpdateService::NAME,
                refuses_arrays(&UpdateService::from_json(ID, array())),
            ),
            (
                CreateCalendar::NAME,
                refuses_arrays(&CreateCalendar::from_json(array())),
            ),
            (
                UpdateCalendar::NAME,
                refuses_arrays(&UpdateCalendar::from_json(ID, array())),
            ),
            (
                CreateEvent::NAME,
                refuses_arrays(&CreateEvent::from_json(array())),
            ),
            (
                UpdateEvent::NAME,
                refuses_arrays(&UpdateEvent::from_json(ID, array())),
            ),
            (
                FindTime::NAME,
                refuses_arrays(&FindTime::from_json(array())),
            ),
            (
                FindTimeBulk::NAME,
                refuses_arrays(&FindTimeBulk::from_json(array())),
            ),
            (
                FindTimeTeam::NAME,
                refuses_arrays(&FindTimeTeam::from_json(array())),
            ),
            (
                CreateCredential::NAME,
                refuses_arrays(&CreateCredential::from_json(array())),
            ),
            (
                Authenticate::NAME,
                refuses_arrays(&Authenticate::from_json(array())),
            ),
            (
                CreateApp::NAME,
                refuses_arrays(&CreateApp::from_json(array())),
            ),
            (
                CreateWebhook::NAME,
                refuses_arrays(&CreateWebhook::from_json(array())),
            ),
            (
                UpdateApp::NAME,
                refuses_arrays(&UpdateApp::from_json("my-app", array())),
            ),
            (
                UpdateEmailTemplate::NAME,
                refuses_arrays(&UpdateEmailTemplate::from_json("slug", array())),
            ),
            (
                ResetResourcePassword::NAME,
                refuses_arrays(&ResetResourcePassword::from_json(array())),
            ),
        ]
        .into_iter()
        .filter_map(|(name, failure)| failure.map(|failure| (name, failure)))
        .collect();
        assert!(
            failures.is_empty(),
            "array bodies not refused: {failures:?}"
        );

        let replace = ReplaceProjectResources::from_json(ID, array());
        let sent: Value = serde_json::from_slice(&replace.body().unwrap().unwrap()).unwrap();
        assert_eq!(sent, array());
        assert_eq!(
            ReplaceProjectResources::from_json(ID, json!({})).body(),
            Err(BuildError::BodyNotArray("an object"))
        );
    }
}
