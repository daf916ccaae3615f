//! The `search=key:value;key:value` criteria language (Laravel l5-repository style).

use serde_json::{Map, Value};

/// The longest search value accepted, in characters (longer → 422). Search values are names,
/// e-mails and ids; a bound keeps every match cheap (`docs/api-decisions.md`).
pub(crate) const MAX_SEARCH_VALUE_CHARS: usize = 256;

/// The most criteria one `search` may combine (more → 422).
pub(crate) const MAX_SEARCH_CRITERIA: usize = 16;

/// Splits a search string into `(key, value)` criteria; `Err` names the malformed criterion
/// or the exceeded limit.
pub(crate) fn parse_criteria(search: &str) -> Result<Vec<(&str, &str)>, String> {
    let criteria = search
        .split(';')
        .map(str::trim)
        .filter(|criterion| !criterion.is_empty())
        .map(|criterion| {
            let (key, value) = criterion
                .split_once(':')
                .map(|(key, value)| (key.trim(), value.trim()))
                .ok_or_else(|| {
                    format!(
                        "The search criterion '{}' must look like key:value.",
                        clip(criterion)
                    )
                })?;
            if value.chars().count() > MAX_SEARCH_VALUE_CHARS {
                return Err(format!(
                    "The search value for '{}' may not be longer than {MAX_SEARCH_VALUE_CHARS} \
                     characters.",
                    clip(key)
                ));
            }
            Ok((key, value))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if criteria.len() > MAX_SEARCH_CRITERIA {
        return Err(format!(
            "The search may not combine more than {MAX_SEARCH_CRITERIA} criteria."
        ));
    }
    Ok(criteria)
}

/// At most 64 characters of client text, for echoing it in an error message.
fn clip(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Case-insensitive match where `*` stands for any run of characters; without `*` the whole
/// text must match.
///
/// Linear in `pattern + text`, with no backtracking: the literal pieces between stars are
/// anchored at the start and the end and otherwise found leftmost-first, each after the
/// previous (taking the leftmost place for a piece never loses a match a later place would
/// have allowed). `str::find` is a linear-time substring search.
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern = pattern.to_lowercase();
    let text = text.to_lowercase();
    let pieces: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = pieces.as_slice() else {
        // No star: the whole text must match.
        return pattern == text;
    };
    let Some(rest) = text.strip_prefix(first) else {
        return false;
    };
    let Some(mut rest) = rest.strip_suffix(last) else {
        return false;
    };
    for piece in middle.iter().filter(|piece| !piece.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
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
        assert!(glob_matches("a*a", "aa"));
        assert!(!glob_matches("ab*ba", "aba"));
        assert!(glob_matches("**a**", "xay"));
        assert!(glob_matches("a*b*c", "aXbYbZc"));
        assert!(!glob_matches("a*b*c", "aXcYb"));
    }

    #[test]
    fn a_worst_case_pattern_is_fast() {
        let name = "a".repeat(60_000);
        let pattern = format!("*{}b", "a".repeat(200));
        let started = std::time::Instant::now();
        assert!(!glob_matches(&pattern, &name));
        // The old matcher needed seconds here; this is a sanity bound, not a benchmark.
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
    }

    #[test]
    fn long_values_and_many_criteria_are_refused() {
        let long = format!("customer.name:{}", "a".repeat(MAX_SEARCH_VALUE_CHARS + 1));
        assert!(parse_criteria(&long).unwrap_err().contains("256"));
        let exact = format!("customer.name:{}", "a".repeat(MAX_SEARCH_VALUE_CHARS));
        assert!(parse_criteria(&exact).is_ok());
        let many = vec!["graph:instant"; MAX_SEARCH_CRITERIA + 1].join(";");
        assert!(parse_criteria(&many).is_err());
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
