//! What a command prints on stdout: the `data` of the answer (or the whole body with
//! `--raw`), pretty on a terminal and compact when piped.

use std::io::{IsTerminal, Write};

use crate::failure::Failure;
use crate::json_out::{self, Style};

/// The style for stdout: pretty for a person at a terminal, compact for pipes and files.
pub fn stdout_style() -> Style {
    if std::io::stdout().is_terminal() {
        Style::Pretty
    } else {
        Style::Compact
    }
}

/// The part of a success body to print, or `None` when there is nothing to print.
///
/// Rules: an empty body (204) prints nothing; `--raw` prints the whole body; otherwise the
/// `data` member, or the whole body when it has no `data` (Timekit sometimes answers
/// `{"meta": {"message": …}}`); a body that is not JSON is printed as it came.
pub fn select(body: &[u8], raw: bool) -> Option<Vec<u8>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    if raw {
        return Some(body.to_vec());
    }
    match json_out::data_member(body) {
        Ok(Some(data)) => Some(data),
        Ok(None) | Err(_) => Some(body.to_vec()),
    }
}

/// Renders JSON in `style`; text that is not JSON is returned unchanged.
pub fn render(json: &[u8], style: Style) -> Vec<u8> {
    json_out::restyle(json, style).unwrap_or_else(|_| json.to_vec())
}

/// Writes `json` to stdout in the terminal-dependent style, followed by a newline.
///
/// # Errors
/// [`Failure::Output`] when stdout cannot be written (a full disk); a closed pipe is not an
/// error.
pub fn print(json: &[u8]) -> Result<(), Failure> {
    let rendered = render(json, stdout_style());
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(&rendered)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => Ok(()),
        // The reader went away (`timekit … | head`): nobody is left to tell.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::Output(err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(body: &str, raw: bool) -> Option<String> {
        select(body.as_bytes(), raw).map(|bytes| String::from_utf8(bytes).unwrap())
    }

    #[test]
    fn prints_data_by_default_and_the_whole_body_with_raw() {
        let body = r#"{"data": {"id": "b1", "state": "confirmed"}, "extra": 1}"#;
        assert_eq!(
            selected(body, false).unwrap(),
            r#"{"id":"b1","state":"confirmed"}"#
        );
        assert_eq!(selected(body, true).unwrap(), body);
    }

    #[test]
    fn an_empty_body_prints_nothing() {
        assert_eq!(selected("", false), None);
        assert_eq!(selected(" \n", true), None);
    }

    #[test]
    fn a_body_without_data_or_not_json_prints_whole() {
        assert_eq!(
            selected(r#"{"meta":{"message":"sent"}}"#, false).unwrap(),
            r#"{"meta":{"message":"sent"}}"#
        );
        assert_eq!(selected("plain text", false).unwrap(), "plain text");
    }

    #[test]
    fn render_keeps_text_that_is_not_json() {
        assert_eq!(render(b"plain text", Style::Pretty), b"plain text");
        assert_eq!(render(br#"{"a": 1}"#, Style::Compact), br#"{"a":1}"#);
    }
}
