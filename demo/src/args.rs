//! Command-line arguments.

use clap::Parser;

/// Runs a short booking story with the Timekit client and prints what happened.
///
/// Without `--base-url` the story runs against an embedded emulator on 127.0.0.1 whose clock
/// is pinned to Monday 2030-01-07, so the transcript is the same on every run. With
/// `--base-url` it runs against that Timekit-compatible server, a week ahead of today; it
/// creates two resources and a few bookings there and deletes only the final bookings it
/// made itself.
// `Debug` is written by hand (below) so the API key never shows in debug output.
#[derive(Parser)]
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

impl std::fmt::Debug for Args {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Args")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_api_key() {
        let args = Args::try_parse_from([
            "timekit-demo",
            "--base-url",
            "http://127.0.0.1:9/v2",
            "--api-key",
            "test_api_key_secret_4711",
        ])
        .unwrap();
        let debug = format!("{args:?}");
        assert!(!debug.contains("secret_4711"), "{debug}");
        assert!(debug.contains("127.0.0.1:9"), "{debug}");
    }
}
