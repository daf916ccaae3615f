//! Timestamps as the emulator reads and writes them.
//!
//! Server-made times (`created_at`, `updated_at`, log times …) are written as Timekit writes
//! them, PHP's `Y-m-d\TH:i:sO` (`2017-02-16T12:40:25+0000`, colon-less offset), in UTC unless
//! the request sent `Timekit-Timezone`. Event times (`start`, `end`) keep the instant and the
//! offset they were sent with, and the offset's spelling (`+01:00` or `+0100`). A request's
//! `Timekit-OutputTimestampFormat` / `Timekit-Timezone` / `Timekit-InputTimestampFormat` are
//! installed for the handler's thread by [`with_request_formats`]: handlers are synchronous
//! and serialize their answer before returning, so every timestamp of the answer sees them.

pub(crate) mod php;

use std::cell::RefCell;

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The format of server-made times: PHP's `Y-m-d\TH:i:sO`.
pub(crate) const SERVER_FORMAT: &str = "Y-m-d\\TH:i:sO";
/// Event times sent with a colon offset (or `Z`) are written back in RFC 3339.
const COLON_FORMAT: &str = "Y-m-d\\TH:i:sP";

/// How a stamp is written when the request asks for nothing special.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Style {
    /// Made by the server: `O` in UTC (or `Timekit-Timezone`).
    Server,
    /// Sent by the client with `±HH:MM` or `Z`: `P` in the offset sent.
    Colon,
    /// Sent by the client with `±HHMM`: `O` in the offset sent.
    Compact,
}

/// A timestamp with the offset it is shown in and how it is spelled. The text is rendered
/// when the stamp is serialized (cheap next to the JSON around it), so a stored stamp holds no
/// allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    ts: Timestamp,
    offset: Offset,
    style: Style,
}

impl Stamp {
    /// A server-made time (written `Y-m-d\TH:i:sO`, UTC by default).
    pub(crate) fn new(ts: Timestamp) -> Self {
        Self::build(ts, Offset::UTC, Style::Server)
    }

    fn build(ts: Timestamp, offset: Offset, style: Style) -> Self {
        Self { ts, offset, style }
    }

    pub(crate) fn ts(&self) -> Timestamp {
        self.ts
    }

    /// The text when the request asks for nothing special.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.render(&Output::default())
    }

    /// The text under the request's output settings (the default text when `output` sets
    /// neither a format nor a zone).
    fn render(&self, output: &Output) -> String {
        let zone = match &output.zone {
            Some(zone) => zone.clone(),
            None => TimeZone::fixed(self.offset),
        };
        let zoned = self.ts.to_zoned(zone);
        let format = output.format.as_deref().unwrap_or(match self.style {
            Style::Server | Style::Compact => SERVER_FORMAT,
            Style::Colon => COLON_FORMAT,
        });
        php::format(&zoned, format)
    }
}

/// The state file's form of a stamp: the instant in RFC 3339 UTC, the offset in seconds and
/// the spelling, so it reads back exactly (the wire text can be in any requested format).
type StoredStamp = (Timestamp, i32, Style);

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if crate::state::form::is_storing() {
            let stored: StoredStamp = (self.ts, self.offset.seconds(), self.style);
            return stored.serialize(serializer);
        }
        let text = OUTPUT.with(|output| match &*output.borrow() {
            Some(output) => self.render(output),
            None => self.render(&Output::default()),
        });
        serializer.serialize_str(&text)
    }
}

/// Read back from the state file only (the API reads times with [`parse_input`]).
impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (ts, seconds, style) = StoredStamp::deserialize(deserializer)?;
        let offset = Offset::from_seconds(seconds).map_err(serde::de::Error::custom)?;
        Ok(Self::build(ts, offset, style))
    }
}

/// A request's timestamp headers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Output {
    /// `Timekit-OutputTimestampFormat`: PHP `date()` letters for every timestamp.
    pub(crate) format: Option<String>,
    /// `Timekit-Timezone`: the zone every timestamp is written (and zone-less input read) in.
    pub(crate) zone: Option<TimeZone>,
    /// `Timekit-InputTimestampFormat`: how `start`/`end` and other input times are read.
    pub(crate) input_format: Option<String>,
}

thread_local! {
    static OUTPUT: RefCell<Option<Output>> = const { RefCell::new(None) };
}

/// Runs `f` (a handler, synchronous) with the request's timestamp headers in force.
pub(crate) fn with_request_formats<R>(formats: Output, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Output>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            OUTPUT.with(|output| *output.borrow_mut() = previous);
        }
    }
    let previous = OUTPUT.with(|output| output.borrow_mut().replace(formats));
    let _reset = Reset(previous);
    f()
}

/// The request's output zone and format, for answers rendered outside [`Stamp`] (slots).
pub(crate) fn current_output() -> Option<Output> {
    OUTPUT.with(|output| output.borrow().clone())
}

/// Parses an RFC 3339 timestamp; the offset is required (`Z`, `+02:00` and `+0200` all work).
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    text.trim().parse().ok()
}

/// Reads a client's time (`start`, `end`): with `Timekit-InputTimestampFormat` in that PHP
/// format (zone-less formats in `Timekit-Timezone`, else UTC), otherwise RFC 3339 with an
/// offset. The stamp keeps the offset and its spelling. `Err` says why it was refused.
pub(crate) fn parse_input(text: &str) -> Result<Stamp, String> {
    let output = current_output().unwrap_or_default();
    if let Some(format) = &output.input_format {
        let zone = output.zone.clone().unwrap_or(TimeZone::UTC);
        let parsed = php::parse(text, format, &zone)
            .map_err(|why| format!("does not match the format {format}: {why}"))?;
        let style = if format.contains('O') {
            Style::Compact
        } else {
            Style::Colon
        };
        return Ok(Stamp::build(parsed.ts, parsed.offset, style));
    }
    let text = text.trim();
    let ts = parse_timestamp(text).ok_or_else(|| "is not a valid RFC 3339 date".to_owned())?;
    let (offset, style) = sent_offset(text).unwrap_or((Offset::UTC, Style::Colon));
    Ok(Stamp::build(ts, offset, style))
}

/// The UTC offset an RFC 3339 text is written with (`Z`, `±HH:MM`, `±HHMM`, `±HH`): the one
/// reading of a written offset, for sent times, slot times and `from`.
pub(crate) fn written_offset(text: &str) -> Option<Offset> {
    sent_offset(text).map(|(offset, _)| offset)
}

/// The offset at the end of an RFC 3339 text and whether it had a colon.
fn sent_offset(text: &str) -> Option<(Offset, Style)> {
    if text.ends_with(['Z', 'z']) {
        return Some((Offset::UTC, Style::Colon));
    }
    let time = &text[text.find(['T', 't', ' '])?..];
    let sign_at = time.rfind(['+', '-'])?;
    let offset = &time[sign_at..];
    let style = if offset.contains(':') {
        Style::Colon
    } else {
        Style::Compact
    };
    let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).unwrap_or("0").parse().ok()?;
    let seconds = (hours * 3_600 + minutes * 60) * if offset.starts_with('-') { -1 } else { 1 };
    Some((Offset::from_seconds(seconds).ok()?, style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_times_are_utc_without_colon() {
        let ts = parse_timestamp("2024-05-07T10:00:00.7+02:00").unwrap();
        assert_eq!(Stamp::new(ts).text(), "2024-05-07T08:00:00+0000");
    }

    #[test]
    fn written_offsets_are_read_in_every_spelling() {
        for (text, seconds) in [
            ("2030-01-01T00:00:00Z", 0),
            ("2030-01-01T00:00:00+05:30", 19_800),
            ("2030-01-01T00:00:00+0530", 19_800),
            ("2030-01-01T00:00:00-08:00", -28_800),
            ("2030-01-01T00:00:00+01", 3_600),
        ] {
            let offset = written_offset(text).unwrap();
            assert_eq!(offset.seconds(), seconds, "{text}");
        }
        assert_eq!(written_offset("2030-01-01"), None);
    }

    #[test]
    fn sent_times_keep_offset_and_spelling() {
        let colon = parse_input("2015-01-01T09:00:00+01:00").unwrap();
        assert_eq!(colon.text(), "2015-01-01T09:00:00+01:00");
        let compact = parse_input("2015-01-01T09:00:00+0100").unwrap();
        assert_eq!(compact.text(), "2015-01-01T09:00:00+0100");
        let zulu = parse_input("2015-01-01T08:00:00Z").unwrap();
        assert_eq!(zulu.text(), "2015-01-01T08:00:00+00:00");
        let negative = parse_input("2015-01-01T03:00:00-05:30").unwrap();
        assert_eq!(negative.text(), "2015-01-01T03:00:00-05:30");
        assert_eq!(colon.ts(), compact.ts());
        assert!(parse_input("2015-01-01T09:00:00").is_err());
    }

    #[test]
    fn request_formats_apply_inside_the_scope_only() {
        let stamp = Stamp::new(parse_timestamp("2024-05-07T08:00:00Z").unwrap());
        let formats = Output {
            format: Some("Y-m-d h:ia (P e)".to_owned()),
            zone: Some(TimeZone::get("Europe/Berlin").unwrap()),
            input_format: Some("Y-m-d H:i".to_owned()),
        };
        let inside = with_request_formats(formats, || {
            let input = parse_input("2024-05-07 12:00").unwrap();
            (
                serde_json::to_string(&stamp).unwrap(),
                input.ts(),
                serde_json::to_string(&input).unwrap(),
            )
        });
        assert_eq!(inside.0, "\"2024-05-07 10:00am (+02:00 Europe/Berlin)\"");
        assert_eq!(inside.1, parse_timestamp("2024-05-07T10:00:00Z").unwrap());
        assert_eq!(inside.2, "\"2024-05-07 12:00pm (+02:00 Europe/Berlin)\"");
        assert_eq!(
            serde_json::to_string(&stamp).unwrap(),
            "\"2024-05-07T08:00:00+0000\""
        );
    }

    #[test]
    fn requires_an_offset() {
        assert!(parse_timestamp("2024-05-07T10:00:00").is_none());
        assert!(parse_timestamp("2024-05-07T10:00:00+0200").is_some());
        assert!(parse_timestamp("soon").is_none());
    }
}
