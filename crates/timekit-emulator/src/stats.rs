//! Per-route request counters, so tests can count attempts (e.g. client retries).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::routes::{TemplateId, Verb};

const VERBS: usize = Verb::COUNTED.len();

/// Lock-free counters indexed by path template (of the route table) × method. Every method
/// is counted, including ones the template refuses with 405.
#[derive(Debug)]
pub(crate) struct RequestStats {
    counts: Box<[[AtomicU64; VERBS]]>,
}

impl Default for RequestStats {
    fn default() -> Self {
        Self {
            counts: (0..TemplateId::bound())
                .map(|_| Default::default())
                .collect(),
        }
    }
}

impl RequestStats {
    pub(crate) fn record(&self, template: TemplateId, verb: Verb) {
        if let Some(row) = self.counts.get(template.index()) {
            row[verb.index()].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The count for `METHOD` + template, e.g. (`"GET"`, `"/bookings/{id}"`).
    pub(crate) fn count(&self, method: &str, template: &str) -> u64 {
        let verb = Verb::COUNTED
            .into_iter()
            .find(|verb| verb.name().eq_ignore_ascii_case(method));
        match (TemplateId::of(template), verb) {
            (Some(template), Some(verb)) => self.load(template, verb),
            _ => 0,
        }
    }

    /// Every non-zero counter as `"METHOD /template" → count`.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for template in TemplateId::all() {
            for verb in Verb::COUNTED {
                let count = self.load(template, verb);
                if count > 0 {
                    out.insert(format!("{} {}", verb.name(), template.template()), count);
                }
            }
        }
        out
    }

    pub(crate) fn reset(&self) {
        for row in &self.counts {
            for cell in row {
                cell.store(0, Ordering::Relaxed);
            }
        }
    }

    fn load(&self, template: TemplateId, verb: Verb) -> u64 {
        self.counts
            .get(template.index())
            .map_or(0, |row| row[verb.index()].load(Ordering::Relaxed))
    }
}

/// How many requests the control API's request log keeps (the oldest are dropped).
pub(crate) const MAX_LOGGED_REQUESTS: usize = 1_000;

/// One `/v2` request as the request log keeps it: no body, no query, no credentials.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct LoggedRequest {
    /// `GET`, `POST`, `PUT`, `DELETE` or `OTHER`.
    pub(crate) method: &'static str,
    /// The path template relative to `/v2` (`/bookings/{id}`), as the counters key it.
    pub(crate) template: &'static str,
    /// The status answered; `None` when a fault cut the connection.
    pub(crate) status: Option<u16>,
    /// When it arrived, by the emulator's clock (RFC 3339).
    pub(crate) at: String,
}

/// The last [`MAX_LOGGED_REQUESTS`] requests to `/v2` routes, oldest first.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: std::sync::Mutex<std::collections::VecDeque<LoggedRequest>>,
}

impl RequestLog {
    pub(crate) fn record(&self, entry: LoggedRequest) {
        let mut entries = self.lock();
        if entries.len() >= MAX_LOGGED_REQUESTS {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub(crate) fn entries(&self) -> Vec<LoggedRequest> {
        self.lock().iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::VecDeque<LoggedRequest>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_last_requests() {
        let log = RequestLog::default();
        for index in 0..MAX_LOGGED_REQUESTS + 5 {
            log.record(LoggedRequest {
                method: "GET",
                template: "/app",
                status: Some(200),
                at: index.to_string(),
            });
        }
        let entries = log.entries();
        assert_eq!(entries.len(), MAX_LOGGED_REQUESTS);
        assert_eq!(entries[0].at, "5");
        log.clear();
        assert!(log.entries().is_empty());
    }
}
