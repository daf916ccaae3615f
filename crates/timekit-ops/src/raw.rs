//! `Raw<O>`: run any operation and get the response unparsed (status, headers, bytes).

use bytes::Bytes;

use crate::response::{RawResponse, check_status};
use crate::{BuildError, Operation, ResponseError};

/// Wraps an operation so that its output is the raw [`RawResponse`].
///
/// The request is exactly the inner operation's; the status is still checked, so a 401 is
/// still `IncorrectCredentials` and a 404 `UnexpectedStatus`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Raw<O>(pub O);

impl<O> Raw<O> {
    /// Wraps `operation`.
    pub fn new(operation: O) -> Self {
        Self(operation)
    }

    /// The wrapped operation.
    pub fn into_inner(self) -> O {
        self.0
    }
}

impl<O: Operation> Operation for Raw<O> {
    type Output = RawResponse;
    const NAME: &'static str = O::NAME;
    const METHOD: http::Method = O::METHOD;
    const PATH_TEMPLATE: &'static str = O::PATH_TEMPLATE;

    fn path(&self) -> Result<String, BuildError> {
        self.0.path()
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.0.query()
    }

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.0.body()
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<RawResponse, ResponseError> {
        check_status(response).map(RawResponse::from_response)
    }
}

/// `.raw()` on every operation.
pub trait OperationExt: Operation + Sized {
    /// The same call, returning the unparsed response.
    fn raw(self) -> Raw<Self> {
        Raw(self)
    }
}

impl<O: Operation> OperationExt for O {}
