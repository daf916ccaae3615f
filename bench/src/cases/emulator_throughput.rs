//! Case 4: the emulator's `GET /bookings/{id}` at 64 concurrent connections against a
//! hello-world hyper server, both on the same one-worker server runtime and both driven by
//! the same raw hyper-util client setup (64 pooled connections), in alternating rounds; the
//! goal is the median of the two servers' rate ratios within each round.

use bytes::Bytes;

use crate::cases::Context;
use crate::fixtures::{raw_client_for, seed_fast_bookings, seed_resource, start_emulator, uri};
use crate::load::{alternating, concurrent, rate};
use crate::raw_client::RawClient;
use crate::report::{Comparison, Report};
use crate::servers::FixedServer;
use crate::stats::{median, ratio};

const CASE: &str = "emulator_throughput";

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
    let rate_pairs = alternating(
        scale.throughput_rounds.max(1),
        || async {
            Ok(rate(
                requests,
                concurrent(requests, concurrency, emulator_call).await?,
            ))
        },
        || async {
            Ok(rate(
                requests,
                concurrent(requests, concurrency, hello_call).await?,
            ))
        },
    )
    .await?;
    let emulator_rates: Vec<f64> = rate_pairs.iter().map(|(emulator, _)| *emulator).collect();
    let hello_rates: Vec<f64> = rate_pairs.iter().map(|(_, hello)| *hello).collect();
    let pair_ratios: Vec<f64> = rate_pairs
        .iter()
        .map(|(emulator, hello)| ratio(*emulator, *hello))
        .collect();
    report.figure(
        CASE,
        "hello-world hyper server",
        median(&hello_rates).unwrap_or(f64::NAN),
        "req/s",
    );
    report.figure(
        CASE,
        "emulator GET /bookings/{id}",
        median(&emulator_rates).unwrap_or(f64::NAN),
        "req/s",
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
