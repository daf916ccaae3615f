//! `GET /openapi.json`: the OpenAPI 3 description of the sixteen endpoints.

use bytes::Bytes;
use http::StatusCode;

use super::ApiRequest;
use super::reply::Reply;
use crate::shared::Shared;

/// The crate's `openapi.json`, compiled in so the emulator always serves the document of the
/// checkout it was built from (a test keeps the document and the routes in step). It lives
/// inside the crate so that `cargo package` can include it.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

/// 200 with the document as is (not wrapped in `{"data": …}`: it is not an API resource).
pub(crate) fn document(_shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    served()
}

fn served() -> Reply {
    Reply {
        status: StatusCode::OK,
        body: Some(Bytes::from_static(DOCUMENT.as_bytes())),
        ..Reply::no_content()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_the_document_as_valid_json() {
        let reply = served();
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.body.unwrap();
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(value["openapi"].as_str().unwrap().starts_with("3."));
        assert!(value["paths"]["/bookings/{id}/{action}"].is_object());
    }
}
