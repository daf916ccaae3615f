//! The `search=key:value;key:value` criteria language (Laravel l5-repository style).

use serde_json::{Map, Value};

/// Splits a search string into `(key, value)` criteria; `Err` names the malformed criterion.
pub(crate) fn parse_criteria(search: &str) -> Result<Vec<(&str, &str)>, String> {
    search
        .split(';')
        .map(str::trim)
        .filter(|criterion| !criterion.is_empty())
        .map(|criterion| {
            criterion
                .split_once(':')
                .map(|(key, value)| (key.trim(), value.trim()))
                .ok_or_else(|| {
                    format!("The search criterion '{criterion}' must look like key:value.")
                })
        })
        .collect()
}

/// Case-insensitive match where `*` stands for any run of characters; without `*` the whole
/// text must match.
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    let text: Vec<char> = text.to_lowercase().chars().collect();
    // Classic greedy wildcard matching with one backtrack point: linear in practice.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// `meta.<key>:<value>`: the meta value, rendered as text, equals `value`.
pub(crate) fn meta_matches(meta: &Map<String, Value>, key: &str, value: &str) -> bool {
    match meta.get(key) {
        Some(Value::String(text)) => text == value,
        Some(Value::Null) | None => false,
        // Numbers and booleans: the search text parsed as JSON must be the same value.
        Some(other) => serde_json::from_str::<Value>(value).is_ok_and(|parsed| parsed == *other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria() {
        assert_eq!(
            parse_criteria("graph:instant; state:confirmed;").unwrap(),
            [("graph", "instant"), ("state", "confirmed")]
        );
        assert!(parse_criteria("graph").is_err());
        assert!(parse_criteria("").unwrap().is_empty());
    }

    #[test]
    fn globs() {
        assert!(glob_matches("jane*", "Jane Roe"));
        assert!(glob_matches("*roe", "Jane Roe"));
        assert!(glob_matches("*an*o*", "Jane Roe"));
        assert!(glob_matches("JANE ROE", "jane roe"));
        assert!(!glob_matches("jane", "Jane Roe"));
        assert!(!glob_matches("*x*", "Jane Roe"));
        assert!(glob_matches("*", ""));
    }

    #[test]
    fn meta_values_compare_as_text() {
        let meta = serde_json::json!({"n": 145, "s": "A-17", "b": true});
        let meta = meta.as_object().unwrap();
        assert!(meta_matches(meta, "n", "145"));
        assert!(meta_matches(meta, "s", "A-17"));
        assert!(meta_matches(meta, "b", "true"));
        assert!(!meta_matches(meta, "s", "a-17"));
        assert!(!meta_matches(meta, "missing", ""));
    }
}
