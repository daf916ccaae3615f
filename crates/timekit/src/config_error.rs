//! `ConfigError`: why a `Client` could not be built.

use timekit_ops::BuildError;
use timekit_transport::TransportError;

/// The client configuration is unusable. Returned by [`ClientBuilder::build`](crate::ClientBuilder::build).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No API key was given.
    #[error("no API key configured")]
    MissingApiKey,
    /// The API key is empty or only whitespace.
    #[error("the API key is empty")]
    BlankApiKey,
    /// The base URL is not an absolute `http(s)` URL without credentials, query or fragment.
    #[error("invalid base URL")]
    InvalidBaseUrl(#[source] BuildError),
    /// A plain `http://` base URL whose host is not loopback: the key would cross the
    /// network in clear text.
    #[error("refusing plain http:// to non-loopback host {host:?}; use https://")]
    InsecureBaseUrl {
        /// The refused host.
        host: String,
    },
    /// A configured header value cannot be sent (control characters, non-visible bytes).
    #[error("invalid value for header {name}")]
    InvalidHeader {
        /// The header name.
        name: &'static str,
    },
    /// The default transport could not be created (TLS roots could not be loaded).
    #[error("could not create the HTTP transport")]
    Transport(#[source] TransportError),
}
