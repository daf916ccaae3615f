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
        match parse_common(input) {
            Some(parsed) => Ok(parsed),
            None => Self::parse_general(input),
        }
    }

    /// Any form jiff's RFC 3339 parser accepts, and every error message.
    fn parse_general(input: &str) -> Result<Self, TimestampParseError> {
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

/// The shape Timekit writes — `YYYY-MM-DDTHH:MM:SS` then `Z`, `±HH:MM` or `±HHMM` — read
/// directly, skipping most of the cost of jiff's general parser (about 770 instructions per
/// timestamp there, a booking has four; see the decode case of `cargo xtask bench`).
///
/// `None` means "not exactly this shape, or out of range": [`Timestamp::parse_general`]
/// then decides, so the result and every error are the same as without this fast path.
fn parse_common(input: &str) -> Option<Timestamp> {
    let bytes = input.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i32> {
        bytes.get(range)?.iter().try_fold(0i32, |value, &byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + i32::from(byte - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(index, byte)| bytes.get(index) != Some(&byte))
    {
        return None;
    }
    let offset_seconds = match bytes.get(19..)? {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] | [sign @ (b'+' | b'-'), _, _, _, _] => {
            let hours = number(20..22)?;
            let minutes = if bytes.len() == 25 {
                number(23..25)?
            } else {
                number(22..24)?
            };
            if minutes >= 60 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let small = |range| number(range).and_then(|value| i8::try_from(value).ok());
    let datetime = jiff::civil::DateTime::new(
        i16::try_from(number(0..4)?).ok()?,
        small(5..7)?,
        small(8..10)?,
        small(11..13)?,
        small(14..16)?,
        small(17..19)?,
        0,
    )
    .ok()?;
    let offset = Offset::from_seconds(offset_seconds).ok()?;
    let instant = offset.to_timestamp(datetime).ok()?;
    Some(Timestamp { instant, offset })
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.instant.to_zoned(TimeZone::fixed(self.offset));
        let year = local.year();
        if (0..=9999).contains(&year) {
            return write!(f, "{}", local.strftime("%Y-%m-%dT%H:%M:%S%.f%:z"));
        }
        // Years outside 0000–9999 need RFC 9557's expanded form (sign + six digits), the only
        // form the parser accepts for them; `%Y` would write `-9999`, which does not parse back.
        let sign = if year < 0 { '-' } else { '+' };
        write!(
            f,
            "{sign}{:06}{}",
            year.unsigned_abs(),
            local.strftime("-%m-%dT%H:%M:%S%.f%:z")
        )
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
        // A visitor rather than `Cow<str>`: serde's `Cow` always allocates an owned copy,
        // and a booking carries four timestamps (`cargo xtask bench`, decode case).
        struct TimestampVisitor;

        impl serde::de::Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp with a UTC offset")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
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

    #[test]
    fn fast_path_takes_only_the_common_shape() {
        for common in [
            "2024-05-07T10:00:00Z",
            "2024-05-07T10:00:00+01:00",
            "2024-05-07T10:00:00-0530",
            "2024-05-07T10:00:00-00:00",
        ] {
            assert_eq!(
                parse_common(common),
                Some(Timestamp::parse_general(common).unwrap()),
                "{common}"
            );
        }
        for other in [
            "2024-05-07T10:00:00.5Z",
            "2024-05-07t10:00:00Z",
            "2024-05-07 10:00:00Z",
            "2024-05-07T10:00:60Z",
            "2024-02-30T10:00:00Z",
            "2024-05-07T24:00:00Z",
            "2024-05-07T10:00:00+01:60",
            "2024-05-07T10:00:00+1:00",
            "2024-05-07T10:00:00",
            "2024-05-07T1a:00:00Z",
            "+002024-05-07T10:00:00Z",
            "2024-05-07T10:00:00Ã",
        ] {
            assert_eq!(parse_common(other), None, "{other}");
        }
    }

    proptest! {
        #[test]
        fn fast_path_agrees_with_the_general_parser(
            seconds in -62_000_000_000i64..250_000_000_000i64,
            offset_minutes in -25 * 60 - 59..=25 * 60 + 59i32,
            colon in any::<bool>(),
        ) {
            let instant = jiff::Timestamp::from_second(seconds).unwrap();
            let offset = Offset::from_seconds(offset_minutes * 60).unwrap();
            let civil = instant.to_zoned(TimeZone::fixed(offset)).datetime();
            let sign = if offset_minutes < 0 { '-' } else { '+' };
            let (hours, minutes) = (offset_minutes.abs() / 60, offset_minutes.abs() % 60);
            let text = format!(
                "{}{sign}{hours:02}{}{minutes:02}",
                civil.strftime("%Y-%m-%dT%H:%M:%S"),
                if colon { ":" } else { "" }
            );
            prop_assert_eq!(parse_common(&text), Timestamp::parse_general(&text).ok());
            prop_assert_eq!(Timestamp::parse(&text), Timestamp::parse_general(&text));
        }
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
