//! Server text made safe for a terminal: control characters are shown as escapes, never
//! sent raw.
//!
//! A server (or anyone between it and us) chooses the bytes of its messages and bodies. Sent
//! raw to a terminal, ESC starts control sequences that can recolour or rewrite what is on
//! screen, retitle the window or worse, and BEL rings. So every C0 control (U+0000–U+001F),
//! DEL (U+007F) and every C1 control (U+0080–U+009F, which some terminals read as ESC
//! sequences, CSI U+009B among them) is written as `\u00XX` before printing; newline and
//! tab stay where the output's layout needs them.

use std::fmt::Write as _;

/// Whether `c` is a C0 control, DEL or a C1 control.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Replaces every control character but newline and tab with `\u00XX`.
///
/// For JSON the text stays valid, equivalent JSON: serde_json already escapes C0 inside
/// strings, outside strings only whitespace can appear, so what is left (DEL and C1 inside
/// strings) becomes an escape JSON reads back as the same character.
pub fn layout_safe(text: &str) -> String {
    escape_where(text, |c| is_control(c) && c != '\n' && c != '\t')
}

/// Replaces every control character, newline and tab included, with `\u00XX`: for one-line
/// messages.
pub fn one_line_safe(text: &str) -> String {
    escape_where(text, is_control)
}

/// [`layout_safe`] for bytes: invalid UTF-8 is shown as U+FFFD (it could not be shown as
/// sent anyway).
pub fn layout_safe_bytes(bytes: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        // The common case: nothing to change, no copy of the text.
        Ok(text)
            if !text
                .chars()
                .any(|c| is_control(c) && c != '\n' && c != '\t') =>
        {
            bytes.to_vec()
        }
        Ok(text) => layout_safe(text).into_bytes(),
        Err(_) => layout_safe(&String::from_utf8_lossy(bytes)).into_bytes(),
    }
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc_bel_del_and_c1_are_escaped() {
        assert_eq!(
            one_line_safe("\u{1b}[31mred\u{7}\u{7f}\u{9b}2J\u{85}"),
            "\\u001b[31mred\\u0007\\u007f\\u009b2J\\u0085"
        );
        assert_eq!(one_line_safe("a\nb\tc\r"), "a\\u000ab\\u0009c\\u000d");
    }

    #[test]
    fn layout_keeps_newline_and_tab_only() {
        assert_eq!(
            layout_safe("{\n\t\"a\": \"\u{1b}\r\"\n}"),
            "{\n\t\"a\": \"\\u001b\\u000d\"\n}"
        );
        assert_eq!(layout_safe("é € 😀 plain"), "é € 😀 plain");
    }

    #[test]
    fn escaped_json_reads_back_as_the_same_value() {
        let json = "{\"m\":\"x\u{9b}y\u{7f}\"}";
        let escaped = layout_safe(json);
        assert!(!escaped.chars().any(is_control), "{escaped}");
        let before: serde_json::Value = serde_json::from_str(json).unwrap();
        let after: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(before, after);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_shown_replaced() {
        assert_eq!(layout_safe_bytes(b"ok\n"), b"ok\n");
        assert_eq!(
            layout_safe_bytes(b"a\x1bb\xff"),
            "a\\u001bb\u{fffd}".as_bytes()
        );
    }
}
