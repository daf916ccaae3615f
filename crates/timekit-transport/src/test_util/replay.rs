//! `ReplayTransport`: ordered canned responses, recorded requests.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::lock;
use crate::{Transport, TransportError, TransportErrorKind};

/// Answers requests with canned results in the order given, and records every request.
///
/// When the canned results run out, `send` fails with a `TransportErrorKind::Other` error
/// whose message says so (the request is still recorded). Clones share the queue and the
/// record, so a test can keep one clone and give the other to the client.
#[derive(Debug, Clone, Default)]
pub struct ReplayTransport {
    state: Arc<Mutex<ReplayState>>,
}

#[derive(Debug, Default)]
struct ReplayState {
    pending: VecDeque<Result<http::Response<Bytes>, TransportError>>,
    received: Vec<http::Request<Bytes>>,
}

impl ReplayTransport {
    /// A transport that answers with `responses`, one per request, in order.
    pub fn new(responses: impl IntoIterator<Item = http::Response<Bytes>>) -> Self {
        let replay = ReplayTransport::default();
        for response in responses {
            replay.push(response);
        }
        replay
    }

    /// Queues one more response.
    pub fn push(&self, response: http::Response<Bytes>) -> &Self {
        lock(&self.state).pending.push_back(Ok(response));
        self
    }

    /// Queues a transport failure.
    pub fn push_error(&self, error: TransportError) -> &Self {
        lock(&self.state).pending.push_back(Err(error));
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<http::Request<Bytes>> {
        lock(&self.state).received.clone()
    }

    /// The most recent request, if any.
    pub fn last_request(&self) -> Option<http::Request<Bytes>> {
        lock(&self.state).received.last().cloned()
    }

    /// How many canned results have not been used yet.
    pub fn remaining(&self) -> usize {
        lock(&self.state).pending.len()
    }
}

#[async_trait::async_trait]
impl Transport for ReplayTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let mut state = lock(&self.state);
        state.received.push(request);
        state.pending.pop_front().unwrap_or_else(|| {
            Err(TransportError::bare(TransportErrorKind::Other)
                .with_message("replay transport has no more responses"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::response;

    fn get(path: &str) -> http::Request<Bytes> {
        http::Request::builder()
            .uri(path)
            .body(Bytes::new())
            .unwrap()
    }

    #[tokio::test]
    async fn answers_in_order_and_records_requests() {
        let replay = ReplayTransport::new([response(200, "one"), response(404, "two")]);
        replay.push_error(TransportError::connect("refused"));
        let first = replay.send(get("http://127.0.0.1/a")).await.unwrap();
        let second = replay.send(get("http://127.0.0.1/b")).await.unwrap();
        let third = replay.send(get("http://127.0.0.1/c")).await.unwrap_err();
        assert_eq!(
            (first.status(), first.body().as_ref()),
            (http::StatusCode::OK, &b"one"[..])
        );
        assert_eq!(second.status(), http::StatusCode::NOT_FOUND);
        assert_eq!(third.kind(), TransportErrorKind::Connect);
        let paths: Vec<_> = replay
            .requests()
            .iter()
            .map(|r| r.uri().path().to_owned())
            .collect();
        assert_eq!(paths, ["/a", "/b", "/c"]);
        assert_eq!(replay.remaining(), 0);
    }

    #[tokio::test]
    async fn running_out_is_an_error_and_still_recorded() {
        let replay = ReplayTransport::new([]);
        let err = replay.send(get("http://127.0.0.1/x")).await.unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Other);
        assert!(err.to_string().contains("no more responses"));
        assert_eq!(replay.last_request().unwrap().uri().path(), "/x");
    }

    #[tokio::test]
    async fn clones_share_queue_and_record() {
        let replay = ReplayTransport::new([response(200, "")]);
        let handle = replay.clone();
        replay.send(get("http://127.0.0.1/shared")).await.unwrap();
        assert_eq!(handle.requests().len(), 1);
        assert_eq!(handle.remaining(), 0);
    }
}
