//! `cargo xtask bench`: how much the Timekit SDK costs over raw hyper, measured in one run
//! on one machine (issue 9), and how the emulator holds up with a large store and under
//! load (issue 17).
//!
//! Servers (the fixed-body hyper servers and the emulators) run on a one-worker Tokio
//! runtime; the measuring clients run on a current-thread runtime on the main thread. On a
//! two-core machine each side gets a core, and both clients of every comparison share the
//! same setup. Figures are printed as a table and written to `target/bench/results.json`.

mod cases;
mod cpu;
mod fixtures;
mod load;
mod options;
mod raw_client;
mod raw_model;
mod report;
mod rss;
mod servers;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;

use crate::cases::Context;
use crate::options::{Case, Command, Options, USAGE};
use crate::report::Report;

fn main() -> ExitCode {
    let bench_quick = std::env::var("BENCH_QUICK").ok();
    let options = match options::parse(std::env::args().skip(1), bench_quick.as_deref()) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(report) if report.failures().is_empty() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("timekit-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Where the results go: `target/bench/results.json` under the workspace root.
fn results_path() -> PathBuf {
    cases::ops_build::workspace_root()
        .join("target")
        .join("bench")
        .join("results.json")
}

fn run(options: &Options) -> Result<Report, String> {
    if cfg!(debug_assertions) {
        eprintln!("warning: this is a debug build; run `cargo xtask bench` for meaningful figures");
    }
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("bench-server")
        .enable_all()
        .build()
        .map_err(|err| format!("server runtime: {err}"))?;
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("client runtime: {err}"))?;
    let scale = options.scale();
    let mut context = Context::new(server_runtime.handle().clone(), scale);
    let mut report = Report::default();
    let run_started = Instant::now();

    for case in &options.cases {
        eprintln!("== {case}");
        let started = Instant::now();
        let outcome = match case {
            Case::ClientOverhead => {
                client_runtime.block_on(cases::client_overhead::run(&mut context, &mut report))
            }
            Case::Decode => client_runtime.block_on(cases::decode::run(&mut context, &mut report)),
            Case::Pagination => {
                client_runtime.block_on(cases::pagination::run(&mut context, &mut report))
            }
            Case::EmulatorThroughput => {
                client_runtime.block_on(cases::emulator_throughput::run(&mut context, &mut report))
            }
            Case::Availability => cases::availability::run(scale, &mut report),
            Case::OpsBuild => cases::ops_build::run(&mut report),
            Case::StoreScaling => {
                client_runtime.block_on(cases::store_scaling::run(&mut context, &mut report))
            }
            Case::Responsiveness => cases::responsiveness::run(scale, &mut report),
            Case::StateFile => {
                client_runtime.block_on(cases::state_file::run(&mut context, &mut report))
            }
        };
        if let Err(message) = outcome {
            eprintln!("  failed: {message}");
            report.failure(case.name(), message);
        }
        eprintln!("  ({:.1} s)", started.elapsed().as_secs_f64());
    }
    let total = run_started.elapsed().as_secs_f64();
    report.figure("run", "whole run", total, "s");
    if options.quick {
        report.note("run", "quick run: smaller counts, figures are noisy");
    }

    println!("\n{}", report.table());
    let met = report.goals().iter().filter(|goal| goal.passed()).count();
    println!("{met} of {} goals met", report.goals().len());
    let settings = json!({
        "quick": options.quick,
        "cases": options.cases.iter().map(|case| case.name()).collect::<Vec<_>>(),
        "available_parallelism": std::thread::available_parallelism().map(usize::from).ok(),
        "finished_at": jiff::Timestamp::now().to_string(),
        "scale": {
            "warmup_requests": scale.warmup_requests,
            "latency_requests": scale.latency_requests,
            "latency_round": scale.latency_round,
            "throughput_rounds": scale.throughput_rounds,
            "throughput_requests": scale.throughput_requests,
            "concurrency": scale.concurrency,
            "decode_iterations": scale.decode_iterations,
            "pagination_bookings": scale.pagination_bookings,
            "page_size": scale.page_size,
            "availability_runs": scale.availability_runs,
            "availability_bookings": scale.availability_bookings,
            "store_bookings": scale.store_bookings,
            "store_single_resource_bookings": scale.store_single_resource_bookings,
            "store_creates": scale.store_creates,
            "load_bulks": scale.load_bulks,
        },
    });
    let path = results_path();
    report
        .write_json(&path, settings)
        .map_err(|err| format!("writing {}: {err}", path.display()))?;
    println!("results written to {}", path.display());
    drop(client_runtime);
    server_runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(report)
}
