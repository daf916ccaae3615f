//! Case 6: the clean release build time of `timekit-ops` alone, in its own target directory
//! (`target/bench/ops-build`, emptied first — the only place the bench uses a separate
//! target dir), and that its normal dependency tree has no hyper in it.
//!
//! The time depends on everything else the machine is doing; it is reported, not judged.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::report::{Comparison, Report};

const CASE: &str = "ops_build";

/// The workspace root (the bench package sits one level below it).
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Canonical for readable messages; the joined path works just as well if that fails.
    root.canonicalize().unwrap_or(root)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Crate names in `cargo tree --prefix none` output (one `name vX.Y.Z …` per line).
pub fn crate_names(tree: &str) -> Vec<&str> {
    let mut names: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Runs the case and records its figures and goals.
///
/// # Errors
/// When cargo cannot be run or the build fails.
pub fn run(report: &mut Report) -> Result<(), String> {
    let root = workspace_root();
    let target = root.join("target").join("bench").join("ops-build");
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .map_err(|err| format!("emptying {}: {err}", target.display()))?;
    }
    eprintln!(
        "  cargo build -p timekit-ops --release (target {})",
        target.display()
    );
    let started = Instant::now();
    let build = Command::new(cargo())
        .args(["build", "--package", "timekit-ops", "--release"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&root)
        .output()
        .map_err(|err| format!("could not run cargo: {err}"))?;
    let elapsed = started.elapsed();
    if !build.status.success() {
        return Err(format!(
            "cargo build failed ({}):\n{}",
            build.status,
            String::from_utf8_lossy(&build.stderr)
        ));
    }
    let compiled = String::from_utf8_lossy(&build.stderr)
        .lines()
        .filter(|line| line.trim_start().starts_with("Compiling "))
        .count();
    report.figure(
        CASE,
        "clean release build of timekit-ops",
        elapsed.as_secs_f64(),
        "s",
    );
    report.figure(CASE, "crates compiled", compiled as f64, "crates");

    let tree = Command::new(cargo())
        .args([
            "tree",
            "--package",
            "timekit-ops",
            "--edges",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(&root)
        .output()
        .map_err(|err| format!("could not run cargo tree: {err}"))?;
    if !tree.status.success() {
        return Err(format!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&tree.stderr)
        ));
    }
    let tree = String::from_utf8_lossy(&tree.stdout);
    let names = crate_names(&tree);
    let forbidden: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| matches!(*name, "hyper" | "hyper-util" | "tokio"))
        .collect();
    report.figure(
        CASE,
        "crates in the normal dependency tree",
        names.len() as f64,
        "crates",
    );
    if !forbidden.is_empty() {
        report.note(CASE, format!("timekit-ops depends on {forbidden:?}"));
    }
    report.goal(
        CASE,
        "hyper/hyper-util/tokio in timekit-ops's tree",
        forbidden.len() as f64,
        Comparison::AtMost,
        0.0,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_first_word_once_each() {
        let tree = "timekit-ops v0.1.0 (/work/main/crates/timekit-ops)\nbytes v1.10.1\n\
                    http v1.3.1\nbytes v1.10.1 (*)\nserde v1.0.219\n";
        assert_eq!(crate_names(tree), ["bytes", "http", "serde", "timekit-ops"]);
    }

    #[test]
    fn the_workspace_root_holds_the_workspace_manifest() {
        let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
        assert!(manifest.contains("[workspace]"));
    }
}
