//! The HTTPS connector: TCP settings and a rustls configuration with the ring provider.

use std::sync::Arc;
use std::time::Duration;

use hyper_rustls::{ConfigBuilderExt, HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use rustls::ClientConfig;

use crate::TransportError;

/// A connector for `https://` (rustls) and `http://` (loopback emulator) URIs.
pub(super) fn https_connector(
    connect_timeout: Duration,
) -> Result<HttpsConnector<HttpConnector>, TransportError> {
    let mut http = HttpConnector::new();
    // Small request/response pairs stall on Nagle + delayed ACK without this.
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    // The TLS layer on top needs to see `https://` URIs.
    http.enforce_http(false);
    Ok(HttpsConnectorBuilder::new()
        .with_tls_config(tls_config()?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}

/// rustls with the ring provider passed explicitly, so that no process-wide default provider
/// is needed and a graph that also compiles aws-lc-rs cannot make rustls panic.
fn tls_config() -> Result<ClientConfig, TransportError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| TransportError::other(err).with_message("TLS configuration failed"))?;
    Ok(with_roots(builder)?.with_no_client_auth())
}

type WantsVerifier = rustls::ConfigBuilder<ClientConfig, rustls::WantsVerifier>;
type WantsClientCert = rustls::ConfigBuilder<ClientConfig, rustls::client::WantsClientCert>;

/// The operating system's roots (feature `native-roots`).
#[cfg(feature = "native-roots")]
fn with_roots(builder: WantsVerifier) -> Result<WantsClientCert, TransportError> {
    builder.with_native_roots().map_err(|err| {
        TransportError::other(err).with_message("could not load the system root certificates")
    })
}

/// Mozilla's roots compiled into the binary (feature `webpki-roots`, the default; also used
/// when no roots feature is selected).
#[cfg(not(feature = "native-roots"))]
fn with_roots(builder: WantsVerifier) -> Result<WantsClientCert, TransportError> {
    Ok(builder.with_webpki_roots())
}
