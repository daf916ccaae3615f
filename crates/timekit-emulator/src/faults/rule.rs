//! [`FaultRule`]: which requests a fault applies to, how often and how many times.

use http::Method;

use super::fault::Fault;

/// Which request paths a rule applies to.
///
/// Paths are matched as the server received them, without the query string and including
/// the `/v2` prefix (for example `/v2/bookings/58a0…/confirm`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathPattern {
    /// Every path.
    Any,
    /// The path itself and everything below it: `/v2/bookings` matches `/v2/bookings` and
    /// `/v2/bookings/abc`, not `/v2/bookingsx`.
    Prefix(String),
    /// `*` matches within one segment (no `/`), `**` matches anything; other characters match
    /// themselves. `/v2/bookings/*/confirm` matches a confirm of any booking.
    Glob(String),
}

impl PathPattern {
    /// Whether `path` matches.
    pub fn matches(&self, path: &str) -> bool {
        match self {
            PathPattern::Any => true,
            PathPattern::Prefix(prefix) => match path.strip_prefix(prefix.as_str()) {
                Some(rest) => rest.is_empty() || rest.starts_with('/') || prefix.ends_with('/'),
                None => false,
            },
            PathPattern::Glob(glob) => glob_matches(glob.as_bytes(), path.as_bytes()),
        }
    }
}

fn glob_matches(pattern: &[u8], path: &[u8]) -> bool {
    match pattern {
        [] => path.is_empty(),
        [b'*', b'*', rest @ ..] => (0..=path.len()).any(|skip| glob_matches(rest, &path[skip..])),
        [b'*', rest @ ..] => {
            // Try every split point up to the end of the current segment.
            let segment_end = path
                .iter()
                .position(|&byte| byte == b'/')
                .unwrap_or(path.len());
            (0..=segment_end).any(|skip| glob_matches(rest, &path[skip..]))
        }
        [first, rest @ ..] => path.first() == Some(first) && glob_matches(rest, &path[1..]),
    }
}

/// A fault and the requests it applies to.
///
/// ```
/// # use http::Method;
/// # use timekit_emulator::faults::{Fault, FaultRule};
/// // The next two booking creations answer 503 with `Retry-After: 1`.
/// let rule = FaultRule::new(Fault::service_unavailable(Some(1)))
///     .method(Method::POST)
///     .path_prefix("/v2/bookings")
///     .times(2);
/// assert!(rule.matches(&Method::POST, "/v2/bookings"));
/// assert!(!rule.matches(&Method::GET, "/v2/bookings"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct FaultRule {
    pub(super) method: Option<Method>,
    pub(super) path: PathPattern,
    pub(super) times: Option<u32>,
    pub(super) probability: f64,
    pub(super) fault: Fault,
}

impl FaultRule {
    /// `fault` for every request, every time.
    pub fn new(fault: Fault) -> Self {
        FaultRule {
            method: None,
            path: PathPattern::Any,
            times: None,
            probability: 1.0,
            fault,
        }
    }

    /// Only requests with this method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Only this path and the paths below it (see [`PathPattern::Prefix`]).
    pub fn path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.path = PathPattern::Prefix(prefix.into());
        self
    }

    /// Only paths matching this glob (see [`PathPattern::Glob`]).
    pub fn path_glob(mut self, glob: impl Into<String>) -> Self {
        self.path = PathPattern::Glob(glob.into());
        self
    }

    /// Applies `n` times, then the rule is removed (a burst). Without this it always applies.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// Applies to a matching request with this probability (clamped to `0.0..=1.0`; NaN is
    /// 0), drawn from the seeded generator of [`Faults`](super::Faults) so a run is
    /// reproducible. A request that loses the draw is offered to the next rule.
    pub fn probability(mut self, probability: f64) -> Self {
        self.probability = if probability.is_nan() {
            0.0
        } else {
            probability.clamp(0.0, 1.0)
        };
        self
    }

    /// The fault this rule injects.
    pub fn fault(&self) -> &Fault {
        &self.fault
    }

    /// How many more times the rule applies (`None`: always).
    pub fn remaining(&self) -> Option<u32> {
        self.times
    }

    /// Whether the rule's method and path select this request (ignoring probability and
    /// remaining uses).
    pub fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|wanted| wanted == method) && self.path.matches(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_respect_segment_boundaries() {
        let prefix = PathPattern::Prefix("/v2/bookings".into());
        assert!(prefix.matches("/v2/bookings"));
        assert!(prefix.matches("/v2/bookings/abc/confirm"));
        assert!(!prefix.matches("/v2/bookingsx"));
        assert!(!prefix.matches("/v2/resources"));
        let slash = PathPattern::Prefix("/v2/".into());
        assert!(slash.matches("/v2/app"));
    }

    #[test]
    fn single_star_stays_within_a_segment() {
        let glob = PathPattern::Glob("/v2/bookings/*/confirm".into());
        assert!(glob.matches("/v2/bookings/abc/confirm"));
        assert!(glob.matches("/v2/bookings//confirm"));
        assert!(!glob.matches("/v2/bookings/a/b/confirm"));
        assert!(!glob.matches("/v2/bookings/abc/decline"));
        let partial = PathPattern::Glob("/v2/book*".into());
        assert!(partial.matches("/v2/bookings"));
        assert!(!partial.matches("/v2/bookings/abc"));
    }

    #[test]
    fn double_star_crosses_segments() {
        let glob = PathPattern::Glob("/v2/**/confirm".into());
        assert!(glob.matches("/v2/bookings/abc/confirm"));
        assert!(!glob.matches("/v2/bookings/abc/decline"));
        assert!(PathPattern::Glob("/v2/**".into()).matches("/v2/a/b/c"));
        assert!(PathPattern::Glob("**".into()).matches(""));
    }

    #[test]
    fn rules_select_by_method_and_path() {
        let rule = FaultRule::new(Fault::Html502)
            .method(Method::PUT)
            .path_glob("/v2/bookings/*");
        assert!(rule.matches(&Method::PUT, "/v2/bookings/abc"));
        assert!(!rule.matches(&Method::GET, "/v2/bookings/abc"));
        assert!(!rule.matches(&Method::PUT, "/v2/bookings/abc/confirm"));
        let any = FaultRule::new(Fault::Html502);
        assert!(any.matches(&Method::DELETE, "/anything"));
    }

    #[test]
    fn probability_is_clamped() {
        assert_eq!(
            FaultRule::new(Fault::Html502).probability(7.0).probability,
            1.0
        );
        assert_eq!(
            FaultRule::new(Fault::Html502).probability(-1.0).probability,
            0.0
        );
        assert_eq!(
            FaultRule::new(Fault::Html502)
                .probability(f64::NAN)
                .probability,
            0.0
        );
    }
}
