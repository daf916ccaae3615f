//! Where the story runs: the embedded emulator with a pinned clock, or a remote server.

use timekit::Client;
use timekit_emulator::{Emulator, EmulatorClock, EmulatorHandle, SeedApp};

use crate::failure::{During as _, Failure};
use crate::schedule::{PINNED_HOUR_UTC, Week, weekday_name};

/// A connected client, the week to book in, and a line saying where this is.
#[derive(Debug)]
pub struct Target {
    /// The client the whole story uses.
    pub client: Client,
    /// The week the story books in.
    pub week: Week,
    /// `embedded emulator on 127.0.0.1 …` or the remote base URL.
    pub description: String,
    /// The base URL, for the wrong-key client of the failure chapter.
    pub base_url: String,
    /// Keeps the embedded emulator running for as long as the target lives.
    _emulator: Option<EmulatorHandle>,
}

impl Target {
    /// Starts an emulator on 127.0.0.1 whose clock stands still on the pinned Monday.
    pub async fn embedded() -> Result<Self, Failure> {
        let week = Week::pinned();
        let now = week
            .monday()
            .at(PINNED_HOUR_UTC, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .during("pin the emulator clock")?
            .timestamp();
        let mut app = SeedApp::new("harbour-clinic");
        app.settings
            .insert("name".to_owned(), serde_json::json!("Harbour Clinic"));
        let emulator = Emulator::builder()
            .app(app)
            .clock(EmulatorClock::fixed(now))
            .start()
            .await
            .during("start the embedded emulator")?;
        let base_url = emulator.base_url().to_owned();
        let client = Client::builder()
            .api_key(emulator.api_key())
            .base_url(&base_url)
            .build()
            .during("build the client")?;
        let description = format!(
            "embedded emulator on 127.0.0.1, clock pinned to {} {} {:02}:00 UTC",
            weekday_name(week.monday().weekday()),
            week.monday(),
            PINNED_HOUR_UTC
        );
        Ok(Target {
            client,
            week,
            description,
            base_url,
            _emulator: Some(emulator),
        })
    }

    /// A client for `base_url` with `api_key`; the story books in the week after today.
    pub fn remote(base_url: &str, api_key: &str) -> Result<Self, Failure> {
        let client = Client::builder()
            .api_key(api_key)
            .base_url(base_url)
            .build()
            .during("build the client")?;
        let today = jiff::Zoned::now()
            .with_time_zone(jiff::tz::TimeZone::UTC)
            .date();
        let week = Week::after(today);
        Ok(Target {
            description: format!("{base_url}, booking in the week of {}", week.monday()),
            client,
            week,
            base_url: base_url.to_owned(),
            _emulator: None,
        })
    }
}
