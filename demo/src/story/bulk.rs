//! `POST /bookings/bulk`: a workshop series in the studio, plus one request that clashes.

use timekit::Client;
use timekit::model::{BulkItemResult, CreateBookingRequest, CreateBookingsBulkRequest, ErrorBody};

use super::Place;
use super::cast::{DANA, EMIL, Person};
use crate::failure::{During as _, Failure};
use crate::schedule::{Week, span};
use crate::transcript::{Transcript, fields};

/// (who, day after Monday, start hour, start minute, end hour, end minute), studio local time.
type Plan = (&'static Person, i32, i8, i8, i8, i8);

/// Wednesday to Friday 09:00–10:30, and a second group asking for Thursday 10:00–11:30.
static PLAN: [Plan; 4] = [
    (&DANA, 2, 9, 0, 10, 30),
    (&DANA, 3, 9, 0, 10, 30),
    (&EMIL, 3, 10, 0, 11, 30),
    (&DANA, 4, 9, 0, 10, 30),
];

/// Creates the series in one request; returns how many bookings were created.
pub async fn workshops(
    client: &Client,
    studio: &Place,
    week: Week,
    out: &mut Transcript,
) -> Result<usize, Failure> {
    let mut requests = Vec::with_capacity(PLAN.len());
    let mut spans = Vec::with_capacity(PLAN.len());
    for &(person, day, start_hour, start_minute, end_hour, end_minute) in &PLAN {
        let start = week
            .local(day, start_hour, start_minute, &studio.zone)
            .during("plan the workshops")?;
        let end = week
            .local(day, end_hour, end_minute, &studio.zone)
            .during("plan the workshops")?;
        spans.push(span(&start, &end, &studio.zone));
        requests.push(
            CreateBookingRequest::new(studio.resource.id.clone(), person.graph.clone(), start, end)
                .what("Group workshop")
                .customer(person.customer()),
        );
    }
    let results = client
        .create_bookings_bulk(CreateBookingsBulkRequest::new(requests))
        .await
        .during("create_bookings_bulk")?;
    let created = results
        .iter()
        .filter(|item| item.booking().is_some())
        .count();
    out.row(
        "create_bookings_bulk",
        &format!("{created} created, {} failed", results.len() - created),
        &format!(
            "{} workshops, times in {}",
            studio.resource.name, studio.city
        ),
    );
    for ((result, when), plan) in results.iter().zip(&spans).zip(&PLAN) {
        let (outcome, note) = match result {
            BulkItemResult::Booking(booking) => (booking.state.to_string(), String::new()),
            BulkItemResult::Failed(error) => ("failed".to_owned(), reason(error.error_body())),
        };
        out.item(when, &outcome, &fields(&[(plan.0.name, 12), (&note, 0)]));
    }
    Ok(created)
}

/// `field: message` for a validation error, else the server's message.
pub fn reason(body: &ErrorBody) -> String {
    if let Some(errors) = body.validation_errors() {
        if let Some((field, messages)) = errors.iter().next() {
            return format!("{field}: {}", messages.join(" "));
        }
    }
    body.message().unwrap_or("no reason given").to_owned()
}
