//! Two failures users meet, with the connector's error codes: deleting a booking that is not
//! final, and a key Timekit does not know.

use timekit::{Client, Error};

use super::Session;
use super::bulk::reason;
use super::cast::BEN;
use crate::failure::{During as _, Failure};
use crate::transcript::Transcript;

/// A well-formed key that no app has.
const WRONG_KEY: &str = "test_api_key_thisisnotthekeyofanyapp00000000";

/// `TIMEKIT:… · HTTP 422 · message`.
fn describe(error: &Error) -> String {
    let status = error
        .status()
        .map(|status| format!(" · HTTP {}", status.as_u16()))
        .unwrap_or_default();
    let message = error
        .api_failure()
        .map(|failure| format!(" · {}", reason(failure.error_body())))
        .unwrap_or_default();
    format!("{}{status}{message}", error.code())
}

/// Shows both failures; an operation that unexpectedly succeeds stops the demo.
pub async fn show(
    client: &Client,
    base_url: &str,
    sessions: &[Session],
    out: &mut Transcript,
) -> Result<(), Failure> {
    if let Some(ben) = sessions.iter().find(|s| std::ptr::eq(s.person, &BEN)) {
        match client.delete_booking(ben.booking.id.clone()).await {
            Err(error @ Error::UnexpectedStatus(_)) => {
                out.row("delete_booking", "refused (as expected)", &describe(&error));
            }
            Err(other) => return Err(other).during("delete_booking of a confirmed booking"),
            Ok(()) => {
                return Err(Failure::unexpected(
                    "delete_booking",
                    "a confirmed booking was deleted; Timekit only deletes final bookings",
                ));
            }
        }
    }

    let intruder = Client::builder()
        .api_key(WRONG_KEY)
        .base_url(base_url)
        .build()
        .during("build a client with a wrong key")?;
    match intruder.get_app().await {
        Err(error @ Error::IncorrectCredentials(_)) => {
            out.row(
                "get_app (wrong key)",
                "refused (as expected)",
                &describe(&error),
            );
            Ok(())
        }
        Err(other) => Err(other).during("get_app with a wrong key"),
        Ok(_) => Err(Failure::unexpected(
            "get_app with a wrong key",
            "the server accepted a key that belongs to no app",
        )),
    }
}
