//! Maps hyper and hyper-util errors to `TransportErrorKind`s.

use std::error::Error as StdError;

use crate::{TransportError, TransportErrorKind};

/// Classifies a failure of `Client::request` (connecting, sending, reading headers).
pub(super) fn request_error(err: hyper_util::client::legacy::Error) -> TransportError {
    if err.is_connect() {
        // DNS, TCP or TLS failed (including the connect timeout): nothing was sent.
        return TransportError::connect(err).with_message("could not connect");
    }
    let kind = kind_of_chain(&err);
    TransportError::new(kind, err)
}

/// Classifies a failure while reading the response body.
pub(super) fn body_error(err: Box<dyn StdError + Send + Sync>) -> TransportError {
    let kind = match kind_of_chain(err.as_ref()) {
        // A body that stops for any reason after the headers is an I/O failure.
        TransportErrorKind::Other => TransportErrorKind::Io,
        kind => kind,
    };
    TransportError::new(kind, err)
}

/// The kind of the first error in the chain that says something definite.
fn kind_of_chain(err: &(dyn StdError + 'static)) -> TransportErrorKind {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(error) = current {
        if let Some(hyper_error) = error.downcast_ref::<hyper::Error>() {
            if hyper_error.is_timeout() {
                return TransportErrorKind::Timeout;
            }
            if hyper_error.is_incomplete_message()
                || hyper_error.is_closed()
                || hyper_error.is_canceled()
            {
                return TransportErrorKind::Io;
            }
        }
        if let Some(io_error) = error.downcast_ref::<std::io::Error>() {
            return match io_error.kind() {
                std::io::ErrorKind::TimedOut => TransportErrorKind::Timeout,
                _ => TransportErrorKind::Io,
            };
        }
        current = error.source();
    }
    TransportErrorKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_in_the_chain_are_io() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert_eq!(body_error(Box::new(io)).kind(), TransportErrorKind::Io);
    }

    #[test]
    fn timed_out_io_errors_are_timeouts() {
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "slow");
        assert_eq!(body_error(Box::new(io)).kind(), TransportErrorKind::Timeout);
    }

    #[test]
    fn unknown_body_errors_are_io() {
        let other: Box<dyn StdError + Send + Sync> = "something".into();
        assert_eq!(body_error(other).kind(), TransportErrorKind::Io);
    }
}
