//! Raw JSON in, raw bytes out (the connector's "InputStream in, InputStream out"): a body
//! built with `serde_json::json!` instead of the typed request, and the answer's status,
//! headers and bytes exactly as the server sent them.
//!
//! ```sh
//! cargo run -p timekit --example raw_json
//! ```

use serde_json::json;
use timekit::RetryPolicy;
use timekit::model::{Booking, Envelope};
use timekit::ops::{CreateBooking, CreateResource, GetBooking};
use timekit_emulator::Emulator;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    let client = timekit::Client::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .build()?;

    // A raw body goes out as written, fields the SDK does not model included.
    let resource = client
        .call(CreateResource::from_json(json!({
            "name": "Room 7",
            "timezone": "America/New_York",
            "tags": ["projector"],
        })))
        .await?;
    println!("resource {} (typed output from a raw body)", resource.id);

    // `.raw()` returns status, headers and the body bytes, unparsed.
    let created = client
        .call(CreateBooking::from_json(json!({
            "resource_id": resource.id.as_str(),
            "graph": "instant",
            "start": "2030-06-03T14:00:00-04:00",
            "end": "2030-06-03T15:00:00-04:00",
            "what": "Raw JSON demo",
            "customer": {"name": "Jane Roe", "email": "jane@example.com"},
            "meta": {"source": "raw_json example"},
        })))
        .raw()
        .await?;
    println!(
        "POST /bookings -> {} ({} bytes, request id {})",
        created.status,
        created.body.len(),
        created.request_id().unwrap_or("none")
    );
    println!("body: {}", String::from_utf8_lossy(&created.body));

    // The bytes still decode into the typed model when wanted.
    let booking = created.json::<Envelope<Booking>>()?.data;
    // `.raw()` works for any operation; `.retry(..)` sets this call's retry policy.
    let fetched = client
        .call(GetBooking::new(booking.id.clone()))
        .raw()
        .retry(RetryPolicy::none())
        .await?;
    println!(
        "GET /bookings/{} -> {}, state {}",
        booking.id, fetched.status, booking.state
    );

    emulator.shutdown().await;
    Ok(())
}
