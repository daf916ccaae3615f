//! [`apply`]: runs (or skips) the real handler under a fault and builds what goes on the wire.

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Response, StatusCode};
use http_body_util::{BodyExt, Full};

use super::fault::Fault;
use super::scripted_body::{ScriptedBody, Step};
use super::{EmuBody, FaultAbort};

/// How long a truncated body waits after its first half before the cut, so hyper flushes the
/// half to the socket first.
const FLUSH_PAUSE: Duration = Duration::from_millis(10);

/// Runs the real handler under `fault`.
///
/// `handler` must be lazy (an `async` block or an `async fn` call): faults that do not run
/// the handler drop it unpolled, so nothing is applied. See [`Fault`] for what each kind
/// does and whether the handler runs.
///
/// # Errors
/// [`FaultAbort`] when the fault drops the connection without an answer; the server must
/// then make its hyper service fail so hyper closes the connection.
pub async fn apply<F>(fault: Fault, handler: F) -> Result<Response<EmuBody>, FaultAbort>
where
    F: Future<Output = Response<EmuBody>>,
{
    match fault {
        Fault::Latency(delay) => {
            tokio::time::sleep(delay).await;
            Ok(handler.await)
        }
        Fault::Status {
            status,
            retry_after,
            body,
        } => {
            drop(handler);
            Ok(status_response(status, retry_after, body))
        }
        Fault::CloseBeforeHandler => {
            drop(handler);
            Err(FaultAbort)
        }
        Fault::CloseAfterHandler => {
            drop(handler.await);
            Err(FaultAbort)
        }
        Fault::TruncatedBody => {
            let (parts, body) = run_and_collect(handler).await?;
            let mut response = Response::from_parts(parts, EmuBody::default());
            if body.is_empty() && response.status() == StatusCode::NO_CONTENT {
                *response.status_mut() = StatusCode::OK;
            }
            let promised = body.len().max(1);
            let half = body.slice(..body.len() / 2);
            let script = [Step::Data(half), Step::Pause(FLUSH_PAUSE), Step::Cut];
            Ok(with_body(
                response,
                promised as u64,
                ScriptedBody::new(script).boxed(),
            ))
        }
        Fault::MalformedJson => {
            let (parts, body) = run_and_collect(handler).await?;
            let broken = if body.len() < 2 {
                Bytes::from_static(b"{\"data\": ")
            } else {
                body.slice(..body.len() / 2)
            };
            let mut response = Response::from_parts(parts, EmuBody::default());
            *response.status_mut() = StatusCode::OK;
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            let length = broken.len() as u64;
            Ok(with_body(response, length, full(broken)))
        }
        Fault::Html502 => {
            drop(handler);
            let mut response = Response::new(EmuBody::default());
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            let page = Bytes::from_static(BAD_GATEWAY_PAGE.as_bytes());
            let length = page.len() as u64;
            Ok(with_body(response, length, full(page)))
        }
        Fault::HugeBody(size) => {
            drop(handler.await);
            let prefix = Bytes::from_static(b"{\"data\":\"");
            let suffix = Bytes::from_static(b"\"}");
            let frame = (prefix.len() + suffix.len()) as u64;
            let total = size.max(frame);
            let script = [
                Step::Data(prefix),
                Step::Fill(total - frame),
                Step::Data(suffix),
            ];
            let mut response = Response::new(EmuBody::default());
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            Ok(with_body(
                response,
                total,
                ScriptedBody::new(script).boxed(),
            ))
        }
        Fault::SlowBody { chunk, delay } => {
            let (parts, body) = run_and_collect(handler).await?;
            let length = body.len() as u64;
            let chunk = chunk.max(1);
            let mut script = Vec::new();
            let mut offset = 0;
            while offset < body.len() {
                let end = (offset + chunk).min(body.len());
                script.push(Step::Pause(delay));
                script.push(Step::Data(body.slice(offset..end)));
                offset = end;
            }
            let response = Response::from_parts(parts, EmuBody::default());
            Ok(with_body(
                response,
                length,
                ScriptedBody::new(script).boxed(),
            ))
        }
    }
}

/// Awaits the handler and reads its whole body (emulator bodies are small and in memory).
async fn run_and_collect<F>(handler: F) -> Result<(http::response::Parts, Bytes), FaultAbort>
where
    F: Future<Output = Response<EmuBody>>,
{
    let (parts, body) = handler.await.into_parts();
    let bytes = body.collect().await.map_err(|_| FaultAbort)?.to_bytes();
    Ok((parts, bytes))
}

/// Puts `body` into `response` and declares `length` as its `Content-Length`.
fn with_body(response: Response<EmuBody>, length: u64, body: EmuBody) -> Response<EmuBody> {
    let (mut parts, _) = response.into_parts();
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(length));
    Response::from_parts(parts, body)
}

fn full(bytes: Bytes) -> EmuBody {
    Full::new(bytes)
        .map_err(|never: Infallible| match never {})
        .boxed()
}

fn status_response(
    status: StatusCode,
    retry_after: Option<u64>,
    body: Option<Bytes>,
) -> Response<EmuBody> {
    let body = body.unwrap_or_else(|| {
        let message = match status {
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => "Too many requests",
            other => other.canonical_reason().unwrap_or("Injected fault"),
        };
        Bytes::from(serde_json::json!({ "error": message }).to_string())
    });
    let mut response = Response::new(EmuBody::default());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    let length = body.len() as u64;
    with_body(response, length, full(body))
}

const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
