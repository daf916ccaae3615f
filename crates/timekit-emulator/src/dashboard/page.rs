//! `GET /__emulator/dashboard`: the dashboard's one self-contained HTML page.
//!
//! The HTML, CSS and JavaScript are files next to this one, compiled in; the page loads
//! nothing else. It carries no data: its script reads `GET /__emulator/overview` with the
//! control token from the URL fragment, so the page itself is served without the token
//! (docs/api-decisions.md, "Emulator dashboard (issue 18)").
//!
//! The style and script are inlined and allowed by their SHA-256 in the page's
//! Content-Security-Policy, which allows nothing else: no other script, no inline event
//! handler, no image, no fetch beyond this origin. A booking title that smuggles markup
//! could not run even if the script inserted it as HTML (it inserts text only).

use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::header::{CONTENT_SECURITY_POLICY, HeaderName, HeaderValue, REFERRER_POLICY};

use crate::api::ApiRequest;
use crate::api::reply::Reply;
use crate::shared::Shared;

const HTML: &str = include_str!("page.html");
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");
/// Where the template takes the style and the script.
const STYLE_MARK: &str = "/*STYLE*/";
const SCRIPT_MARK: &str = "/*SCRIPT*/";

/// The assembled page and its Content-Security-Policy, built once.
struct Page {
    html: Bytes,
    policy: String,
}

fn sha256(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    format!("'sha256-{}'", STANDARD.encode(digest.as_ref()))
}

fn page() -> &'static Page {
    static PAGE: OnceLock<Page> = OnceLock::new();
    PAGE.get_or_init(|| Page {
        html: Bytes::from(
            HTML.replacen(STYLE_MARK, STYLE, 1)
                .replacen(SCRIPT_MARK, SCRIPT, 1),
        ),
        policy: format!(
            "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; \
             img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            sha256(SCRIPT),
            sha256(STYLE)
        ),
    })
}

/// `GET /__emulator/dashboard`.
pub(crate) fn dashboard(_shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    let page = page();
    let mut headers = vec![
        (REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ),
    ];
    // Only ASCII goes into the policy (base64 and fixed text), so this never fails.
    if let Ok(policy) = HeaderValue::from_str(&page.policy) {
        headers.push((CONTENT_SECURITY_POLICY, policy));
    }
    Reply::text("text/html; charset=utf-8", page.html.clone(), headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_inlines_its_style_and_script_once_and_the_policy_hashes_them() {
        assert_eq!(HTML.matches(STYLE_MARK).count(), 1);
        assert_eq!(HTML.matches(SCRIPT_MARK).count(), 1);
        let page = page();
        let html = std::str::from_utf8(&page.html).unwrap_or_default();
        assert!(html.contains(SCRIPT) && html.contains(STYLE));
        assert!(!html.contains(STYLE_MARK) && !html.contains(SCRIPT_MARK));
        assert!(page.policy.contains(&sha256(SCRIPT)));
        // No asset from elsewhere: the page works offline and leaks nothing.
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(
            !SCRIPT.contains("innerHTML"),
            "data goes into the DOM as text only"
        );
    }
}
