//! Timestamps as Timekit writes them: RFC 3339 with `+01:00`, `+0100` or `Z` offsets.

use std::fmt;
use std::str::FromStr;

use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{Offset, TimeZone};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant plus the UTC offset it was written with.
///
/// Timekit answers with colon-less offsets in some fields (`2016-02-11T11:58:45+0100`) and
/// RFC 3339 offsets in others (`+00:00`); both parse. The offset is kept so that a value read
/// from the server is written back in the same local time; output is always
/// `YYYY-MM-DDTHH:MM:SS±HH:MM` (plus fractional seconds only when there are any, so nothing
/// is lost).
///
/// Equality compares instant *and* offset (`10:00+01:00` ≠ `09:00Z`), because they are written
/// differently; compare [`Timestamp::instant`] to ask "same moment?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    instant: jiff::Timestamp,
    offset: Offset,
}

/// A string that is not an RFC 3339 timestamp with an offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampParseError {
    input: String,
    reason: String,
}

impl fmt::Display for TimestampParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid timestamp {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for TimestampParseError {}

impl Timestamp {
    /// An instant written in UTC (`+00:00`).
    pub fn from_utc(instant: jiff::Timestamp) -> Self {
        Self {
            instant,
            offset: Offset::UTC,
        }
    }

    /// An instant written with the given offset.
    pub fn with_offset(instant: jiff::Timestamp, offset: Offset) -> Self {
        Self { instant, offset }
    }

    /// The instant.
    pub fn instant(&self) -> jiff::Timestamp {
        self.instant
    }

    /// The offset the timestamp is written with.
    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Seconds since the Unix epoch.
    pub fn as_second(&self) -> i64 {
        self.instant.as_second()
    }

    /// The same instant written in UTC.
    #[must_use]
    pub fn to_utc(self) -> Self {
        Self::from_utc(self.instant)
    }

    /// Parses an RFC 3339 timestamp; the offset may be `Z`, `±HH:MM` or `±HHMM`.
    ///
    /// # Errors
    /// [`TimestampParseError`] when the text is not a date and time with an offset.
    pub fn parse(input: &str) -> Result<Self, TimestampParseError> {
        let fail = |reason: String| TimestampParseError {
            input: input.to_owned(),
            reason,
        };
        let pieces = Pieces::parse(input).map_err(|err| fail(err.to_string()))?;
        let time = pieces
            .time()
            .ok_or_else(|| fail("no time of day".to_owned()))?;
        let offset = match pieces.offset() {
            // `-00:00` ("local offset unknown") parses as a numeric zero offset: UTC.
            Some(PiecesOffset::Numeric(numeric)) => numeric.offset(),
            Some(PiecesOffset::Zulu) => Offset::UTC,
            Some(_) | None => return Err(fail("no UTC offset".to_owned())),
        };
        let civil = pieces.date().to_datetime(time);
        let instant = offset
            .to_timestamp(civil)
            .map_err(|err| fail(err.to_string()))?;
        Ok(Self { instant, offset })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.instant.to_zoned(TimeZone::fixed(self.offset));
        write!(f, "{}", local.strftime("%Y-%m-%dT%H:%M:%S%.f%:z"))
    }
}

impl FromStr for Timestamp {
    type Err = TimestampParseError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl From<jiff::Timestamp> for Timestamp {
    fn from(instant: jiff::Timestamp) -> Self {
        Self::from_utc(instant)
    }
}

impl From<&jiff::Zoned> for Timestamp {
    fn from(zoned: &jiff::Zoned) -> Self {
        Self::with_offset(zoned.timestamp(), zoned.offset())
    }
}

impl From<jiff::Zoned> for Timestamp {
    fn from(zoned: jiff::Zoned) -> Self {
        Self::from(&zoned)
    }
}

impl From<Timestamp> for jiff::Timestamp {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.instant
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_colon_and_colonless_offsets_to_the_same_instant() {
        let colon = Timestamp::parse("2016-02-11T11:58:45+01:00").unwrap();
        let basic = Timestamp::parse("2016-02-11T11:58:45+0100").unwrap();
        assert_eq!(colon, basic);
        assert_eq!(
            colon.instant(),
            "2016-02-11T10:58:45Z".parse::<jiff::Timestamp>().unwrap()
        );
        assert_eq!(colon.offset(), Offset::constant(1));
    }

    #[test]
    fn parses_zulu_as_utc() {
        let zulu = Timestamp::parse("2024-05-07T10:00:00Z").unwrap();
        assert_eq!(zulu.offset(), Offset::UTC);
        assert_eq!(zulu.to_string(), "2024-05-07T10:00:00+00:00");
    }

    #[test]
    fn writes_the_offset_with_a_colon_and_keeps_local_time() {
        let basic = Timestamp::parse("2016-02-11T11:58:45+0100").unwrap();
        assert_eq!(basic.to_string(), "2016-02-11T11:58:45+01:00");
        let negative = Timestamp::parse("2016-02-11T11:58:45-0530").unwrap();
        assert_eq!(negative.to_string(), "2016-02-11T11:58:45-05:30");
    }

    #[test]
    fn keeps_fractional_seconds_only_when_present() {
        let fraction = Timestamp::parse("2024-05-07T10:00:00.250+00:00").unwrap();
        assert_eq!(fraction.to_string(), "2024-05-07T10:00:00.25+00:00");
    }

    #[test]
    fn refuses_text_without_an_offset_or_time() {
        for bad in [
            "2024-05-07T10:00:00",
            "2024-05-07",
            "tomorrow",
            "",
            "2024-13-07T10:00:00Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn serde_uses_the_text_form() {
        let value: Timestamp = serde_json::from_str("\"2016-02-11T11:58:45+0100\"").unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            "\"2016-02-11T11:58:45+01:00\""
        );
        assert!(serde_json::from_str::<Timestamp>("1455188325").is_err());
    }

    #[test]
    fn converts_from_zoned_keeping_the_offset() {
        let zoned: jiff::Zoned = "2024-05-07T10:00:00+02:00[Europe/Copenhagen]"
            .parse()
            .unwrap();
        assert_eq!(
            Timestamp::from(&zoned).to_string(),
            "2024-05-07T10:00:00+02:00"
        );
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(seconds in -2_000_000_000i64..4_000_000_000i64,
                                          offset_minutes in -840i32..=840i32) {
            let instant = jiff::Timestamp::from_second(seconds).unwrap();
            let offset = Offset::from_seconds(offset_minutes * 60).unwrap();
            let original = Timestamp::with_offset(instant, offset);
            let reparsed = Timestamp::parse(&original.to_string()).unwrap();
            prop_assert_eq!(reparsed, original);
        }
    }
}
