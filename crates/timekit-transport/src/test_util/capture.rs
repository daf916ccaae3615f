//! `CaptureTransport`: one fixed response, every request recorded.

use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::lock;
use crate::{Transport, TransportError};

/// Answers every request with a clone of one response and records the requests.
///
/// Use it to check what the client sends without caring about the answer. Clones share the
/// record.
#[derive(Debug, Clone)]
pub struct CaptureTransport {
    response: http::Response<Bytes>,
    received: Arc<Mutex<Vec<http::Request<Bytes>>>>,
}

impl CaptureTransport {
    /// A transport that always answers `response`.
    pub fn new(response: http::Response<Bytes>) -> Self {
        CaptureTransport {
            response,
            received: Arc::default(),
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<http::Request<Bytes>> {
        lock(&self.received).clone()
    }

    /// The most recent request, if any.
    pub fn last_request(&self) -> Option<http::Request<Bytes>> {
        lock(&self.received).last().cloned()
    }
}

#[async_trait::async_trait]
impl Transport for CaptureTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        lock(&self.received).push(request);
        Ok(self.response.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::json_response;

    #[tokio::test]
    async fn answers_every_request_and_records_it() {
        let capture = CaptureTransport::new(json_response(201, r#"{"data":{}}"#));
        for path in ["/one", "/two"] {
            let request = http::Request::builder()
                .method("POST")
                .uri(format!("http://127.0.0.1{path}"))
                .body(Bytes::from_static(b"{}"))
                .unwrap();
            let response = capture.send(request).await.unwrap();
            assert_eq!(response.status(), http::StatusCode::CREATED);
            assert_eq!(response.headers()["content-type"], "application/json");
        }
        let last = capture.last_request().unwrap();
        assert_eq!(
            (last.method(), last.uri().path()),
            (&http::Method::POST, "/two")
        );
        assert_eq!(capture.requests().len(), 2);
    }
}
