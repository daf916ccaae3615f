//! One page of a list endpoint, with Laravel's paginator keys.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// A page of a list answer (`GET /bookings`, `GET /resources`).
///
/// The keys are those of Laravel's `LengthAwarePaginator`. Timekit sends `per_page` as a
/// string when it echoes the `limit` query value (`"per_page": "3"`), so every count here
/// accepts an integer or a numeric string (and `null`). On output every paginator key is
/// written, `null` when unknown, because that is the documented shape (`next_page_url: null`
/// is the stop signal); counts are written as numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// Number of items in the whole list.
    #[serde(default, deserialize_with = "lenient_count")]
    pub total: Option<u64>,
    /// Page size.
    #[serde(default, deserialize_with = "lenient_count")]
    pub per_page: Option<u64>,
    /// 1-based number of this page.
    #[serde(default, deserialize_with = "lenient_count")]
    pub current_page: Option<u64>,
    /// Number of the last page.
    #[serde(default, deserialize_with = "lenient_count")]
    pub last_page: Option<u64>,
    /// URL of the next page; `None` on the last page.
    #[serde(default)]
    pub next_page_url: Option<String>,
    /// URL of the previous page; `None` on the first page.
    #[serde(default)]
    pub prev_page_url: Option<String>,
    /// 1-based position of the first item of this page in the whole list.
    #[serde(default, deserialize_with = "lenient_count")]
    pub from: Option<u64>,
    /// 1-based position of the last item of this page in the whole list.
    #[serde(default, deserialize_with = "lenient_count")]
    pub to: Option<u64>,
    /// Any other top-level key, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<T> Page<T> {
    /// A page holding `data` and no pagination keys.
    pub fn new(data: Vec<T>) -> Self {
        Self {
            data,
            total: None,
            per_page: None,
            current_page: None,
            last_page: None,
            next_page_url: None,
            prev_page_url: None,
            from: None,
            to: None,
            extra: Map::new(),
        }
    }

    /// Whether a page follows this one.
    ///
    /// `next_page_url` is the documented signal; `current_page < last_page` also counts, so a
    /// server that leaves the URL out still pages. With neither, the answer is "no", so a
    /// caller never loops on a page without pagination keys.
    pub fn has_next(&self) -> bool {
        let numbers_say_more = matches!(
            (self.current_page, self.last_page),
            (Some(current), Some(last)) if current < last
        );
        self.next_page_url.is_some() || numbers_say_more
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn per_page_accepts_a_numeric_string_and_an_integer() {
        let text: Page<Value> =
            serde_json::from_value(json!({"data": [], "per_page": "3"})).unwrap();
        let number: Page<Value> =
            serde_json::from_value(json!({"data": [], "per_page": 3})).unwrap();
        assert_eq!(text.per_page, Some(3));
        assert_eq!(number.per_page, Some(3));
    }

    #[test]
    fn refuses_a_non_numeric_count() {
        let result = serde_json::from_value::<Page<Value>>(json!({"data": [], "per_page": "many"}));
        assert!(result.is_err());
    }

    #[test]
    fn null_urls_and_counts_are_none() {
        let page: Page<Value> = serde_json::from_value(
            json!({"data": [], "next_page_url": null, "prev_page_url": null, "from": null, "to": null}),
        )
        .unwrap();
        assert_eq!(page.next_page_url, None);
        assert_eq!(page.from, None);
        assert!(!page.has_next());
    }

    #[test]
    fn has_next_follows_next_page_url() {
        let page: Page<Value> = serde_json::from_value(json!({
            "data": [], "current_page": 1, "last_page": 2,
            "next_page_url": "https://api.timekit.io/v2/bookings?page=2"
        }))
        .unwrap();
        assert!(page.has_next());
    }

    #[test]
    fn has_next_also_follows_page_numbers() {
        let more: Page<Value> =
            serde_json::from_value(json!({"data": [], "current_page": 1, "last_page": 2})).unwrap();
        let last: Page<Value> =
            serde_json::from_value(json!({"data": [], "current_page": 2, "last_page": 2})).unwrap();
        assert!(more.has_next());
        assert!(!last.has_next());
    }

    #[test]
    fn unknown_keys_round_trip() {
        let input = json!({"data": [1], "total": 1, "per_page": 50, "current_page": 1, "last_page": 1,
                           "next_page_url": null, "prev_page_url": null, "from": 1, "to": 1,
                           "links": {"self": "x"}});
        let page: Page<u8> = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(page.extra["links"], json!({"self": "x"}));
        assert_eq!(serde_json::to_value(&page).unwrap(), input);
    }

    #[test]
    fn missing_keys_are_written_as_null() {
        let written = serde_json::to_value(Page::new(vec![1u8])).unwrap();
        for key in [
            "total",
            "per_page",
            "current_page",
            "last_page",
            "next_page_url",
            "prev_page_url",
            "from",
            "to",
        ] {
            assert_eq!(written.get(key), Some(&Value::Null), "{key}");
        }
        assert_eq!(written["data"], json!([1]));
    }
}
