//! Command-line arguments.

use clap::Parser;

/// Runs a short booking story with the Timekit client and prints what happened.
///
/// Without `--base-url` the story runs against an embedded emulator on 127.0.0.1 whose clock
/// is pinned to Monday 2030-01-07, so the transcript is the same on every run. With
/// `--base-url` it runs against that Timekit-compatible server, a week ahead of today; it
/// creates two resources and a few bookings there and deletes only the final bookings it
/// made itself.
#[derive(Debug, Parser)]
#[command(name = "timekit-demo", version)]
pub struct Args {
    /// Base URL of a Timekit-compatible server, e.g. `https://api.timekit.io/v2`.
    #[arg(long, value_name = "URL", requires = "api_key")]
    pub base_url: Option<String>,

    /// App API key for --base-url (ignored by the embedded emulator, which makes its own).
    #[arg(
        long,
        value_name = "KEY",
        env = "TIMEKIT_API_KEY",
        hide_env_values = true
    )]
    pub api_key: Option<String>,
}
