//! Which root certificates the HTTPS connector trusts: the built-in ones (Mozilla's or the
//! operating system's) and any the user adds, in one rustls `RootCertStore`.

use std::fmt;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::{BoxError, TransportError, TransportErrorKind};

/// The trust settings of a `HyperTransportBuilder`.
#[derive(Clone)]
pub(super) struct RootCertificates {
    built_in: bool,
    added: Vec<CertificateDer<'static>>,
}

impl Default for RootCertificates {
    fn default() -> Self {
        RootCertificates {
            built_in: true,
            added: Vec::new(),
        }
    }
}

impl RootCertificates {
    /// Whether the built-in roots are trusted as well as the added ones.
    pub(super) fn set_built_in(&mut self, enabled: bool) {
        self.built_in = enabled;
    }

    /// Adds one DER certificate; it is checked when the store is built.
    pub(super) fn add_der(&mut self, der: &[u8]) {
        self.added.push(CertificateDer::from(der.to_vec()));
    }

    /// Adds every `CERTIFICATE` section of `pem`, all or none.
    ///
    /// Checked now rather than at build time so that the error points at the call that
    /// passed the bad input.
    pub(super) fn add_pem(&mut self, pem: &[u8]) -> Result<(), TransportError> {
        let mut parsed = Vec::new();
        for item in CertificateDer::pem_slice_iter(pem) {
            let certificate =
                item.map_err(|err| config_error(err, "invalid PEM in the root certificates"))?;
            check_trust_anchor(&certificate)?;
            parsed.push(certificate);
        }
        if parsed.is_empty() {
            // A key file or an empty file: almost certainly the wrong file.
            return Err(config_error(
                rustls::pki_types::pem::Error::NoItemsFound,
                "no CERTIFICATE section in the PEM root certificates",
            ));
        }
        self.added.extend(parsed);
        Ok(())
    }

    /// The store the connector verifies servers against.
    ///
    /// # Errors
    /// The built-in roots cannot be loaded, an added certificate is not a usable trust
    /// anchor, or no root at all would be trusted (every `https://` request would fail).
    pub(super) fn store(&self) -> Result<RootCertStore, TransportError> {
        let mut store = if self.built_in {
            built_in_store()?
        } else {
            RootCertStore::empty()
        };
        for certificate in &self.added {
            store.add(certificate.clone()).map_err(invalid_root)?;
        }
        if store.is_empty() {
            return Err(TransportError::bare(TransportErrorKind::Other)
                .with_request_may_have_been_sent(false)
                .with_message("no root certificates: built-in roots disabled and none added"));
        }
        Ok(store)
    }
}

impl fmt::Debug for RootCertificates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The certificates themselves are kilobytes of bytes nobody reads in a Debug dump.
        f.debug_struct("RootCertificates")
            .field("built_in", &self.built_in)
            .field("added", &self.added.len())
            .finish()
    }
}

/// Fails unless rustls accepts `certificate` as a trust anchor.
fn check_trust_anchor(certificate: &CertificateDer<'_>) -> Result<(), TransportError> {
    RootCertStore::empty()
        .add(certificate.clone())
        .map_err(invalid_root)
}

fn invalid_root(err: rustls::Error) -> TransportError {
    config_error(err, "a root certificate is not a valid X.509 certificate")
}

/// A configuration error: kind `Other`, and certainly nothing was sent.
pub(super) fn config_error(source: impl Into<BoxError>, message: &'static str) -> TransportError {
    TransportError::other(source)
        .with_request_may_have_been_sent(false)
        .with_message(message)
}

/// The operating system's roots with the `native-roots` feature; if they cannot be loaded
/// and `webpki-roots` is enabled too, Mozilla's compiled-in roots. Otherwise (the default,
/// and whenever `native-roots` is off) Mozilla's roots.
#[cfg(feature = "native-roots")]
fn built_in_store() -> Result<RootCertStore, TransportError> {
    match native_store() {
        Ok(store) => Ok(store),
        #[cfg(feature = "webpki-roots")]
        Err(_) => Ok(webpki_store()),
        #[cfg(not(feature = "webpki-roots"))]
        Err(err) => Err(err),
    }
}

#[cfg(not(feature = "native-roots"))]
fn built_in_store() -> Result<RootCertStore, TransportError> {
    Ok(webpki_store())
}

// Unused only with `native-roots` on and `webpki-roots` off.
#[cfg_attr(
    all(feature = "native-roots", not(feature = "webpki-roots")),
    allow(dead_code)
)]
fn webpki_store() -> RootCertStore {
    let mut store = RootCertStore::empty();
    store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    store
}

/// Like hyper-rustls' `with_native_roots`: unreadable or unparsable system certificates are
/// skipped, but a store that ends up empty is an error.
#[cfg(feature = "native-roots")]
fn native_store() -> Result<RootCertStore, TransportError> {
    let loaded = rustls_native_certs::load_native_certs();
    let mut store = RootCertStore::empty();
    let (_added, _skipped) = store.add_parsable_certificates(loaded.certs);
    if store.is_empty() {
        let cause = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no usable native root certificates ({} load errors)",
                loaded.errors.len()
            ),
        );
        return Err(config_error(
            cause,
            "could not load the system root certificates",
        ));
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA_PEM: &[u8] = include_bytes!("../../tests/fixtures/ca.pem");
    const CA_DER: &[u8] = include_bytes!("../../tests/fixtures/ca.der");
    const SERVER_KEY_PEM: &[u8] = include_bytes!("../../tests/fixtures/localhost.key");

    fn only_added() -> RootCertificates {
        let mut roots = RootCertificates::default();
        roots.set_built_in(false);
        roots
    }

    #[test]
    fn added_roots_join_the_built_in_ones() {
        let built_in = RootCertificates::default().store().unwrap().len();
        assert!(built_in > 0);
        let mut roots = RootCertificates::default();
        roots.add_der(CA_DER);
        assert_eq!(roots.store().unwrap().len(), built_in + 1);
    }

    #[test]
    fn without_built_in_roots_only_the_added_ones_are_trusted() {
        let mut roots = only_added();
        roots.add_pem(CA_PEM).unwrap();
        assert_eq!(roots.store().unwrap().len(), 1);
    }

    #[test]
    fn pem_and_der_of_one_certificate_give_the_same_anchor() {
        let mut from_pem = only_added();
        from_pem.add_pem(CA_PEM).unwrap();
        let mut from_der = only_added();
        from_der.add_der(CA_DER);
        assert_eq!(
            from_pem.store().unwrap().roots,
            from_der.store().unwrap().roots
        );
    }

    #[test]
    fn every_certificate_of_a_pem_bundle_is_added() {
        let server_pem = include_bytes!("../../tests/fixtures/localhost.pem");
        let bundle = [CA_PEM, server_pem.as_slice()].concat();
        let mut roots = only_added();
        roots.add_pem(&bundle).unwrap();
        assert_eq!(roots.store().unwrap().len(), 2);
    }

    #[test]
    fn no_roots_at_all_is_refused() {
        let err = only_added().store().unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Other);
        assert!(!err.request_may_have_been_sent());
        assert!(err.to_string().contains("no root certificates"), "{err}");
    }

    #[test]
    fn pem_without_a_certificate_is_refused() {
        for input in [SERVER_KEY_PEM, b"".as_slice(), b"not pem at all".as_slice()] {
            let mut roots = only_added();
            let err = roots.add_pem(input).unwrap_err();
            assert!(err.to_string().contains("no CERTIFICATE"), "{err}");
            assert!(roots.added.is_empty());
        }
    }

    #[test]
    fn malformed_pem_is_refused_with_the_parser_error_as_source() {
        let truncated = &CA_PEM[..CA_PEM.len() - 30];
        let mut roots = only_added();
        let err = roots.add_pem(truncated).unwrap_err();
        let source = std::error::Error::source(&err).unwrap();
        assert!(source.is::<rustls::pki_types::pem::Error>(), "{source:?}");
        assert!(roots.added.is_empty());
    }

    #[test]
    fn pem_of_a_non_certificate_is_refused_and_nothing_is_added() {
        // A valid CA followed by a CERTIFICATE section whose content is not X.509.
        let bogus = b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
        let mut roots = only_added();
        let err = roots.add_pem(&[CA_PEM, bogus].concat()).unwrap_err();
        let source = std::error::Error::source(&err).unwrap();
        assert!(source.is::<rustls::Error>(), "{source:?}");
        assert!(roots.added.is_empty());
    }

    #[test]
    fn invalid_der_fails_when_the_store_is_built() {
        let mut roots = RootCertificates::default();
        roots.add_der(b"definitely not DER");
        let err = roots.store().unwrap_err();
        assert!(err.to_string().contains("not a valid X.509"), "{err}");
    }

    #[test]
    fn debug_counts_certificates_instead_of_dumping_them() {
        let mut roots = RootCertificates::default();
        roots.add_der(CA_DER);
        assert_eq!(
            format!("{roots:?}"),
            "RootCertificates { built_in: true, added: 1 }"
        );
    }
}
