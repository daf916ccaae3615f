//! `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP date.
//!
//! Only the IMF-fixdate form of an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) is understood:
//! it is the one form senders must generate. The two obsolete forms (RFC 850, asctime) and any
//! other garbage count as "no header", so the computed backoff applies.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;
use http::header::RETRY_AFTER;

/// The wait a response asks for through its `Retry-After` header, measured from `now`.
///
/// `None` when the header is absent or unreadable; a date in the past gives zero.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, now)
}

/// Parses one `Retry-After` value, measured from `now`.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // All digits: an overflowing number is simply "very long" (the caller caps it).
        return Some(
            value
                .parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let at = parse_imf_fixdate(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT` (fixed positions; the calendar is jiff's).
fn parse_imf_fixdate(value: &str) -> Option<SystemTime> {
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let bytes = value.as_bytes();
    let separators = [
        (3, b','),
        (4, b' '),
        (7, b' '),
        (11, b' '),
        (16, b' '),
        (19, b':'),
    ];
    let shape_ok = bytes.len() == 29
        && separators.iter().all(|&(at, byte)| bytes[at] == byte)
        && bytes[22] == b':'
        && value.get(25..) == Some(" GMT");
    if !shape_ok || !WEEKDAYS.contains(&value.get(0..3)?) {
        return None;
    }
    let number = |at: usize, len: usize| {
        let text = value.get(at..at + len)?;
        text.bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| text.parse::<i16>().ok())?
    };
    let month = MONTHS
        .iter()
        .position(|name| Some(*name) == value.get(8..11))?;
    let (day, year) = (number(5, 2)?, number(12, 4)?);
    let (hour, minute, second) = (number(17, 2)?, number(20, 2)?, number(23, 2)?);
    // 60 is a leap second: allowed by the grammar.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let date = jiff::civil::Date::new(year, i8::try_from(month + 1).ok()?, i8::try_from(day).ok()?);
    let days = (date.ok()? - jiff::civil::date(1970, 1, 1)).get_days();
    let seconds = i64::from(days) * 86_400
        + i64::from(hour) * 3_600
        + i64::from(minute) * 60
        + i64::from(second);
    // Before 1970: not a date a server means.
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn at(unix: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix)
    }

    #[test]
    fn delta_seconds() {
        let now = at(1_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::MAX)
        );
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn imf_fixdate_is_measured_from_now() {
        // RFC 9110's example date is 784111777 seconds after the epoch.
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(
            parse_retry_after(date, at(784_111_777 - 30)),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after(date, at(784_111_777 + 30)),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn dates_across_leap_years_and_month_ends() {
        let cases = [
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            ("Thu, 29 Feb 2024 23:59:59 GMT", 1_709_251_199),
            ("Fri, 01 Mar 2024 00:00:00 GMT", 1_709_251_200),
            ("Fri, 31 Dec 1999 23:59:59 GMT", 946_684_799),
            ("Sat, 01 Jan 2000 00:00:00 GMT", 946_684_800),
            ("Mon, 01 Mar 2100 12:00:00 GMT", 4_107_585_600),
        ];
        for (date, unix) in cases {
            assert_eq!(parse_imf_fixdate(date), Some(at(unix)), "{date}");
        }
    }

    #[test]
    fn malformed_dates_are_ignored() {
        let now = at(0);
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 29 Feb 2100 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:3é GMT",
            "Sé, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:é:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn reads_the_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, at(0)), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, at(0)), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, HeaderValue::from_bytes(b"\xff").unwrap());
        assert_eq!(retry_after(&headers, at(0)), None);
    }
}
