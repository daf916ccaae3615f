//! The answer of `POST /availability/count` (`timekit-api-more.md` §5.4.2):
//! `{"data": {"total": 12}}`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// The number of free slots `POST /availability` would return for the same body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityCount {
    /// Number of available slots (a number or a numeric string on the wire).
    #[serde(deserialize_with = "count")]
    pub total: u64,
    /// Any breakdown the server adds (per day, per resource …), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An integer or a string holding one.
fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Count {
        Number(u64),
        Text(String),
    }
    match Count::deserialize(deserializer)? {
        Count::Number(number) => Ok(number),
        Count::Text(text) => text
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("expected a count, got {text:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_numbers_and_numeric_strings() {
        let count: AvailabilityCount = serde_json::from_value(json!({"total": 80})).unwrap();
        assert_eq!(count.total, 80);
        let text: AvailabilityCount =
            serde_json::from_value(json!({"total": "12", "per_day": {"2030-03-04": 12}})).unwrap();
        assert_eq!(text.total, 12);
        assert_eq!(text.extra["per_day"]["2030-03-04"], 12);
    }

    #[test]
    fn refuses_what_is_not_a_count() {
        for bad in [
            json!({}),
            json!({"total": -1}),
            json!({"total": "many"}),
            json!({"total": null}),
        ] {
            assert!(
                serde_json::from_value::<AvailabilityCount>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
