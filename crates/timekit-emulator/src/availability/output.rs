//! Rendering planned slots as the `data` array of the answer.

use super::ResourceInfo;
use super::combine::PlannedSlot;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

/// `YYYY-MM-DDTHH:MM:SS±HH:MM` in `tz` (`timekit-api.md` §2.11), `None` if out of range.
pub fn format_timestamp(second: i64, tz: &TimeZone) -> Option<String> {
    let zoned = Timestamp::from_second(second).ok()?.to_zoned(tz.clone());
    Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// The JSON slots; `resources[i]` is the query's i-th resource.
pub fn render(
    slots: &[PlannedSlot],
    length: i64,
    resources: &[&ResourceInfo],
    tz: &TimeZone,
) -> Vec<Value> {
    slots
        .iter()
        .filter_map(|slot| {
            let start = format_timestamp(slot.start, tz)?;
            let end = format_timestamp(slot.start.checked_add(length)?, tz)?;
            let listed: Vec<Value> = slot
                .resources
                .iter()
                .filter_map(|index| resources.get(*index))
                .map(|info| json!({"id": info.id, "name": info.name, "timezone": info.timezone}))
                .collect();
            Some(json!({"start": start, "end": end, "resources": listed}))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_have_a_colon_and_utc_is_plus_zero() {
        let second = "2024-05-06T07:30:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .as_second();
        assert_eq!(
            format_timestamp(second, &TimeZone::UTC).unwrap(),
            "2024-05-06T07:30:00+00:00"
        );
        let copenhagen = TimeZone::get("Europe/Copenhagen").unwrap();
        assert_eq!(
            format_timestamp(second, &copenhagen).unwrap(),
            "2024-05-06T09:30:00+02:00"
        );
        let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
        assert_eq!(
            format_timestamp(second, &kolkata).unwrap(),
            "2024-05-06T13:00:00+05:30"
        );
    }
}
