//! The `Operation` trait: one API call as a pure request builder and response parser.

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, HeaderValue};

use crate::{BaseUrl, BuildError, ResponseError};

/// One Timekit API call, described without any I/O.
///
/// An operation knows its method, path, query and body, and how to turn a complete HTTP
/// response into its output. The client adds authentication, sends the request through a
/// transport and hands the response back to [`Operation::parse_response`].
pub trait Operation {
    /// The typed success value, with the `{"data": …}` envelope removed.
    type Output;
    /// Stable snake_case name (`"get_booking"`), used in tracing, errors and the CLI.
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: http::Method;
    /// A path template for tracing (`"/bookings/{id}"`), never containing ids.
    const PATH_TEMPLATE: &'static str;

    /// Path below the API base, ids validated and percent-encoded: `bookings/1a2b…/confirm`.
    ///
    /// # Errors
    /// [`BuildError`] when an id is empty or could change the path.
    fn path(&self) -> Result<String, BuildError>;

    /// Query pairs, in order.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The JSON body: `None` for GET/DELETE; POST/PUT always send an object (`{}` when empty).
    ///
    /// # Errors
    /// [`BuildError`] when the body cannot be serialised or is not a JSON object.
    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        Ok(crate::body::default_body(&Self::METHOD))
    }

    /// Maps a complete HTTP response to the output or a classified error. Pure; never panics.
    ///
    /// # Errors
    /// [`ResponseError`] for non-2xx statuses and bodies that do not decode.
    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<Self::Output, ResponseError>;

    /// Builds the complete request (absolute URI, `Accept`, `Content-Type`), without auth.
    ///
    /// # Errors
    /// [`BuildError`] for invalid ids, bodies or query values.
    fn to_request(&self, base: &BaseUrl) -> Result<http::Request<Bytes>, BuildError> {
        let uri = base.join(&self.path()?, &self.query())?;
        let body = self.body()?;
        let has_body = body.is_some();
        // Assembled in place rather than with `http::request::Builder`, which re-validates
        // the already typed method and URI and costs measurably on every call (`cargo xtask
        // bench`); nothing here can fail any more.
        let mut request = http::Request::new(body.unwrap_or_default());
        *request.method_mut() = Self::METHOD;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if has_body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Ok(request)
    }
}
