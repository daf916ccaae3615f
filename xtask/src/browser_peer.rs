//! `cargo xtask peers browser`: the CORS proof (issue 18). `peers/browser/index.html` is served
//! from a tiny static server on another port of 127.0.0.1 than the emulator, so it is another
//! origin; it loads the official `timekit-sdk` browser bundle (from `peers/js/node_modules`,
//! installed by `npm ci` when missing) and calls the emulator with it. Headless Chromium
//! (`--dump-dom`) runs it, and the peer passes only when the answers reached the page, which
//! the browser allows only when the emulator's CORS headers do. Skipped without node and npm
//! or without `/usr/bin/chromium` (Debian's `chromium` package).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::peers::{API_KEY, Emulator, Outcome, has_node, install_js};

/// Where Debian's `chromium` package puts the browser.
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long Chromium may take before it is killed.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

/// The CORS peer: see the module documentation.
pub(crate) fn run_browser(root: &Path, emulator: &Emulator) -> Outcome {
    if !has_node() {
        return Outcome::Skipped("node or npm is not installed".to_owned());
    }
    if !Path::new(CHROMIUM).is_file() {
        return Outcome::Skipped(format!(
            "{CHROMIUM} is not installed (apt-get install chromium)"
        ));
    }
    let bundle = root
        .join("peers")
        .join("js")
        .join("node_modules")
        .join("timekit-sdk")
        .join("dist")
        .join("timekit-sdk.js");
    // The js peer installed it already when it ran first.
    if !bundle.is_file()
        && let Err(reason) = install_js(root)
    {
        return Outcome::Failed(reason);
    }
    match prove_cors(root, &bundle, emulator) {
        Ok(()) => Outcome::Passed,
        Err(reason) => Outcome::Failed(reason),
    }
}

fn prove_cors(root: &Path, bundle: &Path, emulator: &Emulator) -> Result<(), String> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
    };
    let page = read(&root.join("peers").join("browser").join("index.html"))?;
    let script = read(bundle)?;
    let server = StaticServer::start(page, script)?;
    let name = format!("CORS proof {}", std::process::id());
    let url = format!(
        "http://127.0.0.1:{}/?api={}&key={API_KEY}&name={}",
        server.port,
        emulator.base_url,
        name.replace(' ', "%20")
    );
    eprintln!("$ chromium --dump-dom {url}");
    let dom = dump_dom(&url)?;
    drop(server);
    let result = dom
        .split_once("id=\"result\"")
        .map_or("(no result element)", |(_, rest)| {
            rest.split("</pre>").next().unwrap_or(rest)
        });
    eprintln!("page result:{result}");
    if result.contains("data-outcome=\"ok\"") && result.contains(&name) {
        Ok(())
    } else {
        Err(format!(
            "the page on another origin did not get the emulator's answers:{result}"
        ))
    }
}

/// Runs headless Chromium with a fresh profile on `url` and returns the DOM it printed.
fn dump_dom(url: &str) -> Result<String, String> {
    let profile = std::env::temp_dir().join(format!("xtask-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start {CHROMIUM}: {err}"))?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| "chromium's standard output is not piped".to_owned())?;
    // Drained on a thread so a full pipe never stalls the browser while we wait.
    let reader = thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + BROWSER_TIMEOUT;
    let outcome = loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break Ok(()),
            Ok(Some(status)) => break Err(format!("chromium failed ({status})")),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "chromium took longer than {}s",
                    BROWSER_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(50)),
            Err(err) => break Err(format!("could not wait for chromium: {err}")),
        }
    };
    let _ = std::fs::remove_dir_all(&profile);
    outcome?;
    reader
        .join()
        .map_err(|_| "chromium's output reader failed".to_owned())
}

/// Serves `/` (the page) and `/timekit-sdk.js` (the bundle) on a free port of 127.0.0.1 until
/// dropped. One request per connection: all a page load needs.
struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    fn start(page: Vec<u8>, script: Vec<u8>) -> Result<Self, String> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .map_err(|err| format!("cannot bind the static server: {err}"))?;
        let port = listener
            .local_addr()
            .map_err(|err| format!("static server address: {err}"))?
            .port();
        // Non-blocking so the loop can notice `stop`.
        listener
            .set_nonblocking(true)
            .map_err(|err| format!("static server: {err}"))?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &page, &script),
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Ok(Self {
            port,
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request; errors only lose that request (the browser then reports it).
fn serve(mut stream: TcpStream, page: &[u8], script: &[u8]) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buffer = [0_u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    let line = String::from_utf8_lossy(&head);
    let target = line.split_whitespace().nth(1).unwrap_or("");
    let path = target.split('?').next().unwrap_or("");
    let (status, kind, body): (&str, &str, &[u8]) = match path {
        "/" | "/index.html" => ("200 OK", "text/html; charset=utf-8", page),
        "/timekit-sdk.js" => ("200 OK", "text/javascript; charset=utf-8", script),
        _ => ("404 Not Found", "text/plain", b"not found"),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(body);
}
