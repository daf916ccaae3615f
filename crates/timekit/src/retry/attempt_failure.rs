//! [`AttemptFailure`]: what one attempt of a client call can fail with.

use std::time::Duration;

use timekit_ops::BuildError;
use timekit_transport::TransportError;

use super::classify::FailureClass;
use super::driver::AttemptError;
use crate::error::Error;

/// Why an attempt of `Client::execute` produced no response.
///
/// The first attempt sends the request the call built; a retry builds it again from the
/// operation instead of every call paying for a copy it rarely needs. Building is pure and
/// already succeeded once, so [`AttemptFailure::Rebuild`] only happens for a custom
/// operation whose request changes between calls; it ends the call with the same
/// [`Error::InvalidRequest`] a failed first build gives.
#[derive(Debug)]
pub(crate) enum AttemptFailure {
    /// The transport returned no complete response.
    Transport(TransportError),
    /// The request could not be built again for a retry.
    Rebuild(BuildError),
}

impl AttemptError for AttemptFailure {
    fn failure_class(&self) -> FailureClass {
        match self {
            AttemptFailure::Transport(error) => error.failure_class(),
            AttemptFailure::Rebuild(_) => FailureClass::Permanent,
        }
    }

    fn deadline_exceeded(deadline: Duration) -> Self {
        AttemptFailure::Transport(TransportError::deadline_exceeded(deadline))
    }
}

impl From<AttemptFailure> for Error {
    fn from(failure: AttemptFailure) -> Self {
        match failure {
            AttemptFailure::Transport(error) => Error::Transport(error),
            AttemptFailure::Rebuild(error) => Error::InvalidRequest(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use timekit_transport::TransportErrorKind;

    use super::*;

    #[test]
    fn transport_failures_keep_their_class_and_a_failed_rebuild_is_permanent() {
        let reset = AttemptFailure::Transport(TransportError::io("reset"));
        assert_eq!(reset.failure_class(), FailureClass::MaybeSent);
        let rebuild = AttemptFailure::Rebuild(BuildError::InvalidRequest("changed".into()));
        assert_eq!(rebuild.failure_class(), FailureClass::Permanent);
        assert!(matches!(Error::from(rebuild), Error::InvalidRequest(_)));
        let Error::Transport(error) =
            Error::from(AttemptFailure::deadline_exceeded(Duration::from_secs(3)))
        else {
            panic!("the deadline is a transport timeout");
        };
        assert_eq!(error.kind(), TransportErrorKind::Timeout);
    }
}
