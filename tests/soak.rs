//! Bounded concurrency soak: 64 tasks share one client and each runs a fixed script of mixed
//! operations (create, read, actions legal and illegal, metadata, delete, list) against the
//! emulator, while the emulator injects a limited number of retryable faults (503 on reads,
//! connections closed before the handler on actions).
//!
//! Afterwards: every booking is in the state its task left it in and that state belongs to
//! its graph; nothing is duplicated or missing; and the emulator's request counters equal the
//! operations made plus the faults injected (each injected fault cost exactly one retry).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use http::Method;
use serde_json::{Map, Value, json};
use timekit::model::{
    BookingAction, BookingState, CreateBookingRequest, Customer, Graph, Timestamp,
};
use timekit::{Client, RetryPolicy};
use timekit_emulator::faults::{Fault, FaultRule, Faults};
use timekit_emulator::{Emulator, EmulatorClock, EmulatorHandle};

const TASKS: usize = 64;
const ROUNDS: usize = 8;
const RESOURCES: usize = 8;
const KEY: &str = "test_api_key_soak0123456789abcdefghijklmnopq";
/// Bookings lie in February 2030, long after "now": none auto-completes during the test.
const NOW: &str = "2030-01-07T09:00:00Z";

/// What one booking should look like at the end.
#[derive(Debug, Clone)]
struct Expected {
    graph: &'static str,
    state: &'static str,
    meta: Option<u64>,
    deleted: bool,
}

/// The operations one task made, by endpoint.
#[derive(Debug, Default)]
struct Tally {
    creates: u64,
    gets: u64,
    actions: u64,
    meta_updates: u64,
    deletes: u64,
    lists: u64,
    bookings: BTreeMap<String, Expected>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.creates += other.creates;
        self.gets += other.gets;
        self.actions += other.actions;
        self.meta_updates += other.meta_updates;
        self.deletes += other.deletes;
        self.lists += other.lists;
        for (id, expected) in other.bookings {
            assert!(
                self.bookings.insert(id.clone(), expected).is_none(),
                "id {id} handed out twice"
            );
        }
    }
}

/// The states each graph may be in (`timekit-api.md` §5.1 and §10).
fn states_of(graph: &str) -> &'static [&'static str] {
    match graph {
        "confirm_decline" => &[
            "tentative",
            "confirmed",
            "declined",
            "error",
            "cancelled",
            "cancelled_by_customer",
            "completed",
            "rescheduled_by_customer",
        ],
        "instant" => &[
            "confirmed",
            "error",
            "completed",
            "cancelled",
            "cancelled_by_customer",
            "rescheduled_by_customer",
        ],
        other => panic!("the soak does not create {other} bookings"),
    }
}

fn slot(index: usize) -> (Timestamp, Timestamp) {
    let day = 1 + index / 24;
    let hour = index % 24;
    let start = format!("2030-02-{day:02}T{hour:02}:00:00Z")
        .parse()
        .unwrap();
    let end = format!("2030-02-{day:02}T{hour:02}:30:00Z")
        .parse()
        .unwrap();
    (start, end)
}

/// One task's script: `ROUNDS` bookings, each taken through a plan chosen by `(task, round)`.
async fn run_task(client: Client, resources: Arc<Vec<String>>, task: usize) -> Tally {
    let mut tally = Tally::default();
    for round in 0..ROUNDS {
        let index = task * ROUNDS + round;
        let (start, end) = slot(index);
        let confirm_decline = (task + round).is_multiple_of(2);
        let graph = if confirm_decline {
            Graph::ConfirmDecline
        } else {
            Graph::Instant
        };
        let request =
            CreateBookingRequest::new(resources[index % RESOURCES].as_str(), graph, start, end)
                .what(format!("Soak {task}/{round}"))
                .customer(Customer::new(
                    format!("Customer {task}"),
                    format!("c{task}@example.com"),
                ));
        let created = client.create_booking(request).await.unwrap();
        tally.creates += 1;
        let id = created.id.as_str().to_owned();
        let mut expected = Expected {
            graph: if confirm_decline {
                "confirm_decline"
            } else {
                "instant"
            },
            state: if confirm_decline {
                "tentative"
            } else {
                "confirmed"
            },
            meta: None,
            deleted: false,
        };
        assert_eq!(created.state.as_str(), expected.state);

        let read = client.get_booking(id.as_str()).await.unwrap();
        tally.gets += 1;
        assert_eq!(
            (read.id.as_str(), read.state.as_str()),
            (id.as_str(), expected.state)
        );

        let plan = (task * 7 + round) % 4;
        let steps: &[(BookingAction, &'static str)] = match (confirm_decline, plan) {
            (true, 0) => &[(BookingAction::Confirm, "confirmed")],
            (true, 1) => &[(BookingAction::Decline, "declined")],
            (true, 2) => &[
                (BookingAction::Confirm, "confirmed"),
                (BookingAction::Cancel, "cancelled"),
            ],
            (false, 1) => &[(BookingAction::Cancel, "cancelled")],
            (false, 2) => &[(BookingAction::Complete, "completed")],
            _ => &[],
        };
        for (action, state) in steps {
            let booking = client
                .apply_booking_action(id.as_str(), action.clone())
                .await
                .unwrap();
            tally.actions += 1;
            assert_eq!(booking.state.as_str(), *state);
            expected.state = state;
        }

        // An action the state does not allow is refused and changes nothing.
        let illegal = if expected.state == "tentative" {
            BookingAction::Cancel
        } else {
            BookingAction::Confirm
        };
        let error = client
            .apply_booking_action(id.as_str(), illegal)
            .await
            .unwrap_err();
        tally.actions += 1;
        assert_eq!(
            error.status().map(|status| status.as_u16()),
            Some(422),
            "{error}"
        );

        if plan == 3 {
            let mut meta = Map::new();
            meta.insert("soak".into(), json!(index));
            let booking = client.update_booking_meta(id.as_str(), meta).await.unwrap();
            tally.meta_updates += 1;
            assert_eq!(
                booking.meta.and_then(|meta| meta.get("soak").cloned()),
                Some(json!(index))
            );
            expected.meta = Some(index as u64);
        }

        let deletable = matches!(expected.state, "declined" | "cancelled");
        if deletable && round.is_multiple_of(2) {
            client.delete_booking(id.as_str()).await.unwrap();
            tally.deletes += 1;
            expected.deleted = true;
        }

        if round.is_multiple_of(4) {
            let page = client.list_bookings().await.unwrap();
            tally.lists += 1;
            assert!(!page.data.is_empty());
        }
        tally.bookings.insert(id, expected);
    }
    tally
}

async fn start_emulator(faults: Faults) -> (EmulatorHandle, Vec<String>) {
    let emulator = Emulator::builder()
        .api_key(KEY)
        .clock(EmulatorClock::fixed(NOW.parse().unwrap()))
        .faults(faults)
        .start()
        .await
        .unwrap();
    let resources = (0..RESOURCES)
        .map(|n| {
            emulator
                .seed_resource(&format!("Room {n}"), "Europe/Berlin")
                .unwrap()
        })
        .collect();
    (emulator, resources)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_tasks_leave_a_consistent_store() {
    let faults = Faults::with_seed(8);
    faults.push(
        FaultRule::new(Fault::service_unavailable(None))
            .method(Method::GET)
            .path_glob("/v2/bookings/*")
            .probability(0.1)
            .times(40),
    );
    faults.push(
        FaultRule::new(Fault::CloseBeforeHandler)
            .method(Method::PUT)
            .path_glob("/v2/bookings/*/*")
            .probability(0.05)
            .times(20),
    );
    let (emulator, resources) = start_emulator(faults).await;
    // Six attempts: a read or action hit by faults several times in a row still gets through.
    let policy = RetryPolicy::default()
        .with_max_attempts(6)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(50));
    let client = Client::builder()
        .api_key(emulator.api_key())
        .base_url(emulator.base_url())
        .request_timeout(Duration::from_secs(10))
        .retry_policy(policy)
        .build()
        .unwrap();

    let resources = Arc::new(resources);
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| tokio::spawn(run_task(client.clone(), resources.clone(), task)))
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        total.add(task.await.unwrap());
    }

    // Nothing duplicated or missing.
    let stored = emulator.bookings();
    let stored_ids: Vec<&str> = stored.iter().map(|b| b["id"].as_str().unwrap()).collect();
    let unique: BTreeSet<&str> = stored_ids.iter().copied().collect();
    assert_eq!(unique.len(), stored_ids.len(), "a booking is stored twice");
    let kept: BTreeSet<&str> = total
        .bookings
        .iter()
        .filter(|(_, expected)| !expected.deleted)
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        unique, kept,
        "stored bookings differ from the ones created and not deleted"
    );
    assert_eq!(total.creates as usize, TASKS * ROUNDS);
    assert_eq!(
        emulator.booking_count() as u64,
        total.creates - total.deletes
    );

    // Every booking is where its task left it, in a state its graph has.
    for booking in &stored {
        let id = booking["id"].as_str().unwrap();
        let expected = &total.bookings[id];
        let state = booking["state"].as_str().unwrap();
        assert_eq!(booking["graph"], expected.graph, "{id}");
        assert_eq!(state, expected.state, "{id}");
        assert!(states_of(expected.graph).contains(&state), "{id}: {state}");
        let final_state = BookingState::from_name(state) != BookingState::Tentative
            && BookingState::from_name(state) != BookingState::Confirmed;
        assert_eq!(
            booking["completed"],
            Value::Bool(final_state),
            "{id}: {state}"
        );
        let meta = booking["meta"].get("soak").and_then(Value::as_u64);
        assert_eq!(meta, expected.meta, "{id}");
    }

    // The counters add up: every operation arrived once, plus one retry per injected fault.
    let count = |method: &str, template: &str| emulator.request_count(method, template);
    assert_eq!(count("POST", "/bookings"), total.creates);
    assert_eq!(count("PUT", "/bookings/{id}"), total.meta_updates);
    assert_eq!(count("DELETE", "/bookings/{id}"), total.deletes);
    assert_eq!(count("GET", "/bookings"), total.lists);
    let injected = emulator.faults().injected();
    assert!(injected > 0, "the seeded faults should fire");
    assert_eq!(
        count("GET", "/bookings/{id}") + count("PUT", "/bookings/{id}/{action}"),
        total.gets + total.actions + injected,
    );
    emulator.shutdown().await;
}
