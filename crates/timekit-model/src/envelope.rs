//! The `{"data": …}` envelope around every Timekit success body.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A success body: `{"data": T}`; other top-level keys are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The payload.
    pub data: T,
    /// Top-level keys next to `data` (for example a `meta` block), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<T> Envelope<T> {
    /// Wraps a payload with no extra keys.
    pub fn new(data: T) -> Self {
        Self {
            data,
            extra: Map::new(),
        }
    }

    /// The payload.
    pub fn into_data(self) -> T {
        self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unwraps_data_and_keeps_other_keys() {
        let parsed: Envelope<Vec<u8>> =
            serde_json::from_value(json!({"data": [1, 2], "meta": {"message": "ok"}})).unwrap();
        assert_eq!(parsed.data, vec![1, 2]);
        assert_eq!(parsed.extra["meta"], json!({"message": "ok"}));
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            json!({"data": [1, 2], "meta": {"message": "ok"}})
        );
    }

    #[test]
    fn missing_data_is_an_error() {
        assert!(serde_json::from_value::<Envelope<Value>>(json!({"meta": {}})).is_err());
    }
}
