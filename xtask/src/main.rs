//! Project tasks, run as `cargo xtask <task>`:
//!
//! - `test`  — every test of the workspace: unit, doc, emulator, end-to-end, CLI, and a short
//!   property/hostile-input run.
//! - `demo`  — the main job: a booking story against the embedded emulator (or any
//!   Timekit-compatible server with `--base-url`/`--api-key`).
//! - `bench` — the performance figures, in release mode, written to `target/bench/results.json`.
//! - `check` — fmt, clippy `-D warnings`, rustdoc `-D warnings`, the layering rule that
//!   `timekit-ops` builds without hyper or tokio, and `cargo package` of the publishable crates.
//! - `fuzz`  — the hostile-input property tests with many more cases.
//! - `peers` — the official JS SDK and python-timekit run their flows in `peers/` against the
//!   emulator binary, and the SDK's browser bundle proves the emulator's CORS headers in
//!   headless Chromium (each skipped where node, python3 or chromium is missing); not part of
//!   `test`.

mod browser_peer;
mod peers;

use std::env;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "test" => test(&rest),
        "demo" => demo(&rest),
        "bench" => bench(&rest),
        "check" => check(),
        "fuzz" => fuzz(&rest),
        "peers" => peers::peers(&rest),
        _ => {
            eprintln!("usage: cargo xtask <test|demo|bench|check|fuzz|peers> [args…]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {task}: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `cargo` with `args` (and extra environment), failing on a non-zero exit.
fn cargo(args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .envs(envs.iter().copied())
        .status()
        .map_err(|err| format!("could not run cargo: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

fn with_rest<'a>(base: &[&'a str], rest: &'a [String]) -> Vec<&'a str> {
    base.iter()
        .copied()
        .chain(rest.iter().map(String::as_str))
        .collect()
}

fn test(rest: &[String]) -> Result<(), String> {
    // Unit, integration (emulator, end-to-end, CLI) and doc tests of every package, with every
    // feature on so the mock and test-util doubles are exercised too.
    cargo(
        &with_rest(
            &["test", "--workspace", "--all-features", "--no-fail-fast"],
            rest,
        ),
        &[],
    )
}

fn demo(rest: &[String]) -> Result<(), String> {
    cargo(
        &with_rest(&["run", "--quiet", "--package", "timekit-demo", "--"], rest),
        &[],
    )
}

fn bench(rest: &[String]) -> Result<(), String> {
    cargo(
        &with_rest(
            &["run", "--release", "--package", "timekit-bench", "--"],
            rest,
        ),
        &[],
    )
}

fn fuzz(rest: &[String]) -> Result<(), String> {
    // The hostile-input properties run with 256 cases inside `cargo xtask test`; here with many more.
    let cases = env::var("PROPTEST_CASES").unwrap_or_else(|_| "20000".to_owned());
    cargo(
        &with_rest(
            &[
                "test",
                "--workspace",
                "--all-features",
                "--release",
                "hostile",
            ],
            rest,
        ),
        &[("PROPTEST_CASES", &cases)],
    )
}

fn check() -> Result<(), String> {
    cargo(&["fmt", "--all", "--", "--check"], &[])?;
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    cargo(
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    ops_is_sans_io()?;
    // The publishable crates package and build from their packaged sources alone (no file
    // outside a crate's own directory); `--allow-dirty` so the check runs before a commit.
    // Verification resolves the workspace crates as registry crates of an unchanged version,
    // and cargo never rebuilds a registry crate it has built before: in a shared target dir
    // the verification would compile against an earlier packaging's artifacts. A target dir
    // of its own, emptied first, makes every check see today's sources.
    let package_target = std::path::Path::new("target").join("package-check");
    if package_target.exists() {
        std::fs::remove_dir_all(&package_target)
            .map_err(|err| format!("could not empty {}: {err}", package_target.display()))?;
    }
    let package_target = package_target.to_string_lossy().into_owned();
    cargo(
        &[
            "package",
            "--workspace",
            "--exclude",
            "xtask",
            "--exclude",
            "timekit-demo",
            "--exclude",
            "timekit-tests",
            "--exclude",
            "timekit-bench",
            "--allow-dirty",
        ],
        &[("CARGO_TARGET_DIR", &package_target)],
    )
}

/// `timekit-ops` must build without an HTTP client or an async runtime.
fn ops_is_sans_io() -> Result<(), String> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "tree",
            "--package",
            "timekit-ops",
            "--edges",
            "normal",
            "--prefix",
            "none",
        ])
        .output()
        .map_err(|err| format!("could not run cargo tree: {err}"))?;
    if !output.status.success() {
        return Err("cargo tree failed".to_owned());
    }
    let tree = String::from_utf8_lossy(&output.stdout);
    let forbidden: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| {
            matches!(
                *name,
                "hyper" | "hyper-util" | "tokio" | "timekit-transport"
            )
        })
        .collect();
    if forbidden.is_empty() {
        eprintln!("timekit-ops depends on neither hyper nor tokio");
        Ok(())
    } else {
        Err(format!(
            "timekit-ops must stay sans-IO but depends on {forbidden:?}"
        ))
    }
}
