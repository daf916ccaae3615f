//! Configuring and starting an emulator.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::EmulatorClock;
use crate::faults::Faults;
use crate::handle::EmulatorHandle;
use crate::ids::{generated_api_key, generated_widget_key, new_uuid};
use crate::server::limits::Limits;
use crate::server::rate::RateLimits;
use crate::shared::{Keys, Shared};
use crate::state::StateFile;
use crate::store::{App, Store};
use crate::time::Stamp;
use crate::webhooks::{DEFAULT_WEBHOOK_RETRY_BASE, Dispatcher, generated_secret};

/// Timekit's documented request limit: 64,000 characters of JSON.
pub const DEFAULT_MAX_BODY_CHARS: usize = 64_000;

/// Entry point: `Emulator::builder()…start().await`, or [`Emulator::start`] for defaults.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// A builder with defaults: generated test API and widget keys, seeded app, system clock, no faults,
    /// `127.0.0.1:0`.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Starts an emulator with all defaults on `127.0.0.1:0`.
    ///
    /// # Errors
    /// When the listening socket cannot be bound.
    pub async fn start() -> std::io::Result<EmulatorHandle> {
        Self::builder().start().await
    }
}

/// The app `GET /app` answers.
#[derive(Debug, Clone)]
pub struct SeedApp {
    /// App id (a UUID).
    pub id: String,
    /// App slug.
    pub slug: String,
    /// Free-form settings (`name`, `disableEmail`, …).
    pub settings: Map<String, Value>,
}

impl SeedApp {
    /// An app with a random id, the given slug and a `name` setting equal to the slug.
    pub fn new(slug: impl Into<String>) -> Self {
        let slug = slug.into();
        let mut settings = Map::new();
        settings.insert("name".to_owned(), Value::String(slug.clone()));
        settings.insert("disableEmail".to_owned(), Value::Bool(true));
        Self {
            id: new_uuid(),
            slug,
            settings,
        }
    }
}

impl Default for SeedApp {
    fn default() -> Self {
        Self::new("timekit-emulator")
    }
}

/// Configures an emulator before it starts.
pub struct EmulatorBuilder {
    api_key: Option<String>,
    widget_key: Option<String>,
    app: SeedApp,
    clock: EmulatorClock,
    directory: Vec<String>,
    max_body_chars: usize,
    faults: Faults,
    bind: SocketAddr,
    limits: Limits,
    webhook_secret: Option<String>,
    webhook_retry_base: Duration,
    control: Option<bool>,
    control_token: Option<String>,
    state: Option<PathBuf>,
}

/// Written by hand so a configured API key is not printed.
impl std::fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("widget_key", &self.widget_key)
            .field("app", &self.app)
            .field("clock", &self.clock)
            .field("directory", &self.directory)
            .field("max_body_chars", &self.max_body_chars)
            .field("faults", &self.faults)
            .field("bind", &self.bind)
            .field("limits", &self.limits)
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("webhook_retry_base", &self.webhook_retry_base)
            .field("control", &self.control)
            .field(
                "control_token",
                &self.control_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            widget_key: None,
            app: SeedApp::default(),
            clock: EmulatorClock::system(),
            directory: Vec::new(),
            max_body_chars: DEFAULT_MAX_BODY_CHARS,
            faults: Faults::new(),
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            limits: Limits::default(),
            webhook_secret: None,
            webhook_retry_base: DEFAULT_WEBHOOK_RETRY_BASE,
            control: None,
            control_token: None,
            state: None,
        }
    }
}

impl EmulatorBuilder {
    /// The key clients must send (default: a generated `test_api_key_…`). Keys starting with
    /// `test_api_key_` make every answer carry `Timekit-TestMode: true`.
    #[must_use]
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The app's widget key (default: a generated `test_widget_key_…`, random and unrelated
    /// to the API key). It is no secret: `GET /projects/hosted/{slug}` (no key needed) and
    /// `GET /projects/embed/{id}` hand it out as `app_key`, as Timekit does for booking.js.
    /// Sent as `Basic base64(":" + key)` it is accepted only on the routes booking.js calls
    /// from a browser (embed, `POST /availability`, `GET /bookings/groups`, `POST /bookings`,
    /// `POST /bookings/{id}/reschedule`, `GET /locations`, `GET /location/services`,
    /// `GET /projects`); every other route answers it 401.
    ///
    /// [`start`](Self::start) refuses an empty widget key and one equal to the API key.
    #[must_use]
    pub fn widget_key(mut self, key: impl Into<String>) -> Self {
        self.widget_key = Some(key.into());
        self
    }

    /// The app `GET /app` answers.
    #[must_use]
    pub fn app(mut self, app: SeedApp) -> Self {
        self.app = app;
        self
    }

    /// The clock (default: system time). Keep a clone to move time in tests.
    #[must_use]
    pub fn clock(mut self, clock: EmulatorClock) -> Self {
        self.clock = clock;
        self
    }

    /// E-mails of existing Timekit users that `POST /app/invite` can add to the app.
    #[must_use]
    pub fn invite_directory<I, S>(mut self, emails: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.directory.extend(emails.into_iter().map(Into::into));
        self
    }

    /// Largest accepted request body in characters (default 64,000); longer → 413.
    #[must_use]
    pub fn max_body_chars(mut self, max: usize) -> Self {
        self.max_body_chars = max;
        self
    }

    /// Fault-injection rules (default: none). The handle's `faults()` changes them later.
    #[must_use]
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, a free port).
    #[must_use]
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// Deadline for a whole request body once its headers arrived (default 30 s). A body
    /// still incomplete then is answered 408 with a JSON error and the connection closed, so
    /// a client trickling bytes cannot hold a connection forever.
    #[must_use]
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_timeout = timeout;
        self
    }

    /// How long a connection may go without a complete request head (default 30 s): idle
    /// keep-alive connections and clients sending headers slowly are closed after it.
    #[must_use]
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout;
        self
    }

    /// The most connections open at once (default 512). A connection over the cap is
    /// answered `503` with a JSON error and `Retry-After: 1` at once and closed, instead of
    /// waiting unanswered.
    #[must_use]
    pub fn max_connections(mut self, max: usize) -> Self {
        self.limits.max_connections = max;
        self
    }

    /// Switches on Timekit's rate limits (default: off). With a `test_api_key_…` key every
    /// authenticated request counts against a daily quota (rolling 24 hours of the emulator
    /// clock; 3,000 by default) and answers are 429 beyond it; with any other key a bucket of
    /// 10 requests refilled at 600 a minute, 503 when empty. Refused requests change nothing
    /// and are not counted. Every answer carries `X-RateLimit-Remaining` either way (the full
    /// allowance while the limits are off).
    #[must_use]
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.limits.rate = Some(limits);
        self
    }

    /// The app's webhook secret (default: a generated `whsec_` + 32 hex digits). `GET /app`
    /// answers it as `webhook_secret`; every webhook delivery carries
    /// `x-timekit-signature` = lower-case hex HMAC-SHA256 of the raw body keyed with it.
    /// [`start`](Self::start) refuses an empty secret.
    #[must_use]
    pub fn webhook_secret(mut self, secret: impl Into<String>) -> Self {
        self.webhook_secret = Some(secret.into());
        self
    }

    /// The wait before a failed webhook delivery's first retry (default 1 s); the second
    /// and third retries wait twice and four times as long, then the delivery is dropped.
    /// Small values make tests of failing receivers fast.
    #[must_use]
    pub fn webhook_retry_base(mut self, base: Duration) -> Self {
        self.webhook_retry_base = base;
        self
    }

    /// Serves the control API under `/__emulator/` (clock, faults, reset, seed, request
    /// counters and log, webhook deliveries; `docs/api-decisions.md` "Emulator control API"). Default: on
    /// when bound to a loopback address, off otherwise.
    #[must_use]
    pub fn control(mut self, enabled: bool) -> Self {
        self.control = Some(enabled);
        self
    }

    /// A token the control API then requires, as `Authorization: Bearer <token>` or
    /// `X-Emulator-Token: <token>` (default: none). The API key is never accepted there.
    #[must_use]
    pub fn control_token(mut self, token: impl Into<String>) -> Self {
        self.control_token = Some(token.into());
        self
    }

    /// Keeps the store in the SQLite file at `path` (created when missing): every write is in
    /// the file before its answer is sent, so it survives a restart or a killed process;
    /// a torn write at the end of the file is dropped on the next start
    /// ([`EmulatorHandle::state_recovery`]). Default: none, the store lives in memory only.
    /// A file that already holds state is used as it is: its app and everything stored
    /// replace the configured app's settings (`docs/api-decisions.md` "Emulator state file").
    #[must_use]
    pub fn state(mut self, path: impl Into<PathBuf>) -> Self {
        self.state = Some(path.into());
        self
    }

    /// Binds the socket and starts serving in a background task.
    ///
    /// # Errors
    /// When the listening socket cannot be bound, and ([`std::io::ErrorKind::InvalidInput`])
    /// when the widget key is empty or equal to the API key (public routes hand it out), or
    /// when the webhook secret is empty; ([`std::io::ErrorKind::InvalidData`]) when the state
    /// file cannot be opened or read ([`crate::StateError`] inside).
    pub async fn start(self) -> std::io::Result<EmulatorHandle> {
        let api_key = self.api_key.unwrap_or_else(generated_api_key);
        let widget_key = self.widget_key.unwrap_or_else(generated_widget_key);
        if widget_key.is_empty() || widget_key == api_key {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the widget key must be non-empty and differ from the API key",
            ));
        }
        let webhook_secret = self.webhook_secret.unwrap_or_else(generated_secret);
        if webhook_secret.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the webhook secret must be non-empty",
            ));
        }
        if self.control_token.as_deref().is_some_and(|token| {
            token.is_empty() || token == api_key || token.chars().any(char::is_whitespace)
        }) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the control token must be non-empty, without whitespace, and differ from the API key",
            ));
        }
        let listener = TcpListener::bind(self.bind).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}{}", crate::routes::API_PREFIX);
        let app = App {
            id: self.app.id,
            slug: self.app.slug,
            settings: self.app.settings,
            created_at: Stamp::new(self.clock.now()),
        };
        let mut store = Store::new(app, self.directory);
        let mut state = None;
        if let Some(path) = &self.state {
            let (loaded, file, recovery) = StateFile::open_into(path, store)
                .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
            store = loaded;
            state = Some((file, recovery));
        }
        let (shutdown, shutdown_signal) = watch::channel(false);
        let webhooks = Dispatcher::new(
            &webhook_secret,
            self.webhook_retry_base,
            shutdown_signal.clone(),
        );
        let mut shared = Shared::new(
            Keys {
                api: api_key,
                widget: widget_key,
            },
            self.max_body_chars,
            base_url,
            self.clock,
            self.faults,
            self.limits,
            store,
            webhook_secret,
            webhooks,
        );
        shared.control = crate::control::ControlAccess {
            enabled: self.control.unwrap_or(addr.ip().is_loopback()),
            token: self.control_token,
        };
        let recovery = state.as_ref().map(|(_, recovery)| *recovery);
        shared.state = state.map(|(file, _)| Mutex::new(file));
        let shared = Arc::new(shared);
        let task = tokio::spawn(crate::server::serve(
            listener,
            Arc::clone(&shared),
            shutdown_signal,
        ));
        Ok(EmulatorHandle::new(shared, addr, shutdown, task).with_recovery(recovery))
    }
}
