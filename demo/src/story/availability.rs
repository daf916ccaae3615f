//! `POST /availability`: hours when the therapist and the studio are both free.

use timekit::Client;
use timekit::model::Timestamp;
use timekit::model::availability::{AvailabilityMode, AvailabilityRequest};
use timekit::model::slot::Slot;

use super::{Place, Session};
use crate::failure::{During as _, Failure};
use crate::schedule::{Week, clock, day_label};
use crate::transcript::Transcript;

/// The day the sessions are on: Tuesday.
const SESSION_DAY: i32 = 1;

/// How many free hours the story needs (one per client).
const NEEDED: usize = 3;

/// A free hour, parsed.
#[derive(Debug, Clone)]
pub struct FreeHour {
    /// Start, with the offset the server wrote.
    pub start: Timestamp,
    /// End.
    pub end: Timestamp,
}

fn request(therapist: &Place, studio: &Place, week: Week) -> AvailabilityRequest {
    AvailabilityRequest::new([therapist.id().to_owned(), studio.id().to_owned()])
        .mode(AvailabilityMode::Mutual)
        .from(week.utc_midnight(SESSION_DAY))
        .to(week.utc_midnight(SESSION_DAY + 1))
        .length("1 hour")
        .output_timezone(therapist.resource.timezone.clone())
}

async fn query(
    client: &Client,
    therapist: &Place,
    studio: &Place,
    week: Week,
) -> Result<Vec<FreeHour>, Failure> {
    let slots = client
        .query_availability(request(therapist, studio, week))
        .await
        .during("query_availability")?;
    slots.iter().map(parse).collect()
}

fn parse(slot: &Slot) -> Result<FreeHour, Failure> {
    let start = slot.start.parse().during("read a slot start")?;
    let end = slot.end.parse().during("read a slot end")?;
    Ok(FreeHour { start, end })
}

/// `14:00 15:00 Copenhagen · 08:00 09:00 New York`.
fn clocks(hours: &[FreeHour], first: &Place, second: &Place) -> String {
    let list = |place: &Place| {
        let times: Vec<String> = hours.iter().map(|h| clock(&h.start, &place.zone)).collect();
        format!("{} {}", times.join(" "), place.city)
    };
    format!("{} · {}", list(first), list(second))
}

/// Finds Tuesday's free hours; the story needs at least three.
pub async fn find(
    client: &Client,
    therapist: &Place,
    studio: &Place,
    week: Week,
    out: &mut Transcript,
) -> Result<Vec<FreeHour>, Failure> {
    let hours = query(client, therapist, studio, week).await?;
    let day = day_label(week.day(SESSION_DAY));
    out.row(
        "query_availability",
        &format!("{} mutual slots", hours.len()),
        &format!("{day}  {}", clocks(&hours, therapist, studio)),
    );
    if hours.len() < NEEDED {
        return Err(Failure::unexpected(
            "query_availability",
            format!(
                "{day} has {} common free hours, the story needs {NEEDED}",
                hours.len()
            ),
        ));
    }
    Ok(hours)
}

/// Asks again after the bookings: confirmed sessions must no longer be offered.
pub async fn recheck(
    client: &Client,
    therapist: &Place,
    studio: &Place,
    week: Week,
    sessions: &[Session],
    out: &mut Transcript,
) -> Result<(), Failure> {
    let hours = query(client, therapist, studio, week).await?;
    let blocking: Vec<&Session> = sessions
        .iter()
        .filter(|s| s.booking.state == timekit::model::BookingState::Confirmed)
        .collect();
    let mut taken = Vec::new();
    for session in &blocking {
        let (start, end) = (&session.start, &session.end);
        let overlapping = hours
            .iter()
            .any(|h| h.start.instant() < end.instant() && start.instant() < h.end.instant());
        if overlapping {
            return Err(Failure::unexpected(
                "query_availability",
                format!(
                    "{}'s confirmed session is still offered as free",
                    session.person.name
                ),
            ));
        }
        taken.push(format!(
            "{} is {}'s",
            clock(start, &therapist.zone),
            session.person.name
        ));
    }
    out.row(
        "query_availability",
        &format!("{} mutual slots", hours.len()),
        &format!(
            "{}  {} {} — {}",
            day_label(week.day(SESSION_DAY)),
            hours
                .iter()
                .map(|h| clock(&h.start, &therapist.zone))
                .collect::<Vec<_>>()
                .join(" "),
            therapist.city,
            taken.join(", ")
        ),
    );
    Ok(())
}
