//! Case 1: `timekit::Client::get_booking` against a raw hyper-util client doing the same
//! `GET` and a `serde_json` decode into a local struct, both talking to a minimal hyper
//! server that answers a fixed one-booking body.
//!
//! Both clients run on the same runtime, against the same server, in alternating rounds
//! (raw first in even rounds, SDK first in odd ones) so that drift — CPU frequency, other
//! processes on the machine — falls on both equally.

use std::hint::black_box;

use crate::cases::Context;
use crate::fixtures::{string_at, uri};
use crate::load::{concurrent, rate, sequential};
use crate::raw_client::{RawClient, basic_authorization};
use crate::raw_model::{RawBooking, RawEnvelope};
use crate::report::{Comparison, Report};
use crate::servers::FixedServer;
use crate::stats::{median, percentile, ratio};

const CASE: &str = "client_overhead";
const API_KEY: &str = "test_api_key_bench";

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When a server cannot start or a request fails.
pub async fn run(context: &mut Context, report: &mut Report) -> Result<(), String> {
    let bodies = context.bodies().await?;
    let scale = context.scale;
    let server = FixedServer::start(&context.server, bodies.one.clone(), "application/json")
        .map_err(|err| format!("fixed server: {err}"))?;
    let base = format!("{}/v2", server.base_url());
    let id = string_at(&bodies.one, "/data/id")?;

    let sdk = timekit::Client::builder()
        .api_key(API_KEY)
        .base_url(&base)
        .build()
        .map_err(|err| format!("SDK client: {err}"))?;
    let raw = RawClient::new(usize::MAX, basic_authorization(API_KEY));
    let raw_uri = uri(&base, &format!("/bookings/{id}"))?;

    let sdk_call = || async {
        let booking = sdk
            .get_booking(id.as_str())
            .await
            .map_err(|err| err.to_string())?;
        black_box(booking);
        Ok(())
    };
    let raw_call = || async {
        let body = raw.get(&raw_uri).await?;
        let booking: RawEnvelope<RawBooking> =
            serde_json::from_slice(&body).map_err(|err| err.to_string())?;
        black_box(booking);
        Ok(())
    };

    // Warm-up: connections, pool, allocator, caches; also proves both calls work.
    sequential(scale.warmup_requests, sdk_call).await?;
    sequential(scale.warmup_requests, raw_call).await?;

    let rounds = scale.rounds.max(1);
    let per_round = scale.latency_requests.div_ceil(rounds);
    let (mut sdk_latencies, mut raw_latencies) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if round % 2 == 0 {
            raw_latencies.extend(sequential(per_round, raw_call).await?);
            sdk_latencies.extend(sequential(per_round, sdk_call).await?);
        } else {
            sdk_latencies.extend(sequential(per_round, sdk_call).await?);
            raw_latencies.extend(sequential(per_round, raw_call).await?);
        }
    }
    let micros =
        |samples: &[u64], p: f64| percentile(samples, p).map_or(f64::NAN, |ns| ns as f64 / 1000.0);
    let (sdk_p50, raw_p50) = (micros(&sdk_latencies, 50.0), micros(&raw_latencies, 50.0));
    report.figure(
        CASE,
        "sequential requests per client",
        sdk_latencies.len() as f64,
        "requests",
    );
    report.figure(CASE, "raw p50 latency", raw_p50, "µs");
    report.figure(CASE, "sdk p50 latency", sdk_p50, "µs");
    report.figure(CASE, "raw p99 latency", micros(&raw_latencies, 99.0), "µs");
    report.figure(CASE, "sdk p99 latency", micros(&sdk_latencies, 99.0), "µs");
    report.figure(CASE, "sdk - raw p50", sdk_p50 - raw_p50, "µs");
    report.goal(
        CASE,
        "p50 latency sdk/raw",
        ratio(sdk_p50, raw_p50),
        Comparison::AtMost,
        1.10,
    );

    // Throughput with `concurrency` requests in flight; one warm-up round each opens the
    // connections so that no round measures connection set-up.
    let (total, concurrency) = (scale.throughput_requests, scale.concurrency);
    concurrent(total / 4, concurrency, raw_call).await?;
    concurrent(total / 4, concurrency, sdk_call).await?;
    let (mut sdk_rates, mut raw_rates) = (Vec::new(), Vec::new());
    for round in 0..rounds.min(6) {
        if round % 2 == 0 {
            raw_rates.push(rate(total, concurrent(total, concurrency, raw_call).await?));
            sdk_rates.push(rate(total, concurrent(total, concurrency, sdk_call).await?));
        } else {
            sdk_rates.push(rate(total, concurrent(total, concurrency, sdk_call).await?));
            raw_rates.push(rate(total, concurrent(total, concurrency, raw_call).await?));
        }
    }
    let sdk_rate = median(&sdk_rates).unwrap_or(f64::NAN);
    let raw_rate = median(&raw_rates).unwrap_or(f64::NAN);
    report.figure(
        CASE,
        format!("raw throughput at {concurrency} in flight"),
        raw_rate,
        "req/s",
    );
    report.figure(
        CASE,
        format!("sdk throughput at {concurrency} in flight"),
        sdk_rate,
        "req/s",
    );
    report.goal(
        CASE,
        format!("throughput sdk/raw at {concurrency} in flight"),
        ratio(sdk_rate, raw_rate),
        Comparison::AtLeast,
        0.90,
    );
    drop(server);
    Ok(())
}
