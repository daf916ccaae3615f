//! Test doubles for the [`Transport`](crate::Transport) seam (feature `test-util`).
//!
//! * [`ReplayTransport`] answers with canned responses in order and records what it got.
//! * [`CaptureTransport`] answers every request with one response and records them.
//! * [`transport_fn`] turns a closure into a transport.
//!
//! [`response`] and [`json_response`] build canned responses in one line.

mod capture;
mod closure;
mod replay;

pub use capture::CaptureTransport;
pub use closure::{FnTransport, transport_fn};
pub use replay::ReplayTransport;

use bytes::Bytes;

/// A response with `status` and `body` and no headers. An invalid status becomes 500.
pub fn response(status: u16, body: impl Into<Bytes>) -> http::Response<Bytes> {
    let mut response = http::Response::new(body.into());
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// A response with `status`, `Content-Type: application/json` and `json` as the body.
pub fn json_response(status: u16, json: impl Into<Bytes>) -> http::Response<Bytes> {
    let mut response = response(status, json);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// Locks a mutex, ignoring poisoning: a panicking test thread must not hide the requests
/// other threads recorded.
fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
