//! Reading a request body given as `--body FILE` or `--body -` (standard input).

use std::io::Read;

use serde_json::Value;

use crate::cli::BodySource;
use crate::failure::Failure;

/// Reads the source and parses it as JSON.
///
/// # Errors
/// [`Failure::BadInput`] naming the source when it cannot be read or is not JSON.
pub fn read_json(source: &BodySource) -> Result<Value, Failure> {
    let text = read_all(source)?;
    parse_json(source, &text)
}

/// Reads an optional body; no source means the empty object `{}`.
///
/// # Errors
/// As [`read_json`].
pub fn read_json_or_empty(source: Option<&BodySource>) -> Result<Value, Failure> {
    match source {
        Some(source) => read_json(source),
        None => Ok(Value::Object(serde_json::Map::new())),
    }
}

fn read_all(source: &BodySource) -> Result<Vec<u8>, Failure> {
    let result = match source {
        BodySource::Stdin => {
            let mut buffer = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buffer)
                .map(|_| buffer)
        }
        BodySource::File(path) => std::fs::read(path),
    };
    result.map_err(|err| {
        Failure::BadInput(format!(
            "cannot read body from {}: {err}",
            source.describe()
        ))
    })
}

fn parse_json(source: &BodySource, text: &[u8]) -> Result<Value, Failure> {
    serde_json::from_slice(text).map_err(|err| {
        Failure::BadInput(format!(
            "invalid JSON in body from {}: {err}",
            source.describe()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn temp_file(name: &str, contents: &str) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("timekit-cli-body-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        path
    }

    #[test]
    fn reads_a_json_file() {
        let path = temp_file("ok.json", r#"{"name": "Anna", "timezone": "UTC"}"#);
        let value = read_json(&BodySource::File(path.clone())).unwrap();
        assert_eq!(value["name"], "Anna");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn invalid_json_names_the_file_and_the_position() {
        let path = temp_file("bad.json", "{\"name\": ");
        let err = read_json(&BodySource::File(path.clone())).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("line 1"), "{message}");
        assert_eq!(err.exit_code(), 2);
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_missing_file_is_bad_input_naming_the_file() {
        let path = std::env::temp_dir().join("timekit-cli-body-does-not-exist.json");
        let err = read_json(&BodySource::File(path.clone())).unwrap_err();
        assert!(err.to_string().contains("does-not-exist.json"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn no_source_means_an_empty_object() {
        assert_eq!(read_json_or_empty(None).unwrap(), serde_json::json!({}));
    }
}
