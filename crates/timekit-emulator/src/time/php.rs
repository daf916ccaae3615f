//! PHP `date()` format letters, for `Timekit-OutputTimestampFormat` (writing) and
//! `Timekit-InputTimestampFormat` (reading, a `DateTime::createFromFormat` subset).
//!
//! Writing knows every letter of PHP's `date()` except `X`/`x` (PHP 8.2 additions): `d D j l
//! N S w z W F m M n t L o Y y a A B g G h H i s u v e I O P p T Z c r U`. As in PHP, `\`
//! makes the next character literal and any other character is copied as is.
//!
//! Reading knows `d j m n Y y H G h g i s u v a A O P p e T U D l M F` and literal
//! characters (which must match); fields the format does not name default to zero (like
//! PHP's `!` prefix) rather than to the current time, and the zone defaults to the one given
//! (`Timekit-Timezone`, else UTC). Anything else in a format is refused.

use std::fmt::Write as _;

use jiff::Zoned;
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, tz::AmbiguousOffset};

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn day_name(weekday: Weekday) -> &'static str {
    DAYS[usize::try_from(weekday.to_monday_zero_offset()).unwrap_or(0)]
}

fn month_name(month: i8) -> &'static str {
    MONTHS[usize::try_from(month - 1).unwrap_or(0)]
}

fn short(name: &str) -> &str {
    name.get(..3).unwrap_or(name)
}

/// `+0200` (`colon: false`) or `+02:00`.
pub(crate) fn offset_text(offset: Offset, colon: bool) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if colon {
        format!("{sign}{hours:02}:{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}")
    }
}

/// Renders `zoned` with a PHP `date()` format.
pub(crate) fn format(zoned: &Zoned, format: &str) -> String {
    let mut out = String::with_capacity(format.len() * 2);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
            continue;
        }
        letter(&mut out, zoned, c);
    }
    out
}

fn letter(out: &mut String, z: &Zoned, c: char) {
    let date = z.date();
    let hour = z.hour();
    let hour12 = match hour % 12 {
        0 => 12,
        h => h,
    };
    let offset = z.offset();
    // Writing to a String cannot fail.
    let _ = match c {
        'd' => write!(out, "{:02}", date.day()),
        'D' => write!(out, "{}", short(day_name(date.weekday()))),
        'j' => write!(out, "{}", date.day()),
        'l' => write!(out, "{}", day_name(date.weekday())),
        'N' => write!(out, "{}", date.weekday().to_monday_one_offset()),
        'S' => write!(out, "{}", ordinal_suffix(date.day())),
        'w' => write!(out, "{}", date.weekday().to_sunday_zero_offset()),
        'z' => write!(out, "{}", date.day_of_year() - 1),
        'W' => write!(out, "{:02}", date.iso_week_date().week()),
        'F' => write!(out, "{}", month_name(date.month())),
        'm' => write!(out, "{:02}", date.month()),
        'M' => write!(out, "{}", short(month_name(date.month()))),
        'n' => write!(out, "{}", date.month()),
        't' => write!(out, "{}", date.days_in_month()),
        'L' => write!(out, "{}", u8::from(date.in_leap_year())),
        'o' => write!(out, "{}", date.iso_week_date().year()),
        'Y' => write!(out, "{:04}", date.year()),
        'y' => write!(out, "{:02}", date.year().rem_euclid(100)),
        'a' => write!(out, "{}", if hour < 12 { "am" } else { "pm" }),
        'A' => write!(out, "{}", if hour < 12 { "AM" } else { "PM" }),
        'B' => write!(out, "{:03}", swatch(z.timestamp())),
        'g' => write!(out, "{hour12}"),
        'G' => write!(out, "{hour}"),
        'h' => write!(out, "{hour12:02}"),
        'H' => write!(out, "{hour:02}"),
        'i' => write!(out, "{:02}", z.minute()),
        's' => write!(out, "{:02}", z.second()),
        'u' => write!(out, "{:06}", z.subsec_nanosecond() / 1_000),
        'v' => write!(out, "{:03}", z.subsec_nanosecond() / 1_000_000),
        'e' => match z.time_zone().iana_name() {
            Some(name) => write!(out, "{name}"),
            None => write!(out, "{}", offset_text(offset, true)),
        },
        'I' => {
            let dst = z.time_zone().to_offset_info(z.timestamp()).dst().is_dst();
            write!(out, "{}", u8::from(dst))
        }
        'O' => write!(out, "{}", offset_text(offset, false)),
        'P' => write!(out, "{}", offset_text(offset, true)),
        'p' if offset.seconds() == 0 => write!(out, "Z"),
        'p' => write!(out, "{}", offset_text(offset, true)),
        'T' => {
            let info = z.time_zone().to_offset_info(z.timestamp());
            let abbreviation = info.abbreviation();
            // PHP writes the offset where the zone has no letters for it (`+03`).
            if abbreviation.starts_with(['+', '-']) || abbreviation.is_empty() {
                write!(out, "{}", offset_text(offset, true))
            } else {
                write!(out, "{abbreviation}")
            }
        }
        'Z' => write!(out, "{}", offset.seconds()),
        'c' => write!(out, "{}", format(z, "Y-m-d\\TH:i:sP")),
        'r' => write!(out, "{}", format(z, "D, d M Y H:i:s O")),
        'U' => write!(out, "{}", z.timestamp().as_second()),
        other => write!(out, "{other}"),
    };
}

fn ordinal_suffix(day: i8) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// Swatch Internet time: beats of the day in UTC+1.
fn swatch(ts: Timestamp) -> i64 {
    let seconds = (ts.as_second() + 3_600).rem_euclid(86_400);
    seconds * 1_000 / 86_400
}

/// What a read timestamp says: the instant and the offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) ts: Timestamp,
    pub(crate) offset: Offset,
}

#[derive(Default)]
struct Fields {
    year: Option<i16>,
    month: Option<i8>,
    day: Option<i8>,
    hour: Option<i8>,
    minute: i8,
    second: i8,
    nanos: i32,
    pm: Option<bool>,
    twelve_hour: bool,
    offset: Option<Offset>,
    zone: Option<TimeZone>,
    epoch: Option<i64>,
}

/// Reads `text` with a PHP `createFromFormat` format; `zone` applies when the format has no
/// offset or zone letter. `Err` names what did not match.
pub(crate) fn parse(text: &str, format: &str, zone: &TimeZone) -> Result<Parsed, String> {
    let mut fields = Fields::default();
    let mut rest = text;
    let mut letters = format.chars();
    while let Some(c) = letters.next() {
        match c {
            '\\' => {
                let Some(literal) = letters.next() else {
                    return Err("the format ends with a lone backslash".to_owned());
                };
                rest = literal_char(rest, literal)?;
            }
            'd' | 'j' => fields.day = Some(number(&mut rest, 1, 2, "day")?),
            'm' | 'n' => fields.month = Some(number(&mut rest, 1, 2, "month")?),
            'Y' => fields.year = Some(number(&mut rest, 4, 4, "year")?),
            'y' => {
                let two: i16 = number(&mut rest, 2, 2, "year")?;
                // PHP: 00–69 → 2000s, 70–99 → 1900s.
                fields.year = Some(if two < 70 { 2000 + two } else { 1900 + two });
            }
            'H' | 'G' => fields.hour = Some(number(&mut rest, 1, 2, "hour")?),
            'h' | 'g' => {
                fields.hour = Some(number(&mut rest, 1, 2, "hour")?);
                fields.twelve_hour = true;
            }
            'i' => fields.minute = number(&mut rest, 2, 2, "minute")?,
            's' => fields.second = number(&mut rest, 2, 2, "second")?,
            'u' | 'v' => {
                let width = if c == 'u' { 6 } else { 3 };
                let value: i32 = number(&mut rest, 1, width, "fraction")?;
                fields.nanos = value * if c == 'u' { 1_000 } else { 1_000_000 };
            }
            'a' | 'A' => {
                let lower = rest.get(..2).map(str::to_ascii_lowercase);
                fields.pm = match lower.as_deref() {
                    Some("am") => Some(false),
                    Some("pm") => Some(true),
                    _ => return Err("expected am or pm".to_owned()),
                };
                rest = &rest[2..];
            }
            'O' | 'P' | 'p' => {
                let (offset, after) = read_offset(rest)?;
                fields.offset = Some(offset);
                rest = after;
            }
            'e' | 'T' => {
                let end = rest
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || "/_+-:".contains(ch)))
                    .unwrap_or(rest.len());
                let name = &rest[..end];
                if let Ok((offset, "")) = read_offset(name) {
                    fields.offset = Some(offset);
                } else if name.eq_ignore_ascii_case("z") {
                    fields.offset = Some(Offset::UTC);
                } else {
                    let tz =
                        TimeZone::get(name).map_err(|_| format!("unknown time zone \"{name}\""))?;
                    fields.zone = Some(tz);
                }
                rest = &rest[end..];
            }
            'U' => {
                let end = rest
                    .char_indices()
                    .find(|&(i, ch)| !(ch.is_ascii_digit() || (i == 0 && ch == '-')))
                    .map_or(rest.len(), |(i, _)| i);
                fields.epoch = Some(
                    rest[..end]
                        .parse()
                        .map_err(|_| "expected seconds since the epoch".to_owned())?,
                );
                rest = &rest[end..];
            }
            'D' | 'l' => rest = name(rest, &DAYS, c == 'D')?,
            'M' | 'F' => {
                let before = rest;
                rest = name(rest, &MONTHS, c == 'M')?;
                let word = &before[..before.len() - rest.len()];
                let index = MONTHS
                    .iter()
                    .position(|month| short(month).eq_ignore_ascii_case(short(word)))
                    .unwrap_or(0);
                fields.month = Some(i8::try_from(index + 1).unwrap_or(1));
            }
            c if c.is_ascii_alphabetic() => {
                return Err(format!(
                    "the format letter '{c}' is not supported for input"
                ));
            }
            literal => rest = literal_char(rest, literal)?,
        }
    }
    if !rest.is_empty() {
        return Err(format!("unexpected trailing text \"{rest}\""));
    }
    fields.resolve(zone)
}

impl Fields {
    fn resolve(self, zone: &TimeZone) -> Result<Parsed, String> {
        if let Some(epoch) = self.epoch {
            let ts = Timestamp::from_second(epoch).map_err(|e| e.to_string())?;
            return Ok(Parsed {
                ts,
                offset: self.offset.unwrap_or(Offset::UTC),
            });
        }
        let mut hour = self.hour.unwrap_or(0);
        if self.twelve_hour || self.pm.is_some() {
            if !(1..=12).contains(&hour) {
                return Err("the hour must be 1 to 12 with am/pm".to_owned());
            }
            hour %= 12;
            if self.pm == Some(true) {
                hour += 12;
            }
        }
        let date = Date::new(
            self.year.unwrap_or(1970),
            self.month.unwrap_or(1),
            self.day.unwrap_or(1),
        )
        .map_err(|e| e.to_string())?;
        let time =
            Time::new(hour, self.minute, self.second, self.nanos).map_err(|e| e.to_string())?;
        let civil = DateTime::from_parts(date, time);
        let (ts, offset) = if let Some(offset) = self.offset {
            let ts = offset.to_timestamp(civil).map_err(|e| e.to_string())?;
            (ts, offset)
        } else {
            let tz = self.zone.as_ref().unwrap_or(zone);
            let ts = match tz.to_ambiguous_timestamp(civil).offset() {
                AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(civil),
                AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => {
                    before.to_timestamp(civil)
                }
            }
            .map_err(|e| e.to_string())?;
            (ts, tz.to_offset(ts))
        };
        Ok(Parsed { ts, offset })
    }
}

fn literal_char(rest: &str, literal: char) -> Result<&str, String> {
    rest.strip_prefix(literal)
        .ok_or_else(|| format!("expected '{literal}'"))
}

fn number<T: std::str::FromStr>(
    rest: &mut &str,
    min: usize,
    max: usize,
    what: &str,
) -> Result<T, String> {
    let digits = rest
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if digits < min {
        return Err(format!("expected the {what}"));
    }
    let value = rest[..digits]
        .parse()
        .map_err(|_| format!("expected the {what}"))?;
    *rest = &rest[digits..];
    Ok(value)
}

/// `Z`, `+02`, `+0200` or `+02:00` at the start of `text`.
fn read_offset(text: &str) -> Result<(Offset, &str), String> {
    if let Some(rest) = text.strip_prefix(['Z', 'z']) {
        return Ok((Offset::UTC, rest));
    }
    let bad = || "expected an offset such as +0200".to_owned();
    let sign = match text.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(bad()),
    };
    let mut rest = &text[1..];
    let hours: i32 = number(&mut rest, 2, 2, "offset").map_err(|_| bad())?;
    if let Some(after) = rest.strip_prefix(':') {
        rest = after;
    }
    let minutes: i32 = number(&mut rest, 0, 2, "offset").unwrap_or(0);
    if hours > 25 || minutes > 59 {
        return Err(bad());
    }
    let offset = Offset::from_seconds(sign * (hours * 3_600 + minutes * 60)).map_err(|_| bad())?;
    Ok((offset, rest))
}

/// Skips a day or month name (three letters when `abbreviated`), any case.
fn name<'t>(rest: &'t str, names: &[&str], abbreviated: bool) -> Result<&'t str, String> {
    for full in names {
        let candidate = if abbreviated { short(full) } else { full };
        if rest
            .get(..candidate.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(candidate))
        {
            return Ok(&rest[candidate.len()..]);
        }
    }
    Err("expected a day or month name".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zoned(text: &str, zone: &str) -> Zoned {
        text.parse::<Timestamp>()
            .unwrap()
            .to_zoned(TimeZone::get(zone).unwrap())
    }

    #[test]
    fn writes_php_letters() {
        let z = zoned("2017-02-16T11:40:25.123456Z", "Europe/Copenhagen");
        assert_eq!(format(&z, "Y-m-d\\TH:i:sO"), "2017-02-16T12:40:25+0100");
        assert_eq!(format(&z, "c"), "2017-02-16T12:40:25+01:00");
        assert_eq!(format(&z, "D, d M Y H:i:s O"), format(&z, "r"));
        assert_eq!(format(&z, "r"), "Thu, 16 Feb 2017 12:40:25 +0100");
        assert_eq!(
            format(&z, "l jS F y, g:ia"),
            "Thursday 16th February 17, 12:40pm"
        );
        assert_eq!(format(&z, "N w z W t L o"), "4 4 46 07 28 0 2017");
        assert_eq!(format(&z, "G h A u v"), "12 12 PM 123456 123");
        assert_eq!(
            format(&z, "e T I Z P p"),
            "Europe/Copenhagen CET 0 3600 +01:00 +01:00"
        );
        assert_eq!(format(&z, "U"), "1487245225");
        assert_eq!(
            format(&z, "Y-m-d (P e) \\Y"),
            "2017-02-16 (+01:00 Europe/Copenhagen) Y"
        );
        let utc = zoned("2017-07-01T00:05:00Z", "UTC");
        assert_eq!(format(&utc, "p T g a B"), "Z UTC 12 am 045");
        let summer = zoned("2017-07-01T00:05:00Z", "Europe/Copenhagen");
        assert_eq!(format(&summer, "I T"), "1 CEST");
    }

    #[test]
    fn reads_php_formats() {
        let utc = TimeZone::UTC;
        let parsed = parse("2024-05-07 10:30", "Y-m-d H:i", &utc).unwrap();
        assert_eq!(parsed.ts, "2024-05-07T10:30:00Z".parse().unwrap());
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let parsed = parse("07/05/2024 02:30pm", "d/m/Y h:ia", &berlin).unwrap();
        assert_eq!(parsed.ts, "2024-05-07T12:30:00Z".parse().unwrap());
        assert_eq!(parsed.offset.seconds(), 7_200);
        let parsed = parse("2024-05-07T10:30:00+0530", "Y-m-d\\TH:i:sO", &utc).unwrap();
        assert_eq!(parsed.ts, "2024-05-07T05:00:00Z".parse().unwrap());
        let parsed = parse("1487245225", "U", &utc).unwrap();
        assert_eq!(parsed.ts.as_second(), 1_487_245_225);
        let parsed = parse(
            "Tue, 7 May 2024 10:00 Europe/Berlin",
            "D, j M Y H:i e",
            &utc,
        )
        .unwrap();
        assert_eq!(parsed.ts, "2024-05-07T08:00:00Z".parse().unwrap());
        assert!(parse("2024-05-07", "Y-m-d H:i", &utc).is_err());
        assert!(parse("2024-05-07 10:30x", "Y-m-d H:i", &utc).is_err());
        assert!(parse("2024-13-07", "Y-m-d", &utc).is_err());
        assert!(parse("2024", "Q", &utc).is_err());
    }
}
