//! The API base URL and the one place where request URIs are put together.

use std::fmt;
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::BuildError;

/// Characters left as they are in query keys and values: RFC 3986 unreserved characters,
/// plus `,` and `:` (include lists and search criteria stay readable). Everything else,
/// notably `+`, `&`, `=`, `;`, `#` and spaces, is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',')
    .remove(b':');

/// The base every operation path is joined to, e.g. `https://api.timekit.io/v2`.
///
/// Parsing refuses what would make joined URLs ambiguous or leak secrets: schemes other than
/// `http`/`https`, a missing host, a port outside 1–65535, user info, a query or a fragment.
/// It does not insist on `https`: the emulator runs on plain-HTTP loopback, and the client
/// decides which plain-HTTP hosts it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// Normalised: `scheme://authority[/path]` without a trailing slash.
    base: String,
    scheme_is_https: bool,
    host: String,
}

impl BaseUrl {
    /// Timekit's production API.
    pub const TIMEKIT: &'static str = "https://api.timekit.io/v2";

    /// Parses and checks a base URL; a trailing slash is optional.
    ///
    /// # Errors
    /// [`BuildError::InvalidBaseUrl`] when the text is not an absolute `http(s)` URL with a
    /// host, has a port outside 1–65535, or has user info, a query or a fragment.
    pub fn parse(text: &str) -> Result<Self, BuildError> {
        // The message names the input, but never what a URL can carry as a secret: user info
        // (`user:password@`) and the query or fragment are left out of it.
        let invalid = |why: &str| BuildError::InvalidBaseUrl(format!("{:?}: {why}", shown(text)));
        if text.contains('?') || text.contains('#') {
            return Err(invalid("must not have a query or fragment"));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("must not contain whitespace"));
        }
        let uri: http::Uri = text.parse().map_err(|_| invalid("not a URL"))?;
        let scheme = uri
            .scheme_str()
            .ok_or_else(|| invalid("needs http:// or https://"))?;
        let scheme_is_https = if scheme.eq_ignore_ascii_case("https") {
            true
        } else if scheme.eq_ignore_ascii_case("http") {
            false
        } else {
            return Err(invalid("only http and https are supported"));
        };
        let authority = uri.authority().ok_or_else(|| invalid("needs a host"))?;
        // `@` anywhere, not only in the authority: a password holding `/` ends the authority
        // early (`https://user:pa/ss@host`), and the rest would pass for a path.
        if text.contains('@') {
            return Err(invalid(
                "must not contain user info (credentials go in the client config)",
            ));
        }
        if authority.host().is_empty() {
            return Err(invalid("needs a host"));
        }
        // `http::Uri` keeps any text after the host's colon (`host:abc`, `host:99999`,
        // `host:`) although no connection could use it; `port()` is `Some` only for a u16.
        let after_host = authority.as_str().get(authority.host().len()..);
        if !(after_host == Some("") || authority.port().is_some()) {
            return Err(invalid("has an invalid port"));
        }
        // Port 0 parses as a u16, but nothing can be connected to there (it means "any free
        // port" only when listening).
        if authority.port_u16() == Some(0) {
            return Err(invalid("has port 0; the port must be from 1 to 65535"));
        }
        let path = uri.path().trim_end_matches('/');
        let base = format!(
            "{}://{}{}",
            scheme.to_ascii_lowercase(),
            authority.as_str(),
            path
        );
        Ok(Self {
            base,
            scheme_is_https,
            host: authority.host().to_owned(),
        })
    }

    /// The normalised base, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.scheme_is_https
    }

    /// The host name or IP literal (IPv6 in brackets, as in the URL).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Joins an operation path (already encoded, no leading slash needed) and query pairs.
    ///
    /// Query keys and values are percent-encoded here, so callers pass them raw.
    ///
    /// # Errors
    /// [`BuildError::InvalidRequest`] if the result is not a valid URI (it always is for
    /// paths built by this crate's operations).
    pub fn join(
        &self,
        path: &str,
        query: &[(&'static str, String)],
    ) -> Result<http::Uri, BuildError> {
        let mut uri = self.base.clone();
        let path = path.trim_start_matches('/');
        if !path.is_empty() {
            uri.push('/');
            uri.push_str(path);
        }
        for (index, (key, value)) in query.iter().enumerate() {
            uri.push(if index == 0 { '?' } else { '&' });
            uri.extend(utf8_percent_encode(key, QUERY_VALUE));
            uri.push('=');
            uri.extend(utf8_percent_encode(value, QUERY_VALUE));
        }
        http::Uri::try_from(uri).map_err(|err| BuildError::InvalidRequest(err.to_string()))
    }
}

/// `text` as it may appear in an error message: cut at the first `?` or `#`, and with
/// everything between the scheme and the last `@` replaced by `<redacted>` (user info; a
/// password may itself hold `/` or `@`, so the whole stretch goes, not just the authority).
fn shown(text: &str) -> String {
    let end = text.find(['?', '#']).unwrap_or(text.len());
    let kept = &text[..end];
    let cut_marker = if end < text.len() { "…" } else { "" };
    let after_scheme = kept.find("://").map_or(0, |at| at + 3);
    match kept[after_scheme..].rfind('@') {
        Some(at) => format!(
            "{}<redacted>{}{cut_marker}",
            &kept[..after_scheme],
            &kept[after_scheme + at..]
        ),
        None => format!("{kept}{cut_marker}"),
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        Self {
            base: Self::TIMEKIT.to_owned(),
            scheme_is_https: true,
            host: "api.timekit.io".to_owned(),
        }
    }
}

impl FromStr for BaseUrl {
    type Err = BuildError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        list.iter()
            .map(|(key, value)| (*key, (*value).to_owned()))
            .collect()
    }

    #[test]
    fn default_is_timekit_production() {
        let base = BaseUrl::default();
        assert_eq!(base, BaseUrl::parse(BaseUrl::TIMEKIT).unwrap());
        assert!(base.is_https());
        assert_eq!(base.host(), "api.timekit.io");
    }

    #[test]
    fn joins_with_and_without_trailing_slash() {
        for text in [
            "https://api.timekit.invalid/v2",
            "https://api.timekit.invalid/v2/",
        ] {
            let base = BaseUrl::parse(text).unwrap();
            assert_eq!(
                base.join("bookings/b1", &[]).unwrap().to_string(),
                "https://api.timekit.invalid/v2/bookings/b1"
            );
        }
    }

    #[test]
    fn joins_a_root_base_and_a_leading_slash() {
        let base = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
        assert!(!base.is_https());
        assert_eq!(
            base.join("/app", &[]).unwrap().to_string(),
            "http://127.0.0.1:8080/app"
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        let base = BaseUrl::parse("https://api.timekit.invalid/v2").unwrap();
        let uri = base
            .join(
                "bookings",
                &pairs(&[
                    ("search", "customer.name:Jane Roe*;graph:instant"),
                    ("start", "2024-05-07T10:00:00+02:00"),
                    ("include", "attributes,customers"),
                    ("odd", "a&b=c#d"),
                ]),
            )
            .unwrap();
        assert_eq!(
            uri.to_string(),
            "https://api.timekit.invalid/v2/bookings?search=customer.name:Jane%20Roe%2A%3Bgraph:instant\
             &start=2024-05-07T10:00:00%2B02:00&include=attributes,customers&odd=a%26b%3Dc%23d"
        );
    }

    #[test]
    fn refuses_unusable_bases() {
        for bad in [
            "",
            "api.timekit.io/v2",
            "ftp://api.timekit.io/v2",
            "https://api.timekit.io/v2?x=1",
            "https://api.timekit.io/v2#top",
            "https://user:secret@api.timekit.io/v2",
            "https:///v2",
            "https://api.timekit.io /v2",
            "https://api.timekit.io:abc/v2",
            "https://api.timekit.io:99999/v2",
            "https://api.timekit.io:/v2",
            "http://127.0.0.1:0/v2",
            "http://127.0.0.1:00/v2",
            "http://[::1]:0",
            "https://user:pa/ss@api.timekit.io/v2",
        ] {
            assert!(
                matches!(BaseUrl::parse(bad), Err(BuildError::InvalidBaseUrl(_))),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn port_zero_is_refused_and_ports_1_to_65535_are_accepted() {
        let Err(BuildError::InvalidBaseUrl(message)) = BaseUrl::parse("http://127.0.0.1:0/v2")
        else {
            panic!("port 0 should be refused");
        };
        assert!(message.contains("port 0"), "{message}");
        assert!(message.contains("1 to 65535"), "{message}");
        for good in ["http://127.0.0.1:1/v2", "http://127.0.0.1:65535/v2"] {
            assert!(BaseUrl::parse(good).is_ok(), "{good}");
        }
        assert!(BaseUrl::parse("http://127.0.0.1:65536/v2").is_err());
    }

    #[test]
    fn refusals_never_repeat_credentials_or_query() {
        for (bad, shown_part) in [
            (
                "https://user:s3cret@api.timekit.io/v2",
                "https://<redacted>@api.timekit.io/v2",
            ),
            (
                "https://:s3cret@api.timekit.io",
                "https://<redacted>@api.timekit.io",
            ),
            (
                "https://a@b:s3cret@api.timekit.io/v2",
                "https://<redacted>@api.timekit.io/v2",
            ),
            (
                "https://api.timekit.io/v2?key=s3cret",
                "https://api.timekit.io/v2…",
            ),
            (
                "https://u:s3cret@h.invalid/v2#s3cret",
                "https://<redacted>@h.invalid/v2…",
            ),
            ("ftp://u:s3cret@h.invalid", "ftp://<redacted>@h.invalid"),
            (
                "ftp://u:s3/cret@h.invalid/v2",
                "ftp://<redacted>@h.invalid/v2",
            ),
        ] {
            let Err(BuildError::InvalidBaseUrl(message)) = BaseUrl::parse(bad) else {
                panic!("{bad:?} should be refused");
            };
            assert!(!message.contains("s3cret"), "{message}");
            assert!(message.contains(shown_part), "{message}");
        }
        // Without anything secret the input is shown as given.
        let Err(BuildError::InvalidBaseUrl(message)) = BaseUrl::parse("ftp://h.invalid/x") else {
            panic!("ftp is refused");
        };
        assert!(message.contains("\"ftp://h.invalid/x\""), "{message}");
    }

    #[test]
    fn ipv6_loopback_keeps_its_brackets() {
        for without_port in [
            "http://[::1]/v2",
            "https://api.timekit.io",
            "http://127.0.0.1:1/",
        ] {
            assert!(BaseUrl::parse(without_port).is_ok(), "{without_port}");
        }
        let base = BaseUrl::parse("http://[::1]:8080/v2").unwrap();
        assert_eq!(base.host(), "[::1]");
        assert_eq!(
            base.join("app", &[]).unwrap().to_string(),
            "http://[::1]:8080/v2/app"
        );
    }

    #[test]
    fn accepts_plain_http_and_normalises_the_scheme() {
        let base = BaseUrl::parse("HTTP://localhost:9/v2/").unwrap();
        assert_eq!(base.as_str(), "http://localhost:9/v2");
        assert_eq!(base.to_string(), "http://localhost:9/v2");
        assert_eq!(
            "https://x.invalid".parse::<BaseUrl>().unwrap().host(),
            "x.invalid"
        );
    }
}
