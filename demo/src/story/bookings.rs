//! `POST /bookings`, `PUT /bookings/{id}/{action}` and `PUT /bookings/{id}` (meta): three
//! clients book, the therapist confirms one, declines one, one cancels, notes are added.

use serde_json::{Map, Value, json};
use timekit::Client;
use timekit::model::{BookingAction, CreateBookingRequest};
use timekit::ops::ApplyBookingAction;

use super::availability::FreeHour;
use super::cast::{ANNA, BEN, CLARA, Person};
use super::{Place, Session};
use crate::failure::{During as _, Failure};
use crate::schedule::span;
use crate::transcript::{Transcript, fields};

/// Who gets which free hour, in order.
static CLIENTS: [&Person; 3] = [&ANNA, &BEN, &CLARA];

/// Books one free hour for each client, each with their own graph.
pub async fn book(
    client: &Client,
    therapist: &Place,
    hours: &[FreeHour],
    out: &mut Transcript,
) -> Result<Vec<Session>, Failure> {
    let mut sessions = Vec::with_capacity(CLIENTS.len());
    for (person, hour) in CLIENTS.iter().copied().zip(hours) {
        let request = CreateBookingRequest::new(
            therapist.resource.id.clone(),
            person.graph.clone(),
            hour.start,
            hour.end,
        )
        .what(format!("Video session with {}", person.name))
        .location("Video call from Studio Hudson")
        .customer(person.customer());
        let booking = client
            .create_booking(request)
            .await
            .during(format!("create_booking for {}", person.name))?;
        out.row(
            "create_booking",
            booking.state.as_str(),
            &fields(&[
                (person.name, 12),
                (person.graph.as_str(), 16),
                (&span(&hour.start, &hour.end, &therapist.zone), 0),
            ]),
        );
        sessions.push(Session {
            person,
            booking,
            start: hour.start,
            end: hour.end,
        });
    }
    Ok(sessions)
}

/// The therapist confirms Ben, declines Clara; Anna cancels; Ben's booking gets notes.
pub async fn decide(
    client: &Client,
    sessions: &mut [Session],
    out: &mut Transcript,
) -> Result<(), Failure> {
    let decisions = [
        (&BEN, BookingAction::Confirm, None),
        (
            &CLARA,
            BookingAction::Decline,
            Some("Fully booked that afternoon"),
        ),
        (&ANNA, BookingAction::Cancel, Some("Moving to next week")),
    ];
    for (person, action, message) in decisions {
        let Some(session) = sessions.iter_mut().find(|s| std::ptr::eq(s.person, person)) else {
            continue;
        };
        let mut op = ApplyBookingAction::new(session.booking.id.clone(), action.clone());
        if let Some(message) = message {
            op = op.message(message);
        }
        let booking = client
            .call(op)
            .await
            .during(format!("{action} the booking of {}", person.name))?;
        let said = message.map(|m| format!("\"{m}\"")).unwrap_or_default();
        out.row(
            "apply_booking_action",
            &format!("{action} → {}", booking.state),
            &fields(&[(person.name, 12), (&said, 0)]),
        );
        session.booking = booking;
    }

    let Some(ben) = sessions.iter_mut().find(|s| std::ptr::eq(s.person, &BEN)) else {
        return Ok(());
    };
    let mut notes = Map::new();
    notes.insert("insurance".to_owned(), json!("Danica"));
    notes.insert("session_number".to_owned(), json!(1));
    let booking = client
        .update_booking_meta(ben.booking.id.clone(), notes)
        .await
        .during("update_booking_meta for Ben Okafor")?;
    let shown: Vec<String> = booking
        .meta
        .iter()
        .flatten()
        .map(|(key, value)| format!("{key}={}", plain(value)))
        .collect();
    out.row(
        "update_booking_meta",
        "meta updated",
        &fields(&[(ben.person.name, 12), (&shown.join(" "), 0)]),
    );
    ben.booking = booking;
    Ok(())
}

/// A JSON scalar as plain text (`"Danica"` → `Danica`).
fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
