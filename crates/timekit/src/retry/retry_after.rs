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
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, now)
}

/// Parses one `Retry-After` value, measured from `now`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
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

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_imf_fixdate(value: &str) -> Option<SystemTime> {
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    let bytes = value.as_bytes();
    if bytes.len() != 29 || value.get(3..5) != Some(", ") || value.get(25..) != Some(" GMT") {
        return None;
    }
    let separators_ok = bytes[7] == b' '
        && bytes[11] == b' '
        && bytes[16] == b' '
        && bytes[19] == b':'
        && bytes[22] == b':';
    if !separators_ok || !WEEKDAYS.contains(&value.get(0..3)?) {
        return None;
    }
    let day = digits(value.get(5..7)?)?;
    let month = MONTHS
        .iter()
        .position(|name| Some(*name) == value.get(8..11))? as u64
        + 1;
    let year = digits(value.get(12..16)?)?;
    let hour = digits(value.get(17..19)?)?;
    let minute = digits(value.get(20..22)?)?;
    let second = digits(value.get(23..25)?)?;
    if year < 1970 || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // 60 is a leap second: allowed by the grammar.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_since_epoch(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

fn digits(text: &str) -> Option<u64> {
    if text.bytes().all(|byte| byte.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn is_leap_year(year: u64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date (year ≥ 1970), by counting whole years and months.
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let before_year = year - 1;
    let leap_days = |y: u64| y / 4 - y / 100 + y / 400;
    let year_days = (year - 1970) * 365 + leap_days(before_year) - leap_days(1969);
    let month_days: u64 = (1..month).map(|m| days_in_month(year, m)).sum();
    year_days + month_days + day - 1
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
