//! Debian's headless Chromium for the dashboard's browser tests: found or skipped, run with a
//! fresh profile and a hard timeout.
// Helpers outside #[test] fns: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's `chromium` package puts the browser.
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long one Chromium run may take before it is killed.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The browser, or `None` after printing why the test is skipped. With
/// `TIMEKIT_REQUIRE_BROWSER=1` (CI, once it installed Chromium) a missing browser fails.
pub fn chromium() -> Option<PathBuf> {
    let path = Path::new(CHROMIUM);
    if path.is_file() {
        return Some(path.to_owned());
    }
    if std::env::var("TIMEKIT_REQUIRE_BROWSER").is_ok_and(|value| value == "1") {
        panic!("TIMEKIT_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)");
    }
    eprintln!("skipped: chromium not installed (apt-get install chromium)");
    None
}

/// A fresh, empty directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "timekit-{tag}-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs headless Chromium on `url` with `extra` arguments (`--dump-dom`, `--screenshot=…`)
/// and a profile in `profile`; returns its standard output. Blocking: call it from
/// `spawn_blocking` so the emulator keeps serving.
pub fn run(browser: &Path, profile: &Path, extra: &[String], url: &str) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {}: {err}", browser.display()));
    // Read its output on a thread so a full pipe never stalls it while we wait.
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took longer than {}s on {url}", TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "chromium failed ({status}) on {url}");
    reader.join().unwrap()
}
