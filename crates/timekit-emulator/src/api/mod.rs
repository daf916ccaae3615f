//! The API handlers: one function per endpoint and method, all synchronous (the store lock is
//! never held across an await). Which handler answers which request is decided by the route
//! table in `crate::routes`.

pub(crate) mod app;
pub(crate) mod availability;
pub(crate) mod bookings;
pub(crate) mod calendars;
pub(crate) mod fields;
pub(crate) mod findtime;
pub(crate) mod legacy;
pub(crate) mod locations;
pub(crate) mod openapi;
mod pagination;
pub(crate) mod project_defaults;
pub(crate) mod projects;
pub(crate) mod query;
pub(crate) mod reply;
pub(crate) mod resources;
mod search;
pub(crate) mod webhooks;

use serde_json::{Map, Value};

use crate::routes::Params;
use crate::shared::Shared;
use query::Query;

/// One authenticated request with its body already read and parsed.
#[derive(Debug)]
pub(crate) struct ApiRequest<'a> {
    /// The matched template's `{param}` segments, percent-decoded.
    pub(crate) params: Params<'a>,
    pub(crate) query: Query<'a>,
    /// The JSON object body (`{}` when the request had none).
    pub(crate) body: Map<String, Value>,
    /// The `Host` header, for absolute page links.
    pub(crate) host: Option<&'a str>,
    /// The resource a resource key (Basic `email:token` + `Timekit-App`) authenticated, on
    /// the routes that accept one (`routes::Access::ResourceKey`); `None` with the API key.
    pub(crate) principal: Option<String>,
}

impl ApiRequest<'_> {
    /// The `{name}` path parameter (empty for templates without one).
    pub(crate) fn param(&self, name: &str) -> &str {
        self.params.get(name).unwrap_or("")
    }

    /// The `{id}` path parameter (empty for templates without one).
    pub(crate) fn id(&self) -> &str {
        self.param("id")
    }

    /// The `{action}` path parameter (empty for templates without one).
    pub(crate) fn action(&self) -> &str {
        self.param("action")
    }

    /// `http://HOST/v2/<collection>`, from the `Host` header when it looks sane.
    pub(crate) fn collection_url(&self, shared: &Shared, collection: &str) -> String {
        match self.host.filter(|host| is_plausible_host(host)) {
            Some(host) => format!("http://{host}{}/{collection}", crate::routes::API_PREFIX),
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
