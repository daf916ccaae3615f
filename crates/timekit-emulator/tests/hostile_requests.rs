//! Hostile requests against an in-process emulator over real TCP, written byte by byte (no
//! HTTP client library, so malformed HTTP reaches the server as sent).
//!
//! For every request — random bodies for the body-taking endpoints (bad UTF-8, deep
//! nesting, huge numbers, wrong types, truncated JSON, huge strings), odd paths (`..`, `%2F`,
//! `%00`, very long, unicode), odd headers (bad `Authorization`, non-ASCII, huge, duplicate,
//! bad lengths and chunking) — the properties are:
//! * the answer is an HTTP response, never 5xx: the emulator's own answers carry a JSON body,
//!   answers without the emulator's request id are hyper's 4xx for malformed HTTP;
//! * the server keeps serving: a follow-up `GET /v2/app` succeeds;
//! * a refused request (4xx) leaves the store exactly as it was.
//!
//! Case counts: 64 per property unless `PROPTEST_CASES` says otherwise (`cargo xtask fuzz`).
//! Every test name contains `hostile`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, EmulatorClock, EmulatorHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

const KEY: &str = "test_api_key_hostile0123456789abcdefghijklmn";

/// Upper bound on one exchange; a server that hangs fails the property instead of the suite.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

/// 64 cases per TCP property; `PROPTEST_CASES` (read by proptest itself) overrides it.
fn tcp_config() -> ProptestConfig {
    ProptestConfig {
        // Shrinking re-sends requests: bounded so a failure reports in seconds.
        max_shrink_iters: 512,
        ..ProptestConfig::with_cases(64)
    }
}

// ---------------------------------------------------------------------------------------------
// A raw HTTP/1.1 exchange
// ---------------------------------------------------------------------------------------------

/// One parsed answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_slice())
    }

    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// A request as bytes: request line, `Host` and `Connection: close`, the given header lines,
/// and the body with a matching `Content-Length` unless the headers frame it themselves.
#[derive(Debug, Clone)]
struct RawRequest {
    method: Vec<u8>,
    target: Vec<u8>,
    headers: Vec<Vec<u8>>,
    body: Vec<u8>,
    /// The header lines set `Content-Length`/`Transfer-Encoding` themselves.
    framed: bool,
}

impl RawRequest {
    fn new(method: &str, target: &str) -> Self {
        RawRequest {
            method: method.as_bytes().to_vec(),
            target: target.as_bytes().to_vec(),
            headers: Vec::new(),
            body: Vec::new(),
            framed: false,
        }
    }

    fn header(mut self, line: impl Into<Vec<u8>>) -> Self {
        self.headers.push(line.into());
        self
    }

    fn authorized(self) -> Self {
        self.header(format!("Authorization: {}", basic(KEY)))
    }

    fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 256);
        out.extend_from_slice(&self.method);
        out.push(b' ');
        out.extend_from_slice(&self.target);
        out.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for line in &self.headers {
            out.extend_from_slice(line);
            out.extend_from_slice(b"\r\n");
        }
        if !self.framed
            && (!self.body.is_empty() || self.method == b"POST" || self.method == b"PUT")
        {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    fn is_head(&self) -> bool {
        self.method.eq_ignore_ascii_case(b"HEAD")
    }
}

fn basic(key: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!(":{key}")))
}

/// Writes `request`, reads until the server closes (or `wait` ends), parses what came back.
async fn exchange(addr: SocketAddr, request: &[u8], wait: Duration) -> Result<Answer, String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|err| format!("connect: {err}"))?;
    stream.set_nodelay(true).ok();
    // The server may answer and close before reading everything (e.g. 413): not an error.
    let _ = stream.write_all(request).await;
    let mut received = Vec::new();
    let read = tokio::time::timeout(wait, async {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    parse_answer(&received).map_err(|err| match read {
        Ok(()) => err,
        Err(_) => format!("no complete answer within {wait:?} ({err})"),
    })
}

fn parse_answer(bytes: &[u8]) -> Result<Answer, String> {
    if bytes.is_empty() {
        return Err("the connection closed without an answer".to_owned());
    }
    // Interim answers (`100 Continue` after `Expect: 100-continue`) precede the real one.
    if bytes.starts_with(b"HTTP/1.1 1") {
        if let Some(end) = find(bytes, b"\r\n\r\n") {
            return parse_answer(&bytes[end + 4..]);
        }
    }
    let head_end =
        find(bytes, b"\r\n\r\n").ok_or_else(|| format!("no header end: {}", show(bytes)))?;
    let head = std::str::from_utf8(&bytes[..head_end]).map_err(|_| "head not UTF-8".to_owned())?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(format!("bad status line {status_line:?}"));
    }
    let status: u16 = parts
        .next()
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, Vec<u8>)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().as_bytes().to_vec()))
        .collect();
    let rest = &bytes[head_end + 4..];
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case(b"chunked")
    });
    let body = if chunked {
        dechunk(rest)?
    } else {
        let length = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| std::str::from_utf8(value).ok()?.parse::<usize>().ok());
        match length {
            Some(length) => rest[..length.min(rest.len())].to_vec(),
            None => rest.to_vec(),
        }
    };
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = find(rest, b"\r\n").ok_or("chunk size line")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).map_err(|_| "chunk size")?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = rest.get(..size).ok_or("chunk shorter than its size")?;
        body.extend_from_slice(chunk);
        rest = rest.get(size + 2..).ok_or("chunk end")?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn show(bytes: &[u8]) -> String {
    format!(
        "{:?} ({} bytes)",
        String::from_utf8_lossy(&bytes[..bytes.len().min(160)]),
        bytes.len()
    )
}

// ---------------------------------------------------------------------------------------------
// The emulator under test
// ---------------------------------------------------------------------------------------------

/// One emulator per test (so the store checks never see another test's writes), with one
/// resource and one confirmed booking seeded.
struct Env {
    runtime: Runtime,
    emulator: EmulatorHandle,
    resource_id: String,
    booking_id: String,
}

/// What a refused request must leave untouched.
#[derive(Debug, PartialEq)]
struct Snapshot {
    bookings: Vec<Value>,
    resources: usize,
}

impl Env {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime.block_on(async {
            Emulator::builder()
                .api_key(KEY)
                .clock(EmulatorClock::fixed(
                    "2030-01-01T09:00:00Z".parse().unwrap(),
                ))
                .start()
                .await
                .unwrap()
        });
        let resource_id = emulator.seed_resource("Room 1", "Europe/Berlin").unwrap();
        let booking_id = emulator
            .seed_booking_json(booking_template(&resource_id, 10))
            .unwrap();
        Env {
            runtime,
            emulator,
            resource_id,
            booking_id,
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            bookings: self.emulator.bookings(),
            resources: self.emulator.resource_count(),
        }
    }

    fn send(&self, request: &[u8]) -> Result<Answer, String> {
        self.send_within(request, EXCHANGE_TIMEOUT)
    }

    fn send_within(&self, request: &[u8], wait: Duration) -> Result<Answer, String> {
        self.runtime
            .block_on(exchange(self.emulator.addr(), request, wait))
    }

    /// Sends `request` and checks the three properties; returns the answer for more checks.
    fn check(&self, request: &RawRequest) -> Result<Answer, TestCaseError> {
        let before = self.snapshot();
        let bytes = request.bytes();
        let answer = self
            .send(&bytes)
            .map_err(|err| TestCaseError::fail(format!("{err}; request {}", show(&bytes))))?;
        let context = || {
            format!(
                "HTTP {} for {}: body {}",
                answer.status,
                show(&bytes),
                show(&answer.body)
            )
        };
        prop_assert!(answer.status < 500, "{}", context());
        prop_assert!(answer.status >= 200, "{}", context());
        if answer.header("timekit-request-id").is_some() {
            // The emulator's own answer: JSON, unless there is no body by definition.
            if answer.status != 204 && !request.is_head() {
                prop_assert!(answer.json().is_some(), "not JSON: {}", context());
                prop_assert_eq!(
                    answer.header("content-type"),
                    Some(&b"application/json"[..])
                );
            }
        } else {
            // hyper refused malformed HTTP before the emulator saw it.
            prop_assert!((400..500).contains(&answer.status), "{}", context());
        }
        self.assert_still_serving()?;
        if answer.status >= 400 {
            prop_assert!(
                self.snapshot() == before,
                "a refused request changed the store: {}",
                context()
            );
        }
        Ok(answer)
    }

    fn assert_still_serving(&self) -> Result<(), TestCaseError> {
        let probe = RawRequest::new("GET", "/v2/app").authorized().bytes();
        let answer = self.send(&probe).map_err(TestCaseError::fail)?;
        prop_assert_eq!(
            answer.status,
            200,
            "GET /v2/app after: {}",
            show(&answer.body)
        );
        prop_assert!(answer.json().is_some_and(|body| body["data"].is_object()));
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Valid bodies to start from, and hostile versions of them
// ---------------------------------------------------------------------------------------------

fn booking_template(resource_id: &str, hour: u32) -> Value {
    json!({
        "resource_id": resource_id,
        "graph": "instant",
        "start": format!("2030-01-02T{hour:02}:00:00+00:00"),
        "end": format!("2030-01-02T{:02}:00:00+00:00", hour + 1),
        "what": "Consultation",
        "where": "Room 2",
        "description": "First visit",
        "customer": {"name": "Jane Roe", "email": "jane@example.com", "timezone": "Europe/Berlin"},
        "meta": {"order": "A-1"},
    })
}

fn resource_template() -> Value {
    json!({
        "name": "Room 9",
        "timezone": "Europe/Berlin",
        "email": "room9@example.com",
        "first_name": "Room",
        "availability_constraints": [{"allow_hours": {"start": 9, "end": 17}}, {"block_weekends": {}}],
        "meta": {"floor": 2},
    })
}

fn availability_template(resource_id: &str) -> Value {
    json!({
        "mode": "roundrobin_random",
        "resources": [resource_id],
        "from": "2030-01-02T00:00:00+00:00",
        "to": "2030-01-03T00:00:00+00:00",
        "length": "30 minutes",
        "buffer": "15 minutes",
        "timeslot_increments": "30 minutes",
        "constraints": [{"allow_hours": {"start": 8, "end": 18}}],
        "output_timezone": "Europe/Berlin",
        "ignore_all_day_events": false,
    })
}

fn bulk_update_template(booking_id: &str) -> Value {
    json!({
        "bookings": [
            {"id": booking_id, "action": "confirm"},
            {"id": "00000000-0000-4000-8000-000000000000", "action": "cancel",
             "cancel": {"message": "no"}},
        ],
        "reset_all_on_error": true,
    })
}

fn bulk_create_template(resource_id: &str) -> Value {
    json!({
        "bookings": [booking_template(resource_id, 10), booking_template(resource_id, 12)],
        "delete_all_on_error": true,
    })
}

/// One step into a JSON document.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        let children: Vec<(Step, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (Step::Key(k.clone()), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Step::Index(i), v))
                .collect(),
            _ => Vec::new(),
        };
        for (step, child) in children {
            prefix.push(step);
            out.push(prefix.clone());
            walk(child, prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

const MARKER: &str = "\u{1}HOSTILE-MARKER\u{1}";

/// `value` with the value at `path` replaced by raw bytes (which need not be JSON).
fn replace_at(value: &Value, path: &[Step], raw: &[u8]) -> Vec<u8> {
    let mut copy = value.clone();
    let mut slot = &mut copy;
    for step in path {
        slot = match step {
            Step::Key(key) => &mut slot[key.as_str()],
            Step::Index(index) => &mut slot[*index],
        };
    }
    *slot = Value::String(MARKER.to_owned());
    let text = serde_json::to_string(&copy).unwrap();
    let marker = serde_json::to_string(MARKER).unwrap();
    let at = text.find(&marker).unwrap();
    let mut out = text.as_bytes()[..at].to_vec();
    out.extend_from_slice(raw);
    out.extend_from_slice(&text.as_bytes()[at + marker.len()..]);
    out
}

/// Raw JSON of every type, numbers nothing can hold, deep nesting, bad UTF-8, and strings
/// the emulator parses further (durations, timestamps, zones, ids).
fn raw_replacements() -> Vec<Vec<u8>> {
    let mut raw: Vec<Vec<u8>> = [
        "null",
        "true",
        "false",
        "0",
        "-1",
        "1.5",
        "1180591620717411303424",
        "-1180591620717411303424",
        "18446744073709551616",
        "1e400",
        "-1e400",
        "1e-400",
        "\"\"",
        "[]",
        "{}",
        "[null]",
        "{\"a\": 1}",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "\"99999999999999999999 minutes\"",
        "\"9223372036854775807 days\"",
        "\"1e400 hours\"",
        "\"-1 hours\"",
        "\"0 minutes\"",
        "\"1 minute\"",
        "\"6 months\"",
        "\"1000000 weeks\"",
        "\"now\"",
        "\"tomorrow\"",
        "\"3 days 2 hours\"",
        "\"-009999-01-02T01:59:59Z\"",
        "\"9999-12-30T22:00:00Z\"",
        "\"0000-01-01T00:00:00Z\"",
        "\"2030-01-02T10:00:00+25:59\"",
        "\"2030-01-02T10:00:00\"",
        "\"Mars/Olympus\"",
        "\"../../etc/passwd\"",
        "\"+14:00\"",
        "\"%00\"",
        "\"../app\"",
        "\"Monday\"",
        "\"25:00\"",
        "\"cancel\"",
        "\"mutual\"",
        "\"exclusive\"",
    ]
    .into_iter()
    .map(|text| text.as_bytes().to_vec())
    .collect();
    raw.push(b"\"\xff\xfe\"".to_vec());
    raw.push(b"\"Jane \xc3\"".to_vec());
    raw.push(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes());
    raw.push("[".repeat(10_000).into_bytes());
    raw.push(format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000)).into_bytes());
    raw.push(format!("\"{}\"", "x".repeat(60_000)).into_bytes());
    raw.push(format!("[{}1]", "1,".repeat(20_000)).into_bytes());
    raw
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        "\\PC{0,16}".prop_map(Value::String),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "resource_id", "graph", "start", "end", "what", "where", "description", "customer",
            "name", "email", "timezone", "meta", "action", "bookings", "id", "resources", "mode",
            "from", "to", "length", "buffer", "timeslot_increments", "constraints",
            "availability_constraints", "output_timezone", "stop_on_first_error",
            "delete_all_on_error", "reset_all_on_error", "relate_bookings", "max_seats",
            "allow_double_bookings", "owner_booking_id", "settings",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            btree_map(key(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Hostile versions of `template`: every kind the module docs list.
fn hostile_body(template: Value) -> impl Strategy<Value = Vec<u8>> {
    let all_paths = paths(&template);
    let text = template.to_string().into_bytes();
    let replaced = {
        let template = template.clone();
        let all_paths = all_paths.clone();
        (
            any::<prop::sample::Index>(),
            prop_oneof![
                3 => prop::sample::select(raw_replacements()),
                1 => json_value().prop_map(|value| value.to_string().into_bytes()),
            ],
        )
            .prop_map(move |(index, raw)| {
                replace_at(&template, &all_paths[index.index(all_paths.len())], &raw)
            })
    };
    let truncated = {
        let text = text.clone();
        any::<prop::sample::Index>().prop_map(move |index| text[..index.index(text.len())].to_vec())
    };
    let noisy = {
        let text = text.clone();
        (any::<prop::sample::Index>(), vec(any::<u8>(), 1..6)).prop_map(move |(index, noise)| {
            let mut body = text.clone();
            let at = index.index(body.len());
            for (offset, byte) in noise.into_iter().enumerate() {
                if let Some(slot) = body.get_mut(at + offset) {
                    *slot = byte;
                }
            }
            body
        })
    };
    let extended = {
        let template = template.clone();
        (key(), json_value()).prop_map(move |(key, value)| {
            let mut body = template.clone();
            body[key.as_str()] = value;
            body.to_string().into_bytes()
        })
    };
    prop_oneof![
        4 => replaced,
        2 => truncated,
        2 => noisy,
        2 => extended,
        1 => vec(any::<u8>(), 0..256),
        1 => json_value().prop_map(|value| value.to_string().into_bytes()),
        1 => (1usize..12_000).prop_map(|depth| "[".repeat(depth).into_bytes()),
        1 => (1usize..12_000).prop_map(|depth| format!(
            "{{\"bookings\": {}{}}}", "[".repeat(depth), "]".repeat(depth)
        ).into_bytes()),
    ]
}

fn check_bodies(method: &'static str, target: &'static str, template: fn(&Env) -> Value) {
    let env = Env::start();
    let strategy = hostile_body(template(&env));
    proptest!(tcp_config(), |(body in strategy)| {
        let request = RawRequest::new(method, target)
            .authorized()
            .header("Content-Type: application/json")
            .body(body);
        env.check(&request)?;
    });
}

#[test]
fn hostile_bodies_for_post_bookings() {
    check_bodies("POST", "/v2/bookings", |env| {
        booking_template(&env.resource_id, 14)
    });
}

#[test]
fn hostile_bodies_for_post_resources() {
    check_bodies("POST", "/v2/resources", |_| resource_template());
}

#[test]
fn hostile_bodies_for_post_availability() {
    check_bodies("POST", "/v2/availability", |env| {
        availability_template(&env.resource_id)
    });
}

#[test]
fn hostile_bodies_for_put_bookings_bulk() {
    check_bodies("PUT", "/v2/bookings/bulk", |env| {
        bulk_update_template(&env.booking_id)
    });
}

#[test]
fn hostile_bodies_for_post_bookings_bulk() {
    check_bodies("POST", "/v2/bookings/bulk", |env| {
        bulk_create_template(&env.resource_id)
    });
}

#[test]
fn hostile_bodies_for_put_booking_meta_and_actions() {
    let env = Env::start();
    let meta = format!("/v2/bookings/{}", env.booking_id);
    let action = format!("/v2/bookings/{}/cancel", env.booking_id);
    let strategy = (
        prop::bool::ANY,
        hostile_body(json!({"meta": {"a": 1}, "cancel": {"message": "x"}})),
    );
    proptest!(tcp_config(), |((to_action, body) in strategy)| {
        let target = if to_action { &action } else { &meta };
        let request = RawRequest::new("PUT", target).authorized().body(body);
        env.check(&request)?;
    });
}

// ---------------------------------------------------------------------------------------------
// Odd paths
// ---------------------------------------------------------------------------------------------

fn segment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "v2", "bookings", "resources", "app", "apps", "invite", "bulk", "availability",
            "cancel", "..", ".", "%2e%2e", "%2E%2E", "%2F", "%2f", "%5C", "%00", "%", "%zz",
            "%C3%A9", "%FF", "a%20b", "~", "*", "a;b=c", "", "00000000-0000-4000-8000-000000000000",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        // Bytes HTTP does not allow in a request target.
        1 => prop::sample::select(vec![
            "é".as_bytes().to_vec(), b"\xff".to_vec(), b"\x00".to_vec(), b"\x7f".to_vec(),
            "\u{202e}".as_bytes().to_vec(), b"\t".to_vec(), b"\\".to_vec(), b"\"".to_vec(),
            b"<>".to_vec(), b"{}".to_vec(),
        ]),
        2 => "[a-zA-Z0-9._~-]{1,12}".prop_map(String::into_bytes),
        1 => (1usize..40_000).prop_map(|n| "a".repeat(n).into_bytes()),
    ]
}

fn query() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        prop::sample::select(vec![
            "?include=attributes,customers",
            "?limit=-1",
            "?limit=0",
            "?limit=18446744073709551616",
            "?page=99999999999999999999",
            "?page=0",
            "?search=graph:instant;state:confirmed",
            "?search=%00",
            "?orderBy=created_at&sortedBy=sideways",
            "?start=now&end=1e400",
            "?include=%E2%80%AE",
            "?&&&=&=",
            "?limit=1&limit=2",
            "?#",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        "\\?[a-zA-Z_=&%0-9;:,]{0,40}".prop_map(String::into_bytes),
    ]
}

fn odd_target() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => (prop::bool::ANY, vec(segment(), 0..6), query()).prop_map(|(api, segments, query)| {
            let mut target = if api { b"/v2".to_vec() } else { Vec::new() };
            for segment in segments {
                target.push(b'/');
                target.extend(segment);
            }
            if target.is_empty() {
                target.push(b'/');
            }
            target.extend(query);
            target
        }),
        1 => prop::sample::select(vec![
            "*", "http://127.0.0.1/v2/app", "http://example.com/v2/app", "//v2/app", "/v2//app",
            "/v2/app/", "/v2/./app", "/v2/bookings/../app", "/V2/APP", "v2/app", "/v2/app#x",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ]
}

#[test]
fn hostile_paths() {
    let env = Env::start();
    let method = prop::sample::select(vec![
        "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "get", "TRACE", "FOO",
    ]);
    proptest!(tcp_config(), |(method in method, target in odd_target())| {
        let mut request = RawRequest::new(method, "").authorized();
        request.target = target;
        if method == "POST" || method == "PUT" {
            request = request.header("Content-Type: application/json").body("{}");
        }
        env.check(&request)?;
    });
}

#[test]
fn hostile_paths_never_escape_the_api_prefix() {
    // Traversals that a naive router could resolve to `/v2/app` must not reach it.
    let env = Env::start();
    for target in [
        "/v2/bookings/../app",
        "/v2/bookings/%2e%2e/app",
        "/v2/bookings/%2E%2E/app",
        "/v2/bookings/..%2Fapp",
        "/v2/resources/%2e%2e%2fapp",
        "/v3/../v2/app",
        "/v2/bookings/%00/../../app",
    ] {
        let answer = env
            .check(&RawRequest::new("GET", target).authorized())
            .unwrap();
        assert_ne!(answer.status, 200, "{target} was served");
    }
}

// ---------------------------------------------------------------------------------------------
// Odd headers
// ---------------------------------------------------------------------------------------------

/// `Authorization` lines, and whether they carry the right key.
fn authorization() -> impl Strategy<Value = (Vec<Vec<u8>>, bool)> {
    let right = basic(KEY);
    let wrong_last = {
        let mut key = KEY.to_owned();
        key.pop();
        key.push('X');
        basic(&key)
    };
    let wrong_first = basic(&format!("X{}", &KEY[1..]));
    let line = |value: &str| format!("Authorization: {value}").into_bytes();
    prop_oneof![
        Just((vec![line(&right)], true)),
        Just((
            vec![line(&format!(
                "basic   {}",
                STANDARD.encode(format!(":{KEY}"))
            ))],
            true
        )),
        Just((
            vec![line(&format!(
                "Basic {}",
                STANDARD_NO_PAD.encode(format!(":{KEY}"))
            ))],
            true
        )),
        Just((vec![], false)),
        Just((vec![line(&wrong_last)], false)),
        Just((vec![line(&wrong_first)], false)),
        Just((
            vec![line(&format!(
                "Basic {}",
                STANDARD.encode(format!("user:{KEY}"))
            ))],
            false
        )),
        Just((
            vec![line(&format!("Basic {}", STANDARD.encode(KEY)))],
            false
        )),
        Just((vec![line(&format!("Bearer {KEY}"))], false)),
        Just((vec![line(&format!("Basic {KEY}"))], false)),
        Just((vec![line("Basic")], false)),
        Just((vec![line("")], false)),
        "[A-Za-z0-9+/=]{0,80}".prop_map(move |text| (
            vec![format!("Authorization: Basic {text}").into_bytes()],
            false
        )),
        // Non-ASCII and control bytes in the value (obs-text is legal HTTP; controls are not).
        vec(
            prop_oneof![
                0x80u8..=0xff,
                0x21u8..0x7f,
                Just(0u8),
                Just(0x7f),
                Just(b'\t')
            ],
            0..64
        )
        .prop_map(|bytes| {
            let mut value = b"Authorization: Basic ".to_vec();
            value.extend(bytes);
            (vec![value], false)
        }),
        (1usize..120_000).prop_map(|n| (
            vec![format!("Authorization: Basic {}", "QUFB".repeat(n / 4 + 1)).into_bytes()],
            false
        )),
        // Duplicates: the first line counts; a right key second does not help.
        Just((vec![line(&wrong_last), line(&right)], false)),
    ]
}

/// Other header lines, and whether they set `Content-Length`/`Transfer-Encoding`.
fn other_headers() -> impl Strategy<Value = Vec<(Vec<u8>, bool)>> {
    let line = prop_oneof![
        3 => ("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}", vec(prop_oneof![0x20u8..0x7f, 0x80u8..=0xff], 0..40))
            .prop_map(|(name, value)| {
                let mut line = format!("{name}: ").into_bytes();
                line.extend(value);
                (line, false)
            }),
        2 => prop::sample::select(vec![
            ("Content-Type: text/html", false),
            ("Content-Type: application/json; charset=latin1", false),
            ("Content-Type: \u{e9}", false),
            ("Host: 127.0.0.1", false),
            ("Host: \u{e9}x\u{e9}mple", false),
            ("Timekit-App: \u{202e}", false),
            ("Expect: 100-continue", false),
            ("Accept: */*", false),
            ("X-Forwarded-For: 10.0.0.1", false),
            ("Content-Length: abc", true),
            ("Content-Length: -1", true),
            ("Content-Length: 99999999999999999999", true),
            ("Content-Length: 1, 2", true),
            ("Transfer-Encoding: gzip", true),
            ("Transfer-Encoding: chunked, chunked", true),
            ("Bad Header Name: x", false),
            (" Folded: continuation", false),
            ("NoColon", false),
            (":empty-name", false),
        ])
        .prop_map(|(line, framing)| (line.as_bytes().to_vec(), framing)),
        1 => (1usize..100_000).prop_map(|n| (format!("X-Huge: {}", "h".repeat(n)).into_bytes(), false)),
    ];
    vec(line, 0..4)
}

#[test]
fn hostile_headers() {
    let env = Env::start();
    let strategy = (authorization(), other_headers(), prop::bool::ANY);
    proptest!(tcp_config(), |(((auth_lines, right_key), others, write) in strategy)| {
        // A write (a valid new booking at a free hour) when the key is right, else a read.
        let (method, target, body) = if write {
            ("POST", "/v2/bookings", booking_template(&env.resource_id, 15).to_string())
        } else {
            ("GET", "/v2/app", String::new())
        };
        let mut request = RawRequest::new(method, target).body(body);
        for line in auth_lines {
            request = request.header(line);
        }
        for (line, framing) in others {
            request.framed |= framing;
            request = request.header(line);
        }
        let answer = env.check(&request)?;
        if !right_key {
            // Whatever else is wrong, a wrong or missing key never gets through.
            prop_assert!(answer.status >= 400, "HTTP {} without the key", answer.status);
        }
    });
}

#[test]
fn hostile_chunked_bodies() {
    let env = Env::start();
    let body = booking_template(&env.resource_id, 16).to_string();
    let chunking = prop_oneof![
        // Valid chunking, random chunk sizes: accepted like the same body with a length.
        vec(1usize..64, 1..8).prop_map(|sizes| (sizes, None)),
        // A broken size line.
        (
            vec(1usize..64, 1..4),
            prop::sample::select(vec![
                "zz",
                "-1",
                "fffffffffffffffffffffff",
                "1;ext=\u{e9}",
                "",
                " 5",
                "0x10",
            ])
        )
            .prop_map(|(sizes, bad)| (sizes, Some(bad))),
    ];
    proptest!(tcp_config(), |((sizes, bad) in chunking)| {
        let mut chunked = Vec::new();
        let mut rest = body.as_bytes();
        for size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let take = (*size).min(rest.len());
            chunked.extend(format!("{take:x}\r\n").into_bytes());
            chunked.extend_from_slice(&rest[..take]);
            chunked.extend_from_slice(b"\r\n");
            rest = &rest[take..];
            if let Some(bad) = bad {
                chunked.extend(format!("{bad}\r\nxx\r\n").into_bytes());
            }
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let mut request = RawRequest::new("POST", "/v2/bookings")
            .authorized()
            .header("Transfer-Encoding: chunked")
            .body(chunked);
        request.framed = true;
        let answer = env.check(&request)?;
        if bad.is_some() {
            prop_assert!(answer.status >= 400);
        }
    });
}

#[test]
fn hostile_random_bytes_on_the_socket() {
    let env = Env::start();
    let bytes = prop_oneof![
        vec(any::<u8>(), 0..512),
        (
            prop::sample::select(vec![
                "GET ",
                "POST /v2/bookings HTTP/1.1\r\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
            ]),
            vec(any::<u8>(), 0..256)
        )
            .prop_map(|(start, tail)| {
                let mut bytes = start.as_bytes().to_vec();
                bytes.extend(tail);
                bytes
            }),
    ];
    proptest!(tcp_config(), |(bytes in bytes)| {
        let before = env.snapshot();
        // Garbage may get a 400 or just a closed connection; never a 5xx, never a crash.
        let mut framed = bytes.clone();
        framed.extend_from_slice(b"\r\n\r\n");
        // Without `Connection: close` an answered connection stays open, and blank lines
        // alone are legal idle bytes before a request: wait briefly, use what arrived.
        if let Ok(answer) = env.send_within(&framed, Duration::from_millis(300)) {
            prop_assert!((400..500).contains(&answer.status) || answer.header("timekit-request-id").is_some(),
                         "HTTP {} for {}", answer.status, show(&framed));
            prop_assert!(answer.status < 500);
        }
        env.assert_still_serving()?;
        prop_assert!(env.snapshot() == before);
    });
}

// ---------------------------------------------------------------------------------------------
// The body limit
// ---------------------------------------------------------------------------------------------

/// `{"x":"…"}` of exactly `chars` characters, the filler repeated from `fill`.
fn body_of(chars: usize, fill: char) -> String {
    let frame = "{\"x\":\"\"}".len();
    format!("{{\"x\":\"{}\"}}", fill.to_string().repeat(chars - frame))
}

#[test]
fn hostile_bodies_over_64000_characters_are_413_and_store_nothing() {
    let env = Env::start();
    let targets = [
        ("POST", "/v2/bookings"),
        ("POST", "/v2/resources"),
        ("POST", "/v2/availability"),
        ("POST", "/v2/bookings/bulk"),
        ("PUT", "/v2/bookings/bulk"),
        ("POST", "/v2/app/invite"),
    ];
    for (method, target) in targets {
        for fill in ['a', 'é', '😀'] {
            let over = body_of(64_001, fill);
            assert_eq!(over.chars().count(), 64_001);
            let answer = env
                .check(
                    &RawRequest::new(method, target)
                        .authorized()
                        .body(over.clone()),
                )
                .unwrap();
            assert_eq!(
                answer.status,
                413,
                "{method} {target} {fill}: {}",
                show(&answer.body)
            );
            assert!(answer.json().unwrap()["error"].is_string());
            // The same body streamed in chunks, with no length declared up front.
            let mut chunked = Vec::new();
            for piece in over.as_bytes().chunks(4096) {
                chunked.extend(format!("{:x}\r\n", piece.len()).into_bytes());
                chunked.extend_from_slice(piece);
                chunked.extend_from_slice(b"\r\n");
            }
            chunked.extend_from_slice(b"0\r\n\r\n");
            let mut request = RawRequest::new(method, target)
                .authorized()
                .header("Transfer-Encoding: chunked")
                .body(chunked);
            request.framed = true;
            assert_eq!(
                env.check(&request).unwrap().status,
                413,
                "{method} {target} chunked"
            );
            // One character less is read and judged on its content (never 413).
            let at_limit = body_of(64_000, fill);
            let answer = env
                .check(&RawRequest::new(method, target).authorized().body(at_limit))
                .unwrap();
            assert_ne!(answer.status, 413, "{method} {target} {fill} at the limit");
        }
    }
    assert_eq!(env.emulator.booking_count(), 1);
    assert_eq!(env.emulator.resource_count(), 1);
}

#[test]
fn hostile_declared_lengths_beyond_the_limit_are_refused_without_the_body() {
    let env = Env::start();
    // Only the head is sent: the emulator must answer from the declared length alone
    // (otherwise this exchange would wait for 10^12 bytes and time out).
    let mut request = RawRequest::new("POST", "/v2/bookings")
        .authorized()
        .header("Content-Length: 1000000000000")
        .body("{");
    request.framed = true;
    let answer = env.check(&request).unwrap();
    assert_eq!(answer.status, 413);
    assert_eq!(env.emulator.booking_count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Issue 16's routes: calendars, events, FindTime, credentials, auth, apps, templates, extras
// ---------------------------------------------------------------------------------------------

/// The ids a fresh [`Env`] gets for issue 16's routes: a created calendar, an event in it,
/// and the app's slug.
struct LegacyIds {
    calendar_id: String,
    event_id: String,
    app_slug: String,
}

impl Env {
    /// Sends an authorized JSON request that must succeed and returns its `data`.
    fn data(&self, method: &str, target: &str, body: &Value) -> Value {
        let mut request = RawRequest::new(method, target).authorized();
        if method == "POST" || method == "PUT" {
            request = request
                .header("Content-Type: application/json")
                .body(body.to_string());
        }
        let answer = self.send(&request.bytes()).unwrap();
        assert!(
            answer.status < 300,
            "{method} {target}: {}",
            show(&answer.body)
        );
        answer.json().unwrap()["data"].clone()
    }

    fn legacy_ids(&self) -> LegacyIds {
        let calendar = self.data(
            "POST",
            "/v2/calendars",
            &json!({"name": "Private", "resource_id": self.resource_id}),
        );
        let calendar_id = calendar["id"].as_str().unwrap().to_owned();
        let event = self.data("POST", "/v2/events", &event_template(&calendar_id));
        let app = self.data("GET", "/v2/app", &Value::Null);
        LegacyIds {
            calendar_id,
            event_id: event["id"].as_str().unwrap().to_owned(),
            app_slug: app["slug"].as_str().unwrap().to_owned(),
        }
    }
}

fn event_template(calendar_id: &str) -> Value {
    json!({
        "calendar_id": calendar_id,
        "start": "2030-01-02T08:00:00+01:00",
        "end": "2030-01-02T09:00:00+01:00",
        "what": "Dentist",
        "where": "Downtown",
        "description": "x",
        "participants": ["a@example.com"],
        "invite": false,
        "all_day": false,
        "my_rsvp": "accepted",
    })
}

fn findtime_template(resource_id: &str) -> Value {
    json!({
        "resource_ids": [resource_id],
        "emails": [],
        "calendar_ids": [],
        "filters": {"or": [{"specific_day_and_time": {"day": "Wednesday", "start": 9, "end": 12}}],
                    "and": [{"block_hours": {"start": 12, "end": 13}}]},
        "start": "2030-01-02T00:00:00Z",
        "future": "2 days",
        "length": "1 hour",
        "buffer": "15 minutes",
        "all_solutions": true,
        "no_day_span": true,
        "ignore_all_day_events": true,
        "sort": "desc",
    })
}

/// `(method, target, valid body)` of every body-taking route of issue 16.
fn legacy_body_routes(env: &Env, ids: &LegacyIds) -> Vec<(&'static str, String, Value)> {
    let resource = env.resource_id.as_str();
    let query = findtime_template(resource);
    vec![
        (
            "POST",
            "/v2/calendars".to_owned(),
            json!({"name": "Cal", "resource_id": resource, "description": "d",
                   "foregroundcolor": "#000", "backgroundcolor": "#fff"}),
        ),
        (
            "PUT",
            format!("/v2/calendars/{}", ids.calendar_id),
            json!({"name": "Renamed", "description": "d"}),
        ),
        (
            "POST",
            "/v2/events".to_owned(),
            event_template(&ids.calendar_id),
        ),
        (
            "PUT",
            format!("/v2/events/{}", ids.event_id),
            json!({"start": "2030-01-02T10:00:00Z", "end": "2030-01-02T11:00:00Z",
                   "what": "x", "where": "y", "participants": [], "all_day": true}),
        ),
        ("POST", "/v2/findtime".to_owned(), query.clone()),
        (
            "POST",
            "/v2/findtime/bulk".to_owned(),
            json!({"queries": [query.clone(), query.clone()]}),
        ),
        (
            "POST",
            "/v2/findtime/team".to_owned(),
            json!({"users": [query.clone(), query]}),
        ),
        (
            "POST",
            "/v2/credentials".to_owned(),
            json!({"type": "client-token", "scopes": "widget", "description": "d",
                   "resource_id": resource}),
        ),
        (
            "POST",
            "/v2/auth".to_owned(),
            json!({"email": "a@example.com", "password": "p"}),
        ),
        // Nothing is read; a key keeps the template non-empty for `hostile_body`.
        (
            "POST",
            "/v2/accounts/sync".to_owned(),
            json!({"unused": true}),
        ),
        (
            "POST",
            "/v2/apps".to_owned(),
            json!({"name": "Shop", "settings": {"disableEmail": true}}),
        ),
        (
            "PUT",
            format!("/v2/apps/{}", ids.app_slug),
            json!({"settings": {"disableEmail": true, "name": "x"}}),
        ),
        (
            "PUT",
            "/v2/templates/booking_created_customer".to_owned(),
            json!({"subject": "s", "body": "b", "name": "n"}),
        ),
        (
            "POST",
            "/v2/resources/resetpassword".to_owned(),
            json!({"email": "a@example.com"}),
        ),
    ]
}

#[test]
fn hostile_bodies_for_the_issue_16_routes() {
    let env = Env::start();
    let ids = env.legacy_ids();
    let routes = legacy_body_routes(&env, &ids);
    let templates: Vec<Value> = routes.iter().map(|(_, _, body)| body.clone()).collect();
    let strategy = (0..routes.len()).prop_flat_map(move |index| {
        hostile_body(templates[index].clone()).prop_map(move |body| (index, body))
    });
    let config = ProptestConfig {
        cases: tcp_config().cases.max(4 * 64),
        ..tcp_config()
    };
    proptest!(config, |((index, body) in strategy)| {
        let (method, target, _) = &routes[index];
        let request = RawRequest::new(method, target)
            .authorized()
            .header("Content-Type: application/json")
            .body(body);
        env.check(&request)?;
    });
}

#[test]
fn hostile_ids_and_queries_for_the_issue_16_routes() {
    let env = Env::start();
    let _ids = env.legacy_ids();
    let prefixes = prop::sample::select(vec![
        ("GET", "/v2/calendars/"),
        ("PUT", "/v2/calendars/"),
        ("DELETE", "/v2/calendars/"),
        ("GET", "/v2/events/"),
        ("PUT", "/v2/events/"),
        ("DELETE", "/v2/events/"),
        ("DELETE", "/v2/credentials/"),
        ("PUT", "/v2/apps/"),
        ("DELETE", "/v2/apps/"),
        ("GET", "/v2/templates/"),
        ("PUT", "/v2/templates/"),
        ("GET", "/v2/resources/timezone/"),
        ("GET", "/v2/calendars?x=1&"),
        ("GET", "/v2/events?"),
        ("GET", "/v2/credentials?"),
    ]);
    let tail = (segment(), query(), json_value());
    proptest!(tcp_config(), |((method, prefix) in prefixes, (segment, query, body) in tail)| {
        let mut target = prefix.as_bytes().to_vec();
        target.extend(segment);
        target.extend(query);
        let mut request = RawRequest::new(method, "").authorized();
        request.target = target;
        if method == "PUT" {
            request = request
                .header("Content-Type: application/json")
                .body(body.to_string());
        }
        env.check(&request)?;
    });
}

/// Random e-mails and tokens as a resource key never get past 401 (and never 5xx).
#[test]
fn hostile_resource_keys_are_refused() {
    let env = Env::start();
    let pair = ("\\PC{0,24}", "\\PC{0,40}", prop::option::of("\\PC{0,16}"));
    proptest!(tcp_config(), |((email, token, app) in pair)| {
        let credentials = STANDARD.encode(format!("{email}:{token}"));
        let mut request = RawRequest::new("GET", "/v2/apps")
            .header(format!("Authorization: Basic {credentials}"));
        if let Some(app) = app {
            request = request.header(format!("Timekit-App: {app}"));
        }
        let answer = env.check(&request)?;
        prop_assert!(answer.status == 401 || answer.status == 400, "{}", answer.status);
    });
}
