//! The baseline client: hyper-util's pooled client with nothing on top — no timeouts, no
//! body limit, no retries, no tracing — set up the way a careful user would (`TCP_NODELAY`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use http::header::{AUTHORIZATION, HeaderValue, USER_AGENT};
use http::{Request, StatusCode, Uri};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// A pooled plain-HTTP client for loopback.
#[derive(Clone, Debug)]
pub struct RawClient {
    client: Client<HttpConnector, Empty<Bytes>>,
    authorization: Option<HeaderValue>,
}

impl RawClient {
    /// A client keeping up to `max_idle` connections per host, sending `authorization` (if
    /// any) with every request. Must be created inside a Tokio runtime.
    pub fn new(max_idle: usize, authorization: Option<HeaderValue>) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(max_idle)
            .build(connector);
        RawClient {
            client,
            authorization,
        }
    }

    /// `GET uri` and the complete body; any status but 200 is an error.
    ///
    /// # Errors
    /// A message for connection failures and non-200 answers.
    pub async fn get(&self, uri: &Uri) -> Result<Bytes, String> {
        let mut request = Request::get(uri.clone())
            // The SDK's default user agent, so both clients send the same header set.
            .header(USER_AGENT, timekit::DEFAULT_USER_AGENT)
            .body(Empty::new())
            .map_err(|err| err.to_string())?;
        if let Some(authorization) = &self.authorization {
            request
                .headers_mut()
                .insert(AUTHORIZATION, authorization.clone());
        }
        let response = self
            .client
            .request(request)
            .await
            .map_err(|err| format!("GET {uri}: {err}"))?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|err| format!("GET {uri}: body: {err}"))?
            .to_bytes();
        if status != StatusCode::OK {
            return Err(format!(
                "GET {uri}: status {status}: {}",
                String::from_utf8_lossy(&body)
            ));
        }
        Ok(body)
    }
}

/// `Basic base64(":" + key)`, Timekit's app-key authentication, built without the SDK.
pub fn basic_authorization(api_key: &str) -> Option<HeaderValue> {
    let credentials = format!(":{api_key}");
    HeaderValue::try_from(format!("Basic {}", BASE64.encode(credentials))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_authorization_has_an_empty_user() {
        assert_eq!(
            basic_authorization("key").unwrap(),
            HeaderValue::from_static("Basic OmtleQ==")
        );
    }
}
