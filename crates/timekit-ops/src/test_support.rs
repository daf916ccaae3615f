//! Shared test helpers: the test base URL, response builders, fixtures, the one
//! error-contract table that every operation's tests run (`error_contract_tests!`), the tests
//! of the methods `list_setters!` writes (`list_query_tests!`), and the request checks every
//! partial update shares (`assert_update_requests`).

use bytes::Bytes;
use serde_json::Value;

use crate::{BaseUrl, BuildError, Operation};

/// Base URL of every request test (`.invalid` can never resolve).
pub(crate) const BASE: &str = "https://api.timekit.invalid/v2";

/// A deterministic id used across op tests.
pub(crate) const ID: &str = "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703";

pub(crate) fn base() -> BaseUrl {
    BaseUrl::parse(BASE).unwrap()
}

/// Builds the request of `op` against [`BASE`].
pub(crate) fn request<O: Operation>(op: &O) -> http::Request<Bytes> {
    op.to_request(&base()).unwrap()
}

/// The request URI as text.
pub(crate) fn uri<O: Operation>(op: &O) -> String {
    request(op).uri().to_string()
}

/// Asserts that each operation of `cases` asks for `{uri}?{query}`: the table of an "each
/// parameter lands in the query" test, `uri` being the full URI without a query.
pub(crate) fn assert_queries<O: Operation>(uri_without_query: &str, cases: Vec<(O, &str)>) {
    for (op, query) in cases {
        assert_eq!(
            uri(&op),
            format!("{uri_without_query}?{query}"),
            "{}",
            O::NAME
        );
    }
}

/// The request mapping every partial update (`update_operation!`) shares: `empty`, the empty
/// typed request, is a `PUT` to `uri` with the JSON body `{}`; `raw` refuses an array body;
/// `bad_id`, an id with a `/`, is refused naming `id_field`.
pub(crate) fn assert_update_requests<O: Operation>(
    uri: &str,
    empty: O,
    raw: impl Fn(Value) -> O,
    bad_id: O,
    id_field: &str,
) {
    let request = request(&empty);
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(request.uri(), uri);
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(body_json(&empty), Some(serde_json::json!({})));
    assert_eq!(
        raw(serde_json::json!([])).to_request(&base()).unwrap_err(),
        BuildError::BodyNotObject("an array")
    );
    assert_eq!(refused_id_field(&bad_id), Some(id_field));
}

/// The request body parsed as JSON; `None` when there is no body.
pub(crate) fn body_json<O: Operation>(op: &O) -> Option<Value> {
    op.body()
        .unwrap()
        .map(|bytes| serde_json::from_slice(&bytes).unwrap())
}

/// The field named by the [`BuildError::InvalidId`] that building `op` gives; `None` when
/// building succeeds or fails for another reason.
pub(crate) fn refused_id_field<O: Operation>(op: &O) -> Option<&'static str> {
    match op.to_request(&base()) {
        Err(BuildError::InvalidId { field, .. }) => Some(field),
        _ => None,
    }
}

pub(crate) fn response(status: u16, body: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Bytes::from(body.to_owned()))
        .unwrap()
}

/// A fixture from `crates/timekit-model/tests/fixtures/` (shared with the model's tests).
pub(crate) fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../timekit-model/tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("fixture {}: {err}", path.display()))
}

/// The fixture parsed as JSON.
pub(crate) fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// The error contract every operation must meet; called by [`error_contract_tests!`].
pub(crate) mod contract {
    use std::fmt::Debug;

    use bytes::Bytes;
    use timekit_model::ErrorBody;

    use super::response;
    use crate::{Operation, ResponseError};

    fn failure<O: Operation>(op: &O, status: u16, body: &str) -> ResponseError
    where
        O::Output: Debug,
    {
        op.parse_response(response(status, body)).unwrap_err()
    }

    pub(crate) fn unauthorized<O: Operation>(op: &O)
    where
        O::Output: Debug,
    {
        match failure(op, 401, r#"{"error": "Invalid credentials supplied"}"#) {
            ResponseError::IncorrectCredentials(failure) => {
                assert_eq!(failure.status(), 401);
                assert_eq!(failure.message(), Some("Invalid credentials supplied"));
            }
            other => panic!("{}: expected IncorrectCredentials, got {other:?}", O::NAME),
        }
    }

    pub(crate) fn not_found<O: Operation>(op: &O)
    where
        O::Output: Debug,
    {
        let body = r#"{"error": "Resource does not exist", "model": "Booking"}"#;
        match failure(op, 404, body) {
            ResponseError::UnexpectedStatus(failure) => {
                assert_eq!(failure.status(), 404);
                assert_eq!(failure.body(), body.as_bytes());
                match failure.error_body() {
                    ErrorBody::Message { error, model, .. } => {
                        assert_eq!(error, "Resource does not exist");
                        assert_eq!(model.as_deref(), Some("Booking"));
                    }
                    other => panic!("{}: expected a message body, got {other:?}", O::NAME),
                }
            }
            other => panic!("{}: expected UnexpectedStatus, got {other:?}", O::NAME),
        }
    }

    pub(crate) fn validation<O: Operation>(op: &O)
    where
        O::Output: Debug,
    {
        let body = r#"{"errors": {"email": ["The email field is required."]}, "action": "save_booking_data"}"#;
        let http_response = http::Response::builder()
            .status(422)
            .header("timekit-request-id", "req-422")
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap();
        match op.parse_response(http_response).unwrap_err() {
            ResponseError::UnexpectedStatus(failure) => {
                assert_eq!(failure.status(), 422);
                assert_eq!(failure.request_id(), Some("req-422"));
                let errors = failure.error_body().validation_errors().unwrap();
                assert_eq!(
                    errors["email"],
                    vec!["The email field is required.".to_owned()]
                );
            }
            other => panic!("{}: expected UnexpectedStatus, got {other:?}", O::NAME),
        }
    }

    pub(crate) fn illegal_action<O: Operation>(op: &O)
    where
        O::Output: Debug,
    {
        let message = "Cannot apply action 'confirm' to current state 'cancelled'";
        match failure(op, 422, &format!(r#"{{"error": "{message}"}}"#)) {
            ResponseError::UnexpectedStatus(failure) => {
                assert_eq!(failure.status(), 422);
                assert_eq!(failure.message(), Some(message));
            }
            other => panic!("{}: expected UnexpectedStatus, got {other:?}", O::NAME),
        }
    }

    pub(crate) fn html_server_error<O: Operation>(op: &O)
    where
        O::Output: Debug,
    {
        let body = "<html><body><h1>500 Internal Server Error</h1></body></html>";
        match failure(op, 500, body) {
            ResponseError::UnexpectedStatus(failure) => {
                assert_eq!(failure.status(), 500);
                assert_eq!(failure.body(), body.as_bytes());
                assert_eq!(failure.error_body(), &ErrorBody::NotJson);
            }
            other => panic!("{}: expected UnexpectedStatus, got {other:?}", O::NAME),
        }
    }

    pub(crate) fn empty_unavailable<O: Operation>(op: &O)
    where
        O::Output: Debug,
    {
        match failure(op, 503, "") {
            ResponseError::UnexpectedStatus(failure) => {
                assert_eq!(failure.status(), 503);
                assert!(failure.body().is_empty());
                assert_eq!(failure.error_body(), &ErrorBody::NotJson);
            }
            other => panic!("{}: expected UnexpectedStatus, got {other:?}", O::NAME),
        }
    }

    pub(crate) fn invalid_json_success<O: Operation>(op: &O)
    where
        O::Output: Debug,
    {
        let body = r#"{"data": {"id": "#;
        let http_response = http::Response::builder()
            .status(200)
            .header("timekit-request-id", "req-200")
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap();
        match op.parse_response(http_response).unwrap_err() {
            error @ ResponseError::Decode { .. } => {
                assert_eq!(error.status(), 200);
                assert_eq!(
                    error.request_id(),
                    Some("req-200"),
                    "{}: the request id of an undecodable answer is kept",
                    O::NAME
                );
                let ResponseError::Decode { body: kept, .. } = error else {
                    unreachable!()
                };
                assert_eq!(kept, body.as_bytes());
            }
            other => panic!("{}: expected Decode, got {other:?}", O::NAME),
        }
    }

    /// Any status and any bytes: an answer or an error, never a panic.
    pub(crate) fn never_panics<O: Operation>(op: &O, status: u16, body: Vec<u8>) {
        let response = http::Response::builder()
            .status(status)
            .body(Bytes::from(body))
            .unwrap();
        let result = op.parse_response(response);
        if !(200..300).contains(&status) {
            assert!(
                result.is_err(),
                "{}: HTTP {status} must be an error",
                O::NAME
            );
        }
    }
}

/// Runs the shared error contract against one operation: `error_contract_tests!(GetApp::new());`
macro_rules! error_contract_tests {
    ($make:expr) => {
        mod error_contract {
            #[allow(unused_imports)]
            use super::*;
            use $crate::test_support::contract;
            use proptest::prelude::*;

            #[test]
            fn http_401_is_incorrect_credentials() {
                contract::unauthorized(&$make);
            }

            #[test]
            fn http_404_keeps_error_and_model() {
                contract::not_found(&$make);
            }

            #[test]
            fn http_422_validation_keeps_the_field_map() {
                contract::validation(&$make);
            }

            #[test]
            fn http_422_illegal_action_keeps_the_message() {
                contract::illegal_action(&$make);
            }

            #[test]
            fn http_500_html_is_kept_as_not_json() {
                contract::html_server_error(&$make);
            }

            #[test]
            fn http_503_empty_body_is_unexpected_status() {
                contract::empty_unavailable(&$make);
            }

            #[test]
            fn http_200_invalid_json_is_a_decode_error_keeping_the_body() {
                contract::invalid_json_success(&$make);
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(64))]
                #[test]
                fn any_answer_parses_without_panicking(status in 100u16..600,
                                                       body in proptest::collection::vec(any::<u8>(), 0..64)) {
                    contract::never_panics(&$make, status, body);
                }
            }
        }
    };
}

pub(crate) use error_contract_tests;

/// Tests what `list_setters!` writes, against one list operation and its full URI without a
/// query: `list_query_tests!(ListProjects, PROJECTS);`. With it comes the minimal request
/// (`GET`, no query, no body); the operation's own tests then cover only its own parameters
/// and its answer.
macro_rules! list_query_tests {
    ($op:ident, $uri:expr) => {
        mod list_query {
            #[allow(unused_imports)]
            use super::*;
            use $crate::Paginated;
            use $crate::test_support::{assert_queries, body_json, request, uri};

            #[test]
            fn minimal_request() {
                let op = $op::new();
                assert_eq!(request(&op).method(), http::Method::GET);
                assert_eq!(uri(&op), $uri);
                assert_eq!(body_json(&op), None);
            }

            #[test]
            fn each_shared_parameter_lands_in_the_query() {
                assert_queries(
                    &$uri,
                    vec![
                        ($op::new().limit(5), "limit=5"),
                        ($op::new().page(2), "page=2"),
                        ($op::new().search("name:Jane"), "search=name:Jane"),
                        ($op::new().search_by("name", "Jane"), "search=name:Jane"),
                        ($op::new().include("attributes"), "include=attributes"),
                    ],
                );
            }

            #[test]
            fn criteria_and_includes_accumulate_in_the_fixed_order() {
                let op = $op::new()
                    .include("a")
                    .search("name:Jane*")
                    .search_by("n", 2)
                    .include("b.c")
                    .page(3)
                    .limit(4);
                assert_eq!(
                    uri(&op),
                    format!(
                        "{}?limit=4&page=3&search=name:Jane%2A%3Bn:2&include=a,b.c",
                        $uri
                    )
                );
            }

            #[test]
            fn pages_advance() {
                let first = $op::new().limit(2);
                assert_eq!(first.requested_page(), 1);
                let third = first.with_page(3);
                assert_eq!(third.requested_page(), 3);
                assert_eq!(uri(&third), format!("{}?limit=2&page=3", $uri));
                assert_eq!(
                    first.requested_page(),
                    1,
                    "with_page leaves the original alone"
                );
            }
        }
    };
}

pub(crate) use list_query_tests;
