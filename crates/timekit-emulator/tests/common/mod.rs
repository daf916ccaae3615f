//! A tiny plain HTTP + JSON client for the emulator's HTTP-level tests (deliberately not the
//! SDK: the emulator is checked on its own, against the spec).
// Helpers outside #[test] fns: failing loudly is the point. Each test crate uses a subset.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use jiff::Timestamp;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, EmulatorBuilder, EmulatorClock, EmulatorHandle};

/// The fixed "now" most tests run at.
pub const NOW: &str = "2030-01-01T09:00:00Z";

pub fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// An answer: status, headers, body bytes.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    pub fn data(&self) -> Value {
        self.json()["data"].clone()
    }

    /// Asserts the status, printing the body on mismatch.
    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status, body: {}",
            String::from_utf8_lossy(&self.body)
        );
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A client bound to one emulator.
#[derive(Clone)]
pub struct Api {
    client: Client<HttpConnector, Full<Bytes>>,
    pub base: String,
    pub auth: String,
}

impl Api {
    pub fn new(handle: &EmulatorHandle) -> Self {
        Self::for_url(handle.base_url(), handle.api_key())
    }

    /// A client for an emulator found by URL (e.g. the binary's listening line).
    pub fn for_url(base: &str, api_key: &str) -> Self {
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "tests stay on loopback: {base}"
        );
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
            base: base.to_owned(),
            auth: basic(api_key),
        }
    }

    /// Any request; `path` is relative to the base URL unless it starts with `http`.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        authorization: Option<&str>,
    ) -> Answer {
        let uri = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(value) = authorization {
            builder = builder.header("authorization", value);
        }
        if body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        let request = builder
            .body(Full::new(Bytes::from(body.unwrap_or_default())))
            .unwrap();
        let response = self.client.request(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// A request with the API key and extra headers (`Timekit-*`, `Origin` …).
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let uri = format!("{}{path}", self.base);
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("authorization", &self.auth);
        if body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let bytes = body
            .map(|body| body.to_string().into_bytes())
            .unwrap_or_default();
        let response = self
            .client
            .request(builder.body(Full::new(Bytes::from(bytes))).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None, Some(&self.auth)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None, Some(&self.auth))
            .await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(
            Method::POST,
            path,
            Some(body.to_string().into_bytes()),
            Some(&self.auth),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(
            Method::PUT,
            path,
            Some(body.to_string().into_bytes()),
            Some(&self.auth),
        )
        .await
    }

    /// Creates a resource over HTTP and returns its id.
    pub async fn resource(&self, name: &str) -> String {
        let answer = self
            .post(
                "/resources",
                json!({"name": name, "timezone": "Europe/Berlin"}),
            )
            .await
            .expect(201);
        answer.data()["id"].as_str().unwrap().to_owned()
    }

    /// Creates a booking (201 expected) and returns its data.
    pub async fn booking(&self, body: Value) -> Value {
        self.post("/bookings", body).await.expect(201).data()
    }

    /// Applies an action and returns the answer.
    pub async fn action(&self, id: &str, action: &str) -> Answer {
        self.put(&format!("/bookings/{id}/{action}"), json!({}))
            .await
    }
}

pub fn basic(key: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!(":{key}")))
}

/// A booking payload for `graph` on `resource` at a given hour of 2030-01-02 (one hour long).
pub fn booking_at(resource: &str, graph: &str, hour: u32) -> Value {
    json!({
        "resource_id": resource,
        "graph": graph,
        "start": format!("2030-01-02T{hour:02}:00:00+00:00"),
        "end": format!("2030-01-02T{:02}:00:00+00:00", hour + 1),
        "what": "Consultation",
        "where": "Room 2",
        "description": "First visit",
        "customer": {"name": "Jane Roe", "email": "jane@example.com", "timezone": "Europe/Berlin"},
    })
}

/// An emulator at a fixed clock (`NOW`) with a client.
pub async fn start() -> (EmulatorHandle, Api) {
    start_with(Emulator::builder()).await
}

/// Like [`start`], but also hands back the clock so the test can move it.
pub async fn start_with_clock() -> (EmulatorHandle, Api, EmulatorClock) {
    let clock = EmulatorClock::fixed(ts(NOW));
    let handle = Emulator::builder()
        .clock(clock.clone())
        .start()
        .await
        .unwrap();
    let api = Api::new(&handle);
    (handle, api, clock)
}

pub async fn start_with(builder: EmulatorBuilder) -> (EmulatorHandle, Api) {
    let handle = builder
        .clock(EmulatorClock::fixed(ts(NOW)))
        .start()
        .await
        .unwrap();
    let api = Api::new(&handle);
    (handle, api)
}
