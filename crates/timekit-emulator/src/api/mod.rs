//! The API handlers: one function per endpoint and method, all synchronous (the store lock is
//! never held across an await).

mod app;
mod availability;
pub(crate) mod bookings;
pub(crate) mod fields;
mod openapi;
mod pagination;
pub(crate) mod query;
pub(crate) mod reply;
pub(crate) mod resources;
mod search;

use serde_json::{Map, Value};

use crate::endpoint::{Endpoint, Route, Verb};
use crate::shared::Shared;
use query::Query;
use reply::Reply;

/// One authenticated request with its body already read and parsed.
#[derive(Debug)]
pub(crate) struct ApiRequest<'a> {
    pub(crate) route: Route<'a>,
    pub(crate) verb: Verb,
    pub(crate) query: Query<'a>,
    /// The JSON object body (`{}` when the request had none).
    pub(crate) body: Map<String, Value>,
    /// The `Host` header, for absolute page links.
    pub(crate) host: Option<&'a str>,
}

impl ApiRequest<'_> {
    /// The `{id}` path parameter (empty for endpoints without one).
    pub(crate) fn id(&self) -> &str {
        self.route.id.as_deref().unwrap_or("")
    }

    /// The `{action}` path parameter (empty for endpoints without one).
    pub(crate) fn action(&self) -> &str {
        self.route.action.as_deref().unwrap_or("")
    }

    /// `http://HOST/v2/<collection>`, from the `Host` header when it looks sane.
    pub(crate) fn collection_url(&self, shared: &Shared, collection: &str) -> String {
        match self.host.filter(|host| is_plausible_host(host)) {
            Some(host) => format!("http://{host}{}/{collection}", crate::endpoint::API_PREFIX),
            None => format!("{}/{collection}", shared.base_url),
        }
    }
}

fn is_plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'_')
        })
}

/// Runs the handler for the request's endpoint and method.
pub(crate) fn dispatch(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    use Endpoint as E;
    use Verb as V;
    match (request.route.endpoint, request.verb) {
        (E::App, V::Get) => app::get(shared),
        (E::AppInvite | E::AppsInvite, V::Post) => app::invite(shared, request),
        (E::Resources, V::Get) => resources::list(shared, request),
        (E::Resources, V::Post) => resources::create(shared, request),
        (E::Resource, V::Get) => resources::get(shared, request),
        (E::Resource, V::Put) => resources::update(shared, request),
        (E::Resource, V::Delete) => resources::delete(shared, request),
        (E::Availability, V::Post) => availability::query(shared, request),
        (E::Bookings, V::Get) => bookings::list::list(shared, request),
        (E::Bookings, V::Post) => bookings::create::create(shared, request),
        (E::BookingsBulk, V::Post) => bookings::bulk::create(shared, request),
        (E::BookingsBulk, V::Put) => bookings::bulk::update(shared, request),
        (E::Booking, V::Get) => bookings::get::get(shared, request),
        (E::Booking, V::Put) => bookings::meta::update(shared, request),
        (E::Booking, V::Delete) => bookings::delete::delete(shared, request),
        (E::BookingAction, V::Put) => bookings::action::apply(shared, request),
        (E::OpenApi, V::Get) => openapi::document(),
        (endpoint, _) => Reply::method_not_allowed(endpoint.allow_header()),
    }
}
