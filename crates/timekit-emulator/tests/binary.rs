//! The `timekit-emulator` binary: starts, prints the listening line, serves, stops on Ctrl-C,
//! and refuses bad arguments with exit code 2.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use http::Method;

const BINARY: &str = env!("CARGO_BIN_EXE_timekit-emulator");

/// Reads stdout lines until the listening line; returns (base URL, lines before it).
fn wait_for_listening(child: &mut Child) -> (String, Vec<String>) {
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut before = Vec::new();
    loop {
        let line = lines
            .next()
            .expect("binary exited before listening")
            .unwrap();
        if let Some(url) = line.strip_prefix("listening on ") {
            return (url.to_owned(), before);
        }
        before.push(line);
    }
}

fn spawn(args: &[&str], env_key: Option<&str>) -> Child {
    let mut command = Command::new(BINARY);
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.env_remove("TIMEKIT_API_KEY");
    if let Some(key) = env_key {
        command.env("TIMEKIT_API_KEY", key);
    }
    command.spawn().unwrap()
}

#[cfg(unix)]
fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("binary did not stop in time");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[tokio::test]
async fn starts_prints_the_listening_line_serves_and_stops_on_ctrl_c() {
    let mut child = spawn(
        &["--addr", "127.0.0.1:0", "--api-key", "test_api_key_binary"],
        None,
    );
    let (base, before) = wait_for_listening(&mut child);
    assert!(before.is_empty(), "a given key is not printed: {before:?}");
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/v2"),
        "{base}"
    );
    let api = Api::for_url(&base, "test_api_key_binary");
    let app = api.get("/app").await.expect(200);
    assert_eq!(app.header("timekit-testmode"), Some("true"));
    let resource = api.resource("Over TCP").await;
    api.get(&format!("/resources/{resource}")).await.expect(200);
    api.send(Method::GET, "/app", None, Some(&basic("wrong")))
        .await
        .expect(401);
    interrupt(&child);
    let status = wait_with_timeout(&mut child, Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
}

#[cfg(unix)]
#[tokio::test]
async fn without_a_key_it_generates_and_prints_one_and_reads_the_environment() {
    let mut child = spawn(&["--addr=127.0.0.1:0"], None);
    let (base, before) = wait_for_listening(&mut child);
    let key = before
        .iter()
        .find_map(|line| line.strip_prefix("generated API key: "))
        .unwrap()
        .to_owned();
    assert!(key.starts_with("test_api_key_") && key.len() == 45, "{key}");
    Api::for_url(&base, &key).get("/app").await.expect(200);
    interrupt(&child);
    assert!(wait_with_timeout(&mut child, Duration::from_secs(10)).success());

    let mut child = spawn(&["--addr", "127.0.0.1:0"], Some("live_api_key_from_env"));
    let (base, before) = wait_for_listening(&mut child);
    assert!(before.is_empty());
    let app = Api::for_url(&base, "live_api_key_from_env")
        .get("/app")
        .await
        .expect(200);
    assert_eq!(app.header("timekit-testmode"), None);
    interrupt(&child);
    assert!(wait_with_timeout(&mut child, Duration::from_secs(10)).success());
}

#[test]
fn bad_arguments_exit_with_code_2_and_usage() {
    for args in [
        &["--port", "1"][..],
        &["--addr"],
        &["--addr", "not-an-address"],
        &["stray"],
    ] {
        let output = Command::new(BINARY).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("error:") && stderr.contains("Usage: timekit-emulator"),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    let help = Command::new(BINARY).arg("--help").output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--api-key"));
}

#[test]
fn an_address_in_use_is_a_clean_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = Command::new(BINARY)
        .args(["--addr", &addr])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot listen on"));
}

/// An empty directory for one test's state file, and the file's path in it.
fn state_dir(test: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("timekit-state-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.db");
    (dir, file)
}

/// The binary's arguments for a run on `file` with `key`, on a free port.
fn state_args(key: &str, file: &std::path::Path) -> Vec<String> {
    ["--addr", "127.0.0.1:0", "--api-key", key, "--state"]
        .map(str::to_owned)
        .into_iter()
        .chain([file.to_string_lossy().into_owned()])
        .collect()
}

/// Names of the resources the emulator at `base` lists.
async fn resource_names(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = api
        .get("/resources")
        .await
        .expect(200)
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|resource| resource["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// Everything the binary wrote to stderr, once it has stopped.
fn stderr_of(mut child: Child) -> String {
    use std::io::Read as _;
    let _ = child.wait();
    let mut text = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[cfg(unix)]
#[tokio::test]
async fn acknowledged_writes_survive_kill_9_and_a_torn_last_write_is_dropped_with_a_line() {
    let (dir, file) = state_dir("kill");
    let key = "test_api_key_kill";
    let args = state_args(key, &file);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = |child: &mut Child| {
        let (base, _) = wait_for_listening(child);
        Api::for_url(&base, key)
    };

    let mut child = spawn(&args, None);
    let api = run(&mut child);
    for name in ["First", "Second", "Third"] {
        api.resource(name).await;
    }
    child.kill().unwrap(); // SIGKILL: no shutdown, no checkpoint.
    let _ = stderr_of(child);

    let mut child = spawn(&args, None);
    let api = run(&mut child);
    assert_eq!(resource_names(&api).await, ["First", "Second", "Third"]);
    api.resource("Fourth").await;
    child.kill().unwrap();
    let stderr = stderr_of(child);
    assert!(
        stderr.contains("recovered after an unclean stop; all 4 writes kept"),
        "{stderr}"
    );

    // The last write torn: its log frames cut short, as a crash mid-write leaves them.
    let wal = dir.join("state.db-wal");
    let length = std::fs::metadata(&wal).unwrap().len();
    assert!(length > 100, "the killed run left its log: {length} bytes");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&wal)
        .unwrap()
        .set_len(length - 100)
        .unwrap();

    let mut child = spawn(&args, None);
    let api = run(&mut child);
    assert_eq!(resource_names(&api).await, ["First", "Second", "Third"]);
    interrupt(&child);
    let stderr = stderr_of(child);
    assert!(
        stderr.contains("recovered to its last complete write (4 writes kept); dropped"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Like [`spawn`], under a file size limit of `kib` KiB: writes beyond it fail (`EFBIG`, with
/// SIGXFSZ ignored so the process is not killed), as on a full disk.
#[cfg(target_os = "linux")]
fn spawn_with_file_limit(args: &[&str], kib: u64) -> Child {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"",
            kib * 2
        ))
        .arg(BINARY)
        .args(args)
        .env_remove("TIMEKIT_API_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_write_the_disk_cannot_take_is_refused_and_nothing_acknowledged_is_lost() {
    let (dir, file) = state_dir("full");
    let key = "test_api_key_full";
    let args = state_args(key, &file);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let mut child = spawn_with_file_limit(&args, 512);
    let (base, _) = wait_for_listening(&mut child);
    let api = Api::for_url(&base, key);
    let mut acknowledged = Vec::new();
    let refused = loop {
        assert!(
            acknowledged.len() < 2_000,
            "the file limit was never reached"
        );
        let name = format!("Room {:04}", acknowledged.len());
        let answer = api
            .post(
                "/resources",
                serde_json::json!({"name": name, "timezone": "UTC"}),
            )
            .await;
        if !answer.status.is_success() {
            break answer;
        }
        acknowledged.push(name);
    };
    assert!(acknowledged.len() > 5, "{acknowledged:?}");
    let refused = refused.expect(503).json();
    assert!(
        refused["error"].as_str().unwrap().contains("state file"),
        "{refused}"
    );
    api.get("/resources").await.expect(503);
    let control = Api::for_url(&base.replace("/v2", ""), key);
    control
        .send(Method::GET, "/__emulator/clock", None, None)
        .await
        .expect(200);
    interrupt(&child);
    let stderr = stderr_of(child);
    assert!(
        stderr.contains("refuses requests until restarted"),
        "{stderr}"
    );

    let mut child = spawn(&args, None);
    let (base, _) = wait_for_listening(&mut child);
    let api = Api::for_url(&base, key);
    assert_eq!(
        resource_names(&api).await,
        acknowledged,
        "every acknowledged write, no other"
    );
    interrupt(&child);
    let _ = stderr_of(child);
    let _ = std::fs::remove_dir_all(dir);
}
