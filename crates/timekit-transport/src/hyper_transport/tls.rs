//! The HTTPS connector: TCP settings and a rustls configuration with the ring provider.

use std::sync::Arc;
use std::time::Duration;

use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use rustls::ClientConfig;

use super::roots::{RootCertificates, config_error};
use crate::TransportError;

/// A connector for `https://` (rustls) and `http://` (loopback emulator) URIs.
pub(super) fn https_connector(
    connect_timeout: Duration,
    roots: &RootCertificates,
) -> Result<HttpsConnector<HttpConnector>, TransportError> {
    let mut http = HttpConnector::new();
    // Small request/response pairs stall on Nagle + delayed ACK without this.
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    // The TLS layer on top needs to see `https://` URIs.
    http.enforce_http(false);
    Ok(HttpsConnectorBuilder::new()
        .with_tls_config(tls_config(roots)?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}

/// rustls with the ring provider passed explicitly, so that no process-wide default provider
/// is needed and a graph that also compiles aws-lc-rs cannot make rustls panic. Servers are
/// verified against `roots` (see `RootCertificates::store`).
fn tls_config(roots: &RootCertificates) -> Result<ClientConfig, TransportError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| config_error(err, "TLS configuration failed"))?
        .with_root_certificates(roots.store()?)
        .with_no_client_auth())
}
