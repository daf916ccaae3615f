//! The route table: every method and path template the emulator answers, and its handler.
//!
//! [`ROUTES`] is the one place that knows the emulator's paths. Request dispatch, the `Allow`
//! header of a 405, the public [`served_routes`] list and the request counters' templates are
//! all derived from it, so adding an endpoint is one line in the table.
//!
//! Matching is generic over templates: a path matches a template with the same number of
//! segments whose static segments are equal and whose `{param}` segments are non-empty. When
//! several templates match, static segments win over parameters from left to right, so
//! `/bookings/bulk` is never taken for the booking id `bulk`.
//!
//! Each line also says which key it takes ([`Access`]): `route` the API key only, `widget`
//! the API key or the app's widget key (the calls booking.js makes from a browser), `public`
//! none.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::api::reply::Reply;
use crate::api::{
    ApiRequest, app, availability, bookings, calendars, findtime, legacy, locations, openapi,
    projects, resources, webhooks,
};
use crate::control;
use crate::dashboard;
use crate::shared::Shared;

/// The prefix every API path starts with.
pub(crate) const API_PREFIX: &str = "/v2";

/// The prefix of the emulator's control API (issue 18); control templates include it.
pub(crate) const CONTROL_PREFIX: &str = "/__emulator";

/// The most `{param}` segments one template may have (checked by a test).
const MAX_PARAMS: usize = 4;

/// An HTTP method as far as routing and the request counters care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Get,
    Post,
    Put,
    Delete,
    /// Any other method: counted, never routed (405).
    Other,
}

use Verb::{Delete as DELETE, Get as GET, Post as POST, Put as PUT};

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

    /// Every verb, in the order counters and `Allow` headers list them.
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

/// What answers a routed request: path parameters, query and body are in the request.
pub(crate) type Handler = fn(&Shared, &ApiRequest<'_>) -> Reply;

/// Which credentials a route accepts (`timekit-api-more.md` §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// No key needed (`GET /projects/hosted/{slug}`, `GET /openapi.json`).
    Public,
    /// The API key or the app's widget key: the calls booking.js makes from a browser.
    Widget,
    /// Only the API key (every other route).
    ApiKey,
    /// The API key or a legacy resource key (Basic `email:token` + `Timekit-App: <slug>`):
    /// `/apps*`, `/accounts*` and `POST /credentials` (§3.2, §5.11–§5.13; issue 16).
    ResourceKey,
    /// The emulator's own control API under `/__emulator/` (issue 18): never the API key; the
    /// control token when one is configured; answered 404 when control is off.
    Control,
}

/// One line of the route table.
#[derive(Debug)]
pub(crate) struct Route {
    pub(crate) verb: Verb,
    /// Relative to `/v2`, spelled as in `openapi.json` (`/bookings/{id}/{action}`).
    pub(crate) template: &'static str,
    pub(crate) handler: Handler,
    /// The credentials the route accepts; anything else is a 401.
    pub(crate) access: Access,
    /// For the one route whose body is a bare JSON array (`PUT /projects/{id}/resources`):
    /// the key the array is handed to the handler under (`{"resources": [...]}`).
    pub(crate) array_body: Option<&'static str>,
    /// Control lines only: served without the control token (the dashboard's page, which
    /// carries no data; its script sends the token for the data). Still 404 when control is
    /// off.
    pub(crate) token_free: bool,
}

/// A route that needs the API key (all API routes).
const fn route(verb: Verb, template: &'static str, handler: Handler) -> Route {
    Route {
        verb,
        template,
        handler,
        access: Access::ApiKey,
        array_body: None,
        token_free: false,
    }
}

/// A route booking.js calls from the browser: the API key or the widget key (§3.2).
const fn widget(verb: Verb, template: &'static str, handler: Handler) -> Route {
    Route {
        verb,
        template,
        handler,
        access: Access::Widget,
        array_body: None,
        token_free: false,
    }
}

/// A route that needs the API key and also accepts a bare JSON array as its body, handed to
/// the handler as `{key: [...]}` (an object body is passed on as is).
const fn array_route(
    verb: Verb,
    template: &'static str,
    handler: Handler,
    key: &'static str,
) -> Route {
    Route {
        verb,
        template,
        handler,
        access: Access::ApiKey,
        array_body: Some(key),
        token_free: false,
    }
}

/// A legacy route that also takes a resource key (Basic `email:token` + `Timekit-App`).
const fn resource_key(verb: Verb, template: &'static str, handler: Handler) -> Route {
    Route {
        verb,
        template,
        handler,
        access: Access::ResourceKey,
        array_body: None,
        token_free: false,
    }
}

/// A control route of the emulator itself (`/__emulator/…`, spelled in full in the table).
const fn control(verb: Verb, template: &'static str, handler: Handler) -> Route {
    Route {
        verb,
        template,
        handler,
        access: Access::Control,
        array_body: None,
        token_free: false,
    }
}

/// The dashboard's page (`/__emulator/dashboard`): a control line served without the token.
const fn control_page(verb: Verb, template: &'static str, handler: Handler) -> Route {
    Route {
        token_free: true,
        ..control(verb, template, handler)
    }
}

/// A route anyone may call without the API key.
const fn public(verb: Verb, template: &'static str, handler: Handler) -> Route {
    Route {
        verb,
        template,
        handler,
        access: Access::Public,
        array_body: None,
        token_free: false,
    }
}

/// Every route the emulator serves. Order does not matter for matching (static segments win
/// wherever they are listed); it is the order of [`served_routes`].
pub(crate) static ROUTES: &[Route] = &[
    route(GET, "/app", app::get),
    route(POST, "/app/invite", app::invite),
    // The path Timekit's docs suggest for invites; clients use `/app/invite` (timekit-api.md §10).
    route(POST, "/apps/invite", app::invite),
    route(GET, "/resources", resources::list),
    route(POST, "/resources", resources::create),
    route(GET, "/resources/{id}", resources::get),
    route(PUT, "/resources/{id}", resources::update),
    route(DELETE, "/resources/{id}", resources::delete),
    widget(POST, "/availability", availability::query),
    route(GET, "/bookings", bookings::list::list),
    widget(POST, "/bookings", bookings::create::create),
    route(POST, "/bookings/bulk", bookings::bulk::create),
    route(PUT, "/bookings/bulk", bookings::bulk::update),
    route(GET, "/bookings/{id}", bookings::get::get),
    route(PUT, "/bookings/{id}", bookings::meta::update),
    route(DELETE, "/bookings/{id}", bookings::delete::delete),
    route(PUT, "/bookings/{id}/{action}", bookings::action::apply),
    // Issue 15: projects, locations, services, group slots, reservations, reschedule and the
    // availability variants (timekit-api-more.md §5).
    widget(GET, "/projects", projects::list),
    route(POST, "/projects", projects::create),
    route(GET, "/projects/{id}", projects::get),
    route(PUT, "/projects/{id}", projects::update),
    route(DELETE, "/projects/{id}", projects::delete),
    // booking.js loads a hosted page's project before it knows any key; the answer's
    // `app_key` is the widget key, never the API key.
    public(GET, "/projects/hosted/{slug}", projects::hosted),
    widget(GET, "/projects/embed/{id}", projects::embed),
    route(GET, "/projects/{id}/resources", projects::list_resources),
    route(POST, "/projects/{id}/resources", projects::add_resource),
    array_route(
        PUT,
        "/projects/{id}/resources",
        projects::replace_resources,
        "resources",
    ),
    route(
        DELETE,
        "/projects/{id}/resources/{resource_id}",
        projects::remove_resource,
    ),
    widget(GET, "/locations", locations::list_locations),
    route(POST, "/locations", locations::create_location),
    route(GET, "/locations/{id}", locations::get_location),
    route(PUT, "/locations/{id}", locations::update_location),
    route(DELETE, "/locations/{id}", locations::delete_location),
    widget(GET, "/location/services", locations::list_services),
    route(POST, "/location/services", locations::create_service),
    route(GET, "/location/services/{id}", locations::get_service),
    route(PUT, "/location/services/{id}", locations::update_service),
    route(DELETE, "/location/services/{id}", locations::delete_service),
    widget(GET, "/bookings/groups", bookings::groups::list),
    route(GET, "/bookings/groups/{id}", bookings::groups::get),
    route(POST, "/bookings/reserve", bookings::reserve::reserve),
    route(PUT, "/bookings/reserve/extend", bookings::reserve::extend),
    widget(
        POST,
        "/bookings/{id}/reschedule",
        bookings::reschedule::reschedule,
    ),
    route(POST, "/availability/dates", availability::dates),
    route(POST, "/availability/count", availability::count),
    route(POST, "/unavailable/slots", availability::unavailable),
    // Issue 16: calendars, events, FindTime, credentials and auth, accounts, apps, e-mail
    // templates and the resource extras (timekit-api-more.md §5.7–§5.14).
    route(GET, "/calendars", calendars::list),
    route(POST, "/calendars", calendars::create),
    route(GET, "/calendars/{id}", calendars::get),
    route(PUT, "/calendars/{id}", calendars::update),
    route(DELETE, "/calendars/{id}", calendars::delete),
    route(GET, "/events", calendars::list_events),
    route(POST, "/events", calendars::create_event),
    route(GET, "/events/{id}", calendars::get_event),
    route(PUT, "/events/{id}", calendars::update_event),
    route(DELETE, "/events/{id}", calendars::delete_event),
    // Legacy (deprecated by Timekit in favour of `/availability`).
    route(POST, "/findtime", findtime::find),
    route(POST, "/findtime/bulk", findtime::bulk),
    route(POST, "/findtime/team", findtime::team),
    // Legacy resource-key authentication: `POST /auth` trades a resource's e-mail and
    // password for the token `resource_key` routes accept.
    route(GET, "/credentials", legacy::list_credentials),
    resource_key(POST, "/credentials", legacy::create_credential),
    route(DELETE, "/credentials/{id}", legacy::delete_credential),
    public(POST, "/auth", legacy::authenticate),
    resource_key(GET, "/accounts", legacy::list_accounts),
    resource_key(POST, "/accounts/sync", legacy::sync_account),
    resource_key(POST, "/accounts/microsoft/sync", legacy::sync_account),
    resource_key(GET, "/apps", legacy::list_apps),
    resource_key(POST, "/apps", legacy::create_app),
    resource_key(PUT, "/apps/{slug}", legacy::update_app),
    resource_key(DELETE, "/apps/{slug}", legacy::delete_app),
    route(GET, "/templates", legacy::list_templates),
    route(GET, "/templates/{slug}", legacy::get_template),
    route(PUT, "/templates/{slug}", legacy::update_template),
    route(
        GET,
        "/resources/timezone/{email}",
        legacy::resource_timezone,
    ),
    route(POST, "/resources/resetpassword", legacy::reset_password),
    // Issue 19: webhooks (docs/api-decisions.md "Webhooks"); deliveries in crate::webhooks.
    route(POST, "/webhooks", webhooks::create),
    route(GET, "/webhooks", webhooks::list),
    route(DELETE, "/webhooks/{id}", webhooks::delete),
    // The emulator's own OpenAPI document: it describes the API, not an app's data.
    public(GET, "/openapi.json", openapi::document),
    // Issue 18: the emulator's control API, outside `/v2` (docs/api-decisions.md).
    control(GET, "/__emulator/clock", control::clock_get),
    control(PUT, "/__emulator/clock", control::clock_set),
    control(POST, "/__emulator/clock/advance", control::clock_advance),
    control(GET, "/__emulator/faults", control::faults_list),
    control(POST, "/__emulator/faults", control::faults_add),
    control(DELETE, "/__emulator/faults", control::faults_clear),
    control(POST, "/__emulator/reset", control::reset),
    control(POST, "/__emulator/seed", control::seed),
    control(GET, "/__emulator/requests", control::requests),
    control(DELETE, "/__emulator/requests", control::requests_reset),
    control(
        GET,
        "/__emulator/webhooks/deliveries",
        control::webhook_deliveries,
    ),
    // Issue 18 item 6: the read-only dashboard and the one read it draws from.
    control(GET, "/__emulator/overview", dashboard::overview),
    control_page(GET, "/__emulator/dashboard", dashboard::dashboard),
];

/// A path template of the table, identified by its first line in [`ROUTES`] (the row of its
/// request counters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TemplateId(usize);

impl TemplateId {
    /// One id per distinct template, in table order.
    pub(crate) fn all() -> impl Iterator<Item = TemplateId> {
        (0..ROUTES.len())
            .map(TemplateId)
            .filter(|&id| TemplateId::of(id.template()) == Some(id))
    }

    /// The id of `template` (spelled as in the table), if the table has it.
    pub(crate) fn of(template: &str) -> Option<TemplateId> {
        ROUTES
            .iter()
            .position(|route| route.template == template)
            .map(TemplateId)
    }

    /// An index below [`TemplateId::bound`], for counter arrays.
    pub(crate) fn index(self) -> usize {
        self.0
    }

    /// An upper bound of [`TemplateId::index`].
    pub(crate) fn bound() -> usize {
        ROUTES.len()
    }

    pub(crate) fn template(self) -> &'static str {
        ROUTES[self.0].template
    }

    /// Whether the template belongs to the control API (`/__emulator/…`).
    pub(crate) fn is_control(self) -> bool {
        ROUTES[self.0].access == Access::Control
    }

    /// Whether every line of the template is served without the control token.
    pub(crate) fn is_token_free(self) -> bool {
        self.lines().all(|line| line.token_free)
    }

    fn lines(self) -> impl Iterator<Item = &'static Route> {
        let template = self.template();
        ROUTES
            .iter()
            .filter(move |route| route.template == template)
    }

    /// The table line for `verb`, or `None` when the template does not answer it (405).
    pub(crate) fn route(self, verb: Verb) -> Option<&'static Route> {
        self.lines()
            .find(|route| route.verb == verb && verb != Verb::Other)
    }

    /// The `Allow` header of a 405: the template's methods in the order of [`Verb::COUNTED`].
    pub(crate) fn allow(self) -> String {
        let mut allow = String::new();
        for verb in Verb::COUNTED {
            if self.route(verb).is_some() {
                if !allow.is_empty() {
                    allow.push_str(", ");
                }
                allow.push_str(verb.name());
            }
        }
        allow
    }
}

/// One method and path template the emulator answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServedRoute {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: http::Method,
    /// The path template relative to `/v2`, spelled as in the emulator's `openapi.json`
    /// (`/bookings/{id}/{action}`); the same templates the request counters use.
    pub template: &'static str,
    /// Whether the route answers 401 without a key (all but `GET /projects/hosted/{slug}`
    /// and `GET /openapi.json`).
    pub requires_auth: bool,
    /// Whether the app's widget key is accepted besides the API key: the routes booking.js
    /// calls from the browser (`timekit-api-more.md` §3.2). Other routes answer it 401.
    pub accepts_widget_key: bool,
    /// Whether a legacy resource key (Basic `email:token` + `Timekit-App: <slug>`, the token
    /// from `POST /auth`) is accepted besides the API key: `/apps*`, `/accounts*` and
    /// `POST /credentials`.
    pub accepts_resource_key: bool,
}

/// Every route the emulator serves, including the `/apps/invite` alias of `/app/invite` and
/// `GET /openapi.json`. Lets tests check the emulator against an API description without
/// guessing paths.
pub fn served_routes() -> Vec<ServedRoute> {
    ROUTES
        .iter()
        .filter(|route| route.access != Access::Control)
        .filter_map(|route| {
            Some(ServedRoute {
                method: route.verb.method()?,
                template: route.template,
                requires_auth: route.access != Access::Public,
                accepts_widget_key: route.access == Access::Widget,
                accepts_resource_key: route.access == Access::ResourceKey,
            })
        })
        .collect()
}

/// The (percent-decoded) `{param}` segments of a matched path, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Params<'a> {
    names: [&'static str; MAX_PARAMS],
    values: [Cow<'a, str>; MAX_PARAMS],
    len: usize,
}

impl<'a> Params<'a> {
    fn new() -> Self {
        Self {
            names: [""; MAX_PARAMS],
            values: std::array::from_fn(|_| Cow::Borrowed("")),
            len: 0,
        }
    }

    fn push(&mut self, name: &'static str, value: &'a str) {
        if self.len < MAX_PARAMS {
            self.names[self.len] = name;
            self.values[self.len] = decode(value);
            self.len += 1;
        }
    }

    /// The value of `{name}`, if the matched template has it.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.names[..self.len]
            .iter()
            .position(|&known| known == name)
            .map(|index| self.values[index].as_ref())
    }
}

/// A request path matched to a template of the table, with its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathMatch<'a> {
    pub(crate) template: TemplateId,
    pub(crate) params: Params<'a>,
}

/// Matches a request path (`/v2/...`) against the table; `None` for paths the API does not
/// have (404). The method is not looked at: see [`TemplateId::route`].
pub(crate) fn resolve(path: &str) -> Option<PathMatch<'_>> {
    // Control paths are matched whole against the control lines, API paths after `/v2`
    // against the others.
    let is_control = path
        .strip_prefix(CONTROL_PREFIX)
        .is_some_and(|rest| rest.starts_with('/'));
    let rest = if is_control {
        path
    } else {
        path.strip_prefix(API_PREFIX)?
    };
    if !rest.starts_with('/') {
        return None;
    }
    // One trailing slash is tolerated (`/v2/bookings/`), empty segments elsewhere are not.
    let rest = match rest.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => rest,
    };
    // Strictly greater: among the lines of one template the first wins, which is its id.
    let mut best: Option<(usize, u32)> = None;
    for (index, route) in ROUTES.iter().enumerate() {
        if (route.access == Access::Control) != is_control {
            continue;
        }
        if let Some(score) = specificity(route.template, rest) {
            if best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((index, score));
            }
        }
    }
    let (index, _) = best?;
    let template = ROUTES[index].template;
    let mut params = Params::new();
    for (pattern, segment) in template.split('/').zip(rest.split('/')) {
        if let Some(name) = param_name(pattern) {
            params.push(name, segment);
        }
    }
    Some(PathMatch {
        template: TemplateId(index),
        params,
    })
}

/// How specifically `template` matches `path` (both starting with `/`), or `None` when it does
/// not. Each segment is one bit, the first segment the most significant, set where the
/// template's segment is static: between two matching templates (same segment count) the
/// one whose first differing segment is static scores higher.
fn specificity(template: &str, path: &str) -> Option<u32> {
    let mut patterns = template.split('/');
    let mut segments = path.split('/');
    let mut score = 0u32;
    loop {
        match (patterns.next(), segments.next()) {
            (None, None) => return Some(score),
            (Some(pattern), Some(segment)) => {
                score <<= 1;
                if param_name(pattern).is_some() {
                    if segment.is_empty() {
                        return None;
                    }
                } else if pattern == segment {
                    score |= 1;
                } else {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// `id` for the template segment `{id}`; `None` for static segments.
fn param_name(pattern: &str) -> Option<&str> {
    pattern.strip_prefix('{')?.strip_suffix('}')
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
    use std::collections::HashSet;

    use super::*;

    /// The most segments one template may have, so specificity fits in its `u32`.
    const MAX_SEGMENTS: usize = 16;

    /// A concrete path for a template: every `{param}` replaced by a value no static segment
    /// has.
    fn concrete(template: &str) -> String {
        let segments: Vec<&str> = template
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "sample-value"
                } else {
                    segment
                }
            })
            .collect();
        let path = segments.join("/");
        if template.starts_with(CONTROL_PREFIX) {
            path
        } else {
            format!("{API_PREFIX}{path}")
        }
    }

    #[test]
    fn every_table_line_resolves_to_itself() {
        for (index, line) in ROUTES.iter().enumerate() {
            let path = concrete(line.template);
            for path in [path.clone(), format!("{path}/")] {
                let matched = resolve(&path).unwrap();
                assert_eq!(matched.template.template(), line.template, "{path}");
                let found = matched.template.route(line.verb).unwrap();
                assert!(std::ptr::eq(found, &ROUTES[index]), "{path}");
                for name in line.template.split('/').filter_map(param_name) {
                    assert_eq!(matched.params.get(name), Some("sample-value"), "{path}");
                }
            }
        }
    }

    #[test]
    fn a_405_allows_exactly_the_tables_methods_for_the_template() {
        for id in TemplateId::all() {
            let path = concrete(id.template());
            let matched = resolve(&path).unwrap();
            assert_eq!(matched.template, id);
            let expected: Vec<&str> = Verb::COUNTED
                .into_iter()
                .filter(|&verb| {
                    ROUTES
                        .iter()
                        .any(|line| line.template == id.template() && line.verb == verb)
                })
                .map(Verb::name)
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(matched.template.allow(), expected.join(", "), "{id:?}");
            for verb in Verb::COUNTED {
                assert_eq!(
                    matched.template.route(verb).is_some(),
                    expected.contains(&verb.name()),
                    "{} {}",
                    verb.name(),
                    id.template()
                );
            }
        }
    }

    #[test]
    fn the_table_is_well_formed() {
        let mut lines = HashSet::new();
        for line in ROUTES {
            assert_ne!(line.verb, Verb::Other, "{}", line.template);
            assert!(
                lines.insert((line.verb.name(), line.template)),
                "duplicate line {} {}",
                line.verb.name(),
                line.template
            );
            assert!(line.template.starts_with('/'), "{}", line.template);
            let segments: Vec<&str> = line.template.split('/').skip(1).collect();
            assert!(segments.len() < MAX_SEGMENTS, "{}", line.template);
            assert!(
                segments.iter().all(|segment| !segment.is_empty()),
                "{}",
                line.template
            );
            let params: Vec<&str> = line.template.split('/').filter_map(param_name).collect();
            assert!(params.len() <= MAX_PARAMS, "{}", line.template);
            let unique: HashSet<&str> = params.iter().copied().collect();
            assert_eq!(unique.len(), params.len(), "{}", line.template);
            for segment in &segments {
                if param_name(segment).is_none() {
                    assert!(!segment.contains(['{', '}', '%']), "{}", line.template);
                }
            }
        }
        // Two different templates of one shape (`/a/{id}` and `/a/{key}`) would match the
        // same paths equally well.
        let shape = |template: &str| -> String {
            template
                .split('/')
                .map(|segment| match param_name(segment) {
                    Some(_) => "{}",
                    None => segment,
                })
                .collect::<Vec<_>>()
                .join("/")
        };
        let mut shapes = std::collections::HashMap::new();
        for id in TemplateId::all() {
            if let Some(other) = shapes.insert(shape(id.template()), id.template()) {
                panic!("{other} and {} are ambiguous", id.template());
            }
        }
    }

    #[test]
    fn static_segments_win_over_parameters() {
        let matched = resolve("/v2/bookings/bulk").unwrap();
        assert_eq!(matched.template.template(), "/bookings/bulk");
        assert_eq!(matched.template.allow(), "POST, PUT");
        let matched = resolve("/v2/bookings/bulky").unwrap();
        assert_eq!(matched.template.template(), "/bookings/{id}");
        assert_eq!(matched.params.get("id"), Some("bulky"));
        // Issue 15's static paths beside `/bookings/{id}` and `/bookings/{id}/{action}`.
        for (path, template) in [
            ("/v2/bookings/groups", "/bookings/groups"),
            ("/v2/bookings/groups/g1", "/bookings/groups/{id}"),
            ("/v2/bookings/reserve", "/bookings/reserve"),
            ("/v2/bookings/reserve/extend", "/bookings/reserve/extend"),
            ("/v2/bookings/b1/reschedule/", "/bookings/{id}/reschedule"),
            ("/v2/bookings/b1/confirm", "/bookings/{id}/{action}"),
            ("/v2/projects/hosted/my-slug", "/projects/hosted/{slug}"),
            ("/v2/projects/embed/p1", "/projects/embed/{id}"),
            ("/v2/projects/p1/resources", "/projects/{id}/resources"),
            ("/v2/availability/dates", "/availability/dates"),
            ("/v2/resources/resetpassword", "/resources/resetpassword"),
            (
                "/v2/resources/timezone/a@b.c",
                "/resources/timezone/{email}",
            ),
            ("/v2/findtime/bulk", "/findtime/bulk"),
            ("/v2/apps/invite", "/apps/invite"),
            ("/v2/apps/my-app", "/apps/{slug}"),
        ] {
            assert_eq!(
                resolve(path).unwrap().template.template(),
                template,
                "{path}"
            );
        }
        // `bulk` is only special as the second segment.
        let matched = resolve("/v2/bookings/bulk/confirm").unwrap();
        assert_eq!(matched.template.template(), "/bookings/{id}/{action}");
        assert_eq!(matched.params.get("id"), Some("bulk"));
    }

    #[test]
    fn extracts_and_decodes_parameters() {
        let matched = resolve("/v2/bookings/a%20b/cancel").unwrap();
        assert_eq!(matched.params.get("id"), Some("a b"));
        assert_eq!(matched.params.get("action"), Some("cancel"));
        assert_eq!(matched.params.get("nope"), None);
        assert_eq!(
            resolve("/v2/bookings/a%2Fb").unwrap().params.get("id"),
            Some("a/b")
        );
        assert_eq!(
            resolve("/v2/bookings/").unwrap().template.template(),
            "/bookings"
        );
    }

    #[test]
    fn rejects_unknown_paths() {
        for path in [
            "",
            "/",
            "/v2",
            "/v2/",
            "/v2//",
            "/v1/app",
            "/v2/nope",
            "/v2/bookings//",
            "/v2/bookings//x",
            "/v2/bookings/x//",
            "/v2/bookings/a/b/c",
            "/v2/%62ookings",
            "/v2app",
        ] {
            assert!(resolve(path).is_none(), "{path}");
        }
    }

    #[test]
    fn control_lines_are_exactly_the_control_prefix() {
        for line in ROUTES {
            let under = line
                .template
                .strip_prefix(CONTROL_PREFIX)
                .is_some_and(|rest| rest.starts_with('/'));
            assert_eq!(under, line.access == Access::Control, "{}", line.template);
            // Only the dashboard's page, which carries no data, goes without the token.
            assert_eq!(
                line.token_free,
                line.template == "/__emulator/dashboard",
                "{}",
                line.template
            );
        }
        // An API path never reaches a control line, nor a control path an API line.
        assert!(resolve("/v2/__emulator/clock").is_none());
        assert!(resolve("/__emulator/app").is_none());
        assert!(resolve("/__emulator").is_none());
    }

    /// `openapi.json` describes the control lines, exactly, under `x-emulator-control`.
    #[test]
    fn the_control_lines_are_described_in_the_openapi_document() {
        let document: serde_json::Value =
            serde_json::from_str(crate::api::openapi::DOCUMENT).unwrap();
        let control = &document["x-emulator-control"]["paths"];
        let mut documented = HashSet::new();
        for (path, item) in control.as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                assert!(operation.get("operationId").is_none(), "{method} {path}");
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
        let table: HashSet<(String, String)> = ROUTES
            .iter()
            .filter(|line| line.access == Access::Control)
            .map(|line| (line.verb.name().to_owned(), line.template.to_owned()))
            .collect();
        assert_eq!(documented, table);
        assert!(
            document["paths"]
                .as_object()
                .unwrap()
                .keys()
                .all(|path| !path.starts_with(CONTROL_PREFIX))
        );
    }

    #[test]
    fn served_routes_list_the_table() {
        let routes = served_routes();
        // The API's lines: the control API (`/__emulator/…`) is the emulator's, not Timekit's.
        let api: Vec<&Route> = ROUTES
            .iter()
            .filter(|line| line.access != Access::Control)
            .collect();
        assert_eq!(routes.len(), api.len());
        assert!(ROUTES.len() > api.len());
        for (route, line) in routes.iter().zip(api) {
            assert_eq!(route.template, line.template);
            assert_eq!(Verb::of(&route.method), line.verb);
            assert_eq!(route.requires_auth, line.access != Access::Public);
            assert_eq!(route.accepts_widget_key, line.access == Access::Widget);
        }
        let public: Vec<&str> = routes
            .iter()
            .filter(|route| !route.requires_auth)
            .map(|route| route.template)
            .collect();
        assert_eq!(
            public,
            ["/projects/hosted/{slug}", "/auth", "/openapi.json"]
        );
    }

    /// Exactly the booking.js routes of `timekit-api-more.md` §3.2 take the widget key.
    #[test]
    fn the_widget_key_opens_exactly_the_widget_routes() {
        let mut widget: Vec<(&str, &str)> = ROUTES
            .iter()
            .filter(|line| line.access == Access::Widget)
            .map(|line| (line.verb.name(), line.template))
            .collect();
        widget.sort_unstable();
        assert_eq!(
            widget,
            [
                ("GET", "/bookings/groups"),
                ("GET", "/location/services"),
                ("GET", "/locations"),
                ("GET", "/projects"),
                ("GET", "/projects/embed/{id}"),
                ("POST", "/availability"),
                ("POST", "/bookings"),
                ("POST", "/bookings/{id}/reschedule"),
            ]
        );
    }

    /// Exactly the legacy routes of `timekit-api-more.md` §3.2 and §5.11–§5.13 take a
    /// resource key.
    #[test]
    fn the_resource_key_opens_exactly_the_legacy_routes() {
        let mut legacy: Vec<(&str, &str)> = ROUTES
            .iter()
            .filter(|line| line.access == Access::ResourceKey)
            .map(|line| (line.verb.name(), line.template))
            .collect();
        legacy.sort_unstable();
        assert_eq!(
            legacy,
            [
                ("DELETE", "/apps/{slug}"),
                ("GET", "/accounts"),
                ("GET", "/apps"),
                ("POST", "/accounts/microsoft/sync"),
                ("POST", "/accounts/sync"),
                ("POST", "/apps"),
                ("POST", "/credentials"),
                ("PUT", "/apps/{slug}"),
            ]
        );
    }

    #[test]
    fn template_ids_are_dense_and_found_by_name() {
        let ids: Vec<TemplateId> = TemplateId::all().collect();
        let templates: HashSet<&str> = ROUTES.iter().map(|line| line.template).collect();
        assert_eq!(ids.len(), templates.len());
        for id in ids {
            assert!(id.index() < TemplateId::bound());
            assert_eq!(TemplateId::of(id.template()), Some(id));
        }
        assert_eq!(TemplateId::of("/bookings/{booking}"), None);
    }
}
