//! Issue 18: what `--state` costs.
//!
//! - **creates**: blocking bookings created one at a time over HTTP through the SDK (the
//!   store_scaling creator), into an in-memory emulator and into one that saves every write to
//!   its state file before answering; the goal compares the mean creation times of the two,
//!   measured in the same run: saving may cost up to two in-memory creations (one SQLite
//!   transaction of three or four pages per write; measured 2.1–2.3× on a loaded machine).
//! - **restart**: an emulator's start on a state file holding 100,000 bookings (100 resources
//!   × 1,000; 10,000 at the quick scale): opening the file, reading every row and rebuilding
//!   the indexes, until it listens.

use std::path::PathBuf;
use std::time::Instant;

use jiff::Timestamp;

use crate::cases::Context;
use crate::cases::store_scaling::{Creator, sdk_client, seed};
use crate::fixtures::{FIRST_START, seed_resource, start_emulator_on};
use crate::report::{Comparison, Report};

const CASE: &str = "state_file";

/// Resources the created bookings go to in turn.
const RESOURCES: usize = 10;

/// Resources of the restart store.
const RESTART_RESOURCES: usize = 100;

/// Unmeasured creations before each measurement.
const WARMUP_CREATES: usize = 100;

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When an emulator cannot be started, seeded or restarted, or a creation is refused.
pub async fn run(context: &mut Context, report: &mut Report) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("timekit-bench-state-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let result = measure(context, report, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(
    context: &mut Context,
    report: &mut Report,
    dir: &std::path::Path,
) -> Result<(), String> {
    let creates = context.scale.store_creates.max(1);
    let memory = creates_mean(context, None, creates).await?;
    let saved = creates_mean(context, Some(dir.join("creates.db")), creates).await?;
    for (label, mean) in [("in memory", memory), ("with --state", saved)] {
        report.figure(CASE, format!("mean create, {label}"), mean, "µs");
        report.figure(
            CASE,
            format!("creates per second, {label}"),
            1e6 / mean,
            "/s",
        );
    }
    report.goal(
        CASE,
        "create time with --state / in memory",
        saved / memory,
        Comparison::AtMost,
        3.0,
    );

    let bookings = (context.scale.store_bookings / 2).max(RESTART_RESOURCES);
    let file = dir.join("restart.db");
    let emulator = start_emulator_on(&context.server, Some(file.clone())).await?;
    let first: Timestamp = FIRST_START.parse().map_err(|err| format!("{err}"))?;
    let seeding = Instant::now();
    for index in 0..RESTART_RESOURCES {
        let resource = seed_resource(&emulator, &format!("Room {index}"))?;
        seed(&emulator, &resource, bookings / RESTART_RESOURCES, first)?;
    }
    let seeding = seeding.elapsed();
    let stored = emulator.booking_count();
    emulator.shutdown().await;
    let size = std::fs::metadata(&file).map_or(0, |metadata| metadata.len());

    let restarting = Instant::now();
    let emulator = start_emulator_on(&context.server, Some(file)).await?;
    let restart = restarting.elapsed();
    let loaded = emulator.booking_count();
    emulator.shutdown().await;
    if loaded != stored {
        return Err(format!("restart read {loaded} bookings of {stored}"));
    }
    report.figure(
        CASE,
        format!("seeding {stored} bookings into the file"),
        seeding.as_secs_f64(),
        "s",
    );
    report.figure(
        CASE,
        format!("state file at {stored} bookings"),
        size as f64 / 1024.0 / 1024.0,
        "MiB",
    );
    report.goal(
        CASE,
        format!("restart with {}k stored bookings (s)", stored / 1000),
        restart.as_secs_f64(),
        Comparison::AtMost,
        5.0,
    );
    Ok(())
}

/// Mean time (µs) of `creates` measured creations into a fresh emulator, in memory or on
/// `state`.
async fn creates_mean(
    context: &Context,
    state: Option<PathBuf>,
    creates: usize,
) -> Result<f64, String> {
    let emulator = start_emulator_on(&context.server, state).await?;
    let client = sdk_client(&emulator)?;
    let resources: Vec<String> = (0..RESOURCES)
        .map(|index| seed_resource(&emulator, &format!("Room {index}")))
        .collect::<Result<_, _>>()?;
    let mut creator = Creator::new(resources)?;
    creator.create(&client, WARMUP_CREATES).await?;
    let times = creator.create(&client, creates).await?;
    emulator.shutdown().await;
    Ok(times.iter().sum::<u64>() as f64 / times.len().max(1) as f64 / 1e3)
}
