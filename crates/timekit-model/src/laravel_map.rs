//! Free-form maps (`meta`, `settings`) as a PHP backend writes them.
//!
//! Timekit runs on Laravel, and PHP's `json_encode` writes an *empty* associative array as
//! `[]`, not `{}`. A booking or resource whose `meta` was never set can therefore arrive as
//! `"meta": []`; reading that as an error would make the whole answer fail to decode.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// An object, `null`, or an empty array (read as an empty map). Anything else is an error.
/// Use it as `#[serde(deserialize_with = "timekit_model::laravel_map::optional_map")]` on
/// your own `Option<Map<String, Value>>` fields.
///
/// A hand-written visitor rather than an untagged enum: untagged enums buffer the value in
/// serde's `Content` first, which made decoding a page of bookings measurably slower.
pub fn optional_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Map<String, Value>>, D::Error> {
    deserializer.deserialize_option(OptionalMapVisitor)
}

const EXPECTED: &str = "a JSON object, an empty array or null";

struct OptionalMapVisitor;

impl<'de> Visitor<'de> for OptionalMapVisitor {
    type Value = Option<Map<String, Value>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(EXPECTED)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(MapVisitor).map(Some)
    }
}

struct MapVisitor;

impl<'de> Visitor<'de> for MapVisitor {
    type Value = Map<String, Value>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(EXPECTED)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Map::new();
        while let Some((key, value)) = access.next_entry::<String, Value>()? {
            map.insert(key, value);
        }
        Ok(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        match access.next_element::<de::IgnoredAny>()? {
            None => Ok(Map::new()),
            Some(_) => Err(de::Error::invalid_value(de::Unexpected::Seq, &EXPECTED)),
        }
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
