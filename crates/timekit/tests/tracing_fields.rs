//! The `tracing` output of a call: operation, method, path template and status; never the
//! key, ids, or bodies.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::{Debug, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::{KEY, client};
use timekit::transport::test_util::{ReplayTransport, json_response};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Writes every span and event field as `name=value` into one string.
#[derive(Clone, Default)]
struct Recorder {
    log: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a Mutex<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0.lock().unwrap(), "{}={:?} ", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let _ = write!(
            self.log.lock().unwrap(),
            "[span {}] ",
            span.metadata().name()
        );
        span.record(&mut Fields(&self.log));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&self.log));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        self.log.lock().unwrap().push_str("[event] ");
        event.record(&mut Fields(&self.log));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn calls_are_traced_without_secrets_ids_or_bodies() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let replay = ReplayTransport::new([json_response(
        422,
        r#"{"error": "Cannot apply action 'confirm' to current state 'BODY-MARKER'"}"#,
    )]);
    let id = "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703";
    let err = client(replay)
        .apply_booking_action(id, timekit::model::BookingAction::Confirm)
        .await;
    assert!(err.is_err());
    let log = recorder.log.lock().unwrap().clone();
    assert!(log.contains("[span timekit.call]"), "{log}");
    assert!(log.contains("operation=\"apply_booking_action\""), "{log}");
    assert!(log.contains("method=PUT"), "{log}");
    assert!(log.contains("path=\"/bookings/{id}/{action}\""), "{log}");
    assert!(log.contains("status=422"), "{log}");
    assert!(log.contains("elapsed_ms="), "{log}");
    assert!(log.contains("TIMEKIT:UNKNOWN"), "{log}");
    for secret in [KEY, "OnRlc3Rf", id, "BODY-MARKER"] {
        assert!(!log.contains(secret), "{secret} leaked into tracing: {log}");
    }
}
