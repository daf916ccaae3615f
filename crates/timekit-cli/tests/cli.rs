//! The `timekit` binary end to end: against its own `--emulator`, and against an emulator
//! started here (so that multi-step stories share state), over loopback only.

// Helpers outside #[test] functions are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use timekit_emulator::{Emulator, EmulatorHandle};

/// An emulator running on its own runtime while the test thread waits for the binary.
struct Server {
    runtime: tokio::runtime::Runtime,
    emulator: Option<EmulatorHandle>,
}

impl Server {
    fn start() -> Self {
        Self::start_with(Emulator::builder())
    }

    fn start_with(builder: timekit_emulator::EmulatorBuilder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime.block_on(builder.start()).unwrap();
        Server {
            runtime,
            emulator: Some(emulator),
        }
    }

    fn emulator(&self) -> &EmulatorHandle {
        self.emulator.as_ref().unwrap()
    }

    /// Runs the binary against this server with the right key.
    fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let emulator = self.emulator();
        let mut all = vec![
            "--base-url",
            emulator.base_url(),
            "--api-key",
            emulator.api_key(),
        ];
        all.extend_from_slice(args);
        timekit(&all, stdin, &[])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            self.runtime.block_on(emulator.shutdown());
        }
    }
}

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|err| panic!("stdout is not JSON ({err}): {self:?}"))
    }

    fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, 0, "{self:?}");
        self
    }
}

/// Runs the binary with no Timekit variables from the caller's environment.
fn timekit(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_timekit"));
    command
        .args(args)
        .env_remove("TIMEKIT_API_KEY")
        .env_remove("TIMEKIT_BASE_URL")
        .env_remove("TIMEKIT_APP")
        .env_remove("TIMEKIT_RESOURCE_EMAIL")
        .env_remove("TIMEKIT_RESOURCE_TOKEN")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A file in a fresh per-test directory.
fn write_file(test: &str, name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("timekit-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn booking_body(resource_id: &str, day: u32) -> Value {
    json!({
        "resource_id": resource_id,
        "graph": "confirm_decline",
        "start": format!("2030-03-{day:02}T10:00:00+00:00"),
        "end": format!("2030-03-{day:02}T11:00:00+00:00"),
        "what": "Consultation",
        "where": "Room 2",
        "description": "First visit",
        "customer": {"name": "Jane Roe", "email": "jane@example.com", "timezone": "Europe/Berlin"},
    })
}

#[test]
fn app_get_against_the_embedded_emulator_prints_compact_data() {
    let run = timekit(&["--emulator", "app", "get"], None, &[]);
    run.assert_ok();
    let app = run.json();
    assert!(app["id"].is_string(), "{app}");
    assert!(app["slug"].is_string(), "{app}");
    assert!(app.get("data").is_none(), "data should be unwrapped: {app}");
    // Piped stdout: one compact line.
    assert_eq!(run.stdout.trim_end().lines().count(), 1, "{}", run.stdout);
}

#[test]
fn raw_prints_the_whole_envelope() {
    let run = timekit(&["--emulator", "--raw", "app", "get"], None, &[]);
    run.assert_ok();
    assert!(run.json()["data"]["slug"].is_string(), "{}", run.stdout);
}

#[test]
fn resources_create_then_list_then_get() {
    let server = Server::start();
    let body = write_file(
        "create",
        "resource.json",
        r#"{"name": "Room 1", "timezone": "Europe/Berlin"}"#,
    );
    let created = server.run(&["resources", "create", "--body", body.to_str().unwrap()]);
    created.assert_ok();
    let resource = created.json();
    assert_eq!(resource["name"], "Room 1");
    let id = resource["id"].as_str().unwrap().to_owned();

    let listed = server.run(&["resources", "list"]);
    listed.assert_ok();
    let listed = listed.json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&id.as_str()), "{ids:?}");

    let fetched = server.run(&["resources", "get", &id]);
    fetched.assert_ok();
    assert_eq!(fetched.json()["timezone"], "Europe/Berlin");
}

#[test]
fn resource_update_and_delete_print_nothing_and_succeed() {
    let server = Server::start();
    let id = server.emulator().seed_resource("Anna", "UTC").unwrap();
    let updated = server.run_with_stdin(
        &["resources", "update", &id, "--body", "-"],
        Some(r#"{"name": "Anna B"}"#),
    );
    updated.assert_ok();
    assert_eq!(updated.stdout, "");
    assert_eq!(
        server.run(&["resources", "get", &id]).json()["name"],
        "Anna B"
    );
    server.run(&["resources", "delete", &id]).assert_ok();
    assert_eq!(server.run(&["resources", "get", &id]).code, 4);
}

#[test]
fn bookings_story_with_stdin_bodies() {
    let server = Server::start();
    let resource = server
        .emulator()
        .seed_resource("Room 2", "Europe/Berlin")
        .unwrap();
    let created = server.run_with_stdin(
        &["bookings", "create", "--body", "-"],
        Some(&booking_body(&resource, 4).to_string()),
    );
    created.assert_ok();
    let booking = created.json();
    assert_eq!(booking["state"], "tentative");
    let id = booking["id"].as_str().unwrap().to_owned();

    let meta = server.run_with_stdin(
        &["bookings", "meta", &id, "--body", "-"],
        Some(r#"{"meta": {"order_ref": "A-17"}}"#),
    );
    meta.assert_ok();
    assert_eq!(meta.json()["meta"]["order_ref"], "A-17");

    let confirmed = server.run(&["bookings", "action", &id, "confirm"]);
    confirmed.assert_ok();
    assert_eq!(confirmed.json()["state"], "confirmed");

    // Not in a final state: the server refuses, exit 4 with status and message.
    let refused = server.run(&["bookings", "delete", &id]);
    assert_eq!(refused.code, 4, "{refused:?}");
    assert!(
        refused.stderr.contains("TIMEKIT:UNKNOWN"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("HTTP 422"), "{}", refused.stderr);
    assert_eq!(
        refused.stderr.trim_end().lines().count(),
        1,
        "{}",
        refused.stderr
    );

    let cancel = write_file("story", "cancel.json", r#"{"cancel": {"message": "ill"}}"#);
    let cancelled = server.run(&[
        "bookings",
        "action",
        &id,
        "cancel",
        "--body",
        cancel.to_str().unwrap(),
    ]);
    cancelled.assert_ok();
    assert_eq!(cancelled.json()["completed"], true);
    let deleted = server.run(&["bookings", "delete", &id]);
    deleted.assert_ok();
    assert_eq!(deleted.stdout, "");
    assert_eq!(server.emulator().booking_count(), 0);
}

#[test]
fn list_all_pages_through_every_page() {
    let server = Server::start();
    let mut seeded: Vec<String> = (0..7)
        .map(|n| {
            server
                .emulator()
                .seed_resource(&format!("Resource {n}"), "UTC")
                .unwrap()
        })
        .collect();
    seeded.sort();

    let one_page = server.run(&["resources", "list", "--limit", "3"]);
    one_page.assert_ok();
    assert_eq!(one_page.json().as_array().unwrap().len(), 3);

    let all = server.run(&["resources", "list", "--limit", "3", "--all"]);
    all.assert_ok();
    let mut ids: Vec<String> = all
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, seeded);
    // stderr is not a terminal here, so no progress bar is drawn.
    assert_eq!(all.stderr, "");
    assert_eq!(server.emulator().request_count("GET", "/resources"), 4);
}

#[test]
fn list_all_with_raw_keeps_each_page() {
    let server = Server::start();
    for n in 0..5 {
        server
            .emulator()
            .seed_resource(&format!("R{n}"), "UTC")
            .unwrap();
    }
    let pages = server
        .run(&["--raw", "resources", "list", "--limit", "2", "--all"])
        .assert_ok()
        .json();
    let pages = pages.as_array().unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2]["data"].as_array().unwrap().len(), 1);
    assert!(pages[2]["next_page_url"].is_null());
}

#[test]
fn bookings_list_filters_by_search() {
    let server = Server::start();
    let resource = server.emulator().seed_resource("Room", "UTC").unwrap();
    for day in [4, 5] {
        server
            .run_with_stdin(
                &["bookings", "create", "--body", "-"],
                Some(&booking_body(&resource, day).to_string()),
            )
            .assert_ok();
    }
    let mut instant = booking_body(&resource, 6);
    instant["graph"] = json!("instant");
    server
        .run_with_stdin(
            &["bookings", "create", "--body", "-"],
            Some(&instant.to_string()),
        )
        .assert_ok();

    let listed = server.run(&[
        "bookings",
        "list",
        "--search",
        "graph:instant",
        "--order-by",
        "created_at",
        "--sorted-by",
        "asc",
    ]);
    let bookings = listed.assert_ok().json();
    let graphs: Vec<&str> = bookings
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["graph"].as_str().unwrap())
        .collect();
    assert_eq!(graphs, ["instant"]);
}

#[test]
fn availability_query_reads_its_body() {
    let server = Server::start();
    let resource = server.emulator().seed_resource("Room", "UTC").unwrap();
    let body = json!({
        "mode": "roundrobin_random", "resources": [resource],
        "from": "2030-03-04T09:00:00+00:00", "to": "2030-03-04T12:00:00+00:00", "length": "1 hour",
    });
    let slots = server
        .run_with_stdin(
            &["availability", "query", "--body", "-"],
            Some(&body.to_string()),
        )
        .assert_ok()
        .json();
    let starts: Vec<&str> = slots
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts.len(), 3, "{slots}");
}

#[test]
fn a_wrong_key_exits_3_and_never_shows_the_key() {
    let server = Server::start();
    let secret = "test_api_key_wrong_but_secret_4711";
    for run in [
        timekit(
            &[
                "--base-url",
                server.emulator().base_url(),
                "--api-key",
                secret,
                "app",
                "get",
            ],
            None,
            &[],
        ),
        timekit(
            &[
                "--base-url",
                server.emulator().base_url(),
                "resources",
                "list",
                "--all",
            ],
            None,
            &[("TIMEKIT_API_KEY", secret)],
        ),
    ] {
        assert_eq!(run.code, 3, "{run:?}");
        assert!(
            run.stderr.contains("TIMEKIT:INCORRECT_CREDENTIALS"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("(request id "), "{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert!(
            !run.stderr.contains(secret) && !run.stdout.contains(secret),
            "{run:?}"
        );
    }
}

#[test]
fn help_never_shows_the_key_from_the_environment() {
    let secret = "test_api_key_do_not_print_me";
    let run = timekit(&["--help"], None, &[("TIMEKIT_API_KEY", secret)]);
    run.assert_ok();
    assert!(run.stdout.contains("TIMEKIT_API_KEY"), "{}", run.stdout);
    assert!(!run.stdout.contains(secret), "{}", run.stdout);
}

#[test]
fn invalid_json_body_exits_2_naming_the_file() {
    let path = write_file("badjson", "broken-booking.json", "{\"resource_id\": ");
    let run = timekit(
        &[
            "--emulator",
            "bookings",
            "create",
            "--body",
            path.to_str().unwrap(),
        ],
        None,
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("broken-booking.json"), "{}", run.stderr);
    assert!(run.stderr.contains("invalid JSON"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn invalid_json_on_stdin_and_non_object_bodies_exit_2() {
    let run = timekit(
        &["--emulator", "availability", "query", "--body", "-"],
        Some("not json"),
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("standard input"), "{}", run.stderr);

    let run = timekit(
        &["--emulator", "bookings", "bulk-create", "--body", "-"],
        Some("[1, 2]"),
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("JSON object"), "{}", run.stderr);
}

#[test]
fn a_missing_body_file_exits_2() {
    let run = timekit(
        &[
            "--emulator",
            "resources",
            "create",
            "--body",
            "/nonexistent/timekit-r.json",
        ],
        None,
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("/nonexistent/timekit-r.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(timekit(&["bookings", "frobnicate"], None, &[]).code, 2);
    assert_eq!(
        timekit(&["bookings", "list", "--start", "next tuesday"], None, &[]).code,
        2
    );
    let no_key = timekit(&["app", "get"], None, &[]);
    assert_eq!(no_key.code, 2, "{no_key:?}");
    assert!(
        no_key.stderr.contains("TIMEKIT_API_KEY"),
        "{}",
        no_key.stderr
    );
}

#[test]
fn an_unknown_booking_exits_4_with_status_and_message() {
    let run = timekit(
        &[
            "--emulator",
            "bookings",
            "get",
            "00000000-0000-4000-8000-000000000000",
        ],
        None,
        &[],
    );
    assert_eq!(run.code, 4, "{run:?}");
    assert!(
        run.stderr.contains("TIMEKIT:UNKNOWN: HTTP 404"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    // The answer's Timekit-Request-Id is what support asks for: it must reach the user.
    let request_id = run
        .stderr
        .split("(request id ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("no request id in {}", run.stderr));
    assert!(!request_id.trim().is_empty(), "{}", run.stderr);
}

#[test]
fn an_unreachable_server_exits_5() {
    // Port 1 (tcpmux) on loopback: nothing listens there, so the connection is refused.
    // (A port freed by dropping a listener could be taken by a parallel test's emulator.)
    let url = "http://127.0.0.1:1/v2";
    let run = timekit(
        &[
            "--base-url",
            url,
            "--api-key",
            "test_api_key_x",
            "app",
            "get",
        ],
        None,
        &[],
    );
    assert_eq!(run.code, 5, "{run:?}");
    assert!(run.stderr.contains("transport error"), "{}", run.stderr);
}

#[test]
fn invite_by_email_flag_or_body() {
    let server = Server::start_with(Emulator::builder().invite_directory(["jane@example.com"]));
    let invited = server.run(&["app", "invite", "--email", "jane@example.com"]);
    invited.assert_ok();
    assert_eq!(
        server
            .run(&["resources", "list"])
            .assert_ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let unknown = server.run_with_stdin(
        &["app", "invite", "--body", "-"],
        Some(r#"{"email": "nobody@example.com"}"#),
    );
    assert_eq!(unknown.code, 4, "{unknown:?}");
    assert!(unknown.stderr.contains("HTTP 404"), "{}", unknown.stderr);
}

/// How [`ScriptedServer`] ends each connection after its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// Shut down the write side, then close: every byte of the answer arrives.
    Graceful,
    /// Close at once with a reset (`SO_LINGER` 0), whatever the client is still sending, as
    /// servers do that stop reading an oversized body.
    Reset,
}

/// A server for answers the emulator never gives: for every connection it reads the request
/// head, writes `answer` as given (possibly nothing) and closes. Its sockets have a small
/// receive buffer, so a large request body cannot be written before it is read.
struct ScriptedServer {
    /// The server runs on it until the test drops it.
    _runtime: tokio::runtime::Runtime,
    base_url: String,
}

impl ScriptedServer {
    fn start(answer: Vec<u8>, close: Close) -> Self {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.set_recv_buffer_size(4096).unwrap();
            socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
            socket.listen(16).unwrap()
        });
        let base_url = format!("http://{}/v2", listener.local_addr().unwrap());
        runtime.spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let answer = answer.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => head.extend_from_slice(&buffer[..read]),
                        }
                    }
                    let _ = stream.write_all(&answer).await;
                    match close {
                        Close::Graceful => {
                            let _ = stream.shutdown().await;
                        }
                        Close::Reset => {
                            let _ = stream.set_zero_linger();
                        }
                    }
                });
            }
        });
        ScriptedServer {
            _runtime: runtime,
            base_url,
        }
    }

    /// Runs the binary against this server (any key will do).
    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec![
            "--base-url",
            self.base_url.as_str(),
            "--api-key",
            "test_api_key_scripted",
        ];
        all.extend_from_slice(args);
        timekit(&all, None, &[])
    }
}

/// A complete HTTP/1.1 answer with `Connection: close`.
fn http_answer(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Timekit-Request-Id: scripted-1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Whether `text` holds a control character other than newline (what may reach a terminal).
fn has_control_codes(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn a_2xx_answer_that_is_not_json_is_an_error_unless_raw_is_asked() {
    let html = "<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>";
    let server = ScriptedServer::start(
        http_answer("200 OK", "text/html; charset=utf-8", html),
        Close::Graceful,
    );
    let run = server.run(&["app", "get"]);
    assert_eq!(run.code, 4, "{run:?}");
    assert_eq!(run.stdout, "");
    for part in [
        "HTTP 200",
        "not JSON",
        "Content-Type text/html",
        "--raw",
        "<!DOCTYPE html>",
        "(request id scripted-1)",
    ] {
        assert!(run.stderr.contains(part), "{part}: {}", run.stderr);
    }
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);

    let raw = server.run(&["--raw", "app", "get"]);
    raw.assert_ok();
    assert_eq!(raw.stdout, format!("{html}\n"));
}

#[test]
fn control_characters_from_the_server_are_escaped_before_printing() {
    // In an error message: a title change, a bell and a screen wipe.
    let server = ScriptedServer::start(
        http_answer(
            "422 Unprocessable Entity",
            "application/json",
            r#"{"error": "\u001b]0;pwned\u0007\u001b[2Jcleared \u009b31m"}"#,
        ),
        Close::Graceful,
    );
    let run = server.run(&["app", "get"]);
    assert_eq!(run.code, 4, "{run:?}");
    assert!(!has_control_codes(&run.stderr), "{:?}", run.stderr);
    assert!(
        run.stderr
            .contains(r"\u001b]0;pwned\u0007\u001b[2Jcleared \u009b31m"),
        "{}",
        run.stderr
    );

    // In a printed body: serde_json escapes C0 in strings itself, but not DEL and C1 (U+009B
    // is CSI, ESC [ to many terminals).
    let body = "{\"data\": {\"name\": \"\\u001b[31mRoom\\u0007 \u{9b}2J\u{7f}\"}}";
    let server = ScriptedServer::start(
        http_answer("200 OK", "application/json", body),
        Close::Graceful,
    );
    for args in [&["app", "get"][..], &["--raw", "app", "get"]] {
        let run = server.run(args);
        run.assert_ok();
        assert!(!has_control_codes(&run.stdout), "{:?}", run.stdout);
        let printed = run.json();
        let name = printed
            .pointer("/name")
            .or_else(|| printed.pointer("/data/name"))
            .unwrap();
        assert_eq!(name, "\u{1b}[31mRoom\u{7} \u{9b}2J\u{7f}", "{args:?}");
    }

    // In text that is not JSON, printed because --raw asked for it.
    let server = ScriptedServer::start(
        http_answer(
            "200 OK",
            "text/plain",
            "red \u{1b}[31m bell \u{7}\nnext line\n",
        ),
        Close::Graceful,
    );
    let run = server.run(&["--raw", "app", "get"]);
    run.assert_ok();
    assert_eq!(
        run.stdout, "red \\u001b[31m bell \\u0007\nnext line\n\n",
        "{run:?}"
    );
}

/// A `resources create` body of exactly `chars` characters (two bytes each).
fn resource_body(chars: usize) -> String {
    let frame = r#"{"name":"","timezone":"UTC"}"#.len();
    let body = json!({"name": "é".repeat(chars - frame), "timezone": "UTC"}).to_string();
    assert_eq!(body.chars().count(), chars);
    body
}

#[test]
fn a_body_over_64000_characters_is_refused_before_sending() {
    let server = Server::start();
    for chars in [64_001, 5_000_000] {
        let path = write_file("too-large", "resource.json", &resource_body(chars));
        let run = server.run(&["resources", "create", "--body", path.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr
                .contains(&format!("the request body is {chars} characters")),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("Timekit accepts at most 64000"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("not sent"), "{}", run.stderr);
        assert_eq!(server.emulator().request_count("POST", "/resources"), 0);
    }
    // At the limit it goes out, and the emulator takes it.
    let path = write_file("at-limit", "resource.json", &resource_body(64_000));
    server
        .run(&["resources", "create", "--body", path.to_str().unwrap()])
        .assert_ok();
    assert_eq!(server.emulator().resource_count(), 1);
}

#[test]
fn a_server_refusing_the_body_early_is_reported_as_a_refused_size() {
    // Under Timekit's limit, so it is sent; the servers here refuse it after the head.
    let path = write_file("early-413", "resource.json", &resource_body(60_000));
    let path = path.to_str().unwrap();
    // A 413 that hyper reads before its write fails is reported as the answer it is (hyper
    // reads while it writes; whether the answer or the failed write comes first is a race).
    let answering = ScriptedServer::start(
        http_answer(
            "413 Payload Too Large",
            "application/json",
            r#"{"error": "The request body may not be longer than 1000 characters."}"#,
        ),
        Close::Reset,
    );
    let run = answering.run(&["resources", "create", "--body", path]);
    assert!(run.code == 4 || run.code == 5, "{run:?}");
    assert!(run.stderr.contains("413"), "{}", run.stderr);
    // When the connection breaks before hyper reads an answer (the emulator's early 413
    // often ends this way: "Broken pipe"), the failure says what most likely happened.
    let resetting = ScriptedServer::start(Vec::new(), Close::Reset);
    let run = resetting.run(&["resources", "create", "--body", path]);
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        run.stderr
            .contains("the server closed the connection while the 60000-character request body"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("413 Payload Too Large"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_base_url_with_port_0_is_refused() {
    let run = timekit(
        &[
            "--base-url",
            "http://127.0.0.1:0/v2",
            "--api-key",
            "test_api_key_x",
            "app",
            "get",
        ],
        None,
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("port 0"), "{}", run.stderr);
    assert!(run.stderr.contains("1 to 65535"), "{}", run.stderr);
}

/// A project of `resources` with instant bookings of 30 minutes (the booking.js defaults).
fn project_body(name: &str, resources: &[&str]) -> Value {
    json!({
        "name": name,
        "resources": resources,
        "availability": {"mode": "roundrobin_random", "length": "30 minutes"},
        "booking": {"graph": "instant", "what": "Haircut", "where": "Main St", "description": ""},
    })
}

/// Runs the command with `body` on standard input and returns the printed JSON.
fn run_json(server: &Server, args: &[&str], body: &Value) -> Value {
    server
        .run_with_stdin(args, Some(&body.to_string()))
        .assert_ok()
        .json()
}

#[test]
fn projects_create_get_hosted_and_resources() {
    let server = Server::start();
    let anna = server.emulator().seed_resource("Anna", "UTC").unwrap();
    let ben = server.emulator().seed_resource("Ben", "UTC").unwrap();
    let project = run_json(
        &server,
        &["projects", "create", "--body", "-"],
        &project_body("Haircuts", &[&anna]),
    );
    assert_eq!(project["name"], "Haircuts");
    let id = project["id"].as_str().unwrap().to_owned();

    let fetched = server.run(&["projects", "get", &id]).assert_ok().json();
    assert_eq!(fetched["id"], id.as_str());
    // The slug defaults to one made from the name.
    let slug = fetched["slug"].as_str().unwrap();
    let hosted = server.run(&["projects", "hosted", slug]).assert_ok().json();
    assert_eq!(hosted["id"], id.as_str());
    assert!(hosted["app_key"].is_string(), "{hosted}");
    let embedded = server.run(&["projects", "embed", &id]).assert_ok().json();
    assert_eq!(embedded["id"], id.as_str());

    // replace sends the bare array and prints nothing; list shows full resources.
    let replaced = server.run(&["projects", "resources", "replace", &id, &anna, &ben]);
    replaced.assert_ok();
    let mut names: Vec<String> = server
        .run(&["projects", "resources", "list", &id])
        .assert_ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Anna", "Ben"]);

    server
        .run(&["projects", "resources", "remove", &id, &anna])
        .assert_ok();
    let left = server
        .run(&["projects", "resources", "list", &id])
        .assert_ok()
        .json();
    assert_eq!(left.as_array().unwrap().len(), 1, "{left}");
    assert_eq!(left[0]["id"], ben.as_str());

    server
        .run(&["projects", "resources", "replace", &id, "--clear"])
        .assert_ok();
    let none = server
        .run(&["projects", "resources", "list", &id])
        .assert_ok()
        .json();
    assert_eq!(none, json!([]));

    let deleted = server.run(&["projects", "delete", &id]);
    deleted.assert_ok();
    assert_eq!(deleted.stdout, "");
    let gone = server.run(&["projects", "get", &id]);
    assert_eq!(gone.code, 4, "{gone:?}");
    assert!(gone.stderr.contains("HTTP 404"), "{}", gone.stderr);
}

#[test]
fn projects_list_by_location_and_service() {
    let server = Server::start();
    let anna = server.emulator().seed_resource("Anna", "UTC").unwrap();
    let project = run_json(
        &server,
        &["projects", "create", "--body", "-"],
        &project_body("Haircuts", &[&anna]),
    );
    let project_id = project["id"].as_str().unwrap();
    run_json(
        &server,
        &["projects", "create", "--body", "-"],
        &project_body("Elsewhere", &[&anna]),
    );
    let location = run_json(
        &server,
        &["locations", "create", "--body", "-"],
        &json!({"name": "Main St", "latitude": 55.68, "longitude": 12.57, "projects": [project_id]}),
    );
    let location_id = location["id"].as_str().unwrap();

    let listed = server
        .run(&["projects", "list", "--location", location_id, "--all"])
        .assert_ok()
        .json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [project_id]);

    // 2 km around a point 1 km away finds it; 2 km around Aarhus does not.
    let near = server
        .run(&["locations", "list", "--near", "55.689,12.57,2"])
        .assert_ok()
        .json();
    assert_eq!(near.as_array().unwrap().len(), 1, "{near}");
    let far = server
        .run(&["locations", "list", "--near", "56.15,10.21,2"])
        .assert_ok()
        .json();
    assert_eq!(far, json!([]));

    let service = run_json(
        &server,
        &["services", "create", "--body", "-"],
        &json!({"name": "Beard trim", "locations": [location_id]}),
    );
    let service_id = service["id"].as_str().unwrap();
    let fetched = server
        .run(&["services", "get", service_id, "--include", "locations"])
        .assert_ok()
        .json();
    assert_eq!(fetched["locations"][0]["id"], location_id);
    let hidden = server
        .run(&[
            "projects",
            "list",
            "--location",
            location_id,
            "--service",
            service_id,
        ])
        .assert_ok()
        .json();
    assert_eq!(hidden.as_array().unwrap().len(), 1, "{hidden}");
}

#[test]
fn reserve_extend_then_book_the_reservation() {
    let server = Server::start();
    let anna = server.emulator().seed_resource("Anna", "UTC").unwrap();
    let reserve = json!({
        "resource_id": anna, "reservation_time": 300,
        "start": "2030-03-05T10:00:00+00:00", "end": "2030-03-05T10:30:00+00:00",
        "what": "Haircut", "where": "Main St", "description": "",
        "customer": {"name": "Jane Roe", "email": "jane@example.com"},
    });
    let reservation = run_json(&server, &["bookings", "reserve", "--body", "-"], &reserve);
    assert_eq!(reservation["graph"], "reservation");
    assert_eq!(reservation["state"], "reserved");
    let id = reservation["id"].as_str().unwrap().to_owned();

    // The slot is held: a second reservation is refused.
    let again = server.run_with_stdin(
        &["bookings", "reserve", "--body", "-"],
        Some(&reserve.to_string()),
    );
    assert_eq!(again.code, 4, "{again:?}");
    assert!(again.stderr.contains("HTTP 422"), "{}", again.stderr);

    let extended = server
        .run(&["bookings", "extend", &id, "--seconds", "600"])
        .assert_ok()
        .json();
    assert_eq!(extended["id"], id.as_str());
    assert_eq!(extended["state"], "reserved");

    let mut book = reserve.clone();
    book["graph"] = json!("instant");
    book["reservation_id"] = json!(id);
    book.as_object_mut().unwrap().remove("reservation_time");
    let booking = run_json(&server, &["bookings", "create", "--body", "-"], &book);
    assert_eq!(booking["state"], "confirmed");
    let booking_id = booking["id"].as_str().unwrap().to_owned();

    let moved = run_json(
        &server,
        &["bookings", "reschedule", &booking_id, "--body", "-"],
        &json!({"resource_id": anna, "start": "2030-03-06T14:00:00+00:00",
                "end": "2030-03-06T14:30:00+00:00", "message": "Can't make Tuesday"}),
    );
    assert_eq!(moved["state"], "confirmed");
    let old = server
        .run(&["bookings", "get", &booking_id])
        .assert_ok()
        .json();
    assert_eq!(old["state"], "rescheduled_by_customer");
}

#[test]
fn group_slots_list_with_all_and_one_by_id() {
    let server = Server::start();
    let anna = server.emulator().seed_resource("Anna", "UTC").unwrap();
    let mut owners = Vec::new();
    for day in [4, 5, 6] {
        let class = json!({
            "graph": "group_owner", "resource_id": anna,
            "start": format!("2030-03-{day:02}T18:00:00+00:00"),
            "end": format!("2030-03-{day:02}T19:00:00+00:00"),
            "what": "Yoga", "where": "Hall", "description": "",
            "settings": {"max_seats": 2},
        });
        let owner = run_json(&server, &["bookings", "create", "--body", "-"], &class);
        owners.push(owner["id"].as_str().unwrap().to_owned());
    }
    let listed = server
        .run(&["bookings", "groups", "--limit", "2", "--all"])
        .assert_ok()
        .json();
    let mut ids: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    owners.sort();
    assert_eq!(ids, owners);

    let one = server
        .run(&["bookings", "group", &owners[0]])
        .assert_ok()
        .json();
    assert_eq!(one["graph"], "group_owner");
    assert_eq!(one["resource"]["id"], anna.as_str());
}

#[test]
fn availability_variants_read_their_bodies() {
    let server = Server::start();
    let anna = server.emulator().seed_resource("Anna", "UTC").unwrap();
    // Tuesday 2030-03-05, 09:00-12:00 in 1-hour slots: 3 slots on one date.
    let body = json!({
        "mode": "roundrobin_random", "resources": [anna],
        "from": "2030-03-05T09:00:00+00:00", "to": "2030-03-05T12:00:00+00:00",
        "length": "1 hour",
    });
    let count = run_json(&server, &["availability", "count", "--body", "-"], &body);
    assert_eq!(count["total"], 3, "{count}");
    let dates = run_json(&server, &["availability", "dates", "--body", "-"], &body);
    assert_eq!(
        dates,
        json!([{"date": "2030-03-05", "resources": [anna]}]),
        "{dates}"
    );
    let unavailable = run_json(
        &server,
        &["availability", "unavailable", "--body", "-"],
        &body,
    );
    assert_eq!(unavailable, json!([]), "{unavailable}");
}

#[test]
fn a_calendar_event_blocks_availability_until_deleted() {
    let server = Server::start();
    let anna = server.emulator().seed_resource("Anna", "UTC").unwrap();
    let calendar = run_json(
        &server,
        &["calendars", "create", "--body", "-"],
        &json!({"name": "Private", "resource_id": anna}),
    );
    let calendar_id = calendar["id"].as_str().unwrap().to_owned();
    let availability = json!({
        "mode": "mutual", "resources": [anna],
        "from": "2030-03-05T09:00:00+00:00", "to": "2030-03-05T11:00:00+00:00",
        "length": "1 hour",
    });
    let free = |server: &Server| {
        run_json(
            server,
            &["availability", "query", "--body", "-"],
            &availability,
        )
        .as_array()
        .unwrap()
        .len()
    };
    assert_eq!(free(&server), 2);

    let event = run_json(
        &server,
        &["events", "create", "--body", "-"],
        &json!({
            "calendar_id": calendar_id, "what": "Dentist", "where": "Downtown",
            "start": "2030-03-05T09:00:00+00:00", "end": "2030-03-05T10:00:00+00:00",
        }),
    );
    let event_id = event["id"].as_str().unwrap().to_owned();
    assert_eq!(free(&server), 1, "the event is busy time");
    let listed = server
        .run(&[
            "events",
            "list",
            "--start",
            "2030-03-01T00:00:00Z",
            "--end",
            "2030-04-01T00:00:00Z",
            "--calendar",
            &calendar_id,
        ])
        .assert_ok()
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], event_id.as_str());
    let with_events = server
        .run(&["calendars", "get", &calendar_id, "--include", "events"])
        .assert_ok()
        .json();
    assert_eq!(
        with_events["events"][0]["id"],
        event_id.as_str(),
        "{with_events}"
    );

    let deleted = server.run(&["events", "delete", &event_id]);
    deleted.assert_ok();
    assert_eq!(deleted.stdout, "");
    assert_eq!(free(&server), 2, "deleted: free again");
    let gone = server.run(&["events", "get", &event_id]);
    assert_eq!(gone.code, 4, "{gone:?}");
    server
        .run(&["calendars", "delete", &calendar_id])
        .assert_ok();
}

#[test]
fn findtime_bulk_answers_one_list_per_query() {
    let server = Server::start();
    let anna = server.emulator().seed_resource("Anna", "UTC").unwrap();
    let query = json!({"resource_ids": [anna], "start": "2030-03-05T09:00:00+00:00",
        "future": "2 hours", "length": "1 hour"});
    let slots = run_json(&server, &["findtime", "query", "--body", "-"], &query);
    assert_eq!(slots.as_array().unwrap().len(), 2, "{slots}");
    let bulk = run_json(
        &server,
        &["findtime", "bulk", "--body", "-"],
        &json!({"queries": [query, query]}),
    );
    assert_eq!(bulk, json!([slots, slots]));
}

#[test]
fn auth_login_then_the_resource_key_runs_the_legacy_commands() {
    let server = Server::start();
    let resource = run_json(
        &server,
        &["resources", "create", "--body", "-"],
        &json!({"name": "Doc", "timezone": "UTC", "email": "doc@example.com",
            "password": "flux-capacitor"}),
    );
    let user = run_json(
        &server,
        &["auth", "login", "--body", "-"],
        &json!({"email": "doc@example.com", "password": "flux-capacitor"}),
    );
    let token = user["api_token"].as_str().unwrap().to_owned();
    let slug = server.run(&["app", "get"]).assert_ok().json()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let as_doc = |args: &[&str]| {
        let mut all = vec![
            "--base-url",
            server.emulator().base_url(),
            "--timekit-app",
            &slug,
            "--resource-email",
            "doc@example.com",
        ];
        all.extend_from_slice(args);
        timekit(&all, None, &[("TIMEKIT_RESOURCE_TOKEN", &token)])
    };
    let apps = as_doc(&["apps", "list"]).assert_ok().json();
    assert_eq!(apps[0]["slug"], slug.as_str(), "{apps}");
    let credential = as_doc(&["credentials", "create", "--widget"])
        .assert_ok()
        .json();
    assert_eq!(credential["type"], "client-token", "{credential}");
    assert_eq!(credential["resource_id"], resource["id"]);
    // Only the legacy routes take the resource key: the rest is a 401 (exit 3).
    let refused = as_doc(&["app", "get"]);
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(!refused.stderr.contains(&token), "{}", refused.stderr);

    let resource_id = resource["id"].as_str().unwrap();
    let listed = server
        .run(&["credentials", "list", "--resource", resource_id])
        .assert_ok()
        .json();
    assert_eq!(listed[0]["id"], credential["id"], "{listed}");
    let wrong = server.run_with_stdin(
        &["auth", "login", "--body", "-"],
        Some(r#"{"email": "doc@example.com", "password": "wrong"}"#),
    );
    assert_eq!(wrong.code, 3, "{wrong:?}");
}

#[test]
fn templates_and_resource_extras() {
    let server = Server::start();
    let templates = server.run(&["templates", "list"]).assert_ok().json();
    let slug = templates[0]["slug"].as_str().unwrap().to_owned();
    let template = server.run(&["templates", "get", &slug]).assert_ok().json();
    assert_eq!(template["slug"], slug.as_str());
    server
        .run_with_stdin(
            &["templates", "update", &slug, "--body", "-"],
            Some(r#"{"subject": "Great Scott!"}"#),
        )
        .assert_ok();
    let template = server.run(&["templates", "get", &slug]).assert_ok().json();
    assert_eq!(template["subject"], "Great Scott!");

    run_json(
        &server,
        &["resources", "create", "--body", "-"],
        &json!({"name": "Doc", "timezone": "Europe/Berlin", "email": "doc@example.com"}),
    );
    let zone = server
        .run(&["resources", "timezone", "doc@example.com"])
        .assert_ok()
        .json();
    assert_eq!(zone["timezone"], "Europe/Berlin", "{zone}");
    server
        .run(&["resources", "reset-password", "--email", "doc@example.com"])
        .assert_ok();
    let unknown = server.run(&[
        "resources",
        "reset-password",
        "--email",
        "nobody@example.com",
    ]);
    assert_eq!(unknown.code, 4, "{unknown:?}");
    let accounts = timekit(&["--emulator", "accounts", "list"], None, &[]);
    assert_eq!(accounts.assert_ok().json(), json!([]));
}

/// Starts `timekit webhooks listen --port 0` against `server` (confirm_decline → confirmed),
/// with its stdout and stderr lines arriving on channels.
#[cfg(unix)]
fn listen(
    server: &Server,
) -> (
    std::process::Child,
    std::sync::mpsc::Receiver<String>,
    std::sync::mpsc::Receiver<String>,
) {
    use std::io::{BufRead, BufReader, Read};

    fn lines(pipe: impl Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        receive
    }

    let emulator = server.emulator();
    let mut child = Command::new(env!("CARGO_BIN_EXE_timekit"))
        .args([
            "--base-url",
            emulator.base_url(),
            "--api-key",
            emulator.api_key(),
        ])
        .args(["webhooks", "listen", "--port", "0"])
        .args(["--graph", "confirm_decline", "--state", "confirmed"])
        .env_remove("TIMEKIT_API_KEY")
        .env_remove("TIMEKIT_BASE_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());
    (child, stdout, stderr)
}

/// SIGTERM (a service manager stopping it) cleans up like Ctrl-C.
#[cfg(unix)]
#[test]
fn webhooks_listen_unregisters_on_sigterm() {
    let server = Server::start();
    let (mut child, _stdout, stderr) = listen(&server);
    let wait = std::time::Duration::from_secs(20);
    let ready = stderr.recv_timeout(wait).unwrap();
    assert!(ready.starts_with("timekit: listening on"), "{ready}");
    assert_eq!(
        server
            .run(&["webhooks", "list"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deleted = stderr.recv_timeout(wait).unwrap();
    assert!(deleted.starts_with("timekit: deleted webhook"), "{deleted}");
    assert!(child.wait().unwrap().success());
    assert_eq!(server.run(&["webhooks", "list"]).json(), json!([]));
}

/// Issue 19: `webhooks listen` registers itself, prints the one verified delivery of a
/// confirmed booking, answers 401 to an unsigned one, and deletes its registration on SIGINT.
#[cfg(unix)]
#[test]
fn webhooks_listen_prints_a_verified_delivery_and_unregisters_on_sigint() {
    use std::io::Read;
    use std::time::Duration;

    let server = Server::start();
    let emulator = server.emulator();
    let (mut child, stdout, stderr) = listen(&server);
    let wait = Duration::from_secs(20);

    // Ready once registered: "listening on http://127.0.0.1:PORT/ as webhook <id> …".
    let ready = stderr
        .recv_timeout(wait)
        .expect("listen never said it was ready");
    let address = ready
        .strip_prefix("timekit: listening on http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {ready}"))
        .to_owned();
    let registered = server.run(&["webhooks", "list"]);
    registered.assert_ok();
    let webhooks = registered.json();
    assert_eq!(webhooks.as_array().unwrap().len(), 1, "{webhooks}");
    assert_eq!(webhooks[0]["url"], format!("http://{address}/"));
    assert!(!ready.contains("whsec_"), "{ready}");

    // Confirm a booking through the API: exactly the confirmed state is delivered.
    let resource = emulator.seed_resource("Room", "UTC").unwrap();
    let created = server.run_with_stdin(
        &["bookings", "create", "--body", "-"],
        Some(&booking_body(&resource, 4).to_string()),
    );
    created.assert_ok();
    let id = created.json()["id"].as_str().unwrap().to_owned();
    server
        .run(&["bookings", "action", &id, "confirm"])
        .assert_ok();
    let line = stdout.recv_timeout(wait).expect("no delivery printed");
    let delivered: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(delivered["id"], id.as_str());
    assert_eq!(delivered["state"], "confirmed");

    // An unsigned delivery is refused with 401 and reported on stderr.
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .write_all(
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 2\r\nConnection: close\r\n\r\n{}",
        )
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let refused = stderr.recv_timeout(wait).unwrap();
    assert!(refused.contains("refused a delivery"), "{refused}");
    assert!(refused.contains("x-timekit-signature"), "{refused}");

    // Ctrl-C: the registration is deleted, the process ends with 0.
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deleted = stderr.recv_timeout(wait).unwrap();
    assert!(deleted.starts_with("timekit: deleted webhook"), "{deleted}");
    assert!(child.wait().unwrap().success());
    assert!(stdout.recv_timeout(Duration::from_millis(100)).is_err());
    let after = server.run(&["webhooks", "list"]);
    after.assert_ok();
    assert_eq!(after.json(), json!([]));
}
