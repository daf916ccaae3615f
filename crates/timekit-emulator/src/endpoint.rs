//! The endpoints the emulator serves and how a request path maps onto them.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// The prefix every API path starts with.
pub(crate) const API_PREFIX: &str = "/v2";

/// An HTTP method as far as routing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Get,
    Post,
    Put,
    Delete,
    Other,
}

impl Verb {
    pub(crate) fn of(method: &http::Method) -> Self {
        match *method {
            http::Method::GET => Verb::Get,
            http::Method::POST => Verb::Post,
            http::Method::PUT => Verb::Put,
            http::Method::DELETE => Verb::Delete,
            _ => Verb::Other,
        }
    }

    pub(crate) const COUNTED: [Verb; 5] =
        [Verb::Get, Verb::Post, Verb::Put, Verb::Delete, Verb::Other];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Whether requests with this verb carry a JSON body the emulator reads.
    pub(crate) fn has_body(self) -> bool {
        matches!(self, Verb::Post | Verb::Put)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Delete => "DELETE",
            Verb::Other => "OTHER",
        }
    }

    fn method(self) -> Option<http::Method> {
        match self {
            Verb::Get => Some(http::Method::GET),
            Verb::Post => Some(http::Method::POST),
            Verb::Put => Some(http::Method::PUT),
            Verb::Delete => Some(http::Method::DELETE),
            Verb::Other => None,
        }
    }
}

/// A path template of the API (relative to `/v2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    App,
    AppInvite,
    AppsInvite,
    Resources,
    Resource,
    Availability,
    Bookings,
    BookingsBulk,
    Booking,
    BookingAction,
    /// The emulator's own OpenAPI document (`docs/openapi.json`).
    OpenApi,
}

impl Endpoint {
    pub(crate) const ALL: [Endpoint; 11] = [
        Endpoint::App,
        Endpoint::AppInvite,
        Endpoint::AppsInvite,
        Endpoint::Resources,
        Endpoint::Resource,
        Endpoint::Availability,
        Endpoint::Bookings,
        Endpoint::BookingsBulk,
        Endpoint::Booking,
        Endpoint::BookingAction,
        Endpoint::OpenApi,
    ];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The path template used by request counters, e.g. `/bookings/{id}`.
    pub(crate) fn template(self) -> &'static str {
        match self {
            Endpoint::App => "/app",
            Endpoint::AppInvite => "/app/invite",
            Endpoint::AppsInvite => "/apps/invite",
            Endpoint::Resources => "/resources",
            Endpoint::Resource => "/resources/{id}",
            Endpoint::Availability => "/availability",
            Endpoint::Bookings => "/bookings",
            Endpoint::BookingsBulk => "/bookings/bulk",
            Endpoint::Booking => "/bookings/{id}",
            Endpoint::BookingAction => "/bookings/{id}/{action}",
            Endpoint::OpenApi => "/openapi.json",
        }
    }

    /// The methods the endpoint answers, as sent in `Allow` on a 405.
    pub(crate) fn allow_header(self) -> &'static str {
        match self {
            Endpoint::App | Endpoint::OpenApi => "GET",
            Endpoint::AppInvite | Endpoint::AppsInvite | Endpoint::Availability => "POST",
            Endpoint::Resources | Endpoint::Bookings => "GET, POST",
            Endpoint::Resource | Endpoint::Booking => "GET, PUT, DELETE",
            Endpoint::BookingsBulk => "POST, PUT",
            Endpoint::BookingAction => "PUT",
        }
    }

    pub(crate) fn allows(self, verb: Verb) -> bool {
        let name = verb.name();
        verb != Verb::Other
            && self
                .allow_header()
                .split(", ")
                .any(|allowed| allowed == name)
    }

    /// Whether a request needs the API key. The OpenAPI document does not: it describes the
    /// API rather than any app's data, and tools fetch it without credentials.
    pub(crate) fn requires_auth(self) -> bool {
        self != Endpoint::OpenApi
    }
}

/// One method and path template the emulator answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServedRoute {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: http::Method,
    /// The path template relative to `/v2`, spelled as in `docs/openapi.json`
    /// (`/bookings/{id}/{action}`); the same templates the request counters use.
    pub template: &'static str,
    /// Whether the route answers 401 without the API key (all but `/openapi.json`).
    pub requires_auth: bool,
}

/// Every route the emulator serves, endpoint by endpoint, including the `/apps/invite` alias
/// of `/app/invite` and `GET /openapi.json`. Lets tests check the emulator against an API
/// description without guessing paths.
pub fn served_routes() -> Vec<ServedRoute> {
    let mut routes = Vec::new();
    for endpoint in Endpoint::ALL {
        for verb in Verb::COUNTED {
            if let Some(method) = verb.method().filter(|_| endpoint.allows(verb)) {
                routes.push(ServedRoute {
                    method,
                    template: endpoint.template(),
                    requires_auth: endpoint.requires_auth(),
                });
            }
        }
    }
    routes
}

/// A request path matched to an endpoint, with its (percent-decoded) path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route<'a> {
    pub(crate) endpoint: Endpoint,
    pub(crate) id: Option<Cow<'a, str>>,
    pub(crate) action: Option<Cow<'a, str>>,
}

/// Matches a request path (`/v2/...`); `None` for paths the API does not have.
pub(crate) fn resolve(path: &str) -> Option<Route<'_>> {
    let rest = path.strip_prefix(API_PREFIX)?.strip_prefix('/')?;
    // One trailing slash is tolerated (`/v2/bookings/`), empty segments elsewhere are not.
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut segments = rest.split('/');
    let first = segments.next()?;
    let second = segments.next();
    let third = segments.next();
    if segments.next().is_some() || [second, third].into_iter().flatten().any(str::is_empty) {
        return None;
    }
    Some(match (first, second, third) {
        ("app", None, None) => route(Endpoint::App, None, None),
        ("app", Some("invite"), None) => route(Endpoint::AppInvite, None, None),
        ("apps", Some("invite"), None) => route(Endpoint::AppsInvite, None, None),
        ("resources", None, None) => route(Endpoint::Resources, None, None),
        ("resources", Some(id), None) => route(Endpoint::Resource, Some(id), None),
        ("availability", None, None) => route(Endpoint::Availability, None, None),
        ("bookings", None, None) => route(Endpoint::Bookings, None, None),
        ("bookings", Some("bulk"), None) => route(Endpoint::BookingsBulk, None, None),
        ("bookings", Some(id), None) => route(Endpoint::Booking, Some(id), None),
        ("openapi.json", None, None) => route(Endpoint::OpenApi, None, None),
        ("bookings", Some(id), Some(action)) => {
            route(Endpoint::BookingAction, Some(id), Some(action))
        }
        _ => return None,
    })
}

fn route<'a>(endpoint: Endpoint, id: Option<&'a str>, action: Option<&'a str>) -> Route<'a> {
    Route {
        endpoint,
        id: id.map(decode),
        action: action.map(decode),
    }
}

fn decode(segment: &str) -> Cow<'_, str> {
    if segment.contains('%') {
        percent_decode_str(segment).decode_utf8_lossy()
    } else {
        Cow::Borrowed(segment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_template() {
        for endpoint in Endpoint::ALL {
            let path = format!(
                "/v2{}",
                endpoint
                    .template()
                    .replace("{id}", "abc")
                    .replace("{action}", "confirm")
            );
            let route = resolve(&path).unwrap();
            assert_eq!(route.endpoint, endpoint, "{path}");
        }
    }

    #[test]
    fn extracts_and_decodes_parameters() {
        let route = resolve("/v2/bookings/a%20b/cancel").unwrap();
        assert_eq!(route.id.as_deref(), Some("a b"));
        assert_eq!(route.action.as_deref(), Some("cancel"));
        assert_eq!(
            resolve("/v2/bookings/").unwrap().endpoint,
            Endpoint::Bookings
        );
    }

    #[test]
    fn rejects_unknown_paths() {
        for path in [
            "/",
            "/v2",
            "/v1/app",
            "/v2/nope",
            "/v2/bookings//x",
            "/v2/bookings/a/b/c",
            "/v2app",
        ] {
            assert!(resolve(path).is_none(), "{path}");
        }
    }

    #[test]
    fn served_routes_cover_every_endpoint_and_allowed_method() {
        let routes = served_routes();
        for endpoint in Endpoint::ALL {
            let methods: Vec<&str> = routes
                .iter()
                .filter(|route| route.template == endpoint.template())
                .map(|route| route.method.as_str())
                .collect();
            assert_eq!(methods.join(", "), endpoint.allow_header(), "{endpoint:?}");
        }
        let public: Vec<&str> = routes
            .iter()
            .filter(|route| !route.requires_auth)
            .map(|route| route.template)
            .collect();
        assert_eq!(public, ["/openapi.json"]);
    }

    #[test]
    fn method_rules() {
        assert!(Endpoint::Booking.allows(Verb::Delete));
        assert!(!Endpoint::BookingsBulk.allows(Verb::Get));
        assert!(!Endpoint::App.allows(Verb::Other));
    }
}
