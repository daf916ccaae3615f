//! Free-form maps (`meta`, `settings`) as a PHP backend writes them.
//!
//! Timekit runs on Laravel, and PHP's `json_encode` writes an *empty* associative array as
//! `[]`, not `{}`. A booking or resource whose `meta` was never set can therefore arrive as
//! `"meta": []`; reading that as an error would make the whole answer fail to decode.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// An object, `null`, or an empty array (read as an empty map). Anything else is an error.
pub(crate) fn optional_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Map<String, Value>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum MapOrEmptyList {
        Map(Map<String, Value>),
        List([(); 0]),
    }
    Ok(
        match Option::<MapOrEmptyList>::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom("expected a JSON object, an empty array or null")
        })? {
            None => None,
            Some(MapOrEmptyList::Map(map)) => Some(map),
            Some(MapOrEmptyList::List(_)) => Some(Map::new()),
        },
    )
}

/// [`optional_map`] as a type, for the hand-written decoders' `via`.
pub(crate) struct LaravelMap(Option<Map<String, Value>>);

impl<'de> Deserialize<'de> for LaravelMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        optional_map(deserializer).map(LaravelMap)
    }
}

impl From<LaravelMap> for Option<Map<String, Value>> {
    fn from(map: LaravelMap) -> Self {
        map.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> Result<Option<Map<String, Value>>, serde_json::Error> {
        optional_map(value)
    }

    #[test]
    fn objects_null_and_php_empty_arrays_are_read() {
        assert_eq!(
            read(json!({"a": 1})).unwrap(),
            json!({"a": 1}).as_object().cloned()
        );
        assert_eq!(read(Value::Null).unwrap(), None);
        assert_eq!(read(json!([])).unwrap(), Some(Map::new()));
    }

    #[test]
    fn other_shapes_are_errors() {
        for bad in [json!([1]), json!(["a"]), json!("x"), json!(3), json!(true)] {
            assert!(read(bad.clone()).is_err(), "{bad}");
        }
    }
}
