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
