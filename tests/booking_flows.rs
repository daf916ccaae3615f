//! The booking.js flows beyond the first 16 operations, through the client over loopback
//! (`timekit-api-more.md` §5.3, §5.4, §6, §7; `docs/api-decisions.md`, "Projects and flows
//! (issue 15)"):
//!
//! * appointments (§7 B, E): a service at a location → its project → availability by
//!   `project_id` → reserve → extend → book the reservation → reschedule;
//! * reservations holding their slot until they expire on the emulator clock;
//! * what reschedule refuses;
//! * a group class filling its seats through `GET /bookings/groups` (§7 C);
//! * `/availability/dates`, `/availability/count` and `/unavailable/slots` with project
//!   defaults and request overrides.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::SignedDuration;
use timekit::Error;
use timekit::model::{
    AvailabilityMode, AvailabilityRequest, Booking, BookingAction, BookingState, Constraint,
    CreateBookingRequest, CreateLocationRequest, CreateProjectRequest, CreateServiceRequest,
    ErrorBody, Graph, GroupBooking, Hours, Project, ProjectBooking, RescheduleBookingRequest,
    ReserveBookingRequest, Resource, Slot,
};
use timekit::ops::{
    AddProjectResource, CountAvailability, CreateBooking, CreateLocation, CreateProject,
    CreateService, ExtendReservation, GetGroupBooking, ListBookings, ListGroupBookings,
    ListLocations, ListProjects, QueryAvailability, QueryAvailabilityDates, QueryUnavailableSlots,
    RescheduleBooking, ReserveBooking,
};
use timekit_tests::{TestBed, assert_refused, at, booking, customer, status_code};

/// An id no test creates.
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

/// Tuesday after the suite's "now" (Monday 2030-01-07 09:00 UTC).
const TUESDAY: &str = "2030-01-08";

fn tuesday(time: &str) -> String {
    format!("{TUESDAY}T{time}:00Z")
}

/// Slot starts as `HH:MM` (UTC).
fn starts(slots: &[Slot]) -> Vec<String> {
    slots
        .iter()
        .map(|slot| {
            let start = slot.start_timestamp().expect("RFC 3339 start");
            let time = start.to_zoned(jiff::tz::TimeZone::UTC).time();
            format!("{:02}:{:02}", time.hour(), time.minute())
        })
        .collect()
}

/// Availability of project `project` on Tuesday from 09:00 to 11:00 UTC: only `project_id`
/// and the window are sent, everything else comes from the project.
async fn tuesday_morning(bed: &TestBed, project: &Project) -> Vec<Slot> {
    bed.client
        .call(QueryAvailability::new(
            AvailabilityRequest::new(Vec::<String>::new())
                .project_id(project.id.clone())
                .from(tuesday("09:00"))
                .to(tuesday("11:00")),
        ))
        .await
        .unwrap_or_else(|err| panic!("availability by project_id: {err}"))
}

/// The field names of a 422 validation answer.
#[track_caller]
fn invalid_fields(err: &Error) -> Vec<String> {
    assert_eq!(status_code(err), Some(422), "{err:?}");
    err.api_failure()
        .and_then(|failure| failure.validation_errors())
        .unwrap_or_else(|| panic!("no validation errors: {err:?}"))
        .keys()
        .cloned()
        .collect()
}

/// Asserts a 404 naming `model`.
#[track_caller]
fn assert_not_found(err: &Error, model: &str) {
    assert_eq!(status_code(err), Some(404), "{err:?}");
    match err.api_failure().map(|failure| failure.error_body()) {
        Some(ErrorBody::Message { model: got, .. }) => {
            assert_eq!(got.as_deref(), Some(model), "{err:?}");
        }
        other => panic!("not a message body naming {model}: {other:?}"),
    }
}

#[track_caller]
fn assert_state(booking: &Booking, state: BookingState, completed: bool) {
    assert_eq!(booking.state, state, "{booking:?}");
    assert_eq!(booking.completed, completed, "{booking:?}");
}

/// The start of a booking read with `include=attributes`.
fn start_of(booking: &Booking) -> jiff::Timestamp {
    booking
        .event_info()
        .and_then(|info| info.start.as_ref())
        .unwrap_or_else(|| panic!("no event_info.start: {booking:?}"))
        .instant()
}

async fn get_booking(bed: &TestBed, booking: &Booking) -> Booking {
    bed.client.get_booking(booking.id.clone()).await.unwrap()
}

async fn reserve(bed: &TestBed, request: ReserveBookingRequest) -> Result<Booking, Error> {
    bed.client.call(ReserveBooking::new(request)).await
}

/// A reservation of `resource` on Tuesday from `start` to `end` (`HH:MM`) for Jane.
fn hold(resource: &Resource, start: &str, end: &str) -> ReserveBookingRequest {
    ReserveBookingRequest::new(resource.id.clone(), at(&tuesday(start)), at(&tuesday(end)))
        .what("Haircut")
        .location("Main St 1")
        .description("")
        .customer(customer("Jane Roe"))
}

#[tokio::test]
async fn appointment_at_a_location_reserve_book_and_reschedule() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;

    // The catalogue: a service offered at a location (§5.5, §5.6).
    let location = bed
        .client
        .call(CreateLocation::new(
            CreateLocationRequest::new("Main St").coordinates(55.6761, 12.5683),
        ))
        .await
        .unwrap();
    let service = bed
        .client
        .call(CreateService::new(
            CreateServiceRequest::new("Haircut")
                .availability(
                    AvailabilityRequest::new(Vec::<String>::new())
                        .mode(AvailabilityMode::RoundrobinPrioritized)
                        .length("30 minutes"),
                )
                .booking(
                    ProjectBooking::new(Graph::Instant)
                        .what("Haircut")
                        .location("Main St 1")
                        .description("Wash, cut, dry"),
                )
                .location(location.id.clone()),
        ))
        .await
        .unwrap();

    // What the appointments widget sends (§7 E): locations with their services, then the
    // project of the chosen pair, whose first item is *the* project.
    let locations = bed
        .client
        .call(ListLocations::new().include("services"))
        .await
        .unwrap();
    let offered = locations.data[0]
        .services
        .as_ref()
        .expect("include=services");
    assert_eq!(offered[0].id, service.id);
    let projects = bed
        .client
        .call(
            ListProjects::new()
                .location(location.id.clone())
                .service(service.id.clone()),
        )
        .await
        .unwrap();
    let project = projects
        .data
        .first()
        .expect("a project for the pair")
        .clone();
    // Staff for the location's haircuts.
    bed.client
        .call(AddProjectResource::new(project.id.clone(), anna.id.clone()))
        .await
        .unwrap();

    // Availability by project_id: 30-minute slots of the project's resource.
    let slots = tuesday_morning(&bed, &project).await;
    assert_eq!(starts(&slots), ["09:00", "09:30", "10:00", "10:30"]);
    assert!(
        slots
            .iter()
            .all(|slot| slot.resources[0].id == anna.id.as_str())
    );

    // Reserve the first slot (§5.3.3): a reservation booking that holds it.
    let first = &slots[0];
    let reservation = reserve(
        &bed,
        ReserveBookingRequest::new(
            first.resources[0].id.as_str(),
            at(&first.start),
            at(&first.end),
        )
        .project_id(project.id.clone())
        .reservation_time(300)
        .customer(customer("Jane Roe")),
    )
    .await
    .unwrap();
    assert_eq!(reservation.graph, Graph::Reservation);
    assert_state(&reservation, BookingState::Reserved, false);
    assert_eq!(
        starts(&tuesday_morning(&bed, &project).await),
        ["09:30", "10:00", "10:30"]
    );
    let err = reserve(&bed, hold(&anna, "09:00", "09:30"))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["start"]);

    // Extend restarts the hold from now (§5.3.4): 600 s from now outlasts the first 300 s.
    let extended = bed
        .client
        .call(ExtendReservation::new(reservation.id.clone(), 600))
        .await
        .unwrap();
    assert_eq!(extended.id, reservation.id);
    assert_state(&extended, BookingState::Reserved, false);
    bed.emulator.clock().advance(SignedDuration::from_secs(400));
    assert_eq!(
        starts(&tuesday_morning(&bed, &project).await),
        ["09:30", "10:00", "10:30"]
    );

    // Book the reservation (§5.3.5): what/where come from the project.
    let booked = bed
        .client
        .call(
            CreateBooking::new(
                CreateBookingRequest::new(
                    anna.id.clone(),
                    Graph::Instant,
                    at(&first.start),
                    at(&first.end),
                )
                .reservation_id(reservation.id.clone())
                .project_id(project.id.clone())
                .customer(customer("Jane Roe")),
            )
            .include("attributes"),
        )
        .await
        .unwrap();
    assert_eq!(booked.graph, Graph::Instant);
    assert_state(&booked, BookingState::Confirmed, false);
    assert_ne!(booked.id, reservation.id);
    let info = booked.event_info().expect("include=attributes");
    assert_eq!(info.what.as_deref(), Some("Haircut"));
    assert_eq!(info.location.as_deref(), Some("Main St 1"));
    // The reservation is used up; the booking now holds the slot.
    assert_state(
        &get_booking(&bed, &reservation).await,
        BookingState::Expired,
        true,
    );
    assert_eq!(
        starts(&tuesday_morning(&bed, &project).await),
        ["09:30", "10:00", "10:30"]
    );

    // Reschedule (§5.3.6, booking.js flow D): the answer is the booking at the new time.
    let moved = bed
        .client
        .call(
            RescheduleBooking::new(
                booked.id.clone(),
                RescheduleBookingRequest::new(
                    anna.id.clone(),
                    at(&tuesday("10:30")),
                    at(&tuesday("11:00")),
                )
                .message("Can't make nine, sorry"),
            )
            .include("attributes"),
        )
        .await
        .unwrap();
    assert_eq!(moved.graph, Graph::Instant);
    assert_state(&moved, BookingState::Confirmed, false);
    assert_eq!(start_of(&moved), at(&tuesday("10:30")).instant());
    assert_eq!(
        moved.event_info().and_then(|info| info.what.as_deref()),
        Some("Haircut")
    );
    assert_ne!(moved.id, booked.id, "the booking id changes (§5.3.6)");
    let old = get_booking(&bed, &booked).await;
    assert_state(&old, BookingState::RescheduledByCustomer, true);
    assert!(old.actions().is_empty(), "{old:?}");
    // The old slot is free again, the new one taken.
    assert_eq!(
        starts(&tuesday_morning(&bed, &project).await),
        ["09:00", "09:30", "10:00"]
    );
}

#[tokio::test]
async fn a_reservation_holds_its_slot_until_it_expires() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let project = bed
        .client
        .call(CreateProject::new(
            CreateProjectRequest::new("Haircuts")
                .resource(anna.id.clone())
                .availability(AvailabilityRequest::new(Vec::<String>::new()).length("30 minutes"))
                .booking(ProjectBooking::new(Graph::Instant).what("Haircut"))
                .reservation_time(120),
        ))
        .await
        .unwrap();

    // Without reservation_time the project's 120 s apply.
    let held = reserve(
        &bed,
        hold(&anna, "09:00", "09:30").project_id(project.id.clone()),
    )
    .await
    .unwrap();
    let short = reserve(&bed, hold(&anna, "10:00", "10:30").reservation_time(60))
        .await
        .unwrap();
    assert_eq!(
        starts(&tuesday_morning(&bed, &project).await),
        ["09:30", "10:30"]
    );

    bed.emulator.clock().advance(SignedDuration::from_secs(61));
    assert_eq!(
        starts(&tuesday_morning(&bed, &project).await),
        ["09:30", "10:00", "10:30"]
    );
    let expired = get_booking(&bed, &short).await;
    assert_state(&expired, BookingState::Expired, true);
    assert_state(
        &get_booking(&bed, &held).await,
        BookingState::Reserved,
        false,
    );

    // An expired reservation can be neither booked nor extended.
    let err = bed
        .client
        .create_booking(
            booking(
                anna.id.as_str(),
                Graph::Instant,
                &tuesday("10:00"),
                &tuesday("10:30"),
                "Jane Roe",
            )
            .reservation_id(short.id.clone()),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["reservation_id"]);
    let err = bed
        .client
        .call(ExtendReservation::new(short.id.clone(), 600))
        .await
        .unwrap_err();
    assert_refused(
        &err,
        "Cannot apply action 'extend' to current state 'expired'",
    );
    let err = bed
        .client
        .call(ExtendReservation::new(UNKNOWN_ID, 600))
        .await
        .unwrap_err();
    assert_not_found(&err, "Booking");

    // A booking for another time than the reservation's is refused.
    let err = bed
        .client
        .create_booking(
            booking(
                anna.id.as_str(),
                Graph::Instant,
                &tuesday("10:00"),
                &tuesday("10:30"),
                "Jane Roe",
            )
            .reservation_id(held.id.clone()),
        )
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(422), "{err:?}");

    bed.emulator.clock().advance(SignedDuration::from_secs(60));
    assert_eq!(
        starts(&tuesday_morning(&bed, &project).await),
        ["09:00", "09:30", "10:00", "10:30"]
    );
}

#[tokio::test]
async fn reschedule_refuses_what_the_reference_refuses() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let ben = bed.resource("Ben", "UTC").await;
    let to = |resource: &Resource, start: &str, end: &str| {
        RescheduleBookingRequest::new(resource.id.clone(), at(&tuesday(start)), at(&tuesday(end)))
    };
    let reschedule = |id: timekit::model::BookingId, request: RescheduleBookingRequest| {
        bed.client.call(RescheduleBooking::new(id, request))
    };

    // Only the instant graph.
    let tentative = bed
        .book(
            anna.id.as_str(),
            Graph::ConfirmDecline,
            &tuesday("09:00"),
            &tuesday("10:00"),
            "Jane Roe",
        )
        .await;
    let err = reschedule(tentative.id.clone(), to(&anna, "12:00", "13:00"))
        .await
        .unwrap_err();
    assert_refused(
        &err,
        "Reschedule is only supported for bookings using the instant graph",
    );

    // Only from confirmed.
    let cancelled = bed
        .book(
            anna.id.as_str(),
            Graph::Instant,
            &tuesday("10:00"),
            &tuesday("11:00"),
            "John Doe",
        )
        .await;
    bed.client
        .apply_booking_action(cancelled.id.clone(), BookingAction::Cancel)
        .await
        .unwrap();
    let err = reschedule(cancelled.id.clone(), to(&anna, "12:00", "13:00"))
        .await
        .unwrap_err();
    assert_refused(
        &err,
        "Cannot apply action 'reschedule_by_customer' to current state 'cancelled'",
    );

    // Not onto a taken slot, but onto one overlapping its own.
    let confirmed = bed
        .book(
            anna.id.as_str(),
            Graph::Instant,
            &tuesday("14:00"),
            &tuesday("15:00"),
            "Mia Lund",
        )
        .await;
    bed.book(
        ben.id.as_str(),
        Graph::Instant,
        &tuesday("14:00"),
        &tuesday("15:00"),
        "Ole Dam",
    )
    .await;
    let err = reschedule(confirmed.id.clone(), to(&ben, "14:30", "15:30"))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["start"]);
    let err = reschedule(
        confirmed.id.clone(),
        RescheduleBookingRequest::new(UNKNOWN_ID, at(&tuesday("16:00")), at(&tuesday("17:00"))),
    )
    .await
    .unwrap_err();
    assert_eq!(invalid_fields(&err), ["resource_id"]);
    // Nothing of the refused attempts stuck.
    assert_state(
        &get_booking(&bed, &confirmed).await,
        BookingState::Confirmed,
        false,
    );
    let moved = reschedule(confirmed.id.clone(), to(&anna, "14:30", "15:30"))
        .await
        .unwrap();
    assert_state(&moved, BookingState::Confirmed, false);

    // Another resource is fine too ("could be any resource").
    let moved_again = reschedule(moved.id.clone(), to(&ben, "16:00", "17:00"))
        .await
        .unwrap();
    assert_state(&moved_again, BookingState::Confirmed, false);

    let err = reschedule(UNKNOWN_ID.into(), to(&anna, "12:00", "13:00"))
        .await
        .unwrap_err();
    assert_not_found(&err, "Booking");
}

/// A group class: a `group_owner` booking of `coach` in `project` with `seats` seats.
async fn class(
    bed: &TestBed,
    coach: &Resource,
    project: Option<&Project>,
    start: &str,
    end: &str,
    seats: u64,
) -> Booking {
    let mut request =
        CreateBookingRequest::new(coach.id.clone(), Graph::GroupOwner, at(start), at(end))
            .what("Yoga")
            .location("Hall 2")
            .description("Bring a mat")
            .setting("max_seats", seats);
    if let Some(project) = project {
        request = request.project_id(project.id.clone());
    }
    bed.client.create_booking(request).await.unwrap()
}

/// What booking.js sends when a customer clicks a group slot (§5.3.1): the slot's resource
/// and the slot as owner.
async fn take_seat(
    bed: &TestBed,
    slot: &GroupBooking,
    project: &Project,
    name: &str,
) -> Result<Booking, Error> {
    let info = slot
        .booking
        .event_info()
        .expect("event_info without include");
    let resource = slot.resource.as_ref().expect("the slot's resource");
    bed.client
        .create_booking(
            CreateBookingRequest::new(
                resource.id.clone(),
                Graph::GroupCustomer,
                info.start.unwrap(),
                info.end.unwrap(),
            )
            .owner_booking_id(slot.booking.id.clone())
            .project_id(project.id.clone())
            .customer(customer(name)),
        )
        .await
}

async fn group_slots(bed: &TestBed, project: &Project) -> Vec<GroupBooking> {
    let mut slots = bed
        .client
        .call(ListGroupBookings::new().project(project.id.clone()))
        .await
        .unwrap()
        .data;
    slots.sort_by_key(|slot| {
        slot.booking
            .event_info()
            .and_then(|info| info.start.as_ref())
            .map(|start| start.instant())
    });
    slots
}

#[tokio::test]
async fn a_group_class_fills_its_seats() {
    let bed = TestBed::start().await;
    let coach = bed.resource("Coach Kim", "UTC").await;
    let project = bed
        .client
        .call(CreateProject::new(
            CreateProjectRequest::new("Yoga classes")
                .resource(coach.id.clone())
                .booking(ProjectBooking::new(Graph::GroupCustomer)),
        ))
        .await
        .unwrap();
    let monday = class(
        &bed,
        &coach,
        Some(&project),
        "2030-01-14T18:00:00Z",
        "2030-01-14T19:00:00Z",
        2,
    )
    .await;
    let wednesday = class(
        &bed,
        &coach,
        Some(&project),
        "2030-01-16T18:00:00Z",
        "2030-01-16T19:00:00Z",
        3,
    )
    .await;
    // A class outside the project is not listed for it.
    class(
        &bed,
        &coach,
        None,
        "2030-01-15T18:00:00Z",
        "2030-01-15T19:00:00Z",
        5,
    )
    .await;

    // GET /bookings/groups?search=project.id:<id> (booking.js flow C).
    let slots = group_slots(&bed, &project).await;
    let ids: Vec<_> = slots.iter().map(|slot| slot.booking.id.clone()).collect();
    assert_eq!(ids, [monday.id.clone(), wednesday.id.clone()]);
    for slot in &slots {
        assert_eq!(slot.booking.graph, Graph::GroupOwner);
        assert_eq!(
            slot.resource.as_ref().map(|r| r.id.clone()),
            Some(coach.id.clone())
        );
        assert_eq!(slot.current_seats(), Some(0), "{slot:?}");
        assert!(
            !slot.booking.actions().is_empty(),
            "available_actions: {slot:?}"
        );
        assert_eq!(
            slot.booking.event_info().and_then(|i| i.what.as_deref()),
            Some("Yoga")
        );
    }
    assert_eq!(slots[0].max_seats(), Some(2));
    assert_eq!(slots[1].max_seats(), Some(3));

    // Monday fills up: two seats, the third is refused.
    let first = take_seat(&bed, &slots[0], &project, "Jane Roe")
        .await
        .unwrap();
    assert_eq!(first.graph, Graph::GroupCustomer);
    assert_state(&first, BookingState::Confirmed, false);
    take_seat(&bed, &slots[0], &project, "John Doe")
        .await
        .unwrap();
    let err = take_seat(&bed, &slots[0], &project, "Mia Lund")
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["related.owner_booking_id"]);

    let full = bed
        .client
        .call(GetGroupBooking::new(monday.id.clone()))
        .await
        .unwrap();
    assert_eq!(full.max_seats(), Some(2));
    assert_eq!(full.current_seats(), Some(2));
    assert_eq!(full.free_seats(), Some(0));
    // A full class stays listed, with its seat count.
    let slots = group_slots(&bed, &project).await;
    assert_eq!(slots[0].current_seats(), Some(2));
    assert_eq!(slots[1].current_seats(), Some(0));

    // A cancelled seat frees its place.
    bed.client
        .apply_booking_action(first.id.clone(), BookingAction::CancelByCustomer)
        .await
        .unwrap();
    assert_eq!(
        bed.client
            .call(GetGroupBooking::new(monday.id.clone()))
            .await
            .unwrap()
            .free_seats(),
        Some(1)
    );
    take_seat(&bed, &slots[0], &project, "Mia Lund")
        .await
        .unwrap();

    // A seat is not a group slot.
    let err = bed
        .client
        .call(GetGroupBooking::new(first.id.clone()))
        .await
        .unwrap_err();
    assert_not_found(&err, "Booking");
}

/// Haircuts with Anna, Monday to Friday 09–17, 30-minute slots (the reference's count
/// example, §5.4.2).
async fn weekday_project(bed: &TestBed, anna: &Resource) -> Project {
    bed.client
        .call(CreateProject::new(
            CreateProjectRequest::new("Weekday haircuts")
                .resource(anna.id.clone())
                .availability(AvailabilityRequest::new(Vec::<String>::new()).length("30 minutes"))
                .constraint(Constraint::AllowHours(Hours::new(9, 17)))
                .constraint(Constraint::BlockWeekends)
                .booking(ProjectBooking::new(Graph::Instant).what("Haircut")),
        ))
        .await
        .unwrap()
}

async fn count(bed: &TestBed, request: AvailabilityRequest) -> u64 {
    bed.client
        .call(CountAvailability::new(request))
        .await
        .unwrap_or_else(|err| panic!("count: {err}"))
        .total
}

/// Only `project_id` and a window.
fn by_project(project: &Project, from: &str, to: &str) -> AvailabilityRequest {
    AvailabilityRequest::new(Vec::<String>::new())
        .project_id(project.id.clone())
        .from(from)
        .to(to)
}

#[tokio::test]
async fn availability_dates_count_and_unavailable_slots_by_project() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let project = weekday_project(&bed, &anna).await;
    // The week of Monday 2030-01-14.
    let week = by_project(&project, "2030-01-14T00:00:00Z", "2030-01-19T00:00:00Z");

    // 5 days × 16 half hours.
    assert_eq!(count(&bed, week.clone()).await, 80);
    // The request overrides the project: hour-long slots.
    assert_eq!(count(&bed, week.clone().length("1 hour")).await, 40);

    // A confirmed hour on Tuesday takes two slots; Thursday is booked all day.
    bed.book(
        anna.id.as_str(),
        Graph::Instant,
        "2030-01-15T10:00:00Z",
        "2030-01-15T11:00:00Z",
        "Jane Roe",
    )
    .await;
    bed.book(
        anna.id.as_str(),
        Graph::Instant,
        "2030-01-17T09:00:00Z",
        "2030-01-17T17:00:00Z",
        "John Doe",
    )
    .await;
    assert_eq!(count(&bed, week.clone()).await, 80 - 2 - 16);

    // Dates with at least one free slot, ascending, with the free resources' ids.
    let dates = bed
        .client
        .call(QueryAvailabilityDates::new(by_project(
            &project,
            "2030-01-14T00:00:00Z",
            "2030-01-21T00:00:00Z",
        )))
        .await
        .unwrap();
    let days: Vec<&str> = dates.iter().map(|date| date.date.as_str()).collect();
    assert_eq!(
        days,
        ["2030-01-14", "2030-01-15", "2030-01-16", "2030-01-18"]
    );
    for date in &dates {
        assert_eq!(date.resources, std::slice::from_ref(&anna.id), "{date:?}");
        assert!(date.civil_date().is_some(), "{date:?}");
    }

    // The taken half hours of Tuesday morning, as slots with the resource that is busy.
    let unavailable = bed
        .client
        .call(QueryUnavailableSlots::new(by_project(
            &project,
            "2030-01-15T09:00:00Z",
            "2030-01-15T12:00:00Z",
        )))
        .await
        .unwrap();
    assert_eq!(starts(&unavailable), ["10:00", "10:30"]);
    for slot in &unavailable {
        assert_eq!(slot.resources.len(), 1, "{slot:?}");
        assert_eq!(slot.resources[0].id, anna.id.as_str());
        assert_eq!(slot.resources[0].name, "Anna");
    }

    // The same engine answers /availability: Tuesday morning's free half hours.
    let free = bed
        .client
        .call(QueryAvailability::new(by_project(
            &project,
            "2030-01-15T09:00:00Z",
            "2030-01-15T12:00:00Z",
        )))
        .await
        .unwrap();
    assert_eq!(starts(&free), ["09:00", "09:30", "11:00", "11:30"]);
}

#[tokio::test]
async fn an_unknown_project_id_is_404_project_everywhere() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let request = AvailabilityRequest::new([anna.id.as_str().to_owned()])
        .project_id(UNKNOWN_ID)
        .from("2030-01-14T00:00:00Z")
        .to("2030-01-15T00:00:00Z");
    let client = &bed.client;
    let cases = [
        (
            client
                .call(QueryAvailability::new(request.clone()))
                .await
                .unwrap_err(),
            "availability",
        ),
        (
            client
                .call(QueryAvailabilityDates::new(request.clone()))
                .await
                .unwrap_err(),
            "dates",
        ),
        (
            client
                .call(CountAvailability::new(request.clone()))
                .await
                .unwrap_err(),
            "count",
        ),
        (
            client
                .call(QueryUnavailableSlots::new(request.clone()))
                .await
                .unwrap_err(),
            "unavailable slots",
        ),
        (
            client
                .create_booking(
                    booking(
                        anna.id.as_str(),
                        Graph::Instant,
                        "2030-01-14T10:00:00Z",
                        "2030-01-14T11:00:00Z",
                        "Jane Roe",
                    )
                    .project_id(UNKNOWN_ID),
                )
                .await
                .unwrap_err(),
            "create booking",
        ),
        (
            reserve(&bed, hold(&anna, "09:00", "09:30").project_id(UNKNOWN_ID))
                .await
                .unwrap_err(),
            "reserve",
        ),
    ];
    for (err, case) in &cases {
        assert_eq!(status_code(err), Some(404), "{case}: {err:?}");
        assert_not_found(err, "Project");
    }
    assert_eq!(bed.emulator.booking_count(), 0);
}

/// The official SDK's reschedule request, `POST /bookings/{id}/reschedule/` with the trailing
/// slash (§3.1): the emulator accepts both forms.
#[derive(Debug, Clone)]
struct SdkReschedule(RescheduleBooking);

impl timekit::Operation for SdkReschedule {
    type Output = Booking;
    const NAME: &'static str = "sdk_reschedule";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/bookings/{id}/reschedule/";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        self.0.path_params()
    }

    fn path(&self) -> Result<String, timekit::BuildError> {
        self.0.path().map(|path| format!("{path}/"))
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.0.query()
    }

    fn body(&self) -> Result<Option<bytes::Bytes>, timekit::BuildError> {
        self.0.body()
    }
}

#[tokio::test]
async fn reschedule_with_the_sdks_trailing_slash() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let booked = bed
        .book(
            anna.id.as_str(),
            Graph::Instant,
            &tuesday("09:00"),
            &tuesday("10:00"),
            "Jane Roe",
        )
        .await;
    let op = SdkReschedule(RescheduleBooking::new(
        booked.id.clone(),
        RescheduleBookingRequest::new(
            anna.id.clone(),
            at(&tuesday("11:00")),
            at(&tuesday("12:00")),
        ),
    ));
    assert!(
        timekit::Operation::path(&op)
            .unwrap()
            .ends_with("/reschedule/"),
        "the request must carry the slash"
    );
    let moved = bed.client.call(op).await.unwrap();
    assert_state(&moved, BookingState::Confirmed, false);
    assert_state(
        &get_booking(&bed, &booked).await,
        BookingState::RescheduledByCustomer,
        true,
    );
}

/// booking.js flow A (§7, §6.2): `POST /bookings` with `project_id` and no what/where takes
/// them from the project, and the booking is found by `project.id`.
#[tokio::test]
async fn a_booking_with_project_id_takes_the_projects_defaults() {
    let bed = TestBed::start().await;
    let anna = bed.resource("Anna", "UTC").await;
    let project = weekday_project(&bed, &anna).await;
    let other = weekday_project(&bed, &anna).await;
    let created = bed
        .client
        .call(
            CreateBooking::new(
                CreateBookingRequest::new(
                    anna.id.clone(),
                    Graph::Instant,
                    at("2030-01-15T09:00:00Z"),
                    at("2030-01-15T09:30:00Z"),
                )
                .project_id(project.id.clone())
                .customer(customer("Jane Roe")),
            )
            .include("attributes"),
        )
        .await
        .unwrap();
    assert_state(&created, BookingState::Confirmed, false);
    assert_eq!(
        created.event_info().and_then(|info| info.what.as_deref()),
        Some("Haircut")
    );
    let found = bed
        .client
        .call(ListBookings::new().search_by("project.id", project.id.clone()))
        .await
        .unwrap();
    let ids: Vec<_> = found.data.iter().map(|b| b.id.clone()).collect();
    assert_eq!(ids, std::slice::from_ref(&created.id));
    let none = bed
        .client
        .call(ListBookings::new().search_by("project.id", other.id.clone()))
        .await
        .unwrap();
    assert!(none.data.is_empty(), "{none:?}");
}
