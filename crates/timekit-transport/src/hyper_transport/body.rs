//! Reads a response body completely, refusing bodies over the limit.

use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;

use super::classify;
use crate::TransportError;

/// Collects the body of `response`, failing with `BodyTooLarge` as soon as it exceeds
/// `limit` bytes — before reading anything when `Content-Length` already says so.
pub(super) async fn collect_limited(
    response: http::Response<Incoming>,
    limit: usize,
) -> Result<http::Response<Bytes>, TransportError> {
    if declared_length(&response)
        .is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX))
    {
        // Dropping the unread body closes the connection instead of reading megabytes.
        return Err(TransportError::body_too_large(limit));
    }
    let (parts, incoming) = response.into_parts();
    let collected = Limited::new(incoming, limit)
        .collect()
        .await
        .map_err(|err| {
            if err.is::<LengthLimitError>() {
                TransportError::body_too_large(limit)
            } else {
                classify::body_error(err)
            }
        })?;
    Ok(http::Response::from_parts(parts, collected.to_bytes()))
}

fn declared_length<B>(response: &http::Response<B>) -> Option<u64> {
    response
        .headers()
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}
