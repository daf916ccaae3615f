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
///
/// Roots: the operating system's store with the `native-roots` feature; if that store cannot
/// be loaded and `webpki-roots` is enabled too, Mozilla's compiled-in roots. Otherwise (the
/// default) Mozilla's roots.
fn tls_config() -> Result<ClientConfig, TransportError> {
    #[cfg(feature = "native-roots")]
    {
        let native = builder()?.with_native_roots().map_err(|err| {
            TransportError::other(err).with_message("could not load the system root certificates")
        });
        #[cfg(feature = "webpki-roots")]
        let native = native.or_else(|_| Ok::<_, TransportError>(builder()?.with_webpki_roots()));
        Ok(native?.with_no_client_auth())
    }
    #[cfg(not(feature = "native-roots"))]
    {
        Ok(builder()?.with_webpki_roots().with_no_client_auth())
    }
}

fn builder() -> Result<rustls::ConfigBuilder<ClientConfig, rustls::WantsVerifier>, TransportError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| TransportError::other(err).with_message("TLS configuration failed"))
}
