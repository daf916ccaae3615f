//! Per-endpoint request counters, so tests can count attempts (e.g. client retries).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::endpoint::{Endpoint, Verb};

const ENDPOINTS: usize = Endpoint::ALL.len();
const VERBS: usize = Verb::COUNTED.len();

/// Lock-free counters indexed by endpoint × method.
#[derive(Debug, Default)]
pub(crate) struct RequestStats {
    counts: [[AtomicU64; VERBS]; ENDPOINTS],
}

impl RequestStats {
    pub(crate) fn record(&self, endpoint: Endpoint, verb: Verb) {
        self.counts[endpoint.index()][verb.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// The count for `METHOD` + template, e.g. (`"GET"`, `"/bookings/{id}"`).
    pub(crate) fn count(&self, method: &str, template: &str) -> u64 {
        let verb = Verb::COUNTED
            .into_iter()
            .find(|verb| verb.name().eq_ignore_ascii_case(method));
        let endpoint = Endpoint::ALL
            .into_iter()
            .find(|endpoint| endpoint.template() == template);
        match (endpoint, verb) {
            (Some(endpoint), Some(verb)) => {
                self.counts[endpoint.index()][verb.index()].load(Ordering::Relaxed)
            }
            _ => 0,
        }
    }

    /// Every non-zero counter as `"METHOD /template" → count`.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for endpoint in Endpoint::ALL {
            for verb in Verb::COUNTED {
                let count = self.counts[endpoint.index()][verb.index()].load(Ordering::Relaxed);
                if count > 0 {
                    out.insert(format!("{} {}", verb.name(), endpoint.template()), count);
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
}
