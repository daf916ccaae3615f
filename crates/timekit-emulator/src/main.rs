//! `timekit-emulator`: runs the local Timekit API until Ctrl-C.

mod cli;

use std::io::Write as _;
use std::process::ExitCode;

use timekit_emulator::Emulator;

fn main() -> ExitCode {
    let env_key = std::env::var("TIMEKIT_API_KEY").ok();
    let (addr, api_key) = match cli::parse(std::env::args().skip(1), env_key) {
        Ok(cli::Command::Help) => {
            print!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(cli::Command::Run { addr, api_key }) => (addr, api_key),
        Err(message) => {
            eprintln!("error: {message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(addr, api_key))
}

async fn run(addr: std::net::SocketAddr, api_key: Option<String>) -> ExitCode {
    let generated = api_key.is_none();
    let mut builder = Emulator::builder().bind(addr);
    if let Some(key) = api_key {
        builder = builder.api_key(key);
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if generated {
        let _ = writeln!(stdout, "generated API key: {}", emulator.api_key());
    }
    let _ = writeln!(stdout, "listening on {}", emulator.base_url());
    let _ = stdout.flush();
    drop(stdout);
    wait_for_stop_signal().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM on Unix (what process managers and `docker stop` send).
async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
