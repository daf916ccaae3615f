//! Case 2: decoding a 1,000-booking page (as the emulator answers `GET /bookings?limit=1000
//! &include=attributes,customers`) into `Page<Booking>` versus into `serde_json::Value`.
//!
//! The goal: the typed decode (plain derived serde, unknown keys kept through
//! `#[serde(flatten)]`) is at least as fast as decoding into `Value`. The SDK's own response
//! path (`ListBookings::parse_response`) runs in the same rounds as a diagnostic.
//!
//! A second diagnostic measures what keeping unknown keys costs: the same page with three
//! keys the model does not know added to every booking (`event`, `logs`, `user`, as Timekit
//! sends with other `include`s), decoded both ways in rounds of their own so that neither
//! set of decoders disturbs the other's allocator state. Only decoding is timed; dropping
//! the result happens afterwards.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde_json::{Value, json};
use timekit_model::{Booking, Page};
use timekit_ops::{ListBookings, Operation};

use crate::cases::Context;
use crate::report::{Comparison, Report};
use crate::stats::{median_seconds, ratio};

const CASE: &str = "decode";

/// One way of decoding the page; returns the time decoding took.
type Decoder = fn(&Bytes) -> Result<Duration, String>;

fn typed(body: &Bytes) -> Result<Duration, String> {
    let started = Instant::now();
    let page: Page<Booking> = serde_json::from_slice(body).map_err(|err| err.to_string())?;
    let elapsed = started.elapsed();
    black_box(page);
    Ok(elapsed)
}

fn value(body: &Bytes) -> Result<Duration, String> {
    let started = Instant::now();
    let page: Value = serde_json::from_slice(body).map_err(|err| err.to_string())?;
    let elapsed = started.elapsed();
    black_box(page);
    Ok(elapsed)
}

fn sdk_response_path(body: &Bytes) -> Result<Duration, String> {
    let response = http::Response::new(body.clone());
    let started = Instant::now();
    let page = ListBookings::new()
        .parse_response(response)
        .map_err(|err| err.to_string())?;
    let elapsed = started.elapsed();
    black_box(page);
    Ok(elapsed)
}

/// The page with three keys the model does not model added to every booking.
fn with_unknown_keys(body: &Bytes) -> Result<Bytes, String> {
    let mut page: Value = serde_json::from_slice(body).map_err(|err| err.to_string())?;
    let bookings = page
        .get_mut("data")
        .and_then(Value::as_array_mut)
        .ok_or("the page has no data array")?;
    for booking in bookings {
        let booking = booking
            .as_object_mut()
            .ok_or("a booking is not an object")?;
        let start = booking
            .get("attributes")
            .and_then(|attributes| attributes.pointer("/event_info/start"))
            .cloned()
            .unwrap_or(Value::Null);
        booking.insert(
            "event".to_owned(),
            json!({"id": "e-1", "calendar_id": "c-1", "start": start, "all_day": false}),
        );
        booking.insert("logs".to_owned(), json!([]));
        booking.insert(
            "user".to_owned(),
            json!({"id": "u-1", "email": "owner@example.com", "name": "Owner"}),
        );
    }
    serde_json::to_vec(&page)
        .map(Bytes::from)
        .map_err(|err| err.to_string())
}

/// The median decode time (seconds) of every decoder on `body`, over `rounds` rounds.
fn medians(decoders: &[(&str, Decoder)], body: &Bytes, rounds: usize) -> Result<Vec<f64>, String> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); decoders.len()];
    // One unmeasured pass warms caches and the allocator for every decoder.
    for (_, decode) in decoders {
        decode(body)?;
    }
    for round in 0..rounds.max(1) {
        // Rotate the order every round so that no decoder always follows the same one.
        for offset in 0..decoders.len() {
            let index = (round + offset) % decoders.len();
            times[index].push(decoders[index].1(body)?);
        }
    }
    Ok(times
        .iter()
        .map(|samples| median_seconds(samples).unwrap_or(f64::NAN))
        .collect())
}

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When the page cannot be fetched or does not decode.
pub async fn run(context: &mut Context, report: &mut Report) -> Result<(), String> {
    let body = context.bodies().await?.page;
    let page: Page<Booking> =
        serde_json::from_slice(&body).map_err(|err| format!("typed decode: {err}"))?;
    let bookings = page.data.len();
    drop(page);
    let rounds = context.scale.decode_iterations;

    let decoders: [(&str, Decoder); 3] = [
        ("Page<Booking>", typed),
        ("serde_json::Value", value),
        ("ListBookings::parse_response", sdk_response_path),
    ];
    let times = medians(&decoders, &body, rounds)?;
    let megabytes = body.len() as f64 / 1_000_000.0;
    report.figure(CASE, "page size", megabytes, "MB");
    report.figure(CASE, "bookings in the page", bookings as f64, "bookings");
    for ((name, _), seconds) in decoders.iter().zip(&times) {
        report.figure(CASE, format!("{name} decode"), seconds * 1000.0, "ms");
        report.figure(
            CASE,
            format!("{name} throughput"),
            megabytes / seconds,
            "MB/s",
        );
    }

    let unknown = with_unknown_keys(&body)?;
    let unknown_decoders: [(&str, Decoder); 2] = [
        ("Page<Booking>, 3 unknown keys per booking,", typed),
        ("serde_json::Value, 3 unknown keys per booking,", value),
    ];
    let unknown_times = medians(&unknown_decoders, &unknown, rounds)?;
    for ((name, _), seconds) in unknown_decoders.iter().zip(&unknown_times) {
        report.figure(CASE, format!("{name} decode"), seconds * 1000.0, "ms");
    }
    report.figure(
        CASE,
        "with 3 unknown keys per booking: Page<Booking> speed-up vs Value",
        ratio(unknown_times[1], unknown_times[0]),
        "×",
    );

    // Typed decoding must not cost more than the untyped `Value` it replaces (issue 13).
    report.goal(
        CASE,
        "Page<Booking> speed-up vs Value",
        ratio(times[1], times[0]),
        Comparison::AtLeast,
        1.0,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &[u8] = br#"{"data": [{"id": "b1", "graph": "instant", "state": "confirmed",
            "completed": false, "attributes": {"event_info": {"start": "2030-02-01T08:00:00+00:00"}}}],
        "total": 1, "per_page": 1000, "current_page": 1, "last_page": 1,
        "next_page_url": null, "prev_page_url": null, "from": 1, "to": 1}"#;

    #[test]
    fn every_decoder_accepts_a_page() {
        let body = Bytes::from_static(PAGE);
        for decode in [typed, value, sdk_response_path] {
            decode(&body).unwrap();
        }
        for decode in [typed, sdk_response_path] {
            assert!(decode(&Bytes::from_static(b"{\"data\": 7}")).is_err());
        }
    }

    #[test]
    fn the_unknown_keys_reach_extra() {
        let body = with_unknown_keys(&Bytes::from_static(PAGE)).unwrap();
        typed(&body).unwrap();
        let page: Page<Booking> = serde_json::from_slice(&body).unwrap();
        let extra = &page.data[0].extra;
        assert_eq!(
            extra.keys().map(String::as_str).collect::<Vec<_>>(),
            ["event", "logs", "user"]
        );
        assert_eq!(extra["event"]["start"], "2030-02-01T08:00:00+00:00");
        assert!(with_unknown_keys(&Bytes::from_static(b"{\"data\": 7}")).is_err());
    }
}
