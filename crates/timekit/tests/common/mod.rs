//! Helpers shared by the facade's integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use timekit::Client;
use timekit::transport::Transport;

/// A key shaped like Timekit's; tests check it never shows up where it should not.
pub const KEY: &str = "test_api_key_SECRETSECRETSECRETSECRETSECRET12";

/// `Basic base64(":" + KEY)`, computed independently (Python's base64 module).
pub const EXPECTED_AUTHORIZATION: &str =
    "Basic OnRlc3RfYXBpX2tleV9TRUNSRVRTRUNSRVRTRUNSRVRTRUNSRVRTRUNSRVQxMg==";

/// Base URL of unit tests (`.invalid` never resolves; the transports here are fakes).
pub const BASE: &str = "https://api.timekit.invalid/v2";

/// A client over `transport` with the test key and base, making one attempt per call
/// (these tests script one answer per call; retries are tested in `src/retry` and in the
/// workspace's `tests/fault_matrix.rs`).
pub fn client<T: Transport>(transport: T) -> Client<T> {
    Client::builder()
        .api_key(KEY)
        .base_url(BASE)
        .retry_policy(timekit::RetryPolicy::none())
        .transport(transport)
        .build()
        .unwrap()
}

/// A fixture shared with the model's tests (`crates/timekit-model/tests/fixtures/`).
pub fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../timekit-model/tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap()
}
