//! Case 2: decoding a 1,000-booking page (as the emulator answers `GET /bookings?limit=1000
//! &include=attributes,customers`) into `Page<Booking>` versus into `serde_json::Value`.
//!
//! Besides the goal's two decoders, two diagnostics run in the same rounds: the SDK's own
//! response path (`ListBookings::parse_response`), and a mirror of the model with derived
//! decoders and no `extra` maps (what keeping unknown fields costs). Only decoding is timed;
//! dropping the result happens afterwards.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Booking, Page};
use timekit_ops::{ListBookings, Operation};

use crate::cases::Context;
use crate::lean_model::{LeanBooking, LeanPage};
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

fn lean(body: &Bytes) -> Result<Duration, String> {
    let started = Instant::now();
    let page: LeanPage<LeanBooking> =
        serde_json::from_slice(body).map_err(|err| err.to_string())?;
    let elapsed = started.elapsed();
    black_box(page);
    Ok(elapsed)
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

    let decoders: [(&str, Decoder); 4] = [
        ("Page<Booking>", typed),
        ("serde_json::Value", value),
        ("ListBookings::parse_response", sdk_response_path),
        ("model mirror without extra maps", lean),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); decoders.len()];
    // One unmeasured pass warms caches and the allocator for every decoder.
    for (_, decode) in &decoders {
        decode(&body)?;
    }
    for round in 0..context.scale.decode_iterations.max(1) {
        // Rotate the order every round so that no decoder always follows the same one.
        for offset in 0..decoders.len() {
            let index = (round + offset) % decoders.len();
            times[index].push(decoders[index].1(&body)?);
        }
    }
    let medians: Vec<f64> = times
        .iter()
        .map(|samples| median_seconds(samples).unwrap_or(f64::NAN))
        .collect();
    let megabytes = body.len() as f64 / 1_000_000.0;
    report.figure(CASE, "page size", megabytes, "MB");
    report.figure(CASE, "bookings in the page", bookings as f64, "bookings");
    for ((name, _), seconds) in decoders.iter().zip(&medians) {
        report.figure(CASE, format!("{name} decode"), seconds * 1000.0, "ms");
        report.figure(
            CASE,
            format!("{name} throughput"),
            megabytes / seconds,
            "MB/s",
        );
    }
    report.figure(
        CASE,
        "mirror without extra maps speed-up vs Value",
        ratio(medians[1], medians[3]),
        "×",
    );
    report.goal(
        CASE,
        "Page<Booking> speed-up vs Value",
        ratio(medians[1], medians[0]),
        Comparison::AtLeast,
        1.4,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decoder_accepts_a_page() {
        let body = Bytes::from_static(
            br#"{"data": [{"id": "b1", "graph": "instant", "state": "confirmed", "completed": false}],
                "total": 1, "per_page": 1000, "current_page": 1, "last_page": 1,
                "next_page_url": null, "prev_page_url": null, "from": 1, "to": 1}"#,
        );
        for decode in [typed, value, sdk_response_path, lean] {
            decode(&body).unwrap();
        }
        for decode in [typed, sdk_response_path, lean] {
            assert!(decode(&Bytes::from_static(b"{\"data\": 7}")).is_err());
        }
    }
}
