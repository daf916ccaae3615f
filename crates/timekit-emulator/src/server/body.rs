//! Reading a request body: bounded while it streams in, then parsed as a JSON object.

use bytes::{Bytes, BytesMut};
use http::{HeaderValue, StatusCode};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{Map, Value};

use crate::api::reply::Reply;

/// Reads the body and parses it as a JSON object; an empty body counts as `{}`.
///
/// Errors are the replies to send: 413 over `max_chars` characters (counted while reading,
/// so nothing larger is ever buffered), 400 for unreadable, malformed or non-object JSON.
///
/// `array_key`: the route also takes a bare JSON array, handed on as `{array_key: [...]}`.
pub(crate) async fn read_json_object(
    body: Incoming,
    content_length: Option<&HeaderValue>,
    max_chars: usize,
    array_key: Option<&str>,
) -> Result<Map<String, Value>, Reply> {
    let bytes = read_limited(body, content_length, max_chars).await?;
    parse_object(&bytes, array_key)
}

fn too_large(max_chars: usize) -> Reply {
    Reply::error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("The request body may not be longer than {max_chars} characters."),
    )
}

async fn read_limited(
    mut body: Incoming,
    content_length: Option<&HeaderValue>,
    max_chars: usize,
) -> Result<Bytes, Reply> {
    // A UTF-8 character is at most 4 bytes, so a longer declared body is certainly too big.
    let max_bytes = max_chars.saturating_mul(4);
    let declared = content_length
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_bytes as u64) {
        return Err(too_large(max_chars));
    }
    let mut chars = 0usize;
    let mut single: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| {
            Reply::error(
                StatusCode::BAD_REQUEST,
                "The request body could not be read.",
            )
        })?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        chars += count_chars(&data);
        if chars > max_chars {
            return Err(too_large(max_chars));
        }
        // Most bodies arrive in one frame: keep it without copying.
        match (&mut single, &mut joined) {
            (None, None) => single = Some(data),
            (Some(first), None) => {
                let mut buffer = BytesMut::with_capacity(first.len() + data.len());
                buffer.extend_from_slice(first);
                buffer.extend_from_slice(&data);
                single = None;
                joined = Some(buffer);
            }
            (_, Some(buffer)) => buffer.extend_from_slice(&data),
        }
    }
    Ok(match joined {
        Some(buffer) => buffer.freeze(),
        None => single.unwrap_or_default(),
    })
}

/// UTF-8 characters in `bytes` (continuation bytes are not counted).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|byte| (**byte & 0xC0) != 0x80).count()
}

fn parse_object(bytes: &[u8], array_key: Option<&str>) -> Result<Map<String, Value>, Reply> {
    if bytes.trim_ascii().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Array(items)) if array_key.is_some() => {
            let mut map = Map::new();
            map.insert(
                array_key.unwrap_or_default().to_owned(),
                Value::Array(items),
            );
            Ok(map)
        }
        Ok(_) => Err(Reply::error(
            StatusCode::BAD_REQUEST,
            "The request body must be a JSON object.",
        )),
        Err(error) => Err(Reply::error(
            StatusCode::BAD_REQUEST,
            &format!("The request body is not valid JSON: {error}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(count_chars("aé€😀".as_bytes()), 4);
    }

    #[test]
    fn parses_objects_only() {
        assert!(parse_object(b"", None).unwrap().is_empty());
        assert_eq!(parse_object(br#"{"a":1}"#, None).unwrap().len(), 1);
        assert_eq!(
            parse_object(b"[]", None).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            parse_object(b"{", None).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            parse_object(b"\xff", None).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn a_route_that_takes_arrays_gets_them_under_its_key() {
        let map = parse_object(br#"["a","b"]"#, Some("resources")).unwrap();
        assert_eq!(map["resources"], serde_json::json!(["a", "b"]));
        assert_eq!(
            parse_object(br#"{"resources":[]}"#, Some("resources"))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            parse_object(b"3", Some("resources")).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }
}
