//! One item of `POST /availability/dates` (`timekit-api-more.md` §5.4.1): a date with at
//! least one free slot, and the resources free that day.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::ResourceId;

/// A date with availability: `{"date": "2022-06-10", "resources": ["<id>", …]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailableDate {
    /// The calendar date, `YYYY-MM-DD`, kept as the server wrote it.
    pub date: String,
    /// Ids of the resources with at least one free slot that day (plain id strings).
    #[serde(default)]
    pub resources: Vec<ResourceId>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AvailableDate {
    /// The date as a civil date, when it is a valid `YYYY-MM-DD`.
    pub fn civil_date(&self) -> Option<jiff::civil::Date> {
        self.date.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documented_item_round_trips() {
        let value = json!({"date": "2022-06-10",
                           "resources": ["a6fc1bdb-8035-4007-919b-6276b9124eb8"]});
        let date: AvailableDate = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(date.civil_date(), Some(jiff::civil::date(2022, 6, 10)));
        assert_eq!(serde_json::to_value(&date).unwrap(), value);
    }

    #[test]
    fn odd_dates_are_kept_and_resource_objects_refused() {
        let date: AvailableDate = serde_json::from_value(json!({"date": "soon"})).unwrap();
        assert!(date.civil_date().is_none());
        assert!(date.resources.is_empty());
        assert!(
            serde_json::from_value::<AvailableDate>(json!({"date": "2022-06-10",
                                                           "resources": [{"id": "r"}]}))
            .is_err()
        );
    }
}
