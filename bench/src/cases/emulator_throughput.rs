//! Case 4: the emulator's `GET /bookings/{id}` at 64 concurrent connections against a
//! hello-world hyper server, both on the same one-worker server runtime and both driven by
//! the same raw hyper-util client setup (64 pooled connections), in alternating rounds; the
//! goal is the median of the two servers' rate ratios within each round.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;

use crate::cases::Context;
use crate::cpu::threads_cpu_ns;
use crate::fixtures::{raw_client_for, seed_fast_bookings, seed_resource, start_emulator, uri};
use crate::load::{alternating, concurrent, rate};
use crate::raw_client::RawClient;
use crate::report::{Comparison, Report};
use crate::servers::FixedServer;
use crate::stats::{median, ratio};

const CASE: &str = "emulator_throughput";

/// The name of the server runtime's threads (see `main`).
const SERVER_THREADS: &str = "bench-server";

/// One measured run: its wall time and the server threads' CPU time (`None` without `/proc`).
struct Run {
    elapsed: Duration,
    cpu: Option<u64>,
}

/// Runs `requests` requests with `concurrency` in flight, recording the server threads' CPU.
async fn measured<F, Fut>(requests: usize, concurrency: usize, call: F) -> Result<Run, String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let cpu_before = threads_cpu_ns(SERVER_THREADS);
    let elapsed = concurrent(requests, concurrency, call).await?;
    let cpu = match (cpu_before, threads_cpu_ns(SERVER_THREADS)) {
        (Some(before), Some(after)) => Some(after.saturating_sub(before)),
        _ => None,
    };
    Ok(Run { elapsed, cpu })
}

/// Total server CPU seconds (NaN if any run lacks it) and total wall seconds of `runs`.
fn totals(runs: &[&Run]) -> (f64, f64) {
    let cpu = runs
        .iter()
        .map(|run| run.cpu.map(|ns| ns as f64 / 1e9))
        .sum::<Option<f64>>()
        .unwrap_or(f64::NAN);
    let wall = runs.iter().map(|run| run.elapsed.as_secs_f64()).sum();
    (cpu, wall)
}

/// Bookings in the emulator's store, so the lookup is not in a trivially small map.
const STORED_BOOKINGS: usize = 10_000;

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When a server cannot start or a request fails.
pub async fn run(context: &mut Context, report: &mut Report) -> Result<(), String> {
    let scale = context.scale;
    let concurrency = scale.concurrency;
    let emulator = start_emulator(&context.server).await?;
    let resource = seed_resource(&emulator, "Throughput room")?;
    seed_fast_bookings(&emulator, &resource, STORED_BOOKINGS)?;
    let id = emulator
        .seed_booking_json(serde_json::json!({
            "graph": "instant", "resource_id": resource,
            "start": "2035-01-01T10:00:00Z", "end": "2035-01-01T11:00:00Z",
            "what": "Looked up", "customer": {"name": "Jane Roe", "email": "jane@example.com"},
        }))
        .map_err(|err| err.to_string())?;
    let hello = FixedServer::start(
        &context.server,
        Bytes::from_static(b"Hello, world!"),
        "text/plain",
    )
    .map_err(|err| format!("hello-world server: {err}"))?;

    let emulator_client = raw_client_for(&emulator, concurrency);
    let emulator_uri = uri(emulator.base_url(), &format!("/bookings/{id}"))?;
    let hello_client = RawClient::new(concurrency, None);
    let hello_uri = uri(&hello.base_url(), "/")?;
    let emulator_call = || async {
        emulator_client.get(&emulator_uri).await?;
        Ok(())
    };
    let hello_call = || async {
        hello_client.get(&hello_uri).await?;
        Ok(())
    };

    let requests = scale.throughput_requests;
    concurrent(requests, concurrency, emulator_call).await?;
    concurrent(requests, concurrency, hello_call).await?;
    // Each run also records the CPU time the server threads used, so the figures say
    // whether a server was saturated or the client was the bottleneck.
    let pairs = alternating(
        scale.throughput_rounds.max(1),
        || measured(requests, concurrency, &emulator_call),
        || measured(requests, concurrency, &hello_call),
    )
    .await?;
    let emulator_runs: Vec<&Run> = pairs.iter().map(|(emulator, _)| emulator).collect();
    let hello_runs: Vec<&Run> = pairs.iter().map(|(_, hello)| hello).collect();
    let rates = |runs: &[&Run]| -> Vec<f64> {
        runs.iter().map(|run| rate(requests, run.elapsed)).collect()
    };
    let pair_ratios: Vec<f64> = pairs
        .iter()
        .map(|(emulator, hello)| {
            ratio(
                rate(requests, emulator.elapsed),
                rate(requests, hello.elapsed),
            )
        })
        .collect();
    report.figure(
        CASE,
        "hello-world hyper server",
        median(&rates(&hello_runs)).unwrap_or(f64::NAN),
        "req/s",
    );
    report.figure(
        CASE,
        "emulator GET /bookings/{id}",
        median(&rates(&emulator_runs)).unwrap_or(f64::NAN),
        "req/s",
    );
    let mut cpu_per_request = Vec::new();
    for (name, runs) in [("hello-world", &hello_runs), ("emulator", &emulator_runs)] {
        let (cpu, wall) = totals(runs);
        let per_request = cpu / (runs.len() * requests) as f64;
        cpu_per_request.push(per_request);
        report.figure(
            CASE,
            format!("{name} server CPU per request"),
            per_request * 1e6,
            "µs",
        );
        report.figure(
            CASE,
            format!("{name} server thread busy"),
            ratio(cpu, wall) * 100.0,
            "%",
        );
    }
    // Below 100 % busy the client, not the server, set the pace; this ratio compares the
    // servers' own cost whichever side was the bottleneck.
    report.figure(
        CASE,
        "emulator/hello-world by server CPU per request",
        ratio(cpu_per_request[0], cpu_per_request[1]),
        "ratio",
    );
    report.goal(
        CASE,
        format!("emulator/hello-world at {concurrency} connections (median of round pairs)"),
        median(&pair_ratios).unwrap_or(f64::NAN),
        Comparison::AtLeast,
        0.5,
    );
    drop(hello);
    emulator.shutdown().await;
    Ok(())
}
