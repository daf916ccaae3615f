//! Issue 17: creation cost must not grow with the store, and a stored booking must stay small.
//!
//! Blocking bookings (`instant`, so `confirmed`) are created over HTTP one at a time, through
//! the SDK, and the mean time per created booking is compared between a small and a large
//! store, in two layouts:
//!
//! - **spread**: 1,000 resources, at 1,000 stored bookings (one each) and at 200,000 (200
//!   each); each creation goes to the next resource in turn, so each one's double-booking
//!   check sees the resource's own bookings only if the index works;
//! - **one resource**: at 1,000 and at 20,000 bookings of that resource; the check must be
//!   logarithmic in the resource's own bookings.
//!
//! The stores are filled with the emulator's in-process seeding (`seed_bookings`, one lock per
//! resource), which takes seconds where HTTP would take minutes. The created bookings lie after
//! every seeded one, back to back per resource; the clock is fixed before all of them, so no
//! clock-driven transition runs while measuring. Resident memory per stored booking is the
//! growth of this process's RSS while the spread store grows from 1,000 to 200,000, divided
//! by the bookings added (the emulator runs in this process).

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use timekit::ops::CreateBooking;
use timekit::transport::HyperTransport;
use timekit::{Client, RetryPolicy};
use timekit_emulator::EmulatorHandle;

use crate::cases::Context;
use crate::fixtures::{FIRST_START, seed_resource, start_emulator};
use crate::report::{Comparison, Report};
use crate::rss;
use crate::stats::{nanos, percentile, ratio};

const CASE: &str = "store_scaling";

/// Resources of the spread layout.
const RESOURCES: usize = 1_000;

/// Bookings stored at the small measurement of both layouts.
const SMALL_STORE: usize = 1_000;

/// Unmeasured creations before each measurement (connection, caches, allocator).
const WARMUP_CREATES: usize = 100;

/// Every created booking starts after this: later than any seeded one (20,000 half-hour
/// bookings back to back from [`FIRST_START`] end in 2031).
const CREATED_FROM: &str = "2033-01-01T00:00:00Z";

/// Length of seeded and created bookings.
pub(crate) const LENGTH: SignedDuration = SignedDuration::from_mins(30);

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When an emulator cannot be started or seeded, or a creation is refused.
pub async fn run(context: &mut Context, report: &mut Report) -> Result<(), String> {
    let scale = context.scale;
    let creates = scale.store_creates.max(1);
    let first_start: Timestamp = FIRST_START.parse().map_err(|err| format!("{err}"))?;

    // Spread over 1,000 resources.
    let emulator = start_emulator(&context.server).await?;
    let client = sdk_client(&emulator)?;
    let resources: Vec<String> = (0..RESOURCES)
        .map(|index| seed_resource(&emulator, &format!("Room {index}")))
        .collect::<Result<_, _>>()?;
    let per_resource_small = SMALL_STORE / RESOURCES;
    for resource in &resources {
        seed(&emulator, resource, per_resource_small, first_start)?;
    }
    let mut spread = Creator::new(resources)?;
    spread.create(&client, WARMUP_CREATES).await?;
    let stored_small = emulator.booking_count();
    let small = spread.create(&client, creates).await?;

    let before = rss::read();
    let stored_before = emulator.booking_count();
    let per_resource_large = scale.store_bookings.saturating_sub(SMALL_STORE) / RESOURCES;
    let seeding = Instant::now();
    let next_start = first_start
        .checked_add(LENGTH * i32::try_from(per_resource_small).map_err(|err| err.to_string())?)
        .map_err(|err| err.to_string())?;
    for resource in &spread.resources {
        seed(&emulator, resource, per_resource_large, next_start)?;
    }
    let seeding = seeding.elapsed();
    let after = rss::read();
    let stored_large = emulator.booking_count();
    let added = stored_large - stored_before;
    spread.create(&client, WARMUP_CREATES).await?;
    let large = spread.create(&client, creates).await?;
    emulator.shutdown().await;

    report.figure(
        CASE,
        format!("seeding {added} bookings (fast API)"),
        seeding.as_secs_f64(),
        "s",
    );
    let spread_ratio = record(
        report,
        &format!("{RESOURCES} resources"),
        (stored_small, &small),
        (stored_large, &large),
    );
    let per_booking = match (before, after) {
        (Some(before), Some(after)) => {
            after.rss.saturating_sub(before.rss) as f64 / added.max(1) as f64 / 1024.0
        }
        _ => f64::NAN,
    };
    if let Some(after) = after {
        report.figure(
            CASE,
            format!("RSS at {stored_large} stored"),
            rss::mib(after.rss),
            "MiB",
        );
    }

    // One resource.
    let emulator = start_emulator(&context.server).await?;
    let client = sdk_client(&emulator)?;
    let resource = seed_resource(&emulator, "The one room")?;
    seed(&emulator, &resource, SMALL_STORE, first_start)?;
    let mut single = Creator::new(vec![resource.clone()])?;
    single.create(&client, WARMUP_CREATES).await?;
    let stored_small = emulator.booking_count();
    let small = single.create(&client, creates).await?;
    let more = scale
        .store_single_resource_bookings
        .saturating_sub(stored_small);
    let next_start = first_start
        .checked_add(LENGTH * i32::try_from(SMALL_STORE).map_err(|err| err.to_string())?)
        .map_err(|err| err.to_string())?;
    seed(&emulator, &resource, more, next_start)?;
    let stored_large = emulator.booking_count();
    single.create(&client, WARMUP_CREATES).await?;
    let large = single.create(&client, creates).await?;
    emulator.shutdown().await;
    let single_ratio = record(
        report,
        "one resource",
        (stored_small, &small),
        (stored_large, &large),
    );

    report.goal(
        CASE,
        format!(
            "create time at {}k / at 1k stored, {RESOURCES} resources",
            scale.store_bookings / 1000
        ),
        spread_ratio,
        Comparison::AtMost,
        2.0,
    );
    report.goal(
        CASE,
        format!(
            "create time at {}k / at 1k stored, one resource",
            scale.store_single_resource_bookings / 1000
        ),
        single_ratio,
        Comparison::AtMost,
        2.0,
    );
    report.goal(
        CASE,
        "RSS per stored booking (KiB)",
        per_booking,
        Comparison::AtMost,
        1.5,
    );
    Ok(())
}

/// An SDK client of `emulator` that never retries (a refused creation must fail the case).
pub(crate) fn sdk_client(emulator: &EmulatorHandle) -> Result<Client<HyperTransport>, String> {
    Client::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .retry_policy(RetryPolicy::none())
        .request_timeout(Duration::from_secs(30))
        .build()
        .map_err(|err| format!("SDK client: {err}"))
}

/// Seeds `count` back-to-back bookings on `resource` from `start`.
pub(crate) fn seed(
    emulator: &EmulatorHandle,
    resource: &str,
    count: usize,
    start: Timestamp,
) -> Result<(), String> {
    if count == 0 {
        return Ok(());
    }
    emulator
        .seed_bookings(resource, count, start, LENGTH)
        .map(|_| ())
        .map_err(|err| err.to_string())
}

/// Creates blocking bookings over HTTP, each on the next resource in turn, back to back per
/// resource from [`CREATED_FROM`].
pub(crate) struct Creator {
    resources: Vec<String>,
    created: usize,
    first: Timestamp,
}

impl Creator {
    pub(crate) fn new(resources: Vec<String>) -> Result<Self, String> {
        Ok(Creator {
            resources,
            created: 0,
            first: CREATED_FROM.parse().map_err(|err| format!("{err}"))?,
        })
    }

    /// Creates `count` bookings one at a time; returns each creation's time in nanoseconds.
    pub(crate) async fn create(
        &mut self,
        client: &Client<HyperTransport>,
        count: usize,
    ) -> Result<Vec<u64>, String> {
        let mut times = Vec::with_capacity(count);
        for _ in 0..count {
            let resource = &self.resources[self.created % self.resources.len()];
            let slot = i32::try_from(self.created / self.resources.len())
                .map_err(|err| err.to_string())?;
            let start = self
                .first
                .checked_add(LENGTH * slot)
                .map_err(|err| err.to_string())?;
            let end = start.checked_add(LENGTH).map_err(|err| err.to_string())?;
            let op = CreateBooking::from_json(json!({
                "graph": "instant",
                "resource_id": resource,
                "start": start.to_string(),
                "end": end.to_string(),
                "what": "Created while measuring",
                "customer": {"name": "Jane Roe", "email": "jane@example.com"},
            }));
            let started = Instant::now();
            let answer = client
                .call(op)
                .raw()
                .await
                .map_err(|err| format!("creation {}: {err}", self.created))?;
            times.push(nanos(started.elapsed()));
            std::hint::black_box(answer);
            self.created += 1;
        }
        Ok(times)
    }
}

/// Records the mean and median creation times at both sizes; returns large/small of the
/// means (the goal: a mean includes every slow creation, a median would hide them).
fn record(
    report: &mut Report,
    layout: &str,
    (stored_small, small): (usize, &[u64]),
    (stored_large, large): (usize, &[u64]),
) -> f64 {
    let mean = |times: &[u64]| times.iter().sum::<u64>() as f64 / times.len().max(1) as f64 / 1e3;
    let p50 = |times: &[u64]| percentile(times, 50.0).map_or(f64::NAN, |ns| ns as f64 / 1e3);
    for (stored, times) in [(stored_small, small), (stored_large, large)] {
        report.figure(
            CASE,
            format!("{layout}: mean create at {stored} stored"),
            mean(times),
            "µs",
        );
        report.figure(
            CASE,
            format!("{layout}: p50 create at {stored} stored"),
            p50(times),
            "µs",
        );
    }
    ratio(mean(large), mean(small))
}
