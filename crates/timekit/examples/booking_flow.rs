//! A booking from start to finish against the embedded emulator: a resource with office
//! hours, its free slots, a booking in the first one, confirm, cancel, delete.
//!
//! ```sh
//! cargo run -p timekit --example booking_flow
//! ```

use timekit::model::availability::AvailabilityRequest;
use timekit::model::constraint::{Constraint, Hours};
use timekit::model::{
    BookingAction, CreateBookingRequest, CreateResourceRequest, Customer, Graph, Timestamp,
};
use timekit_emulator::{Emulator, EmulatorClock};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local Timekit whose clock stands still on Monday 2030-03-04, 09:00 UTC.
    let clock = EmulatorClock::fixed("2030-03-04T09:00:00Z".parse()?);
    let emulator = Emulator::builder().clock(clock).start().await?;
    let client = timekit::Client::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .build()?;

    let room = client
        .create_resource(
            CreateResourceRequest::new("Room 1", "Europe/Berlin")
                .constraint(Constraint::AllowHours(Hours::new(9, 17)))
                .constraint(Constraint::BlockWeekends),
        )
        .await?;
    println!(
        "resource  {} \"{}\" in {}",
        room.id, room.name, room.timezone
    );

    let tuesday = AvailabilityRequest::new([room.id.as_str()])
        .from("2030-03-05T00:00:00+01:00")
        .to("2030-03-06T00:00:00+01:00")
        .length("1 hour")
        .output_timezone("Europe/Berlin");
    let slots = client.query_availability(tuesday.clone()).await?;
    let first = slots.first().ok_or("no free slot on Tuesday")?;
    println!(
        "slots     {} free hours on Tuesday, the first {} to {}",
        slots.len(),
        first.start,
        first.end
    );

    let start: Timestamp = first.start.parse()?;
    let end: Timestamp = first.end.parse()?;
    let request = CreateBookingRequest::new(room.id.clone(), Graph::ConfirmDecline, start, end)
        .what("Design review")
        .customer(Customer::new("Jane Roe", "jane@example.com"));
    let booking = client.create_booking(request).await?;
    println!("created   {} ({})", booking.id, booking.state);

    let booking = client
        .apply_booking_action(&booking.id, BookingAction::Confirm)
        .await?;
    let left = client.query_availability(tuesday).await?.len();
    println!(
        "confirmed {} ({}), {left} free hours left",
        booking.id, booking.state
    );

    let booking = client
        .apply_booking_action(&booking.id, BookingAction::Cancel)
        .await?;
    println!("cancelled {} ({})", booking.id, booking.state);

    // Only bookings in a final state (like `cancelled`) can be deleted.
    client.delete_booking(&booking.id).await?;
    let gone = client.get_booking(&booking.id).await;
    match gone {
        Err(error) => println!("deleted   {}; fetching it now fails: {error}", booking.id),
        Ok(still_there) => return Err(format!("{} was not deleted", still_there.id).into()),
    }

    emulator.shutdown().await;
    Ok(())
}
