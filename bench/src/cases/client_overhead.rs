//! Case 1: `timekit::Client::get_booking` against a raw hyper-util client doing the same
//! `GET` and a `serde_json` decode into a local struct, both talking to a minimal hyper
//! server that answers a fixed one-booking body. The raw client does what any hand-written
//! client must do per call — format the URL from the id, send `Authorization` and
//! `User-Agent`, collect the body, decode it — and nothing more (no id validation or
//! escaping, no timeouts, no body limit, no retry policy, no tracing).
//!
//! Both clients run on the same runtime, against the same server, in short alternating
//! rounds (250 sequential requests, or one throughput run), swapping which goes first, so
//! that drift — CPU frequency, other processes on the machine — falls on both equally. The
//! throughput goal compares the two runs of each round and takes the median of those ratios.

use std::hint::black_box;

use http::header::{AUTHORIZATION, HeaderValue, USER_AGENT};
use timekit::Transport as _;
use timekit::ops::{GetBooking, Operation as _};

use crate::cases::Context;
use crate::fixtures::{string_at, uri};
use crate::load::{alternating, concurrent, rate, sequential};
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

    let sdk_call = || async {
        let booking = sdk
            .get_booking(id.as_str())
            .await
            .map_err(|err| err.to_string())?;
        black_box(booking);
        Ok(())
    };
    let raw_call = || async {
        // The URL is built per call, as any client must for ids it learns at run time.
        let body = raw.get(&uri(&base, &format!("/bookings/{id}"))?).await?;
        let booking: RawEnvelope<RawBooking> =
            serde_json::from_slice(&body).map_err(|err| err.to_string())?;
        black_box(booking);
        Ok(())
    };

    // Warm-up: connections, pool, allocator, caches; also proves both calls work.
    sequential(scale.warmup_requests, sdk_call).await?;
    sequential(scale.warmup_requests, raw_call).await?;

    let round = scale.latency_round.max(1);
    let rounds = scale.latency_requests.div_ceil(round);
    let latency_pairs = alternating(
        rounds,
        || sequential(round, sdk_call),
        || sequential(round, raw_call),
    )
    .await?;
    let sdk_latencies: Vec<u64> = latency_pairs
        .iter()
        .flat_map(|(sdk, _)| sdk.iter().copied())
        .collect();
    let raw_latencies: Vec<u64> = latency_pairs
        .iter()
        .flat_map(|(_, raw)| raw.iter().copied())
        .collect();
    let micros =
        |samples: &[u64], p: f64| percentile(samples, p).map_or(f64::NAN, |ns| ns as f64 / 1000.0);
    let round_ratios: Vec<f64> = latency_pairs
        .iter()
        .map(|(sdk, raw)| ratio(micros(sdk, 50.0), micros(raw, 50.0)))
        .collect();
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
    report.figure(
        CASE,
        format!("median of per-round p50 ratios ({rounds} rounds)"),
        median(&round_ratios).unwrap_or(f64::NAN),
        "ratio",
    );
    report.goal(
        CASE,
        "p50 latency sdk/raw",
        ratio(sdk_p50, raw_p50),
        Comparison::AtMost,
        1.10,
    );

    // Throughput with `concurrency` requests in flight; a warm-up run each opens the
    // connections so that no round measures connection set-up.
    let (requests, concurrency) = (scale.throughput_requests, scale.concurrency);
    concurrent(requests, concurrency, raw_call).await?;
    concurrent(requests, concurrency, sdk_call).await?;
    let rate_pairs = alternating(
        scale.throughput_rounds.max(1),
        || async {
            Ok(rate(
                requests,
                concurrent(requests, concurrency, sdk_call).await?,
            ))
        },
        || async {
            Ok(rate(
                requests,
                concurrent(requests, concurrency, raw_call).await?,
            ))
        },
    )
    .await?;
    let sdk_rates: Vec<f64> = rate_pairs.iter().map(|(sdk, _)| *sdk).collect();
    let raw_rates: Vec<f64> = rate_pairs.iter().map(|(_, raw)| *raw).collect();
    let pair_ratios: Vec<f64> = rate_pairs
        .iter()
        .map(|(sdk, raw)| ratio(*sdk, *raw))
        .collect();
    report.figure(
        CASE,
        format!("raw throughput at {concurrency} in flight"),
        median(&raw_rates).unwrap_or(f64::NAN),
        "req/s",
    );
    report.figure(
        CASE,
        format!("sdk throughput at {concurrency} in flight"),
        median(&sdk_rates).unwrap_or(f64::NAN),
        "req/s",
    );
    report.goal(
        CASE,
        format!("throughput sdk/raw at {concurrency} in flight (median of round pairs)"),
        median(&pair_ratios).unwrap_or(f64::NAN),
        Comparison::AtLeast,
        0.90,
    );

    // Diagnostic: the same operation and transport without the `Client` layer (no retry
    // loop, no tracing span, no header merging), against the same raw baseline. The gap
    // between this and the SDK figure is what that layer costs.
    let transport = timekit::transport::HyperTransport::new().map_err(|err| err.to_string())?;
    let base_url = timekit::ops::BaseUrl::parse(&base).map_err(|err| err.to_string())?;
    let authorization = basic_authorization(API_KEY).ok_or("authorization header")?;
    let bare_call = || async {
        let operation = GetBooking::new(id.as_str());
        let mut request = operation
            .to_request(&base_url)
            .map_err(|err| err.to_string())?;
        request
            .headers_mut()
            .insert(AUTHORIZATION, authorization.clone());
        request.headers_mut().insert(
            USER_AGENT,
            HeaderValue::from_static(timekit::DEFAULT_USER_AGENT),
        );
        let response = transport
            .send(request)
            .await
            .map_err(|err| err.to_string())?;
        black_box(
            operation
                .parse_response(response)
                .map_err(|err| err.to_string())?,
        );
        Ok(())
    };
    concurrent(requests, concurrency, bare_call).await?;
    let bare_pairs = alternating(
        scale.throughput_rounds.div_ceil(2).max(1),
        || async {
            Ok(rate(
                requests,
                concurrent(requests, concurrency, bare_call).await?,
            ))
        },
        || async {
            Ok(rate(
                requests,
                concurrent(requests, concurrency, raw_call).await?,
            ))
        },
    )
    .await?;
    let bare_ratios: Vec<f64> = bare_pairs
        .iter()
        .map(|(bare, raw)| ratio(*bare, *raw))
        .collect();
    report.figure(
        CASE,
        "diagnostic: ops + transport without Client / raw",
        median(&bare_ratios).unwrap_or(f64::NAN),
        "ratio",
    );
    drop(server);
    Ok(())
}
