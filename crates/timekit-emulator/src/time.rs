//! Timestamps as the emulator reads and writes them.

use jiff::Timestamp;
use serde::{Serialize, Serializer};

/// A timestamp with its rendered form cached: rendering happens on every read, parsing once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    ts: Timestamp,
    text: Box<str>,
}

impl Stamp {
    pub(crate) fn new(ts: Timestamp) -> Self {
        Self {
            ts,
            text: format_utc(ts).into_boxed_str(),
        }
    }

    pub(crate) fn ts(&self) -> Timestamp {
        self.ts
    }

    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// `YYYY-MM-DDTHH:MM:SS+00:00`: RFC 3339 with a colon offset, whole seconds, UTC.
pub(crate) fn format_utc(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// Parses an RFC 3339 timestamp; the offset is required (`Z`, `+02:00` and `+0200` all work).
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_utc_with_colon_offset() {
        let ts = parse_timestamp("2024-05-07T10:00:00.7+02:00").unwrap();
        assert_eq!(Stamp::new(ts).as_str(), "2024-05-07T08:00:00+00:00");
    }

    #[test]
    fn requires_an_offset() {
        assert!(parse_timestamp("2024-05-07T10:00:00").is_none());
        assert!(parse_timestamp("2024-05-07T10:00:00+0200").is_some());
        assert!(parse_timestamp("soon").is_none());
    }
}
