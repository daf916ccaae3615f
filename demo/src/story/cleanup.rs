//! `GET /bookings` with search, and `DELETE /bookings/{id}` for the final ones.

use timekit::Client;
use timekit::model::{Booking, Page};
use timekit::ops::{ListBookings, SortOrder};

use super::Place;
use crate::failure::{During as _, Failure};
use crate::schedule::span;
use crate::transcript::{Transcript, fields};

/// The first customer's name, or a dash.
fn customer_name(booking: &Booking) -> &str {
    booking
        .customers
        .as_deref()
        .and_then(|customers| customers.first())
        .and_then(|customer| customer.name.as_deref())
        .unwrap_or("—")
}

/// Every booking of the therapist, in start order, with customers and times.
pub async fn review(
    client: &Client,
    therapist: &Place,
    out: &mut Transcript,
) -> Result<(), Failure> {
    let page: Page<Booking> = client
        .call(
            ListBookings::new()
                .search_by("resource.id", therapist.id())
                .include("customers")
                .include("attributes")
                .order_by("start")
                .sorted_by(SortOrder::Asc),
        )
        .await
        .during("list_bookings")?;
    out.row(
        "list_bookings",
        &format!("{} found", page.data.len()),
        &format!("search resource.id = {}, by start", therapist.resource.name),
    );
    for booking in &page.data {
        let when = match booking.event_info() {
            Some(event) => match (&event.start, &event.end) {
                (Some(start), Some(end)) => span(start, end, &therapist.zone),
                _ => "time not shown".to_owned(),
            },
            None => "time not shown".to_owned(),
        };
        out.item(&when, booking.state.as_str(), customer_name(booking));
    }
    Ok(())
}

/// Finds the therapist's bookings in a final state and deletes them; returns how many.
///
/// The search names the resource this run created, so nothing else on a shared server is
/// touched.
pub async fn delete_final(
    client: &Client,
    therapist: &Place,
    out: &mut Transcript,
) -> Result<usize, Failure> {
    let page = client
        .call(
            ListBookings::new()
                .search_by("resource.id", therapist.id())
                .search("completed:true")
                .include("customers")
                .order_by("start")
                .sorted_by(SortOrder::Asc),
        )
        .await
        .during("list_bookings completed:true")?;
    out.row(
        "list_bookings",
        &format!("{} final", page.data.len()),
        &format!(
            "search resource.id = {}; completed:true",
            therapist.resource.name
        ),
    );
    for booking in &page.data {
        client
            .delete_booking(booking.id.clone())
            .await
            .during(format!("delete_booking of {}", customer_name(booking)))?;
        out.row(
            "delete_booking",
            "deleted",
            &fields(&[
                (customer_name(booking), 12),
                (&format!("was {}", booking.state), 0),
            ]),
        );
    }
    Ok(page.data.len())
}

/// How many bookings the given resources still have (the `total` of a one-item page).
pub async fn count_kept(client: &Client, places: &[&Place]) -> Result<u64, Failure> {
    let mut total = 0;
    for place in places {
        let page = client
            .call(
                ListBookings::new()
                    .search_by("resource.id", place.id())
                    .limit(1),
            )
            .await
            .during("list_bookings (count)")?;
        total += page.total.unwrap_or(page.data.len() as u64);
    }
    Ok(total)
}
