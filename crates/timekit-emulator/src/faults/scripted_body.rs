//! [`ScriptedBody`]: a response body that plays a script of pieces, pauses and a cut.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame};
use tokio::time::Sleep;

/// Largest piece [`Step::Fill`] yields at once.
const FILL_PIECE: usize = 64 * 1024;
static FILLER: [u8; FILL_PIECE] = [b'x'; FILL_PIECE];

/// One step of a body script.
#[derive(Debug)]
pub(super) enum Step {
    /// Send these bytes as one frame.
    Data(Bytes),
    /// Send this many `x` bytes, in pieces of at most 64 KiB (nothing is allocated).
    Fill(u64),
    /// Wait before the next step.
    Pause(Duration),
    /// Fail the body, which makes hyper abort the connection mid-response.
    Cut,
}

/// A body that plays its steps in order. Its size is unknown to hyper on purpose: the
/// response carries an explicit `Content-Length`, which may promise more than the script
/// delivers.
#[derive(Debug)]
pub(super) struct ScriptedBody {
    steps: VecDeque<Step>,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl ScriptedBody {
    pub(super) fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        ScriptedBody {
            steps: steps.into_iter().collect(),
            sleep: None,
        }
    }
}

impl Body for ScriptedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let this = self.get_mut();
        loop {
            if let Some(sleep) = this.sleep.as_mut() {
                ready!(sleep.as_mut().poll(cx));
                this.sleep = None;
            }
            match this.steps.pop_front() {
                None => return Poll::Ready(None),
                Some(Step::Data(bytes)) => return Poll::Ready(Some(Ok(Frame::data(bytes)))),
                Some(Step::Fill(0)) => {}
                Some(Step::Fill(remaining)) => {
                    let piece =
                        usize::try_from(remaining).map_or(FILL_PIECE, |r| r.min(FILL_PIECE));
                    this.steps.push_front(Step::Fill(remaining - piece as u64));
                    let bytes = Bytes::from_static(&FILLER[..piece]);
                    return Poll::Ready(Some(Ok(Frame::data(bytes))));
                }
                Some(Step::Pause(delay)) => this.sleep = Some(Box::pin(tokio::time::sleep(delay))),
                Some(Step::Cut) => {
                    return Poll::Ready(Some(Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "fault injection cut the response body",
                    ))));
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.steps.is_empty() && self.sleep.is_none()
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn plays_data_fill_and_pauses_in_order() {
        let body = ScriptedBody::new([
            Step::Data(Bytes::from_static(b"{\"data\":\"")),
            Step::Pause(Duration::from_millis(1)),
            Step::Fill(FILL_PIECE as u64 + 3),
            Step::Data(Bytes::from_static(b"\"}")),
        ]);
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(bytes.len(), 9 + FILL_PIECE + 3 + 2);
        assert!(bytes.starts_with(b"{\"data\":\"xxx"));
        assert!(bytes.ends_with(b"xx\"}"));
    }

    #[tokio::test]
    async fn a_cut_is_an_error_after_the_data_before_it() {
        let mut body = ScriptedBody::new([Step::Data(Bytes::from_static(b"half")), Step::Cut]);
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(first, Bytes::from_static(b"half"));
        let error = body.frame().await.unwrap().unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::ConnectionAborted);
    }
}
