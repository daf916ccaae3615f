//! Request bodies: reading one given as `--body FILE` or `--body -` (standard input), and
//! Timekit's size limit on what is sent.

use std::io::Read;

use serde_json::Value;
use timekit::Operation;

use crate::cli::BodySource;
use crate::failure::Failure;

/// Timekit's documented request limit: 64,000 characters of JSON (Unicode code points, as
/// the emulator counts them while reading: `timekit_emulator::DEFAULT_MAX_BODY_CHARS`).
pub const MAX_BODY_CHARS: usize = 64_000;

/// What is known about a request's body before it is sent: enough to explain a failure
/// while sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outgoing {
    /// Characters in the body (0 without a body).
    chars: usize,
    /// Bytes in the body.
    bytes: usize,
}

impl Outgoing {
    /// Measures the body `op` will send, refusing one over [`MAX_BODY_CHARS`] before anything
    /// is sent: the server would answer 413, and may close the connection while the body is
    /// still being written, which reads like a network failure.
    ///
    /// A body the operation cannot build is let through: the call reports that itself.
    ///
    /// # Errors
    /// [`Failure::BadInput`] (exit 2) naming the body's size and the limit.
    pub fn check<O: Operation>(op: &O) -> Result<Self, Failure> {
        let Ok(Some(body)) = op.body() else {
            return Ok(Self { chars: 0, bytes: 0 });
        };
        let outgoing = Self {
            chars: count_chars(&body),
            bytes: body.len(),
        };
        if outgoing.chars > MAX_BODY_CHARS {
            return Err(Failure::BadInput(format!(
                "the request body is {} characters of JSON; Timekit accepts at most {} \
                 (it answers 413 Payload Too Large), so it was not sent",
                outgoing.chars, MAX_BODY_CHARS
            )));
        }
        Ok(outgoing)
    }

    /// Explains a failed call: when the connection broke while a body was being sent, the
    /// server most likely stopped reading it on purpose, because of its size (HTTP 413, early:
    /// servers may answer before the body has arrived and close the connection, and hyper
    /// then reports the failed write rather than the answer it did not read).
    pub fn explain(self, error: timekit::Error) -> Failure {
        let broke = self.broke_while_sending(&error);
        let failure = Failure::from(error);
        match failure {
            Failure::Transport(text) if broke => Failure::Transport(format!(
                "the server closed the connection while the {}-character request body was \
                 being sent; it most likely refused a body this large (HTTP 413 Payload Too \
                 Large, answered early): {text}",
                self.chars
            )),
            other => other,
        }
    }

    /// Whether `error` is the connection breaking under a body being written: a broken pipe
    /// (the write failed), or a reset under a body too large to have been written at once.
    fn broke_while_sending(self, error: &timekit::Error) -> bool {
        if self.bytes == 0 || !matches!(error, timekit::Error::Transport(_)) {
            return false;
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(cause) = source {
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                return match io.kind() {
                    std::io::ErrorKind::BrokenPipe => true,
                    std::io::ErrorKind::ConnectionReset => self.bytes >= LARGE_BODY_BYTES,
                    _ => false,
                };
            }
            source = cause.source();
        }
        false
    }
}

/// A body at least this large does not fit into a fresh connection's socket buffers at once,
/// so a reset while it is sent most likely came from a server that stopped reading it.
const LARGE_BODY_BYTES: usize = 16 * 1024;

/// UTF-8 characters in `bytes` (continuation bytes are not counted), as the emulator counts.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|byte| (**byte & 0xC0) != 0x80).count()
}

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

    /// `{"name":"…","timezone":"UTC"}` of exactly `chars` characters, two bytes each.
    fn resource_of(chars: usize) -> timekit::ops::CreateResource {
        let frame = r#"{"name":"","timezone":"UTC"}"#.len();
        let body = serde_json::json!({"name": "é".repeat(chars - frame), "timezone": "UTC"});
        assert_eq!(body.to_string().chars().count(), chars);
        timekit::ops::CreateResource::from_json(body)
    }

    #[test]
    fn the_limit_is_the_one_the_emulator_enforces() {
        assert_eq!(MAX_BODY_CHARS, timekit_emulator::DEFAULT_MAX_BODY_CHARS);
    }

    #[test]
    fn a_body_over_64000_characters_is_refused_before_sending() {
        let outgoing = Outgoing::check(&resource_of(64_000)).unwrap();
        assert_eq!(outgoing.chars, 64_000);
        let err = Outgoing::check(&resource_of(64_001)).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let message = err.to_string();
        assert!(message.contains("64001 characters"), "{message}");
        assert!(message.contains("at most 64000"), "{message}");
        assert!(message.contains("not sent"), "{message}");
        // No body, nothing to check.
        let outgoing = Outgoing::check(&timekit::ops::GetApp::new()).unwrap();
        assert_eq!(outgoing, Outgoing { chars: 0, bytes: 0 });
    }

    fn transport(kind: std::io::ErrorKind) -> timekit::Error {
        timekit::Error::Transport(timekit::transport::TransportError::io(
            std::io::Error::from(kind),
        ))
    }

    #[test]
    fn a_connection_broken_while_sending_a_body_is_explained_as_a_refused_size() {
        let large = Outgoing {
            chars: 60_000,
            bytes: 60_000,
        };
        let small = Outgoing {
            chars: 20,
            bytes: 20,
        };
        let none = Outgoing { chars: 0, bytes: 0 };
        let failure = large.explain(transport(std::io::ErrorKind::BrokenPipe));
        assert_eq!(failure.exit_code(), 5);
        let message = failure.to_string();
        assert!(
            message.contains("60000-character request body"),
            "{message}"
        );
        assert!(message.contains("413"), "{message}");
        assert!(
            small
                .explain(transport(std::io::ErrorKind::BrokenPipe))
                .to_string()
                .contains("413")
        );
        assert!(
            large
                .explain(transport(std::io::ErrorKind::ConnectionReset))
                .to_string()
                .contains("413")
        );
        // A reset under a small body, or any failure without one, says nothing about size.
        for (outgoing, kind) in [
            (small, std::io::ErrorKind::ConnectionReset),
            (none, std::io::ErrorKind::BrokenPipe),
            (large, std::io::ErrorKind::TimedOut),
        ] {
            let message = outgoing.explain(transport(kind)).to_string();
            assert!(!message.contains("413"), "{message}");
        }
    }

    #[test]
    fn no_source_means_an_empty_object() {
        assert_eq!(read_json_or_empty(None).unwrap(), serde_json::json!({}));
    }
}
