//! Why a command failed, as one line for stderr and a distinct exit code.

use std::process::ExitCode;

use timekit_model::ErrorBody;

use crate::escape;

/// Exit code for usage errors and bad input (clap uses the same code for its own errors).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for `TIMEKIT:INCORRECT_CREDENTIALS`.
pub const EXIT_CREDENTIALS: u8 = 3;
/// Exit code for every other API error (`TIMEKIT:UNKNOWN`).
pub const EXIT_API: u8 = 4;
/// Exit code when no answer came back (connection, timeout, TLS …).
pub const EXIT_TRANSPORT: u8 = 5;

/// The connector's error name for a refused key.
pub const CODE_INCORRECT_CREDENTIALS: &str = "TIMEKIT:INCORRECT_CREDENTIALS";
/// The connector's error name for everything else.
pub const CODE_UNKNOWN: &str = "TIMEKIT:UNKNOWN";

/// A failed command. `Display` is the one-line message; it never contains the API key.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad arguments or input files (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// The server refused the API key (exit 3).
    #[error(
        "{CODE_INCORRECT_CREDENTIALS}: the API key was refused (HTTP {status}){}{}",
        suffix(.message),
        request_id_part(.request_id)
    )]
    IncorrectCredentials {
        /// The HTTP status (401).
        status: u16,
        /// The server's message, when it sent one.
        message: Option<String>,
        /// The answer's `Timekit-Request-Id`, what Timekit support asks for.
        request_id: Option<String>,
    },
    /// Any other API error (exit 4).
    #[error(
        "{CODE_UNKNOWN}{}{}{}",
        status_part(.status),
        suffix(.message),
        request_id_part(.request_id)
    )]
    Api {
        /// The HTTP status, when the failure came with one.
        status: Option<u16>,
        /// The server's message, or what was wrong with the answer.
        message: Option<String>,
        /// The answer's `Timekit-Request-Id`, when the server sent one.
        request_id: Option<String>,
    },
    /// No answer came back (exit 5).
    #[error("transport error: {0}")]
    Transport(String),
    /// Writing the output failed (exit 1: nothing the API or the user did).
    #[error("cannot write output: {0}")]
    Output(String),
}

fn status_part(status: &Option<u16>) -> String {
    status
        .map(|code| format!(": HTTP {code}"))
        .unwrap_or_default()
}

fn request_id_part(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!(" (request id {})", one_line(id)))
        .unwrap_or_default()
}

fn suffix(message: &Option<String>) -> String {
    message
        .as_deref()
        .map(|text| format!(": {text}"))
        .unwrap_or_default()
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::BadInput(_) => EXIT_USAGE,
            Failure::IncorrectCredentials { .. } => EXIT_CREDENTIALS,
            Failure::Api { .. } => EXIT_API,
            Failure::Transport(_) => EXIT_TRANSPORT,
            Failure::Output(_) => 1,
        }
    }

    /// An answer that arrived but cannot be understood (exit 4, no status of its own).
    pub fn bad_answer(message: impl Into<String>) -> Self {
        Failure::Api {
            status: None,
            message: Some(message.into()),
            request_id: None,
        }
    }

    /// The process exit code, as `main` returns it.
    pub fn process_exit_code(&self) -> ExitCode {
        ExitCode::from(self.exit_code())
    }
}

impl From<timekit::Error> for Failure {
    fn from(error: timekit::Error) -> Self {
        let status = error.status().map(|status| status.as_u16());
        let request_id = error.request_id().map(str::to_owned);
        match &error {
            timekit::Error::IncorrectCredentials(failure) => Failure::IncorrectCredentials {
                status: failure.status().as_u16(),
                message: describe_error_body(failure.error_body()),
                request_id,
            },
            timekit::Error::UnexpectedStatus(failure) => Failure::Api {
                status,
                message: describe_error_body(failure.error_body()),
                request_id,
            },
            timekit::Error::Transport(_) => Failure::Transport(chain(&error)),
            timekit::Error::InvalidRequest(_) => Failure::BadInput(chain(&error)),
            _ => Failure::Api {
                status,
                message: Some(chain(&error)),
                request_id,
            },
        }
    }
}

/// An error and its causes on one line: `outer: cause: root cause`.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Some layers repeat their cause in their own message; say it once.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    one_line(&text)
}

/// A one-line summary of an error body: the server's message, every validation message
/// (`field: message; …`), or a short excerpt of any other JSON.
pub fn describe_error_body(body: &ErrorBody) -> Option<String> {
    if let Some(errors) = body.validation_errors() {
        let parts: Vec<String> = errors
            .iter()
            .flat_map(|(field, messages)| {
                messages
                    .iter()
                    .map(move |message| format!("{field}: {message}"))
            })
            .collect();
        // `{"errors": {}}` has no message to show: no dangling `: ` after the status.
        if !parts.is_empty() {
            return Some(one_line(&parts.join("; ")));
        }
    }
    if let Some(message) = body.message() {
        return Some(one_line(message));
    }
    match body {
        ErrorBody::OtherJson(value) => Some(excerpt(&value.to_string())),
        _ => None,
    }
}

/// Keeps a message on one line, short enough to read, and safe for a terminal: whitespace
/// runs become one space, other control characters (ESC, BEL, DEL, C1 …) are shown as
/// `\u00XX` ([`escape::one_line_safe`]).
pub fn one_line(text: &str) -> String {
    excerpt(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The first 200 characters of `text`, control characters escaped (the cut is made before
/// escaping, so an escape is never cut in half).
fn excerpt(text: &str) -> String {
    const LIMIT: usize = 200;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", escape::one_line_safe(&text[..cut])),
        None => escape::one_line_safe(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_kind_has_its_own_exit_code() {
        let codes = [
            Failure::BadInput("x".into()).exit_code(),
            Failure::IncorrectCredentials {
                status: 401,
                message: None,
                request_id: None,
            }
            .exit_code(),
            Failure::Api {
                status: Some(422),
                message: None,
                request_id: None,
            }
            .exit_code(),
            Failure::Transport("x".into()).exit_code(),
        ];
        assert_eq!(codes, [2, 3, 4, 5]);
    }

    #[test]
    fn api_errors_show_the_code_the_status_and_the_message() {
        let failure = Failure::Api {
            status: Some(422),
            message: Some("Cannot apply action".into()),
            request_id: None,
        };
        assert_eq!(
            failure.to_string(),
            "TIMEKIT:UNKNOWN: HTTP 422: Cannot apply action"
        );
        let failure = Failure::bad_answer("not a page");
        assert_eq!(failure.to_string(), "TIMEKIT:UNKNOWN: not a page");
        let failure = Failure::IncorrectCredentials {
            status: 401,
            message: None,
            request_id: Some("7d1e-42".into()),
        };
        assert_eq!(
            failure.to_string(),
            "TIMEKIT:INCORRECT_CREDENTIALS: the API key was refused (HTTP 401) (request id 7d1e-42)"
        );
    }

    #[test]
    fn a_chain_joins_every_cause_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("outer")]
        struct Outer(#[source] std::io::Error);
        let error = Outer(std::io::Error::other("root cause"));
        assert_eq!(chain(&error), "outer: root cause");
    }

    #[test]
    fn a_build_error_is_bad_input() {
        let error = timekit::Error::InvalidRequest(timekit::BuildError::BodyNotObject("an array"));
        let failure = Failure::from(error);
        assert_eq!(failure.exit_code(), 2);
        assert!(
            failure
                .to_string()
                .contains("must be a JSON object, got an array"),
            "{failure}"
        );
    }

    #[test]
    fn validation_bodies_list_every_field_message() {
        let body = ErrorBody::parse(
            br#"{"errors": {"email": ["is required"], "name": ["too short", "bad"]}}"#,
        );
        assert_eq!(
            describe_error_body(&body).unwrap(),
            "email: is required; name: too short; name: bad"
        );
    }

    #[test]
    fn an_empty_validation_map_adds_no_message() {
        let failure = Failure::Api {
            status: Some(422),
            message: describe_error_body(&ErrorBody::parse(br#"{"errors": {}}"#)),
            request_id: None,
        };
        assert_eq!(failure.to_string(), "TIMEKIT:UNKNOWN: HTTP 422");
    }

    #[test]
    fn messages_are_kept_on_one_short_line() {
        let long = format!("line one\nline two {}", "x".repeat(500));
        let body = ErrorBody::parse(serde_json::json!({ "error": long }).to_string().as_bytes());
        let described = describe_error_body(&body).unwrap();
        assert!(!described.contains('\n'));
        assert!(described.starts_with("line one line two"));
        assert!(described.chars().count() <= 201);
    }

    #[test]
    fn control_characters_in_server_messages_are_escaped() {
        let body =
            ErrorBody::parse(br#"{"error": "\u001b]0;pwned\u0007\u001b[2Jgone\u009b1m\u007f"}"#);
        let described = describe_error_body(&body).unwrap();
        assert_eq!(
            described,
            "\\u001b]0;pwned\\u0007\\u001b[2Jgone\\u009b1m\\u007f"
        );
        let body = ErrorBody::parse(br#"{"unexpected": "\u009b31m"}"#);
        assert_eq!(
            describe_error_body(&body).unwrap(),
            r#"{"unexpected":"\u009b31m"}"#
        );
        let error = timekit::Error::Transport(timekit::transport::TransportError::io(
            "reset \u{1b}[5m by peer",
        ));
        let failure = Failure::from(error);
        assert!(
            !failure.to_string().chars().any(char::is_control),
            "{failure}"
        );
    }

    #[test]
    fn other_json_is_excerpted_and_non_json_gives_nothing() {
        let body = ErrorBody::parse(br#"{"unexpected": true}"#);
        assert_eq!(
            describe_error_body(&body).unwrap(),
            r#"{"unexpected":true}"#
        );
        assert_eq!(describe_error_body(&ErrorBody::parse(b"<html>")), None);
    }
}
