//! Random identifiers: UUID-shaped ids and generated API and widget keys.

use std::fmt::Write as _;

/// A random version-4 UUID in its canonical 36-character form.
pub(crate) fn new_uuid() -> String {
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// A fresh test key shaped like Timekit's: `test_api_key_` + 32 alphanumerics.
pub(crate) fn generated_api_key() -> String {
    generated_key("test_api_key_")
}

/// A fresh widget key shaped like booking.js's examples: `test_widget_key_` + 32
/// alphanumerics. Random, so it reveals nothing about the API key.
pub(crate) fn generated_widget_key() -> String {
    generated_key("test_widget_key_")
}

/// A fresh resource-key or credential token: 32 alphanumerics.
pub(crate) fn generated_token() -> String {
    generated_key("")
}

fn generated_key(prefix: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + 32);
    key.push_str(prefix);
    key.extend(std::iter::repeat_with(fastrand::alphanumeric).take(32));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_canonical_v4() {
        let id = new_uuid();
        assert_eq!(id.len(), 36);
        let groups: Vec<&str> = id.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'));
        assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"));
        assert_ne!(new_uuid(), id);
    }

    #[test]
    fn generated_keys_look_like_test_keys() {
        let key = generated_api_key();
        assert!(key.starts_with("test_api_key_"));
        assert_eq!(key.len(), 45);
        assert!(
            key["test_api_key_".len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
        let widget = generated_widget_key();
        assert!(widget.starts_with("test_widget_key_"));
        assert_eq!(widget.len(), "test_widget_key_".len() + 32);
        assert!(
            widget["test_widget_key_".len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
        assert_ne!(generated_widget_key(), widget);
    }
}
