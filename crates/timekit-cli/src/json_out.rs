//! JSON output that keeps what the server sent: member order, every field.
//!
//! Parsing into `serde_json::Value` would sort object keys (the workspace's `serde_json` has no
//! `preserve_order`), so values are streamed from the response text straight into a
//! serializer with `serde_transcode` instead.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::ser::{CompactFormatter, PrettyFormatter};

/// How JSON is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Indented, for people (stdout is a terminal).
    Pretty,
    /// One line, for pipes and files.
    Compact,
}

/// Rewrites a JSON document in the given style, keeping member order.
///
/// # Errors
/// When `json` is not one complete JSON value.
pub fn restyle(json: &[u8], style: Style) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(json.len());
    let mut input = serde_json::Deserializer::from_slice(json);
    match style {
        Style::Pretty => {
            let mut output =
                serde_json::Serializer::with_formatter(&mut out, PrettyFormatter::new());
            serde_transcode::transcode(&mut input, &mut output)?;
        }
        Style::Compact => {
            let mut output = serde_json::Serializer::with_formatter(&mut out, CompactFormatter);
            serde_transcode::transcode(&mut input, &mut output)?;
        }
    }
    input.end()?;
    Ok(out)
}

/// The `data` member of a top-level JSON object, written compactly; `None` when the body is
/// not an object or has no `data`.
///
/// # Errors
/// When `body` is not valid JSON.
pub fn data_member(body: &[u8]) -> Result<Option<Vec<u8>>, serde_json::Error> {
    let starts_with_object = body.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{');
    if !starts_with_object {
        // Still refuse text that is not JSON at all.
        restyle(body, Style::Compact)?;
        return Ok(None);
    }
    let mut input = serde_json::Deserializer::from_slice(body);
    let data = DataMember.deserialize(&mut input)?;
    input.end()?;
    Ok(data)
}

/// Joins compact JSON arrays into one compact array.
///
/// Returns `None` when a part is not an array.
pub fn concat_arrays<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Option<Vec<u8>> {
    let mut out = vec![b'['];
    let mut first = true;
    for part in parts {
        let inner = part.strip_prefix(b"[")?.strip_suffix(b"]")?;
        if inner.is_empty() {
            continue;
        }
        if !first {
            out.push(b',');
        }
        out.extend_from_slice(inner);
        first = false;
    }
    out.push(b']');
    Some(out)
}

/// Wraps compact JSON values into one compact array.
pub fn array_of<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = vec![b'['];
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(value);
    }
    out.push(b']');
    out
}

/// Picks the `data` member out of an object, transcoding it compactly.
struct DataMember;

impl<'de> DeserializeSeed<'de> for DataMember {
    type Value = Option<Vec<u8>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DataMember {
    type Value = Option<Vec<u8>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut data = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "data" && data.is_none() {
                data = Some(map.next_value_seed(CompactCopy)?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(data)
    }
}

/// Transcodes whatever value comes next into compact JSON bytes.
struct CompactCopy;

impl<'de> DeserializeSeed<'de> for CompactCopy {
    type Value = Vec<u8>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let mut out = Vec::new();
        let mut output = serde_json::Serializer::new(&mut out);
        serde_transcode::transcode(deserializer, &mut output).map_err(serde::de::Error::custom)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes).unwrap()
    }

    #[test]
    fn data_keeps_member_order_and_every_field() {
        let body =
            br#"{"data": {"zeta": 1, "alpha": {"y": [1, 2.5, null], "b": "x"}}, "total": 3}"#;
        let data = data_member(body).unwrap().unwrap();
        assert_eq!(
            text(&data),
            r#"{"zeta":1,"alpha":{"y":[1,2.5,null],"b":"x"}}"#
        );
    }

    #[test]
    fn data_may_come_after_other_members() {
        let body = br#"{"total": 2, "next_page_url": null, "data": [{"id": "b"}, {"id": "a"}]}"#;
        assert_eq!(
            text(&data_member(body).unwrap().unwrap()),
            r#"[{"id":"b"},{"id":"a"}]"#
        );
    }

    #[test]
    fn no_data_member_or_not_an_object_gives_none() {
        assert_eq!(
            data_member(br#"{"meta": {"message": "ok"}}"#).unwrap(),
            None
        );
        assert_eq!(data_member(b"[1, 2]").unwrap(), None);
        assert_eq!(data_member(b"\"text\"").unwrap(), None);
    }

    #[test]
    fn invalid_json_is_an_error() {
        assert!(data_member(b"{\"data\": ").is_err());
        assert!(data_member(b"<html>").is_err());
        assert!(data_member(b"{\"data\": 1} trailing").is_err());
    }

    #[test]
    fn restyle_pretty_indents_and_compact_does_not() {
        let json = br#"{"b": [1, {"a": true}], "a": "\u00e9\n"}"#;
        let pretty = text(&restyle(json, Style::Pretty).unwrap()).to_owned();
        assert!(pretty.contains("\n  \"b\": ["), "{pretty}");
        assert!(pretty.find("\"b\"").unwrap() < pretty.find("\"a\": \"").unwrap());
        let compact = restyle(json, Style::Compact).unwrap();
        assert_eq!(
            text(&compact),
            "{\"b\":[1,{\"a\":true}],\"a\":\"\u{e9}\\n\"}"
        );
        let reparsed: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(
            reparsed,
            serde_json::from_slice::<serde_json::Value>(json).unwrap()
        );
    }

    #[test]
    fn concat_arrays_skips_empty_pages() {
        let joined = concat_arrays([&b"[1,2]"[..], b"[]", b"[{\"a\":3}]"]).unwrap();
        assert_eq!(text(&joined), "[1,2,{\"a\":3}]");
        assert_eq!(text(&concat_arrays([&b"[]"[..]]).unwrap()), "[]");
        assert_eq!(concat_arrays([&b"{\"a\":1}"[..]]), None);
    }

    #[test]
    fn array_of_wraps_values() {
        assert_eq!(text(&array_of([&b"{\"a\":1}"[..], b"2"])), "[{\"a\":1},2]");
        assert_eq!(text(&array_of(std::iter::empty())), "[]");
    }
}
