//! What a command prints on stdout: the `data` of the answer (or the whole body with
//! `--raw`), pretty on a terminal and compact when piped.

use std::io::{IsTerminal, Write};

use timekit::RawResponse;

use crate::escape;
use crate::failure::{self, Failure};
use crate::json_out::{self, Style};

/// The style for stdout: pretty for a person at a terminal, compact for pipes and files.
pub fn stdout_style() -> Style {
    if std::io::stdout().is_terminal() {
        Style::Pretty
    } else {
        Style::Compact
    }
}

/// The part of a success answer to print, or `None` when there is nothing to print.
///
/// Rules: an empty body (204) prints nothing; `--raw` prints the whole body; otherwise the
/// `data` member, or the whole body when it has no `data` (Timekit sometimes answers
/// `{"meta": {"message": …}}`).
///
/// # Errors
/// [`Failure::Api`] (exit 4) for a body that is not JSON, unless `raw`: a 2xx answer in HTML
/// or plain text comes from something that is not the API (a proxy, a captive portal, a
/// wrong `--base-url`), and printing it as if the command had worked would hide that.
pub fn select(response: &RawResponse, raw: bool) -> Result<Option<Vec<u8>>, Failure> {
    let body = &response.body;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if raw {
        return Ok(Some(body.to_vec()));
    }
    match json_out::data_member(body) {
        Ok(Some(data)) => Ok(Some(data)),
        Ok(None) => Ok(Some(body.to_vec())),
        Err(_) => Err(not_json(response)),
    }
}

/// The failure for a 2xx answer whose body is not JSON: status, content type, the start of
/// the body (escaped by [`failure::one_line`]) and how to see it anyway.
fn not_json(response: &RawResponse) -> Failure {
    let content_type = response
        .headers
        .get(http::header::CONTENT_TYPE)
        .map_or_else(
            || "no Content-Type".to_owned(),
            |value| format!("Content-Type {}", String::from_utf8_lossy(value.as_bytes())),
        );
    let text = String::from_utf8_lossy(&response.body);
    let start: String = text.chars().take(NOT_JSON_EXCERPT).collect();
    let cut = if start.len() < text.len() { "…" } else { "" };
    Failure::Api {
        status: Some(response.status.as_u16()),
        message: Some(failure::one_line(&format!(
            "the answer is not JSON ({content_type}), so it is not printed (--raw prints it): \
             {start}{cut}"
        ))),
        request_id: response.request_id().map(failure::one_line),
    }
}

/// How many characters of a body that is not JSON the failure quotes.
const NOT_JSON_EXCERPT: usize = 80;

/// Renders JSON in `style` (text that is not JSON, which only `--raw` prints, is kept as
/// it came), with every control character but newline and tab escaped
/// ([`escape::layout_safe_bytes`]): what a server sends never reaches a terminal as control
/// codes. JSON stays valid and means the same.
pub fn render(json: &[u8], style: Style) -> Vec<u8> {
    let rendered = json_out::restyle(json, style).unwrap_or_else(|_| json.to_vec());
    escape::layout_safe_bytes(&rendered)
}

/// Writes `json` to stdout in the terminal-dependent style ([`render`]), followed by a
/// newline.
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

    fn answer(body: &str, content_type: Option<&str>) -> RawResponse {
        let mut response = http::Response::builder().status(200);
        if let Some(content_type) = content_type {
            response = response.header(http::header::CONTENT_TYPE, content_type);
        }
        RawResponse::new(
            response
                .header("Timekit-Request-Id", "req-7")
                .body(bytes::Bytes::from(body.to_owned()))
                .unwrap(),
        )
    }

    fn selected(body: &str, raw: bool) -> Option<String> {
        select(&answer(body, Some("application/json")), raw)
            .unwrap()
            .map(|bytes| String::from_utf8(bytes).unwrap())
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
    fn a_body_without_data_prints_whole() {
        assert_eq!(
            selected(r#"{"meta":{"message":"sent"}}"#, false).unwrap(),
            r#"{"meta":{"message":"sent"}}"#
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_a_failure_unless_raw() {
        let html = format!("<html>\u{1b}]0;owned\u{7}{}</html>", "x".repeat(200));
        let failure = select(&answer(&html, Some("text/html; charset=utf-8")), false).unwrap_err();
        assert_eq!(failure.exit_code(), 4);
        let message = failure.to_string();
        assert!(
            message.starts_with("TIMEKIT:UNKNOWN: HTTP 200: the answer is not JSON"),
            "{message}"
        );
        assert!(
            message.contains("Content-Type text/html; charset=utf-8"),
            "{message}"
        );
        assert!(message.contains("--raw"), "{message}");
        assert!(
            message.contains("<html>\\u001b]0;owned\\u0007xxx"),
            "{message}"
        );
        assert!(!message.chars().any(char::is_control), "{message}");
        assert!(message.contains("(request id req-7)"), "{message}");
        let failure = select(&answer("plain text", None), false).unwrap_err();
        assert!(failure.to_string().contains("no Content-Type"), "{failure}");
        // --raw asks for the body as sent.
        assert_eq!(
            select(&answer("plain text", None), true).unwrap().unwrap(),
            b"plain text"
        );
    }

    #[test]
    fn render_keeps_text_that_is_not_json() {
        assert_eq!(render(b"plain text", Style::Pretty), b"plain text");
        assert_eq!(render(br#"{"a": 1}"#, Style::Compact), br#"{"a":1}"#);
    }

    #[test]
    fn render_escapes_control_characters_in_json_and_text() {
        // serde_json escapes C0 in strings itself; DEL and C1 (CSI is U+009B) it leaves.
        let json = "{\"m\": \"\\u001b[2J\u{9b}31m\u{7f}\\u0007\"}".as_bytes();
        for style in [Style::Pretty, Style::Compact] {
            let rendered = String::from_utf8(render(json, style)).unwrap();
            assert!(
                !rendered.chars().any(|c| c.is_control() && c != '\n'),
                "{rendered:?}"
            );
            let back: serde_json::Value = serde_json::from_str(&rendered).unwrap();
            assert_eq!(back["m"], "\u{1b}[2J\u{9b}31m\u{7f}\u{7}");
        }
        assert_eq!(
            render(b"<p>\x1b[31m\x07</p>\n", Style::Pretty),
            b"<p>\\u001b[31m\\u0007</p>\n"
        );
    }
}
