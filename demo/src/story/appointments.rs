//! Appointments the booking.js way (`timekit-api-more.md` §7 B and E): the practice offers an
//! intake call at its clinic — a service at a location, whose project the appointments widget
//! finds by `locations.uuid` and `services.uuid`. Availability is asked with only the
//! `project_id`; a new client reserves a slot, the hold is extended, the reservation is
//! booked, and the client reschedules.

use timekit::Client;
use timekit::model::{
    AvailabilityMode, AvailabilityRequest, Booking, BookingState, CreateBookingRequest,
    CreateLocationRequest, CreateServiceRequest, Graph, Project, ProjectBooking,
    RescheduleBookingRequest, ReserveBookingRequest, Slot, Timestamp,
};
use timekit::ops::{
    AddProjectResource, CreateBooking, CreateLocation, CreateService, ExtendReservation,
    ListLocations, ListProjects, QueryAvailability, RescheduleBooking, ReserveBooking,
};

use super::Place;
use super::cast::FRIDA;
use crate::failure::{During as _, Failure};
use crate::schedule::{Week, clock, day_label, span};
use crate::transcript::{Transcript, fields};

/// The day of the intake calls: Thursday.
const DAY: i32 = 3;

/// What Frida writes when she moves the call.
const RESCHEDULE_MESSAGE: &str = "Could we talk a little later?";

/// How long the slot is held at first, and after the extension (seconds).
const HOLD: u64 = 300;
const EXTENDED_HOLD: u64 = 600;

/// A free half hour, parsed.
#[derive(Debug, Clone, Copy)]
struct Free {
    start: Timestamp,
    end: Timestamp,
}

fn parse(slot: &Slot) -> Result<Free, Failure> {
    Ok(Free {
        start: slot.start.parse().during("read a slot start")?,
        end: slot.end.parse().during("read a slot end")?,
    })
}

/// What booking.js sends once it knows the project (§7 A): the project id, the window and
/// the customer's time zone; the length, mode and resources come from the project.
async fn free_slots(
    client: &Client,
    project: &Project,
    therapist: &Place,
    week: Week,
) -> Result<Vec<Free>, Failure> {
    let from = week
        .local(DAY, 9, 0, &therapist.zone)
        .during("plan the intake calls")?;
    let to = week
        .local(DAY, 12, 0, &therapist.zone)
        .during("plan the intake calls")?;
    let slots = client
        .call(QueryAvailability::new(
            AvailabilityRequest::new(Vec::<String>::new())
                .project_id(project.id.clone())
                .from(from.to_string())
                .to(to.to_string())
                .output_timezone(FRIDA.timezone),
        ))
        .await
        .during("query_availability by project_id")?;
    slots.iter().map(parse).collect()
}

/// `09:00 09:30 … 11:30 Copenhagen`.
fn clocks(slots: &[Free], therapist: &Place) -> String {
    let times: Vec<String> = slots
        .iter()
        .map(|slot| clock(&slot.start, &therapist.zone))
        .collect();
    format!("{} {}", times.join(" "), therapist.city)
}

fn expect_state(step: &str, booking: &Booking, state: BookingState) -> Result<(), Failure> {
    if booking.state == state {
        Ok(())
    } else {
        Err(Failure::unexpected(
            step,
            format!(
                "the booking is {}, the story expects {state}",
                booking.state
            ),
        ))
    }
}

/// The whole flow; returns how many bookings it leaves on the therapist (the used-up
/// reservation, the rescheduled booking and the booking at the new time).
pub async fn intake_call(
    client: &Client,
    therapist: &Place,
    week: Week,
    out: &mut Transcript,
) -> Result<u64, Failure> {
    // The catalogue: a location, and a service offered there.
    let location = client
        .call(CreateLocation::new(
            CreateLocationRequest::new("Harbour Clinic")
                .description("Nyhavn 12, Copenhagen")
                .coordinates(55.6798, 12.5907)
                .meta("t_store_city", "Copenhagen"),
        ))
        .await
        .during("create_location")?;
    out.row(
        "create_location",
        "created",
        &fields(&[("Harbour Clinic", 15), ("Nyhavn 12, Copenhagen", 0)]),
    );
    let service = client
        .call(CreateService::new(
            CreateServiceRequest::new("Intake call")
                .availability(
                    AvailabilityRequest::new(Vec::<String>::new())
                        .mode(AvailabilityMode::RoundrobinPrioritized)
                        .length("30 minutes"),
                )
                .booking(
                    ProjectBooking::new(Graph::Instant)
                        .what("Intake call")
                        .location("Harbour Clinic, Nyhavn 12")
                        .description("A first talk, 30 minutes"),
                )
                .location(location.id.clone()),
        ))
        .await
        .during("create_service")?;
    out.row(
        "create_service",
        "created",
        &fields(&[
            ("Intake call", 15),
            ("30 min, instant, at Harbour Clinic", 0),
        ]),
    );

    // The appointments widget: locations with their services, then the project of the pair.
    let locations = client
        .call(ListLocations::new().include("services"))
        .await
        .during("list_locations include=services")?;
    let offered = locations
        .data
        .iter()
        .find(|l| l.id == location.id)
        .and_then(|l| l.services.as_ref())
        .is_some_and(|services| services.iter().any(|s| s.id == service.id));
    if !offered {
        return Err(Failure::unexpected(
            "list_locations",
            "Harbour Clinic does not list the intake call",
        ));
    }
    out.row(
        "list_locations",
        &format!("{} found", locations.data.len()),
        "include=services · Harbour Clinic offers Intake call",
    );
    let projects = client
        .call(
            ListProjects::new()
                .location(location.id.clone())
                .service(service.id.clone()),
        )
        .await
        .during("list_projects by location and service")?;
    let Some(project) = projects.data.first().cloned() else {
        return Err(Failure::unexpected(
            "list_projects",
            "no project for Harbour Clinic × Intake call",
        ));
    };
    out.row(
        "list_projects",
        &format!("{} found", projects.data.len()),
        "search locations.uuid + services.uuid → the clinic's intake project",
    );
    client
        .call(AddProjectResource::new(
            project.id.clone(),
            therapist.resource.id.clone(),
        ))
        .await
        .during("add_project_resource")?;
    out.row(
        "add_project_resource",
        "added",
        &format!("{} takes the intake calls", therapist.resource.name),
    );

    // Availability by project_id only.
    let free = free_slots(client, &project, therapist, week).await?;
    let (Some(&first), Some(&last)) = (free.first(), free.last()) else {
        return Err(Failure::unexpected(
            "query_availability",
            "no free half hour on Thursday morning",
        ));
    };
    if free.len() < 2 {
        return Err(Failure::unexpected(
            "query_availability",
            "the story needs two free half hours on Thursday morning",
        ));
    }
    let day = day_label(week.day(DAY));
    out.row(
        "query_availability",
        &format!("{} free", free.len()),
        &format!("project_id only · {day}  {}", clocks(&free, therapist)),
    );

    // Reserve, extend, check the hold.
    let when = span(&first.start, &first.end, &therapist.zone);
    let reservation = client
        .call(ReserveBooking::new(
            ReserveBookingRequest::new(therapist.resource.id.clone(), first.start, first.end)
                .project_id(project.id.clone())
                .reservation_time(HOLD)
                .customer(FRIDA.customer()),
        ))
        .await
        .during("reserve_booking")?;
    expect_state("reserve_booking", &reservation, BookingState::Reserved)?;
    out.row(
        "reserve_booking",
        reservation.state.as_str(),
        &fields(&[
            (FRIDA.name, 12),
            (&when, 16),
            (&format!("held {} min", HOLD / 60), 0),
        ]),
    );
    let extended = client
        .call(ExtendReservation::new(
            reservation.id.clone(),
            EXTENDED_HOLD,
        ))
        .await
        .during("extend_reservation")?;
    expect_state("extend_reservation", &extended, BookingState::Reserved)?;
    out.row(
        "extend_reservation",
        extended.state.as_str(),
        &format!(
            "{} has {} min from now to fill in the form",
            FRIDA.name,
            EXTENDED_HOLD / 60
        ),
    );
    let during_hold = free_slots(client, &project, therapist, week).await?;
    if during_hold
        .iter()
        .any(|slot| slot.start.instant() == first.start.instant())
    {
        return Err(Failure::unexpected(
            "query_availability",
            "the reserved half hour is still offered",
        ));
    }
    out.row(
        "query_availability",
        &format!("{} free", during_hold.len()),
        &format!(
            "{} is held for {}",
            clock(&first.start, &therapist.zone),
            FRIDA.name
        ),
    );

    // Book the reservation: what and where come from the project.
    let booked = client
        .call(
            CreateBooking::new(
                CreateBookingRequest::new(
                    therapist.resource.id.clone(),
                    Graph::Instant,
                    first.start,
                    first.end,
                )
                .reservation_id(reservation.id.clone())
                .project_id(project.id.clone())
                .customer(FRIDA.customer()),
            )
            .include("attributes"),
        )
        .await
        .during("create_booking with reservation_id")?;
    expect_state("create_booking", &booked, BookingState::Confirmed)?;
    let what = booked
        .event_info()
        .and_then(|info| info.what.clone())
        .unwrap_or_default();
    out.row(
        "create_booking",
        booked.state.as_str(),
        &fields(&[
            (FRIDA.name, 12),
            (&when, 16),
            (&format!("\"{what}\" from the reservation"), 0),
        ]),
    );
    let used = client
        .get_booking(reservation.id.clone())
        .await
        .during("get_booking of the reservation")?;
    expect_state("get_booking", &used, BookingState::Expired)?;
    out.row(
        "get_booking",
        used.state.as_str(),
        "the reservation, used up",
    );

    // Reschedule to the last free half hour: a new booking, the old one closed.
    let later = span(&last.start, &last.end, &therapist.zone);
    let moved = client
        .call(RescheduleBooking::new(
            booked.id.clone(),
            RescheduleBookingRequest::new(therapist.resource.id.clone(), last.start, last.end)
                .message(RESCHEDULE_MESSAGE),
        ))
        .await
        .during("reschedule_booking")?;
    expect_state("reschedule_booking", &moved, BookingState::Confirmed)?;
    let id_note = if moved.id == booked.id {
        "same id"
    } else {
        "new id"
    };
    out.row(
        "reschedule_booking",
        &format!("{} ({id_note})", moved.state),
        &fields(&[
            (FRIDA.name, 12),
            (&later, 16),
            (&format!("\"{RESCHEDULE_MESSAGE}\""), 0),
        ]),
    );
    let old = client
        .get_booking(booked.id.clone())
        .await
        .during("get_booking of the rescheduled booking")?;
    expect_state("get_booking", &old, BookingState::RescheduledByCustomer)?;
    out.item(
        &when,
        old.state.as_str(),
        "the old booking, kept for the record",
    );
    Ok(3)
}
