//! A `Client` over a custom transport: here mockall's `MockTransport` (feature `mock`),
//! which is also how to unit-test code that uses the client without any server.
//!
//! ```sh
//! cargo run -p timekit --example custom_transport --features mock
//! ```

use bytes::Bytes;
use timekit::transport::MockTransport;

/// What Timekit answers to `GET /v2/app`, abridged.
const APP: &str = r#"{"data": {"id": "6d0e4ff4-2b36-4a4c-9d6a-4f0a8a5c0b1e", "slug": "back-office",
    "test_mode": true, "settings": {"name": "Back office"}}}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut transport = MockTransport::new();
    // One request is expected: the client's `GET /app`, with the key in Basic auth.
    transport
        .expect_send()
        .withf(|request| {
            request.method() == http::Method::GET
                && request.uri() == "https://api.timekit.io/v2/app"
                && request.headers().contains_key(http::header::AUTHORIZATION)
        })
        .times(1)
        .returning(|_| {
            let mut response = http::Response::new(Bytes::from_static(APP.as_bytes()));
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            Ok(response)
        });

    let client = timekit::Client::builder()
        .api_key("test_api_key_example")
        .transport(transport)
        .build()?;
    let app = client.get_app().await?;
    println!(
        "app {} \"{}\" (slug {}, test mode: {})",
        app.id,
        app.name().unwrap_or("unnamed"),
        app.slug,
        app.test_mode.unwrap_or(false)
    );
    // Dropping the client drops the mock, which checks `times(1)` was met.
    drop(client);
    println!("the mock saw exactly the one request it expected");
    Ok(())
}
