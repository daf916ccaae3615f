//! The story: a small therapy practice with a therapist in Copenhagen and a video studio in
//! New York finds times, books clients, changes its mind, runs a workshop series and cleans
//! up; then it goes online the booking.js way (a service at a location, its project, a
//! reserved slot booked and rescheduled) and fills a group class; a webhook tells it when a
//! booking is confirmed — every step through the Timekit client.

mod appointments;
mod availability;
mod bookings;
mod bulk;
mod cast;
mod classes;
mod cleanup;
mod failures;
mod practice;
mod webhook;

use jiff::tz::TimeZone;
use timekit::model::{Booking, Resource, Timestamp};

use crate::failure::{During as _, Failure};
use crate::target::Target;
use crate::transcript::Transcript;

/// A resource with its time zone loaded, for showing local times.
#[derive(Debug, Clone)]
pub struct Place {
    /// The resource as the server returned it.
    pub resource: Resource,
    /// Its IANA time zone.
    pub zone: TimeZone,
    /// The city shown next to local times.
    pub city: &'static str,
}

impl Place {
    /// Loads the resource's time zone.
    fn new(resource: Resource, city: &'static str) -> Result<Self, Failure> {
        let zone =
            TimeZone::get(&resource.timezone).during(format!("time zone of {}", resource.name))?;
        Ok(Place {
            resource,
            zone,
            city,
        })
    }

    /// The resource id as text.
    pub fn id(&self) -> &str {
        self.resource.id.as_str()
    }
}

/// A booking together with the person it is for.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who booked.
    pub person: &'static cast::Person,
    /// The booking as last answered by the server.
    pub booking: Booking,
    /// When the session starts.
    pub start: Timestamp,
    /// When it ends.
    pub end: Timestamp,
}

/// What is left when the story ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Resources created.
    pub resources: usize,
    /// Bookings of those resources still stored.
    pub bookings_kept: u64,
}

/// Runs the whole story against `target`, writing the transcript.
pub async fn run(target: &Target, out: &mut Transcript) -> Result<Summary, Failure> {
    let client = &target.client;
    let week = target.week;

    out.chapter("The practice");
    practice::connect(client, out).await?;
    let (therapist, studio) = practice::open(client, out).await?;

    out.chapter("Finding times for video sessions (therapist and studio both free)");
    let slots = availability::find(client, &therapist, &studio, week, out).await?;

    out.chapter("Booking three clients");
    let mut sessions = bookings::book(client, &therapist, &slots, out).await?;
    let hook = webhook::register(client, &target.base_url, out).await?;
    bookings::decide(client, &mut sessions, out).await?;
    webhook::receive(client, hook, &sessions, out).await?;
    availability::recheck(client, &therapist, &studio, week, &sessions, out).await?;

    out.chapter("A workshop series in the studio (bulk)");
    let workshops = bulk::workshops(client, &studio, week, out).await?;

    out.chapter("Intake calls online, the booking.js way");
    let intake = appointments::intake_call(client, &therapist, week, out).await?;

    out.chapter("A group class filling its seats");
    let class = classes::mindfulness(client, &studio, week, out).await?;

    out.chapter("Looking up and cleaning up");
    cleanup::review(client, &therapist, out).await?;
    let deleted = cleanup::delete_final(client, &therapist, out).await?;

    out.chapter("Failures Timekit reports");
    failures::show(client, &target.base_url, &sessions, out).await?;

    let bookings_kept = cleanup::count_kept(client, &[&therapist, &studio]).await?;
    // Final bookings of the therapist (sessions, the used reservation, the rescheduled
    // booking) were deleted; the studio's workshops and class stay.
    let expected = (sessions.len() as u64 + intake) - deleted as u64 + workshops as u64 + class;
    if bookings_kept != expected {
        return Err(Failure::unexpected(
            "count bookings",
            format!("{bookings_kept} bookings are stored, the story expects {expected}"),
        ));
    }
    Ok(Summary {
        resources: 2,
        bookings_kept,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_story_runs_against_the_embedded_emulator() {
        let target = Target::embedded().await.unwrap();
        let mut out = Transcript::silent();

        let summary = run(&target, &mut out).await.unwrap();

        // Ben's session, Frida's rescheduled intake call, three workshops, the class and its
        // three seats stay; the final bookings (Anna's, Clara's, Frida's used reservation
        // and her booking before the reschedule) are gone.
        assert_eq!(
            summary,
            Summary {
                resources: 2,
                bookings_kept: 9
            }
        );
        let text = out.lines().join("\n");
        for expected in [
            "create_resource        created",
            "Dr. Ida Holm",
            "America/New_York",
            "3 mutual slots",
            "14:00 15:00 16:00 Copenhagen",
            "confirm → confirmed",
            "decline → declined",
            "cancel → cancelled",
            "3 created, 1 failed",
            "start: The resource is already booked in this time slot.",
            "TIMEKIT:INCORRECT_CREDENTIALS",
            "Only bookings in a final state can be deleted",
            "list_projects          1 found",
            "project_id only · Thu 10 Jan  09:00 09:30 10:00 10:30 11:00 11:30 Copenhagen",
            "reserve_booking        reserved                   Frida Lind   Thu 09:00–09:30",
            "09:00 is held for Frida Lind",
            "get_booking            expired",
            "reschedule_booking     confirmed (new id)         Frida Lind   Thu 11:30–12:00",
            "rescheduled_by_customer    the old booking",
            "0/3 seats taken",
            "Dana Reyes           refused (as expected)      related.owner_booking_id:",
            "get_group_booking      full",
            "create_webhook         registered",
            "webhook delivery       verified                   Ben Okafor   confirmed · x-timekit-signature ok",
            "delete_webhook         deleted",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        assert!(!text.contains('{'), "no JSON in the transcript:\n{text}");
    }

    #[tokio::test]
    async fn the_story_runs_against_any_server_a_week_ahead() {
        // A separate emulator on the system clock stands in for a remote Timekit.
        let server = timekit_emulator::Emulator::start().await.unwrap();
        let target = Target::remote(server.base_url(), server.api_key()).unwrap();
        let mut out = Transcript::silent();

        let summary = run(&target, &mut out).await.unwrap();

        assert_eq!(summary.bookings_kept, 9);
        assert_eq!(server.booking_count(), 9);
        assert_eq!(server.resource_count(), 2);
        let today = jiff::Zoned::now().with_time_zone(TimeZone::UTC).date();
        assert!(target.week.monday() > today, "{:?}", target.week);
    }
}
