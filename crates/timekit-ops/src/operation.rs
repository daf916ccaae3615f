//! The `Operation` trait: one API call as a pure request builder and response parser.
//!
//! An operation states its facts once: the method, the path template and the output type.
//! The path is built from the template (placeholders filled from
//! [`Operation::path_params`]), and the response is decoded by the output type
//! ([`FromResponse`]), so neither can disagree with what the operation declares.

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, HeaderValue};

use crate::response::FromResponse;
use crate::segment::fill_template;
use crate::{BaseUrl, BuildError, ResponseError};

/// One Timekit API call, described without any I/O.
///
/// An operation knows its method, path, query and body, and how to turn a complete HTTP
/// response into its output. The client adds authentication, sends the request through a
/// transport and hands the response back to [`Operation::parse_response`].
///
/// A simple operation states four constants and, when its path has placeholders,
/// [`Operation::path_params`]; everything else is provided:
///
/// ```
/// use timekit_ops::{BaseUrl, Operation};
/// use timekit_model::Booking;
///
/// struct GetOneBooking(String);
///
/// impl Operation for GetOneBooking {
///     type Output = Booking;
///     const NAME: &'static str = "get_one_booking";
///     const METHOD: http::Method = http::Method::GET;
///     const PATH_TEMPLATE: &'static str = "/bookings/{id}";
///
///     fn path_params(&self) -> Vec<(&'static str, &str)> {
///         vec![("booking id", &self.0)]
///     }
/// }
///
/// let request = GetOneBooking("b-1".into()).to_request(&BaseUrl::default())?;
/// assert_eq!(request.uri(), "https://api.timekit.io/v2/bookings/b-1");
/// # Ok::<(), timekit_ops::BuildError>(())
/// ```
pub trait Operation {
    /// The typed success value, with the `{"data": …}` envelope removed. How it is read off
    /// the response (envelope, page, optional body, no body, raw) is decided by its
    /// [`FromResponse`] implementation, once per output type.
    type Output: FromResponse;
    /// Stable snake_case name (`"get_booking"`) for tracing, errors and the CLI: the type's
    /// name in snake case (checked for every operation by one test in `routes.rs`).
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: http::Method;
    /// The path template below the API base (`"/bookings/{id}/{action}"`), spelled as in the
    /// OpenAPI document. The request path is built from it, so the two cannot disagree.
    const PATH_TEMPLATE: &'static str;

    /// The values of the template's `{…}` placeholders, in order, each with what it is for
    /// error messages (`("booking id", id)`). Validated and percent-encoded when building.
    fn path_params(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }

    /// Path below the API base, ids validated and percent-encoded: `bookings/1a2b…/confirm`.
    ///
    /// Provided: [`Operation::PATH_TEMPLATE`] filled with [`Operation::path_params`].
    ///
    /// # Errors
    /// [`BuildError`] when an id is empty or could change the path, or when the number of
    /// values does not match the template.
    fn path(&self) -> Result<String, BuildError> {
        fill_template(Self::PATH_TEMPLATE, &self.path_params())
    }

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
    /// Provided: [`FromResponse::from_response`] of the output type.
    ///
    /// # Errors
    /// [`ResponseError`] for non-2xx statuses and bodies that do not decode.
    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<Self::Output, ResponseError> {
        Self::Output::from_response(response)
    }

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
