//! The derived definitions the hand-written `Deserialize` impls replaced (as of commit
//! 5a410f7), kept as the reference the property tests compare against. Field types, serde
//! attributes and `lenient_count` are copied unchanged; only docs and methods are left out.
//! Later rule, added to both sides: `meta` also reads PHP's empty array `[]` as an empty map
//! (both use `timekit_model::laravel_map::optional_map`).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use timekit_model::{BookingAction, BookingId, BookingState, Graph, Timestamp};

/// The derived `timekit_model::Booking`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    pub id: BookingId,
    pub graph: Graph,
    pub state: BookingState,
    pub completed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_actions: Option<Vec<BookingAction>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_actions: Option<Vec<BookingAction>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    #[serde(
        default,
        deserialize_with = "timekit_model::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BookingAttributes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<Vec<Customer>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The derived `timekit_model::BookingAttributes`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BookingAttributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_info: Option<EventInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_booking: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The derived `timekit_model::EventInfo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The derived `timekit_model::Customer`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Customer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The derived `timekit_model::Page<T>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default, deserialize_with = "lenient_count")]
    pub total: Option<u64>,
    #[serde(default, deserialize_with = "lenient_count")]
    pub per_page: Option<u64>,
    #[serde(default, deserialize_with = "lenient_count")]
    pub current_page: Option<u64>,
    #[serde(default, deserialize_with = "lenient_count")]
    pub last_page: Option<u64>,
    #[serde(default)]
    pub next_page_url: Option<String>,
    #[serde(default)]
    pub prev_page_url: Option<String>,
    #[serde(default, deserialize_with = "lenient_count")]
    pub from: Option<u64>,
    #[serde(default, deserialize_with = "lenient_count")]
    pub to: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An integer, a string holding one, or `null`.
fn lenient_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Count {
        Number(u64),
        Text(String),
    }
    match Option::<Count>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Count::Number(number)) => Ok(Some(number)),
        Some(Count::Text(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected a count, got {text:?}"))),
    }
}
