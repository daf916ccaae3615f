//! `ClientBuilder`: API key, base URL, timeouts, trusted roots, user agent, Timekit headers,
//! transport.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use timekit_ops::BaseUrl;
use timekit_transport::{HyperTransport, HyperTransportBuilder, Transport};

use crate::api_key::ApiKey;
use crate::base_url_policy;
use crate::client::{Client, Inner};
use crate::config_error::ConfigError;
use crate::retry::{RateLimiter, RetryBudget, RetryPolicy};

/// The `User-Agent` sent unless another is configured.
pub const DEFAULT_USER_AGENT: &str = concat!("timekit-rs/", env!("CARGO_PKG_VERSION"));

/// Marker for "no transport chosen": [`ClientBuilder::build`] then creates a
/// [`HyperTransport`] from the builder's timeouts and body limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultTransport;

/// Builds a [`Client`].
///
/// ```no_run
/// # fn main() -> Result<(), timekit::ConfigError> {
/// let client = timekit::Client::builder()
///     .api_key("test_api_key_…")
///     .timezone("Europe/Berlin")
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[must_use]
pub struct ClientBuilder<T = DefaultTransport> {
    settings: Settings,
    transport: T,
}

/// Everything but the transport.
#[derive(Debug, Clone)]
struct Settings {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    user_agent: Option<String>,
    timezone: Option<String>,
    input_timestamp_format: Option<String>,
    output_timestamp_format: Option<String>,
    hyper: HyperTransportBuilder,
    retry_policy: RetryPolicy,
    retry_budget: Option<RetryBudget>,
    rate_limiter: Option<RateLimiter>,
}

impl Default for ClientBuilder<DefaultTransport> {
    fn default() -> Self {
        ClientBuilder {
            settings: Settings {
                api_key: None,
                base_url: None,
                user_agent: None,
                timezone: None,
                input_timestamp_format: None,
                output_timestamp_format: None,
                hyper: HyperTransport::builder(),
                retry_policy: RetryPolicy::default(),
                retry_budget: None,
                rate_limiter: None,
            },
            transport: DefaultTransport,
        }
    }
}

impl<T> ClientBuilder<T> {
    /// The app API key (required). Sent as `Authorization: Basic base64(":" + key)`.
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.settings.api_key = Some(key.into());
        self
    }

    /// The API base, default `https://api.timekit.io/v2`; a trailing slash is optional.
    /// Plain `http://` is refused unless the host is loopback (`localhost`, `127.0.0.0/8`,
    /// `::1`), which is what the local emulator uses.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = Some(url.into());
        self
    }

    /// Bound on establishing a connection (default 10 s). Applies to the default transport.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.hyper = self.settings.hyper.connect_timeout(timeout);
        self
    }

    /// Bound on one whole exchange, body included (default 30 s). Applies to the default
    /// transport.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.settings.hyper = self.settings.hyper.request_timeout(timeout);
        self
    }

    /// Largest response body accepted, in bytes (default 16 MiB). Applies to the default
    /// transport.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.settings.hyper = self.settings.hyper.body_limit(bytes);
        self
    }

    /// Idle time after which a pooled connection is closed (default 30 s). Applies to the
    /// default transport.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.settings.hyper = self.settings.hyper.pool_idle_timeout(timeout);
        self
    }

    /// Also trusts `certificate`, a DER-encoded X.509 root certificate (for example a
    /// `rustls::pki_types::CertificateDer`, or the bytes of a `.der`/`.cer` file), on top of
    /// the built-in roots: for a corporate TLS-inspecting proxy, a private CA or a test
    /// server. Applies to the default transport (see
    /// [`HyperTransportBuilder::add_root_certificate`]); a certificate that cannot be parsed
    /// makes [`build`](ClientBuilder::build) fail with [`ConfigError::Transport`].
    pub fn add_root_certificate(mut self, certificate: impl AsRef<[u8]>) -> Self {
        self.settings.hyper = self.settings.hyper.add_root_certificate(certificate);
        self
    }

    /// Also trusts every `CERTIFICATE` in `pem` (one certificate or a bundle, as in a
    /// `.pem`/`.crt` file), on top of the built-in roots. Applies to the default transport
    /// (see [`HyperTransportBuilder::add_root_certificates_pem`]).
    ///
    /// # Errors
    /// [`ConfigError::Transport`] (nothing is added) when `pem` is malformed, has no
    /// `CERTIFICATE` section, or holds something that is not an X.509 certificate; the
    /// [`TransportError`](crate::TransportError) inside says which.
    pub fn add_root_certificates_pem(mut self, pem: &[u8]) -> Result<Self, ConfigError> {
        self.settings.hyper = self
            .settings
            .hyper
            .add_root_certificates_pem(pem)
            .map_err(ConfigError::Transport)?;
        Ok(self)
    }

    /// Whether the default transport trusts the built-in roots (default `true`): Mozilla's,
    /// or the operating system's with the `native-roots` feature. With `false` only the roots
    /// added with [`add_root_certificate`](Self::add_root_certificate) or
    /// [`add_root_certificates_pem`](Self::add_root_certificates_pem) are trusted, and
    /// [`build`](ClientBuilder::build) fails if there are none.
    pub fn tls_built_in_roots(mut self, enabled: bool) -> Self {
        self.settings.hyper = self.settings.hyper.tls_built_in_roots(enabled);
        self
    }

    /// The `User-Agent` header (default `timekit-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.settings.user_agent = Some(user_agent.into());
        self
    }

    /// `Timekit-Timezone`: the IANA zone used to render custom-formatted output timestamps.
    pub fn timezone(mut self, zone: impl Into<String>) -> Self {
        self.settings.timezone = Some(zone.into());
        self
    }

    /// `Timekit-InputTimestampFormat`: a PHP date format for timestamps you send.
    pub fn input_timestamp_format(mut self, format: impl Into<String>) -> Self {
        self.settings.input_timestamp_format = Some(format.into());
        self
    }

    /// `Timekit-OutputTimestampFormat`: a PHP date format for timestamps Timekit returns.
    /// The typed model expects RFC 3339; use this with raw output.
    pub fn output_timestamp_format(mut self, format: impl Into<String>) -> Self {
        self.settings.output_timestamp_format = Some(format.into());
        self
    }

    /// The retry policy of every call (default [`RetryPolicy::default`]: 3 attempts, full
    /// jitter backoff from 250 ms capped at 10 s, 30 s per call, `POST` not retried once it
    /// may have been sent). Override per call with [`Client::execute_with`].
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

    /// Sends requests through `transport` instead of the default [`HyperTransport`]. The
    /// timeout, body-limit and pool settings of this builder then do not apply.
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
        let api_key = self.api_key.ok_or(ConfigError::MissingApiKey)?;
        if api_key.is_blank() {
            return Err(ConfigError::BlankApiKey);
        }
        let base_url = match &self.base_url {
            Some(text) => BaseUrl::parse(text).map_err(ConfigError::InvalidBaseUrl)?,
            None => BaseUrl::default(),
        };
        if !base_url_policy::is_allowed(&base_url) {
            return Err(ConfigError::InsecureBaseUrl {
                host: base_url.host().to_owned(),
            });
        }
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned());
        let mut headers = HeaderMap::new();
        for (name, display_name, value) in [
            (USER_AGENT, "User-Agent", Some(user_agent)),
            (
                HeaderName::from_static("timekit-timezone"),
                "Timekit-Timezone",
                self.timezone,
            ),
            (
                HeaderName::from_static("timekit-inputtimestampformat"),
                "Timekit-InputTimestampFormat",
                self.input_timestamp_format,
            ),
            (
                HeaderName::from_static("timekit-outputtimestampformat"),
                "Timekit-OutputTimestampFormat",
                self.output_timestamp_format,
            ),
        ] {
            if let Some(value) = value {
                let value = HeaderValue::try_from(value)
                    .map_err(|_| ConfigError::InvalidHeader { name: display_name })?;
                headers.insert(name, value);
            }
        }
        Ok(Client::from_inner(Arc::new(Inner {
            transport,
            base_url,
            authorization: api_key.authorization(),
            headers,
            retry_policy: self.retry_policy,
            retry_budget: self.retry_budget.unwrap_or_default(),
            rate_limiter: self.rate_limiter,
            attempt_timeout,
        })))
    }
}

impl ClientBuilder<DefaultTransport> {
    /// Builds a client over a new [`HyperTransport`] with this builder's settings.
    ///
    /// # Errors
    /// [`ConfigError`] for a missing or blank key, an invalid or insecure base URL, an
    /// invalid header value, or a TLS root store that cannot be loaded.
    pub fn build(self) -> Result<Client<HyperTransport>, ConfigError> {
        let transport = self
            .settings
            .hyper
            .clone()
            .build()
            .map_err(ConfigError::Transport)?;
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
