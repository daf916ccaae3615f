//! Case 3: 100,000 bookings (100 pages of 1,000) streamed from the emulator through
//! `Client::paginate`; items per second and the growth of peak resident memory.
//!
//! The emulator runs in this process, so the memory figure covers both sides: the client's
//! stream and the server rendering each page. Its store is seeded before the baseline is
//! read. The peak is reset (`/proc/self/clear_refs`) right before streaming, and read again
//! after 10 pages and at the end: a stream that holds pages would grow ten-fold in between.

use std::pin::pin;
use std::time::Instant;

use futures_util::StreamExt as _;
use timekit_ops::ListBookings;

use crate::cases::Context;
use crate::fixtures::{seed_fast_bookings, seed_resource, start_emulator};
use crate::report::{Comparison, Report};
use crate::rss::{self, mib};

const CASE: &str = "pagination";

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When the emulator cannot be started or seeded, or the stream fails.
pub async fn run(context: &mut Context, report: &mut Report) -> Result<(), String> {
    let scale = context.scale;
    let emulator = start_emulator(&context.server).await?;
    let resource = seed_resource(&emulator, "Streaming room")?;
    let seeding = Instant::now();
    seed_fast_bookings(&emulator, &resource, scale.pagination_bookings)?;
    report.figure(
        CASE,
        "seeding (fast API)",
        seeding.elapsed().as_secs_f64(),
        "s",
    );

    let client = timekit::Client::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .build()
        .map_err(|err| format!("SDK client: {err}"))?;
    let page_size = u64::try_from(scale.page_size).map_err(|err| err.to_string())?;
    let operation = ListBookings::new()
        .limit(page_size)
        .include("attributes")
        .include("customers");

    let peak_was_reset = rss::reset_peak();
    let before = rss::read();
    let started = Instant::now();
    let mut stream = pin!(client.paginate(operation));
    let mut items = 0usize;
    let mut after_ten_pages = None;
    while let Some(booking) = stream.next().await {
        let booking = booking.map_err(|err| format!("after {items} items: {err}"))?;
        std::hint::black_box(booking);
        items += 1;
        if items == 10 * scale.page_size {
            after_ten_pages = rss::read();
        }
    }
    let elapsed = started.elapsed();
    let after = rss::read();
    if items != scale.pagination_bookings {
        return Err(format!(
            "streamed {items} bookings, seeded {}",
            scale.pagination_bookings
        ));
    }

    report.figure(CASE, "bookings streamed", items as f64, "bookings");
    report.figure(
        CASE,
        "pages",
        items.div_ceil(scale.page_size) as f64,
        "pages",
    );
    report.figure(CASE, "stream time", elapsed.as_secs_f64(), "s");
    report.figure(
        CASE,
        "items per second",
        items as f64 / elapsed.as_secs_f64(),
        "items/s",
    );
    let growth = |reading: Option<rss::Memory>| match (before, reading) {
        (Some(before), Some(reading)) => mib(reading.peak.saturating_sub(before.rss)),
        _ => f64::NAN,
    };
    if let Some(before) = before {
        report.figure(CASE, "RSS before streaming", mib(before.rss), "MiB");
    }
    report.figure(
        CASE,
        "peak RSS growth after 10 pages",
        growth(after_ten_pages),
        "MiB",
    );
    report.figure(
        CASE,
        "peak RSS growth after all pages",
        growth(after),
        "MiB",
    );
    if !peak_was_reset {
        report.note(
            CASE,
            "could not reset the peak RSS; growth includes earlier cases (upper bound)",
        );
    }
    report.goal(
        CASE,
        "peak RSS growth (MiB)",
        growth(after),
        Comparison::AtMost,
        64.0,
    );
    emulator.shutdown().await;
    Ok(())
}
