//! `timekit-demo` (`cargo xtask demo`): a booking story told through the Timekit client,
//! against the embedded emulator or any Timekit-compatible server, as a short transcript.
//!
//! Exits 0 when every step answered as expected, 1 with the failing step otherwise, 2 for
//! bad arguments.

mod args;
mod failure;
mod schedule;
mod story;
mod target;
mod transcript;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser as _;

use crate::args::Args;
use crate::failure::Failure;
use crate::target::Target;
use crate::transcript::Transcript;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let mut out = Transcript::printed();
    match run(&args, &mut out).await {
        Ok(summary) => {
            out.say(String::new());
            out.say(format!(
                "Done in {} ms: {} resources created, {} bookings kept, every answer as expected.",
                started.elapsed().as_millis(),
                summary.resources,
                summary.bookings_kept
            ));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("\ndemo failed at {failure}");
            for cause in failure.causes() {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args, out: &mut Transcript) -> Result<story::Summary, Failure> {
    let target = match (&args.base_url, &args.api_key) {
        (Some(base_url), Some(api_key)) => Target::remote(base_url, api_key)?,
        (Some(_), None) => {
            return Err(Failure::unexpected(
                "arguments",
                "--base-url needs --api-key or TIMEKIT_API_KEY",
            ));
        }
        (None, _) => Target::embedded().await?,
    };
    out.say(format!("Timekit demo · {}", target.description));
    story::run(&target, out).await
}
