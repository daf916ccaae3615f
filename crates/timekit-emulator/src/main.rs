//! `timekit-emulator`: runs the local Timekit API until Ctrl-C.

mod cli;

use std::io::Write as _;
use std::process::ExitCode;

use timekit_emulator::{Emulator, RateLimits};

fn main() -> ExitCode {
    let env_key = std::env::var("TIMEKIT_API_KEY").ok();
    let (addr, keys, max_connections, rate_limits, control, state) =
        match cli::parse(std::env::args().skip(1), env_key) {
            Ok(cli::Command::Help) => {
                print!("{}", cli::USAGE);
                return ExitCode::SUCCESS;
            }
            Ok(cli::Command::Run {
                addr,
                api_key,
                widget_key,
                webhook_secret,
                max_connections,
                rate_limits,
                control,
                control_token,
                state,
            }) => (
                addr,
                (api_key, widget_key, webhook_secret),
                max_connections,
                rate_limits,
                (control, control_token),
                state,
            ),
            Err(message) => {
                eprintln!("error: {message}\n\n{}", cli::USAGE);
                return ExitCode::from(2);
            }
        };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(
        addr,
        keys,
        max_connections,
        rate_limits,
        control,
        state,
    ))
}

async fn run(
    addr: std::net::SocketAddr,
    (api_key, widget_key, webhook_secret): (Option<String>, Option<String>, Option<String>),
    max_connections: Option<usize>,
    rate_limits: Option<u32>,
    (control, control_token): (Option<bool>, Option<String>),
    state: Option<std::path::PathBuf>,
) -> ExitCode {
    // Registered before the listening line: a Ctrl-C right after it must stop us cleanly,
    // not hit the default handler that kills the process.
    let stop = match stop_signal() {
        Ok(stop) => stop,
        Err(error) => {
            eprintln!("error: cannot install the Ctrl-C handler: {error}");
            return ExitCode::FAILURE;
        }
    };
    let generated = api_key.is_none();
    let mut builder = Emulator::builder().bind(addr);
    if let Some(key) = api_key {
        builder = builder.api_key(key);
    }
    if let Some(key) = widget_key {
        builder = builder.widget_key(key);
    }
    if let Some(secret) = webhook_secret {
        builder = builder.webhook_secret(secret);
    }
    if let Some(max) = max_connections {
        builder = builder.max_connections(max);
    }
    if let Some(quota) = rate_limits {
        builder = builder.rate_limits(RateLimits::timekit().daily_quota(quota));
    }
    if let Some(enabled) = control {
        builder = builder.control(enabled);
    }
    if let Some(token) = control_token {
        builder = builder.control_token(token);
    }
    if let Some(path) = &state {
        builder = builder.state(path);
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // What an unclean stop cost, on stderr (stdout carries the listening line tools read).
    if let (Some(path), Some(recovery)) = (&state, emulator.state_recovery()) {
        if let Some(message) = recovery.message(path) {
            eprintln!("{message}");
        }
    }
    let mut stdout = std::io::stdout().lock();
    if generated {
        let _ = writeln!(stdout, "generated API key: {}", emulator.api_key());
    }
    let _ = writeln!(stdout, "listening on {}", emulator.base_url());
    let _ = stdout.flush();
    drop(stdout);
    stop.await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM (what process managers and `docker stop` send).
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
    Ok(async move {
        ctrl_c.recv().await;
    })
}
