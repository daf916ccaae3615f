//! The `timekit` command-line tool: every Timekit API operation from a shell.
//!
//! The binary is [`main`]; [`operation_commands`] says which subcommand runs which
//! operation, so that the workspace can check that no operation lacks its subcommand.
//!
//! Exit codes: 0 ok, 1 output could not be written, 2 usage error or bad input, 3 incorrect
//! credentials, 4 other API error, 5 transport error.

mod all_pages;
mod body;
mod cli;
mod dispatch;
mod escape;
mod failure;
mod json_out;
mod listen;
mod output;
mod target;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, WebhooksCommand};
use crate::failure::Failure;
use crate::target::Target;

pub use dispatch::operation_commands;

/// The whole program: parses the command line, runs the command, prints the answer or the
/// failure, and returns the exit code.
pub fn main() -> ExitCode {
    // Prints help, version or the usage error itself, and exits with 0 or 2.
    let cli = Cli::try_parse().unwrap_or_else(|err| err.exit());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            return report(&Failure::Transport(format!(
                "cannot start the async runtime: {err}"
            )));
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let target = Target::connect(&cli.global).await?;
    let result = match cli.command {
        Command::Webhooks(WebhooksCommand::Listen(args)) => {
            listen::run(&target.client, args).await.map(|()| None)
        }
        command => dispatch::execute(&target.client, command, cli.global.raw).await,
    };
    // Stop the embedded emulator before printing, so its shutdown cannot interleave output.
    target.close().await;
    match result? {
        Some(json) => output::print(&json),
        None => Ok(()),
    }
}

fn report(failure: &Failure) -> ExitCode {
    // Server text in the message is escaped where it is taken in (`failure::one_line`); this
    // is the last guard for anything else that could carry control characters.
    eprintln!("timekit: {}", escape::one_line_safe(&failure.to_string()));
    failure.process_exit_code()
}
