//! State shared by every connection of one running emulator.

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, OnceLock, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use http::HeaderValue;

use crate::clock::EmulatorClock;
use crate::control::ControlAccess;
use crate::faults::Faults;
use crate::routes::Access;
use crate::server::auth::{basic_pair, constant_time_eq, is_authorized};
use crate::server::limits::Limits;
use crate::server::rate::RateLimiter;
use crate::state::StateFile;
use crate::stats::{RequestLog, RequestStats};
use crate::store::Store;
use crate::webhooks::Dispatcher;

/// The two keys of the emulated app (`timekit-api-more.md` §3.2).
pub(crate) struct Keys {
    /// The secret API key: every route but the public ones.
    pub(crate) api: String,
    /// The widget key booking.js uses from the browser: the widget routes only. Never equal
    /// to `api` (the builder refuses that), since public routes hand it out.
    pub(crate) widget: String,
}

/// Configuration and state of one running emulator.
pub(crate) struct Shared {
    pub(crate) api_key: String,
    /// `base64(":" + key)`, computed once so auth is one comparison per request.
    pub(crate) expected_credentials: String,
    /// The app's widget key: what hosted and embedded projects hand out as `app_key`, and
    /// accepted (besides the API key) on the widget routes only (`routes::Access::Widget`).
    pub(crate) widget_key: String,
    /// `base64(":" + widget key)`.
    pub(crate) expected_widget_credentials: String,
    pub(crate) test_mode: bool,
    pub(crate) max_body_chars: usize,
    /// `http://ADDR/v2`, used when a request has no usable `Host` header.
    pub(crate) base_url: String,
    pub(crate) clock: EmulatorClock,
    pub(crate) faults: Faults,
    pub(crate) stats: RequestStats,
    /// The last requests to `/v2` routes (the control API's request log).
    pub(crate) request_log: RequestLog,
    pub(crate) limits: Limits,
    /// Timekit's rate limits (counts nothing when they are off).
    pub(crate) rate: RateLimiter,
    /// The app's webhook secret: deliveries are signed with it (`GET /app` answers it).
    pub(crate) webhook_secret: String,
    /// Sends webhook deliveries on their own tasks.
    pub(crate) webhooks: Dispatcher,
    /// Whether the control API (`/__emulator/…`) is served, and its token (issue 18).
    pub(crate) control: ControlAccess,
    /// The `--state` file every write is saved to, when there is one (issue 18).
    pub(crate) state: Option<Mutex<StateFile>>,
    /// Why saving to the state file failed, once it has: the API then answers 503.
    state_failed: OnceLock<String>,
    store: RwLock<Store>,
}

/// Written by hand so the API key (and its base64 form) never reaches logs through the
/// public handle's `Debug`.
impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("api_key", &"<redacted>")
            .field("widget_key", &self.widget_key)
            .field("test_mode", &self.test_mode)
            .field("max_body_chars", &self.max_body_chars)
            .field("base_url", &self.base_url)
            .field("clock", &self.clock)
            .field("faults", &self.faults)
            .field("stats", &self.stats)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Shared {
    // One call site (the builder), every argument a distinct part of the configuration.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        keys: Keys,
        max_body_chars: usize,
        base_url: String,
        clock: EmulatorClock,
        faults: Faults,
        limits: Limits,
        store: Store,
        webhook_secret: String,
        webhooks: Dispatcher,
    ) -> Self {
        let Keys {
            api: api_key,
            widget: widget_key,
        } = keys;
        let test_mode = api_key.starts_with("test_api_key_");
        Self {
            expected_credentials: STANDARD.encode(format!(":{api_key}")),
            test_mode,
            rate: RateLimiter::new(limits.rate, test_mode),
            api_key,
            expected_widget_credentials: STANDARD.encode(format!(":{widget_key}")),
            widget_key,
            max_body_chars,
            base_url,
            clock,
            faults,
            stats: RequestStats::default(),
            request_log: RequestLog::default(),
            limits,
            webhook_secret,
            webhooks,
            control: ControlAccess::default(),
            state: None,
            state_failed: OnceLock::new(),
            store: RwLock::new(store),
        }
    }

    /// Whether `authorization` carries a key `access` accepts.
    pub(crate) fn admits(&self, access: Access, authorization: Option<&HeaderValue>) -> bool {
        let api_key = || is_authorized(authorization, &self.expected_credentials, &self.api_key);
        match access {
            Access::Public => true,
            // Decided by `ControlAccess::check` (never the API key).
            Access::Control => false,
            // The resource key of `Access::ResourceKey` needs the store: `resource_key`.
            Access::ApiKey | Access::ResourceKey => api_key(),
            Access::Widget => {
                api_key()
                    || is_authorized(
                        authorization,
                        &self.expected_widget_credentials,
                        &self.widget_key,
                    )
            }
        }
    }

    /// The resource a legacy resource key authenticates: `authorization` is Basic
    /// `email:token` with the token `POST /auth` gave that resource, and `app` (the
    /// `Timekit-App` header) is the app's slug. `None` for anything else.
    pub(crate) fn resource_key(
        &self,
        authorization: Option<&HeaderValue>,
        app: Option<&HeaderValue>,
    ) -> Option<String> {
        let (email, token) = basic_pair(authorization?)?;
        let store = self.read();
        if app?.as_bytes() != store.app.slug.as_bytes() {
            return None;
        }
        let resource = store.resource_by_email(&email)?;
        let stored = store.legacy.tokens.get(&resource.id)?;
        constant_time_eq(stored.as_bytes(), token.as_bytes()).then(|| resource.id.clone())
    }

    /// Why the state file could not save a write, if it could not.
    pub(crate) fn state_failure(&self) -> Option<&str> {
        self.state_failed.get().map(String::as_str)
    }

    /// Saves what one write changed to the state file (under the write lock, so writes reach
    /// the file in the order they were made), or forgets it without one. A failure is kept:
    /// from then on the API refuses requests ([`Shared::state_failure`]).
    fn save_changes(&self, store: &mut Store) {
        let Some(file) = &self.state else {
            store.discard_changes();
            return;
        };
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        let saved = match store.take_changes() {
            Ok(changes) if changes.is_empty() => Ok(()),
            Ok(changes) => file.save(&changes).map_err(|error| error.to_string()),
            Err(error) => Err(format!(
                "state file {}: a change does not serialize: {error}",
                file.path().display()
            )),
        };
        if let Err(problem) = saved {
            tracing::error!(%problem, "the state file could not save a write; refusing requests");
            eprintln!("error: {problem}; the emulator refuses requests until restarted");
            let _ = self.state_failed.set(problem);
        }
    }

    /// The store for reading. Nothing panics while holding the lock, but a poisoned lock
    /// would still hold consistent data (every mutation is completed before unlocking), so
    /// poisoning is ignored rather than turned into a crash.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The store for one request's mutation. When the guard is dropped, the webhook
    /// deliveries the mutation caused are started, after the lock is released.
    pub(crate) fn write(&self) -> StoreWrite<'_> {
        StoreWrite {
            guard: Some(self.store.write().unwrap_or_else(PoisonError::into_inner)),
            shared: self,
        }
    }
}

/// The store's write lock; releasing it hands the webhook deliveries the writes caused to
/// the [`Dispatcher`] (which only spawns tasks: nothing waits for a receiver).
pub(crate) struct StoreWrite<'a> {
    guard: Option<RwLockWriteGuard<'a, Store>>,
    shared: &'a Shared,
}

impl Deref for StoreWrite<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        // Only `drop` takes the guard out.
        self.guard.as_deref().unwrap_or_else(|| unreachable!())
    }
}

impl DerefMut for StoreWrite<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.guard.as_deref_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for StoreWrite<'_> {
    fn drop(&mut self) {
        let Some(mut guard) = self.guard.take() else {
            return;
        };
        self.shared.save_changes(&mut guard);
        if !guard.has_webhook_candidates() {
            return;
        }
        let jobs = guard.take_webhook_jobs(self.shared.clock.now());
        drop(guard);
        if !jobs.is_empty() {
            self.shared.webhooks.dispatch(jobs);
        }
    }
}
