//! Booking data shaped exactly like the emulator's real output, taken from a running emulator
//! rather than written by hand, so the decode figures follow the wire format if it changes.

use bytes::Bytes;
use http::Uri;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use timekit_emulator::{Emulator, EmulatorClock, EmulatorHandle};
use tokio::runtime::Handle;

use crate::raw_client::{RawClient, basic_authorization};

/// The emulator's fixed "now": every seeded booking lies after it, so no clock-driven
/// transition (auto-complete, payment timeout) ever runs while measuring.
pub const EMULATOR_NOW: &str = "2030-01-01T09:00:00Z";

/// The first seeded booking starts here.
pub const FIRST_START: &str = "2030-02-01T08:00:00Z";

/// The includes that make a booking carry `attributes` and `customers` (`meta` is always there).
pub const INCLUDES: &str = "attributes,customers";

/// Starts an emulator with a fixed clock on the server runtime; call from any runtime.
///
/// # Errors
/// When the socket cannot be bound or the server task failed to start.
pub async fn start_emulator(server: &Handle) -> Result<EmulatorHandle, String> {
    start_emulator_on(server, None).await
}

/// Like [`start_emulator`], keeping the store in the state file `state` when given.
///
/// # Errors
/// When the socket cannot be bound, the state file cannot be used, or the task failed.
pub async fn start_emulator_on(
    server: &Handle,
    state: Option<std::path::PathBuf>,
) -> Result<EmulatorHandle, String> {
    let now: Timestamp = EMULATOR_NOW.parse().map_err(|err| format!("{err}"))?;
    let starting = server.spawn(async move {
        let mut builder = Emulator::builder()
            .api_key("test_api_key_bench")
            .clock(EmulatorClock::fixed(now));
        if let Some(path) = state {
            builder = builder.state(path);
        }
        builder.start().await
    });
    starting
        .await
        .map_err(|err| format!("emulator task: {err}"))?
        .map_err(|err| format!("emulator start: {err}"))
}

/// A resource for the bench's bookings.
///
/// # Errors
/// When the emulator refuses the resource.
pub fn seed_resource(emulator: &EmulatorHandle, name: &str) -> Result<String, String> {
    emulator
        .seed_resource(name, "Europe/Copenhagen")
        .map_err(|err| err.to_string())
}

/// Seeds `count` realistic bookings through the validated path (title, location,
/// description, a customer with phone and time zone, two `meta` keys), back to back.
///
/// # Errors
/// When the emulator refuses a booking.
pub fn seed_detailed_bookings(
    emulator: &EmulatorHandle,
    resource_id: &str,
    count: usize,
) -> Result<(), String> {
    let mut start: Timestamp = FIRST_START.parse().map_err(|err| format!("{err}"))?;
    let length = SignedDuration::from_mins(30);
    for index in 0..count {
        let end = start.checked_add(length).map_err(|err| err.to_string())?;
        emulator
            .seed_booking_json(json!({
                "graph": "instant",
                "resource_id": resource_id,
                "start": start.to_string(),
                "end": end.to_string(),
                "what": format!("Consultation {index}"),
                "where": "Room 2, Main Street 1",
                "description": "Follow-up visit booked online",
                "customer": {
                    "name": format!("Customer {index}"),
                    "email": format!("customer{index}@example.com"),
                    "phone": "+45 1234 5678",
                    "timezone": "Europe/Copenhagen",
                },
                "meta": {"order_ref": format!("A-{index:05}"), "channel": "web"},
            }))
            .map_err(|err| err.to_string())?;
        start = end;
    }
    Ok(())
}

/// Seeds `count` bookings with the emulator's fast seeding API (one lock, no checks).
///
/// # Errors
/// When the emulator refuses the input.
pub fn seed_fast_bookings(
    emulator: &EmulatorHandle,
    resource_id: &str,
    count: usize,
) -> Result<(), String> {
    let start: Timestamp = FIRST_START.parse().map_err(|err| format!("{err}"))?;
    emulator
        .seed_bookings(resource_id, count, start, SignedDuration::from_mins(30))
        .map(|_| ())
        .map_err(|err| err.to_string())
}

/// A client of `emulator` that sends its key.
pub fn raw_client_for(emulator: &EmulatorHandle, max_idle: usize) -> RawClient {
    RawClient::new(max_idle, basic_authorization(emulator.api_key()))
}

/// `BASE/path` as a URI.
///
/// # Errors
/// When the result is not a valid URI.
pub fn uri(base: &str, path_and_query: &str) -> Result<Uri, String> {
    format!("{}{path_and_query}", base.trim_end_matches('/'))
        .parse()
        .map_err(|err| format!("{err}"))
}

/// The string at JSON `pointer` (`/data/0/id`, `/data/id`) of a body.
///
/// # Errors
/// When the body is not JSON or has no string there.
pub fn string_at(body: &[u8], pointer: &str) -> Result<String, String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|err| err.to_string())?;
    value
        .pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("the body has no string at {pointer}"))
}

/// The bodies the client-overhead and decode cases use.
#[derive(Debug, Clone)]
pub struct BookingBodies {
    /// `GET /bookings/{id}?include=…`: `{"data": {one booking}}`.
    pub one: Bytes,
    /// `GET /bookings?limit=1000&include=…`: a page of 1,000 bookings.
    pub page: Bytes,
}

/// Seeds 1,000 detailed bookings into a fresh emulator and fetches one of them and the
/// 1,000-booking page over HTTP, exactly as the API answers them.
///
/// # Errors
/// When the emulator cannot be started, seeded or read.
pub async fn booking_bodies(server: &Handle) -> Result<BookingBodies, String> {
    let emulator = start_emulator(server).await?;
    let resource = seed_resource(&emulator, "Dr. Bench")?;
    seed_detailed_bookings(&emulator, &resource, 1_000)?;
    let client = raw_client_for(&emulator, 1);
    let page = client
        .get(&uri(
            emulator.base_url(),
            &format!("/bookings?limit=1000&include={INCLUDES}"),
        )?)
        .await?;
    let id = string_at(&page, "/data/0/id")?;
    let one = client
        .get(&uri(
            emulator.base_url(),
            &format!("/bookings/{id}?include={INCLUDES}"),
        )?)
        .await?;
    emulator.shutdown().await;
    Ok(BookingBodies { one, page })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_the_documented_shape() {
        let server = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let client = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let bodies = client.block_on(booking_bodies(server.handle())).unwrap();
        let page: serde_json::Value = serde_json::from_slice(&bodies.page).unwrap();
        let data = page["data"].as_array().unwrap();
        assert_eq!(data.len(), 1_000);
        assert_eq!(page["total"], 1_000);
        for booking in data {
            assert!(booking["attributes"]["event_info"]["start"].is_string());
            assert!(booking["customers"][0]["email"].is_string());
            assert!(booking["meta"]["order_ref"].is_string());
        }
        let one: serde_json::Value = serde_json::from_slice(&bodies.one).unwrap();
        assert_eq!(one["data"], data[0]);
    }

    #[test]
    fn uri_joins_without_a_double_slash() {
        assert_eq!(
            uri("http://127.0.0.1:1/v2/", "/bookings").unwrap(),
            "http://127.0.0.1:1/v2/bookings"
        );
    }

    #[test]
    fn string_at_reads_by_pointer() {
        let page = br#"{"data": [{"id": "b1"}, {"id": "b2", "n": 1}]}"#;
        assert_eq!(string_at(page, "/data/0/id").unwrap(), "b1");
        assert!(string_at(page, "/data/2/id").is_err());
        assert!(string_at(page, "/data/1/n").is_err());
        assert!(string_at(b"<html>", "/data").is_err());
    }
}
