//! `ClientBuilder`: API key, base URL, timeouts, trusted roots, user agent, Timekit headers,
//! transport.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use timekit_ops::BaseUrl;
use timekit_transport::{HyperTransport, HyperTransportBuilder, Transport};

use crate::api_key::{ApiKey, basic};
use crate::base_url_policy;
use crate::client::{Client, Inner};
use crate::config_error::ConfigError;
use crate::retry::{RateLimiter, RetryBudget, RetryPolicy};

/// The `User-Agent` sent unless another is configured.
pub const DEFAULT_USER_AGENT: &str = concat!("timekit-rs/", env!("CARGO_PKG_VERSION"));

/// The transport of a builder on which no transport was chosen: [`ClientBuilder::build`]
/// creates a [`HyperTransport`] with the settings that only this builder has (timeouts, body
/// limit, pool, TLS roots).
#[derive(Debug, Clone, Default)]
pub struct DefaultTransport(HyperTransportBuilder);

/// Builds a [`Client`].
///
/// ```no_run
/// # fn main() -> Result<(), timekit::ConfigError> {
/// let client = timekit::Client::builder()
///     .api_key("test_api_key_…")
///     .timezone("Europe/Berlin")
///     .request_timeout(std::time::Duration::from_secs(10))
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
///
/// The default transport's settings (timeouts, body limit, pool, TLS roots) exist only on
/// `ClientBuilder<DefaultTransport>`, not after [`transport`](ClientBuilder::transport):
///
/// ```compile_fail
/// # let custom = timekit::transport::HyperTransport::new().unwrap();
/// let builder = timekit::Client::builder().transport(custom)
///     .request_timeout(std::time::Duration::from_secs(10)); // no such method
/// ```
#[must_use]
pub struct ClientBuilder<T = DefaultTransport> {
    settings: Settings,
    transport: T,
}

/// Everything but the transport.
#[derive(Debug, Clone, Default)]
struct Settings {
    api_key: Option<ApiKey>,
    /// Legacy resource key: `email:token` (the app slug is a header). Wins over `api_key`.
    resource_key: Option<ApiKey>,
    base_url: Option<String>,
    /// `User-Agent` (when not the default) and `Timekit-*` headers, by their display name;
    /// checked when building.
    headers: Vec<(&'static str, String)>,
    retry_policy: RetryPolicy,
    retry_budget: Option<RetryBudget>,
    rate_limiter: Option<RateLimiter>,
}

impl Default for ClientBuilder<DefaultTransport> {
    fn default() -> Self {
        ClientBuilder {
            settings: Settings::default(),
            transport: DefaultTransport::default(),
        }
    }
}

impl<T> ClientBuilder<T> {
    /// The app API key, sent as `Basic base64(":" + key)`; required unless `resource_key`.
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.settings.api_key = Some(key.into());
        self
    }

    /// **Legacy** resource-key authentication, instead of the API key (Timekit deprecates
    /// it; only `/apps`, `/accounts` and `POST /credentials` need it): sends `Timekit-App:
    /// <app slug>` and `Authorization: Basic base64(email:token)`, the token being the
    /// `api_token` of [`Authenticate`](crate::ops::Authenticate). Redacted in `Debug`.
    pub fn resource_key(mut self, app: &str, email: &str, token: &str) -> Self {
        self.settings.resource_key = Some(ApiKey::new(format!("{email}:{token}")));
        self.header("Timekit-App", app.to_owned())
    }

    /// The API base, default `https://api.timekit.io/v2`; a trailing slash is optional.
    /// Plain `http://` is refused unless the host is loopback (`localhost`, `127.0.0.0/8`,
    /// `::1`), which is what the local emulator uses.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = Some(url.into());
        self
    }

    /// The `User-Agent` header (default `timekit-rs/<version>`).
    pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
        self.header("User-Agent", user_agent.into())
    }

    /// `Timekit-Timezone`: the IANA zone used to render custom-formatted output timestamps.
    pub fn timezone(self, zone: impl Into<String>) -> Self {
        self.header("Timekit-Timezone", zone.into())
    }

    /// `Timekit-InputTimestampFormat`: a PHP date format for timestamps you send.
    pub fn input_timestamp_format(self, format: impl Into<String>) -> Self {
        self.header("Timekit-InputTimestampFormat", format.into())
    }

    /// `Timekit-OutputTimestampFormat`: a PHP date format for timestamps Timekit returns.
    /// The typed model expects RFC 3339; use this with raw output.
    pub fn output_timestamp_format(self, format: impl Into<String>) -> Self {
        self.header("Timekit-OutputTimestampFormat", format.into())
    }

    /// The retry policy of every call (default [`RetryPolicy::default`]: 3 attempts, full
    /// jitter backoff from 250 ms capped at 10 s, 30 s per call, `POST` not retried once it
    /// may have been sent). Override per call with
    /// [`Call::retry`](crate::Call::retry).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry_policy = policy;
        self
    }

    /// The token bucket retries are paid from (default: a new bucket of 500 tokens for this
    /// client and its clones). Pass a clone of one budget to several clients to share it.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.settings.retry_budget = Some(budget);
        self
    }

    /// Paces every attempt through `limiter` (off by default: a process cannot see other
    /// processes using the same key). `RateLimiter::default()` matches Timekit's documented
    /// 10 requests per second with a burst of 10.
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.settings.rate_limiter = Some(limiter);
        self
    }

    fn header(mut self, name: &'static str, value: String) -> Self {
        self.settings.headers.retain(|(set, _)| *set != name);
        self.settings.headers.push((name, value));
        self
    }

    /// Sends requests through `transport` instead of the default [`HyperTransport`]. The
    /// returned builder has no setters for the default transport's settings; any made before
    /// are dropped with it.
    pub fn transport<U: Transport>(self, transport: U) -> ClientBuilder<U> {
        ClientBuilder {
            settings: self.settings,
            transport,
        }
    }
}

impl Settings {
    /// Checks everything but the transport and assembles the client around `transport`,
    /// which ends every exchange within `attempt_timeout` when that is known.
    fn assemble<U: Transport>(
        self,
        transport: U,
        attempt_timeout: Option<Duration>,
    ) -> Result<Client<U>, ConfigError> {
        let authorization = match (self.resource_key, self.api_key) {
            (Some(user_pass), _) => basic(user_pass.expose_secret()),
            (None, Some(key)) if !key.is_blank() => key.authorization(),
            (None, Some(_)) => return Err(ConfigError::BlankApiKey),
            (None, None) => return Err(ConfigError::MissingApiKey),
        };
        let base_url = match &self.base_url {
            Some(text) => BaseUrl::parse(text).map_err(ConfigError::InvalidBaseUrl)?,
            None => BaseUrl::default(),
        };
        if !base_url_policy::is_allowed(&base_url) {
            return Err(ConfigError::InsecureBaseUrl {
                host: base_url.host().to_owned(),
            });
        }
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        for (name, value) in self.headers {
            let (Ok(header), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::try_from(value))
            else {
                return Err(ConfigError::InvalidHeader { name });
            };
            headers.insert(header, value);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                base_url,
                authorization,
                headers,
                retry_policy: self.retry_policy,
                retry_budget: self.retry_budget.unwrap_or_default(),
                rate_limiter: self.rate_limiter,
                attempt_timeout,
            }),
        })
    }
}

/// The settings of the default transport, and building over it.
impl ClientBuilder<DefaultTransport> {
    /// Bound on establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.transport.0 = self.transport.0.connect_timeout(timeout);
        self
    }

    /// Bound on one whole exchange, body included (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.transport.0 = self.transport.0.request_timeout(timeout);
        self
    }

    /// Largest response body accepted, in bytes (default 16 MiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.transport.0 = self.transport.0.body_limit(bytes);
        self
    }

    /// Idle time after which a pooled connection is closed (default 30 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.transport.0 = self.transport.0.pool_idle_timeout(timeout);
        self
    }

    /// Also trusts `certificate`, a DER-encoded X.509 root certificate (a `.der`/`.cer` file,
    /// a `rustls::pki_types::CertificateDer`), on top of the built-in roots: for a
    /// TLS-inspecting proxy, a private CA or a test server. One that cannot be parsed makes
    /// [`build`](ClientBuilder::build) fail with [`ConfigError::Transport`].
    pub fn add_root_certificate(mut self, certificate: impl AsRef<[u8]>) -> Self {
        self.transport.0 = self.transport.0.add_root_certificate(certificate);
        self
    }

    /// Also trusts every `CERTIFICATE` in `pem` (one certificate or a bundle, as in a
    /// `.pem`/`.crt` file), on top of the built-in roots.
    ///
    /// # Errors
    /// [`ConfigError::Transport`] (nothing is added) when `pem` is malformed, has no
    /// `CERTIFICATE` section, or holds something that is not an X.509 certificate; the
    /// [`TransportError`](crate::TransportError) inside says which.
    pub fn add_root_certificates_pem(mut self, pem: &[u8]) -> Result<Self, ConfigError> {
        self.transport.0 = self
            .transport
            .0
            .add_root_certificates_pem(pem)
            .map_err(ConfigError::Transport)?;
        Ok(self)
    }

    /// Whether the transport trusts the built-in roots (default `true`): Mozilla's,
    /// or the operating system's with the `native-roots` feature. With `false` only the roots
    /// added with [`add_root_certificate`](Self::add_root_certificate) or
    /// [`add_root_certificates_pem`](Self::add_root_certificates_pem) are trusted, and
    /// [`build`](ClientBuilder::build) fails if there are none.
    pub fn tls_built_in_roots(mut self, enabled: bool) -> Self {
        self.transport.0 = self.transport.0.tls_built_in_roots(enabled);
        self
    }

    /// Builds a client over a new [`HyperTransport`] with this builder's settings.
    ///
    /// # Errors
    /// [`ConfigError`] for a missing or blank key, an invalid or insecure base URL, an
    /// invalid header value, or a TLS root store that cannot be loaded.
    pub fn build(self) -> Result<Client<HyperTransport>, ConfigError> {
        let transport = self.transport.0.build().map_err(ConfigError::Transport)?;
        // The default transport bounds every exchange by its request timeout, so the retry
        // loop needs no deadline timer of its own while the deadline is further away.
        let attempt_timeout = Some(transport.request_timeout());
        self.settings.assemble(transport, attempt_timeout)
    }
}

impl<T: Transport> ClientBuilder<T> {
    /// Builds a client over the chosen transport.
    ///
    /// # Errors
    /// [`ConfigError`] for a missing or blank key, an invalid or insecure base URL, or an
    /// invalid header value.
    pub fn build(self) -> Result<Client<T>, ConfigError> {
        // Nothing is known about a custom transport's timeouts.
        self.settings.assemble(self.transport, None)
    }
}

impl<T> fmt::Debug for ClientBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("settings", &self.settings)
            .field("transport", &std::any::type_name::<T>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use timekit_transport::test_util::{CaptureTransport, json_response};

    use super::*;

    const APP: &str = r#"{"data": {"id": "a1", "slug": "back-to-the-future"}}"#;

    fn decoded(value: &HeaderValue) -> String {
        let encoded = value.to_str().unwrap().strip_prefix("Basic ").unwrap();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap(),
        )
        .unwrap()
    }

    #[tokio::test]
    async fn a_resource_key_sends_the_app_header_and_basic_email_token() {
        let capture = CaptureTransport::new(json_response(200, APP));
        let builder = Client::builder()
            .api_key("test_api_key_ignored_when_a_resource_key_is_set")
            .resource_key(
                "back-to-the-future",
                "marty@timekit.io",
                "secret_token_4711",
            )
            .transport(capture.clone());
        let debug = format!("{builder:?}");
        assert!(!debug.contains("secret_token_4711"), "{debug}");
        assert!(!debug.contains("marty@"), "{debug}");
        builder.build().unwrap().get_app().await.unwrap();
        let request = capture.last_request().unwrap();
        let authorization = &request.headers()["authorization"];
        assert!(authorization.is_sensitive());
        assert_eq!(decoded(authorization), "marty@timekit.io:secret_token_4711");
        assert_eq!(request.headers()["timekit-app"], "back-to-the-future");
        assert_eq!(request.headers().get_all("authorization").iter().count(), 1);
    }

    #[tokio::test]
    async fn the_api_key_stays_the_default_and_sends_no_app_header() {
        let capture = CaptureTransport::new(json_response(200, APP));
        let client = Client::builder()
            .api_key("test_api_key_default")
            .transport(capture.clone())
            .build()
            .unwrap();
        client.get_app().await.unwrap();
        let request = capture.last_request().unwrap();
        assert_eq!(
            decoded(&request.headers()["authorization"]),
            ":test_api_key_default"
        );
        assert!(request.headers().get("timekit-app").is_none());
    }

    #[test]
    fn a_resource_key_needs_no_api_key_but_a_sendable_app_slug() {
        let build = |app: &str| {
            Client::builder()
                .resource_key(app, "marty@timekit.io", "token")
                .transport(CaptureTransport::new(json_response(200, APP)))
                .build()
        };
        assert!(build("back-to-the-future").is_ok());
        assert!(matches!(
            build("bad\nslug"),
            Err(ConfigError::InvalidHeader {
                name: "Timekit-App"
            })
        ));
        assert!(matches!(
            Client::builder()
                .transport(CaptureTransport::new(json_response(200, APP)))
                .build(),
            Err(ConfigError::MissingApiKey)
        ));
    }
}
