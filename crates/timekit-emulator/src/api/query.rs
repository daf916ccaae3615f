//! The query string of a request: decoded lookups, plus the raw pairs for page links.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// A parsed query string (`a=1&b=x%20y`); later duplicates win, like PHP.
#[derive(Debug, Default)]
pub(crate) struct Query<'a> {
    /// (raw pair, decoded key, decoded value)
    pairs: Vec<(&'a str, Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Query<'a> {
    pub(crate) fn parse(raw: Option<&'a str>) -> Self {
        let Some(raw) = raw.filter(|raw| !raw.is_empty()) else {
            return Self::default();
        };
        let pairs = raw
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (pair, decode(key), decode(value))
            })
            .collect();
        Self { pairs }
    }

    /// The decoded value of the last `key` parameter.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(_, k, _)| k == key)
            .map(|(_, _, value)| value.as_ref())
    }

    /// The raw (still encoded) pairs except those named `key`, joined by `&`.
    pub(crate) fn raw_without(&self, key: &str) -> String {
        let mut out = String::new();
        for (raw, k, _) in &self.pairs {
            if k != key {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(raw);
            }
        }
        out
    }
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains(['%', '+']) {
        return Cow::Borrowed(text);
    }
    let spaced = text.replace('+', " ");
    Cow::Owned(percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_prefers_the_last_value() {
        let query = Query::parse(Some("search=customer.name:Jane+D*&limit=2&limit=5&x=%3Ba"));
        assert_eq!(query.get("search"), Some("customer.name:Jane D*"));
        assert_eq!(query.get("limit"), Some("5"));
        assert_eq!(query.get("x"), Some(";a"));
        assert_eq!(query.get("nope"), None);
    }

    #[test]
    fn keeps_raw_pairs_for_links() {
        let query = Query::parse(Some("limit=2&page=3&search=a%3Ab"));
        assert_eq!(query.raw_without("page"), "limit=2&search=a%3Ab");
        assert_eq!(Query::parse(None).raw_without("page"), "");
    }
}
