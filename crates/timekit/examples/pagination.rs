//! Every item of a list endpoint through the pagination stream: 250 bookings seeded straight
//! into the embedded emulator, read back 100 per page.
//!
//! ```sh
//! cargo run -p timekit --example pagination
//! ```

use futures_util::StreamExt;
use jiff::SignedDuration;
use timekit::ops::ListBookings;
use timekit_emulator::Emulator;

const SEEDED: usize = 250;
const PER_PAGE: u64 = 100;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    let client = timekit::Client::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .build()?;

    // Seeding goes around HTTP: one call stores confirmed bookings back to back.
    let room = emulator.seed_resource("Room 1", "Europe/Berlin")?;
    let first_start = "2030-01-07T08:00:00Z".parse()?;
    emulator.seed_bookings(&room, SEEDED, first_start, SignedDuration::from_mins(30))?;
    println!("seeded {SEEDED} bookings for resource {room}");

    // The stream asks for the next page only when the previous one is used up.
    let mut bookings = Box::pin(client.paginate(ListBookings::new().limit(PER_PAGE)));
    let mut count = 0_usize;
    let mut last = None;
    while let Some(booking) = bookings.next().await {
        let booking = booking?;
        count += 1;
        last = Some(booking.id);
    }
    let pages = emulator.request_count("GET", "/bookings");
    println!("read {count} bookings in {pages} pages of at most {PER_PAGE}");
    if let Some(id) = last {
        println!("the last one is {id}");
    }
    if count != SEEDED {
        return Err(format!("expected {SEEDED} bookings, read {count}").into());
    }

    emulator.shutdown().await;
    Ok(())
}
