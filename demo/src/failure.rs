//! `Failure`: the step of the story that went wrong, and why.

use std::error::Error;
use std::fmt;

/// Why the demo stopped: the step it was at, what went wrong, and the underlying error.
#[derive(Debug)]
pub struct Failure {
    step: String,
    message: String,
    cause: Option<Box<dyn Error + Send + Sync>>,
}

impl Failure {
    /// A step whose answer was not what the story expects (no underlying error).
    pub fn unexpected(step: impl Into<String>, message: impl Into<String>) -> Self {
        Failure {
            step: step.into(),
            message: message.into(),
            cause: None,
        }
    }

    /// The chain of underlying causes, outermost first (for the error report).
    pub fn causes(&self) -> Vec<String> {
        let mut causes = Vec::new();
        let mut next: Option<&(dyn Error + 'static)> = match &self.cause {
            Some(cause) => cause.source(),
            None => None,
        };
        while let Some(cause) = next {
            causes.push(cause.to_string());
            next = cause.source();
        }
        causes
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.step, self.message)
    }
}

/// Attaches the story step to any error.
pub trait During<T> {
    /// `Err(e)` becomes a [`Failure`] at `step`; for a Timekit error the message carries the
    /// connector's error code.
    fn during(self, step: impl Into<String>) -> Result<T, Failure>;
}

impl<T, E> During<T> for Result<T, E>
where
    E: Error + Send + Sync + 'static,
{
    fn during(self, step: impl Into<String>) -> Result<T, Failure> {
        self.map_err(|error| {
            let boxed: Box<dyn Error + Send + Sync> = Box::new(error);
            let message = match boxed.downcast_ref::<timekit::Error>() {
                Some(api) => format!("{} ({})", api, api.code()),
                None => boxed.to_string(),
            };
            Failure {
                step: step.into(),
                message,
                cause: Some(boxed),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_timekit_error_shows_its_code_and_its_causes() {
        // The id is refused before anything is sent, so no server is needed.
        let client = timekit::Client::builder()
            .api_key("test_api_key_x")
            .base_url("http://127.0.0.1:9/v2")
            .build()
            .unwrap();
        let failure = client
            .get_booking("a/b")
            .await
            .during("get_booking")
            .unwrap_err();
        assert_eq!(
            failure.to_string(),
            "get_booking: request could not be built (TIMEKIT:UNKNOWN)"
        );
        assert_eq!(failure.causes().len(), 1);
        assert!(
            failure.causes()[0].contains("booking id"),
            "{:?}",
            failure.causes()
        );
    }

    #[test]
    fn other_errors_keep_their_own_text() {
        let failure = serde_json::from_str::<u8>("x").during("parse").unwrap_err();
        assert!(
            failure.to_string().starts_with("parse: expected value"),
            "{failure}"
        );
        assert!(failure.causes().is_empty());
    }

    #[test]
    fn unexpected_answers_have_no_cause() {
        let failure = Failure::unexpected("query_availability", "no slots");
        assert_eq!(failure.to_string(), "query_availability: no slots");
        assert!(failure.causes().is_empty());
    }
}
