//! The week the story happens in, and how its times are shown.

use jiff::civil::{Date, Weekday, date};
use jiff::tz::TimeZone;
use timekit::model::Timestamp;

/// The Monday the embedded emulator's clock is pinned to.
pub const PINNED_MONDAY: Date = date(2030, 1, 7);

/// The hour (UTC) of that Monday the pinned clock shows.
pub const PINNED_HOUR_UTC: i8 = 8;

/// The week of the story, starting on a Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    monday: Date,
}

impl Week {
    /// The week of the pinned emulator clock.
    pub fn pinned() -> Self {
        Week {
            monday: PINNED_MONDAY,
        }
    }

    /// The first week starting after `today` (a real server's bookings lie in the future).
    pub fn after(today: Date) -> Self {
        let days_ahead = 7 - i32::from(today.weekday().to_monday_zero_offset());
        let monday = today
            .checked_add(jiff::Span::new().days(days_ahead))
            .unwrap_or(today);
        Week { monday }
    }

    /// The Monday of the week.
    pub fn monday(&self) -> Date {
        self.monday
    }

    /// The date `offset` days after Monday (1 = Tuesday).
    pub fn day(&self, offset: i32) -> Date {
        self.monday
            .checked_add(jiff::Span::new().days(offset))
            .unwrap_or(self.monday)
    }

    /// Midnight UTC at the start of day `offset`, as RFC 3339 text (an availability bound).
    pub fn utc_midnight(&self, offset: i32) -> String {
        format!("{}T00:00:00Z", self.day(offset))
    }

    /// Day `offset` at `hour:minute` local time in `zone`, with that zone's offset.
    pub fn local(
        &self,
        offset: i32,
        hour: i8,
        minute: i8,
        zone: &TimeZone,
    ) -> Result<Timestamp, jiff::Error> {
        let zoned = self
            .day(offset)
            .at(hour, minute, 0, 0)
            .to_zoned(zone.clone())?;
        Ok(Timestamp::from(&zoned))
    }
}

/// The weekday of a date, in three letters.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// `14:00` in `zone`.
pub fn clock(at: &Timestamp, zone: &TimeZone) -> String {
    at.instant()
        .to_zoned(zone.clone())
        .strftime("%H:%M")
        .to_string()
}

/// `Tue 14:00` in `zone`.
pub fn day_and_clock(at: &Timestamp, zone: &TimeZone) -> String {
    let zoned = at.instant().to_zoned(zone.clone());
    format!(
        "{} {}",
        weekday_name(zoned.weekday()),
        zoned.strftime("%H:%M")
    )
}

/// `Tue 14:00–15:00` in `zone`.
pub fn span(start: &Timestamp, end: &Timestamp, zone: &TimeZone) -> String {
    format!("{}–{}", day_and_clock(start, zone), clock(end, zone))
}

/// `Tue 8 Jan`.
pub fn day_label(day: Date) -> String {
    format!("{} {}", weekday_name(day.weekday()), day.strftime("%-d %b"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pinned_week_starts_on_a_monday() {
        assert_eq!(Week::pinned().monday().weekday(), Weekday::Monday);
        assert_eq!(Week::pinned().utc_midnight(1), "2030-01-08T00:00:00Z");
        assert_eq!(day_label(Week::pinned().day(1)), "Tue 8 Jan");
    }

    #[test]
    fn the_next_week_is_always_ahead() {
        // From a Monday the next Monday is a week later; from a Sunday it is the next day.
        assert_eq!(Week::after(date(2030, 1, 7)).monday(), date(2030, 1, 14));
        assert_eq!(Week::after(date(2030, 1, 13)).monday(), date(2030, 1, 14));
        assert_eq!(Week::after(date(2030, 1, 9)).monday(), date(2030, 1, 14));
    }

    #[test]
    fn local_times_keep_their_zone_and_print_in_any_zone() {
        let new_york = TimeZone::get("America/New_York").unwrap();
        let copenhagen = TimeZone::get("Europe/Copenhagen").unwrap();
        let start = Week::pinned().local(2, 9, 0, &new_york).unwrap();
        assert_eq!(start.to_string(), "2030-01-09T09:00:00-05:00");
        assert_eq!(clock(&start, &copenhagen), "15:00");
        let end = Week::pinned().local(2, 10, 30, &new_york).unwrap();
        assert_eq!(span(&start, &end, &new_york), "Wed 09:00–10:30");
    }
}
