//! A group class the booking.js way (`timekit-api-more.md` §7 C): a project whose bookings are
//! seats (`group_customer`), one class in it (a `group_owner` booking with three seats), the
//! class found through `GET /bookings/groups?search=project.id:…`, and four people trying to
//! take its three seats.

use timekit::model::{
    CreateBookingRequest, CreateProjectRequest, Graph, GroupBooking, ProjectBooking,
};
use timekit::ops::{CreateProject, GetGroupBooking, ListGroupBookings};
use timekit::{Client, Error};

use super::Place;
use super::bulk::reason;
use super::cast::{ANNA, BEN, CLARA, DANA, Person};
use crate::failure::{During as _, Failure};
use crate::schedule::{Week, span};
use crate::transcript::{Transcript, fields};

/// The day of the class: Friday, 16:00–17:00 in the studio.
const DAY: i32 = 4;

/// Seats in the class.
const SEATS: u64 = 3;

/// Who tries to sign up, in order: the last one finds the class full.
static SIGN_UPS: [&Person; 4] = [&ANNA, &BEN, &CLARA, &DANA];

/// `2/3 seats taken`.
fn seats(slot: &GroupBooking) -> String {
    format!(
        "{}/{} seats taken",
        slot.current_seats().unwrap_or(0),
        slot.max_seats().unwrap_or(0)
    )
}

/// The whole flow; returns how many bookings it leaves on the studio (the class and its
/// seats).
pub async fn mindfulness(
    client: &Client,
    studio: &Place,
    week: Week,
    out: &mut Transcript,
) -> Result<u64, Failure> {
    let project = client
        .call(CreateProject::new(
            CreateProjectRequest::new("Mindfulness circle")
                .resource(studio.resource.id.clone())
                .booking(ProjectBooking::new(Graph::GroupCustomer).what("Mindfulness circle")),
        ))
        .await
        .during("create_project")?;
    out.row(
        "create_project",
        "created",
        &fields(&[
            ("Mindfulness circle", 19),
            (
                &format!("seats are group_customer, {}", studio.resource.name),
                0,
            ),
        ]),
    );

    let start = week
        .local(DAY, 16, 0, &studio.zone)
        .during("plan the class")?;
    let end = week
        .local(DAY, 17, 0, &studio.zone)
        .during("plan the class")?;
    let when = span(&start, &end, &studio.zone);
    let class = client
        .create_booking(
            CreateBookingRequest::new(studio.resource.id.clone(), Graph::GroupOwner, start, end)
                .what("Mindfulness circle")
                .location("Studio Hudson")
                .project_id(project.id.clone())
                .setting("max_seats", SEATS),
        )
        .await
        .during("create_booking group_owner")?;
    out.row(
        "create_booking",
        class.state.as_str(),
        &fields(&[
            ("group_owner", 12),
            (&when, 16),
            (&format!("{SEATS} seats, {}", studio.city), 0),
        ]),
    );

    // What booking.js shows instead of availability for a group project.
    let list = || ListGroupBookings::new().project(project.id.clone());
    let slots = client
        .call(list())
        .await
        .during("list_group_bookings")?
        .data;
    let Some(slot) = slots
        .iter()
        .find(|slot| slot.booking.id == class.id)
        .cloned()
    else {
        return Err(Failure::unexpected(
            "list_group_bookings",
            "the class is not listed for its project",
        ));
    };
    out.row(
        "list_group_bookings",
        &format!("{} class", slots.len()),
        &format!("search project.id · {when} · {}", seats(&slot)),
    );
    let Some(resource) = slot.resource.clone() else {
        return Err(Failure::unexpected(
            "list_group_bookings",
            "the class does not name its resource",
        ));
    };

    // Each sign-up is what booking.js sends when a slot is clicked: the slot's resource and
    // the slot as owner.
    let mut taken = 0;
    for person in SIGN_UPS {
        let seat = client
            .create_booking(
                CreateBookingRequest::new(resource.id.clone(), Graph::GroupCustomer, start, end)
                    .owner_booking_id(slot.booking.id.clone())
                    .project_id(project.id.clone())
                    .customer(person.customer()),
            )
            .await;
        match seat {
            Ok(seat) => {
                taken += 1;
                out.item(
                    person.name,
                    seat.state.as_str(),
                    &format!("seat {taken} of {SEATS}"),
                );
            }
            Err(error @ Error::UnexpectedStatus(_)) if taken == SEATS => {
                let why = error
                    .api_failure()
                    .map(|failure| reason(failure.error_body()))
                    .unwrap_or_default();
                out.item(person.name, "refused (as expected)", &why);
            }
            Err(other) => {
                return Err(other).during(format!("create_booking seat for {}", person.name));
            }
        }
    }
    if taken != SEATS {
        return Err(Failure::unexpected(
            "create_booking seats",
            format!("{taken} seats were taken, the class has {SEATS}"),
        ));
    }

    let full = client
        .call(GetGroupBooking::new(class.id.clone()))
        .await
        .during("get_group_booking")?;
    if full.free_seats() != Some(0) {
        return Err(Failure::unexpected(
            "get_group_booking",
            format!(
                "the class shows {}, the story expects it full",
                seats(&full)
            ),
        ));
    }
    out.row(
        "get_group_booking",
        "full",
        &format!("{when} · {}", seats(&full)),
    );
    Ok(1 + taken)
}
