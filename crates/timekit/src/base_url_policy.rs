//! Which base URLs the client accepts: HTTPS anywhere, plain HTTP only on loopback.

use std::net::IpAddr;

use timekit_ops::BaseUrl;

/// Whether requests to `base` may be sent: always over HTTPS; over plain HTTP only when the
/// host is loopback, so that the key never crosses a network in clear text while the local
/// emulator still works.
pub(crate) fn is_allowed(base: &BaseUrl) -> bool {
    base.is_https() || is_loopback_host(base.host())
}

/// `localhost` (any case, optional trailing dot), `127.0.0.0/8`, `::1` (with or without
/// brackets) and IPv4-mapped loopback (`::ffff:127.0.0.1`).
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let literal = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match literal.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.is_loopback(),
        Ok(IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LOCALHOST",
            "localhost.",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
            "::1",
            "[::ffff:127.0.0.1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn non_loopback_hosts() {
        for host in [
            "api.timekit.io",
            "localhost.example.com",
            "mylocalhost",
            "10.0.0.1",
            "128.0.0.1",
            "[::2]",
            "0.0.0.0",
            "[::]",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn https_is_allowed_anywhere_http_only_on_loopback() {
        let allowed = |text: &str| is_allowed(&BaseUrl::parse(text).unwrap());
        assert!(allowed("https://api.timekit.io/v2"));
        assert!(allowed("https://127.0.0.1:8443/v2"));
        assert!(allowed("http://127.0.0.1:8080/v2"));
        assert!(allowed("http://localhost:8080"));
        assert!(allowed("http://[::1]:8080/v2"));
        assert!(!allowed("http://api.timekit.io/v2"));
        assert!(!allowed("http://192.168.1.10:8080/v2"));
    }
}
