//! `cargo xtask peers [js] [python] [browser]`: the official Timekit JavaScript SDK
//! (`timekit-sdk`) and the Python client (`python-timekit`) run their flows in `peers/` against
//! the emulator binary; `browser` runs the SDK's browser bundle in headless Chromium from
//! another origin, which proves the emulator's CORS headers (`browser_peer.rs`).
//!
//! Builds `timekit-emulator`, starts it on a free loopback port with a known API key, installs
//! each peer's pinned package (`npm ci`/`npm install` in `peers/js`; a venv under
//! `target/peers/venv` with `pip install -r peers/python/requirements.txt`), runs
//! `peers/js/flow.mjs` and `peers/python/flow.py` with `TIMEKIT_BASE_URL` and `TIMEKIT_API_KEY`
//! set, stops the emulator and reports each peer as passed, failed, or skipped when its runtime
//! (node and npm, python3) is not installed. Not part of `cargo xtask test`: it needs the npm
//! registry and PyPI the first time.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The key the emulator is started with and the flows send.
pub(crate) const API_KEY: &str = "test_api_key_xtask_peers";
/// How long the emulator may take to print its listening line.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a package install may take.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);
/// How long one flow may take.
const FLOW_TIMEOUT: Duration = Duration::from_secs(180);

/// What became of one peer.
pub(crate) enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

/// A peer: its name (its folder under `peers/`) and how to install and run it.
struct Peer {
    name: &'static str,
    run: fn(&Path, &Emulator) -> Outcome,
}

const PEERS: [Peer; 3] = [
    Peer {
        name: "js",
        run: run_js,
    },
    Peer {
        name: "python",
        run: run_python,
    },
    Peer {
        name: "browser",
        run: crate::browser_peer::run_browser,
    },
];

pub(crate) fn peers(rest: &[String]) -> Result<(), String> {
    for name in rest {
        if !PEERS.iter().any(|peer| peer.name == name) {
            return Err(format!(
                "unknown peer '{name}' (known: js, python, browser)"
            ));
        }
    }
    let chosen: Vec<&Peer> = PEERS
        .iter()
        .filter(|peer| rest.is_empty() || rest.iter().any(|name| name == peer.name))
        .collect();
    let root = workspace_root();
    crate::cargo(
        &[
            "build",
            "--quiet",
            "--package",
            "timekit-emulator",
            "--bin",
            "timekit-emulator",
        ],
        &[],
    )?;
    let work = target_dir(&root).join("peers");
    fs::create_dir_all(&work).map_err(|err| format!("cannot create {}: {err}", work.display()))?;
    let binary = target_dir(&root)
        .join("debug")
        .join(format!("timekit-emulator{}", std::env::consts::EXE_SUFFIX));
    let emulator = Emulator::start(&binary, &work.join("emulator.log"))?;
    eprintln!("emulator listening on {}", emulator.base_url);

    let mut results = Vec::new();
    for peer in chosen {
        eprintln!("\n== peer {} ==", peer.name);
        let outcome = (peer.run)(&root, &emulator);
        if let Outcome::Failed(reason) | Outcome::Skipped(reason) = &outcome {
            eprintln!("peer {}: {reason}", peer.name);
        }
        results.push((peer.name, outcome));
    }
    let log = emulator.log.clone();
    drop(emulator);

    eprintln!();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (name, outcome) in &results {
        let verdict = match outcome {
            Outcome::Passed => {
                passed += 1;
                "pass".to_owned()
            }
            Outcome::Failed(reason) => {
                failed += 1;
                format!("FAIL ({reason})")
            }
            Outcome::Skipped(reason) => {
                skipped += 1;
                format!("skipped ({reason})")
            }
        };
        eprintln!("  {name:<8} {verdict}");
    }
    eprintln!("peers: {passed} passed, {failed} failed, {skipped} skipped");
    if failed == 0 {
        Ok(())
    } else {
        Err(format!(
            "{failed} peer(s) failed; the emulator's log is {}",
            log.display()
        ))
    }
}

/// Whether node and npm are installed (the JS peers need both).
pub(crate) fn has_node() -> bool {
    available("node", &["--version"]) && available(npm(), &["--version"])
}

/// `npm ci` (or `npm install` without a lock file) in `peers/js`: `timekit-sdk` from npm.
pub(crate) fn install_js(root: &Path) -> Result<(), String> {
    let dir = root.join("peers").join("js");
    // `npm ci` installs exactly the lock file and never rewrites it.
    let install: &[&str] = if dir.join("package-lock.json").is_file() {
        &["ci", "--no-audit", "--no-fund"]
    } else {
        &["install", "--no-audit", "--no-fund"]
    };
    let mut command = Command::new(npm());
    command.args(install).current_dir(&dir);
    run(
        &format!("npm {}", install[0]),
        &mut command,
        INSTALL_TIMEOUT,
    )
}

/// `peers/js`: `timekit-sdk` from npm, then `node flow.mjs`.
fn run_js(root: &Path, emulator: &Emulator) -> Outcome {
    if !has_node() {
        return Outcome::Skipped("node or npm is not installed".to_owned());
    }
    if let Err(reason) = install_js(root) {
        return Outcome::Failed(reason);
    }
    let dir = root.join("peers").join("js");
    let mut command = Command::new("node");
    command.arg("flow.mjs").current_dir(&dir);
    emulator.point(&mut command);
    match run("node flow.mjs", &mut command, FLOW_TIMEOUT) {
        Ok(()) => Outcome::Passed,
        Err(reason) => Outcome::Failed(reason),
    }
}

/// `peers/python`: `python-timekit` from PyPI into `target/peers/venv`, then `flow.py`.
fn run_python(root: &Path, emulator: &Emulator) -> Outcome {
    let python3 = if cfg!(windows) { "python" } else { "python3" };
    if !available(python3, &["--version"]) {
        return Outcome::Skipped(format!("{python3} is not installed"));
    }
    let venv = target_dir(root).join("peers").join("venv");
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    if !python.is_file() {
        let mut command = Command::new(python3);
        command.arg("-m").arg("venv").arg(&venv);
        if let Err(reason) = run("python3 -m venv", &mut command, INSTALL_TIMEOUT) {
            return Outcome::Failed(format!(
                "{reason} (on Debian the venv module is the python3-venv package)"
            ));
        }
    }
    let dir = root.join("peers").join("python");
    let mut command = Command::new(&python);
    command
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            "requirements.txt",
        ])
        .current_dir(&dir);
    if let Err(reason) = run("pip install", &mut command, INSTALL_TIMEOUT) {
        return Outcome::Failed(reason);
    }
    let mut command = Command::new(&python);
    command.arg("flow.py").current_dir(&dir);
    emulator.point(&mut command);
    match run("python flow.py", &mut command, FLOW_TIMEOUT) {
        Ok(()) => Outcome::Passed,
        Err(reason) => Outcome::Failed(reason),
    }
}

/// The emulator binary, running until dropped.
pub(crate) struct Emulator {
    child: Child,
    /// `http://127.0.0.1:PORT/v2`, from its listening line.
    pub(crate) base_url: String,
    log: PathBuf,
}

impl Emulator {
    /// Starts `binary` on a free port of 127.0.0.1 and waits for its `listening on URL` line;
    /// its standard error goes to `log`.
    fn start(binary: &Path, log: &Path) -> Result<Self, String> {
        let stderr =
            File::create(log).map_err(|err| format!("cannot create {}: {err}", log.display()))?;
        let mut child = Command::new(binary)
            .args(["--addr", "127.0.0.1:0", "--api-key", API_KEY])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|err| format!("cannot start {}: {err}", binary.display()))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the emulator's standard output is not piped".to_owned());
        };
        // Read its standard output on a thread (it keeps draining it after the first line) and
        // wait here with a deadline.
        let (lines, received) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // Once nobody listens, keep reading anyway so the pipe never fills.
                let _ = lines.send(line);
            }
        });
        let mut emulator = Emulator {
            child,
            base_url: String::new(),
            log: log.to_owned(),
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match received.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("listening on ") {
                        emulator.base_url = url.trim().to_owned();
                        return Ok(emulator);
                    }
                }
                Err(_) => {
                    return Err(format!(
                        "the emulator printed no 'listening on' line within {}s; see {}",
                        START_TIMEOUT.as_secs(),
                        log.display()
                    ));
                }
            }
        }
    }

    /// Hands the emulator's address and key to a flow.
    fn point(&self, command: &mut Command) {
        command
            .env("TIMEKIT_BASE_URL", &self.base_url)
            .env("TIMEKIT_API_KEY", API_KEY);
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Its state is in memory only, so a kill loses nothing the flows need.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `command` with inherited output, failing on a non-zero exit or after `timeout`.
fn run(what: &str, command: &mut Command, timeout: Duration) -> Result<(), String> {
    eprintln!("$ {what}");
    let mut child = command
        .stdin(Stdio::null())
        .spawn()
        .map_err(|err| format!("could not start {what}: {err}"))?;
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("{what} failed ({status})")),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{what} took longer than {}s", timeout.as_secs()));
            }
            Ok(None) => thread::sleep(Duration::from_millis(100)),
            Err(err) => return Err(format!("could not wait for {what}: {err}")),
        }
    }
}

/// Whether `program args` starts and exits 0.
fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// npm's launcher (a `.cmd` script on Windows).
fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

/// The workspace root: the parent of this package's directory.
fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_owned()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR`, else `target/` at the root.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}
