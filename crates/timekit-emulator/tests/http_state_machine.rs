//! The full transition table of every graph, driven over HTTP: every reachable state × every
//! action name. Allowed → the documented new state; anything else → 422 "Cannot apply action"
//! with the booking unchanged. The expected table is written out here from timekit-api.md
//! §5.1/§10, independently of the emulator's own table.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use jiff::SignedDuration;
use serde_json::{Value, json};

const ACTIONS: [&str; 11] = [
    "create",
    "confirm",
    "decline",
    "cancel",
    "cancel_by_customer",
    "cancel_by_owner",
    "complete",
    "reschedule_by_customer",
    "pay",
    "timeout",
    "bogus",
];

/// How to reach a state from a fresh booking: user actions, or the payment timeout.
#[derive(Clone, Copy)]
enum Step {
    Act(&'static str),
    WaitForTimeout,
}
use Step::*;

struct StateCase {
    state: &'static str,
    path: &'static [Step],
    allowed: &'static [(&'static str, &'static str)],
}

struct GraphCase {
    graph: &'static str,
    initial_action: &'static str,
    states: &'static [StateCase],
}

const CONFIRMED_EXITS: &[(&str, &str)] = &[
    ("cancel", "cancelled"),
    ("cancel_by_customer", "cancelled_by_customer"),
    ("complete", "completed"),
    ("reschedule_by_customer", "rescheduled_by_customer"),
];

const fn final_state(state: &'static str, path: &'static [Step]) -> StateCase {
    StateCase {
        state,
        path,
        allowed: &[],
    }
}

const GRAPHS: &[GraphCase] = &[
    GraphCase {
        graph: "confirm_decline",
        initial_action: "create",
        states: &[
            StateCase {
                state: "tentative",
                path: &[],
                allowed: &[("decline", "declined"), ("confirm", "confirmed")],
            },
            StateCase {
                state: "confirmed",
                path: &[Act("confirm")],
                allowed: CONFIRMED_EXITS,
            },
            final_state("declined", &[Act("decline")]),
            final_state("cancelled", &[Act("confirm"), Act("cancel")]),
            final_state(
                "cancelled_by_customer",
                &[Act("confirm"), Act("cancel_by_customer")],
            ),
            final_state("completed", &[Act("confirm"), Act("complete")]),
            final_state(
                "rescheduled_by_customer",
                &[Act("confirm"), Act("reschedule_by_customer")],
            ),
        ],
    },
    GraphCase {
        graph: "instant",
        initial_action: "confirm",
        states: &[
            StateCase {
                state: "confirmed",
                path: &[],
                allowed: CONFIRMED_EXITS,
            },
            final_state("cancelled", &[Act("cancel")]),
            final_state("cancelled_by_customer", &[Act("cancel_by_customer")]),
            final_state("completed", &[Act("complete")]),
            final_state("rescheduled_by_customer", &[Act("reschedule_by_customer")]),
        ],
    },
    GraphCase {
        graph: "group_owner",
        initial_action: "create",
        states: &[
            StateCase {
                state: "tentative",
                path: &[],
                allowed: &[("complete", "completed"), ("cancel", "cancelled")],
            },
            final_state("cancelled", &[Act("cancel")]),
            final_state("completed", &[Act("complete")]),
        ],
    },
    GraphCase {
        graph: "group_customer",
        initial_action: "create",
        states: &[
            StateCase {
                state: "confirmed",
                path: &[],
                allowed: &[
                    ("complete", "completed"),
                    ("cancel_by_customer", "cancelled_by_customer"),
                    ("cancel_by_owner", "cancelled_by_owner"),
                ],
            },
            final_state("completed", &[Act("complete")]),
            final_state("cancelled_by_customer", &[Act("cancel_by_customer")]),
            final_state("cancelled_by_owner", &[Act("cancel_by_owner")]),
        ],
    },
    GraphCase {
        graph: "instant_payment",
        initial_action: "create",
        states: &[
            StateCase {
                state: "tentative",
                path: &[],
                allowed: &[("pay", "paid")],
            },
            StateCase {
                state: "paid",
                path: &[Act("pay")],
                allowed: &[("cancel", "cancelled"), ("complete", "completed")],
            },
            final_state("unpaid", &[WaitForTimeout]),
            final_state("cancelled", &[Act("pay"), Act("cancel")]),
            final_state("completed", &[Act("pay"), Act("complete")]),
        ],
    },
    GraphCase {
        graph: "group_customer_payment",
        initial_action: "create",
        states: &[
            StateCase {
                state: "tentative",
                path: &[],
                allowed: &[("pay", "paid")],
            },
            StateCase {
                state: "paid",
                path: &[Act("pay")],
                allowed: &[
                    ("cancel_by_owner", "cancelled_by_owner"),
                    ("cancel_by_customer", "cancelled_by_customer"),
                    ("complete", "completed"),
                ],
            },
            final_state("unpaid", &[WaitForTimeout]),
            final_state("cancelled_by_owner", &[Act("pay"), Act("cancel_by_owner")]),
            final_state(
                "cancelled_by_customer",
                &[Act("pay"), Act("cancel_by_customer")],
            ),
            final_state("completed", &[Act("pay"), Act("complete")]),
        ],
    },
];

struct Fixture {
    handle: timekit_emulator::EmulatorHandle,
    api: Api,
    resource: String,
    owner: Option<String>,
}

async fn fixture(graph: &str) -> Fixture {
    let (handle, api) = start().await;
    let resource = api.resource("Table room").await;
    let owner = if graph.starts_with("group_customer") {
        let mut body = booking_at(&resource, "group_owner", 10);
        body["settings"] = json!({"max_seats": 1000, "allow_double_bookings": true});
        Some(api.booking(body).await["id"].as_str().unwrap().to_owned())
    } else {
        None
    };
    Fixture {
        handle,
        api,
        resource,
        owner,
    }
}

impl Fixture {
    fn body(&self, graph: &str) -> Value {
        let mut body = booking_at(&self.resource, graph, 10);
        body["settings"] = json!({"allow_double_bookings": true});
        if let Some(owner) = &self.owner {
            body["related"] = json!({"owner_booking_id": owner});
        }
        body
    }

    /// A fresh booking driven to `case.state`; returns its id.
    async fn booking_in(&self, graph: &str, case: &StateCase) -> String {
        let created = self.api.booking(self.body(graph)).await;
        let id = created["id"].as_str().unwrap().to_owned();
        for step in case.path {
            match step {
                Act(action) => {
                    self.api.action(&id, action).await.expect(200);
                }
                WaitForTimeout => self.handle.clock().advance(SignedDuration::from_mins(6)),
            }
        }
        let current = self
            .api
            .get(&format!("/bookings/{id}"))
            .await
            .expect(200)
            .data();
        assert_eq!(
            current["state"], case.state,
            "{graph}: path did not reach the state"
        );
        id
    }
}

fn sorted(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut values: Vec<String> = values.into_iter().collect();
    values.sort();
    values
}

async fn check_graph(case: &GraphCase) {
    let fixture = fixture(case.graph).await;
    for state in case.states {
        // possible_actions and completed are derived from the same table.
        let id = fixture.booking_in(case.graph, state).await;
        let shown = fixture.api.get(&format!("/bookings/{id}")).await.data();
        let possible = shown["possible_actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned());
        assert_eq!(
            sorted(possible),
            sorted(state.allowed.iter().map(|(a, _)| (*a).to_owned())),
            "{} {}",
            case.graph,
            state.state
        );
        assert_eq!(shown["completed"], json!(state.allowed.is_empty()));

        for action in ACTIONS {
            let id = fixture.booking_in(case.graph, state).await;
            let answer = fixture.api.action(&id, action).await;
            let label = format!("{} / {} / {action}", case.graph, state.state);
            match state.allowed.iter().find(|(allowed, _)| *allowed == action) {
                Some((_, target)) => {
                    let data = answer.expect(200).data();
                    assert_eq!(data["state"], *target, "{label}");
                    assert_eq!(data["id"], json!(id));
                }
                None => {
                    let body = answer.expect(422).json();
                    let message = format!(
                        "Cannot apply action '{action}' to current state '{}'",
                        state.state
                    );
                    assert_eq!(body, json!({ "error": message }), "{label}");
                    let after = fixture.api.get(&format!("/bookings/{id}")).await.data();
                    assert_eq!(after["state"], state.state, "{label}: state changed");
                }
            }
        }
    }
}

#[tokio::test]
async fn confirm_decline_table() {
    check_graph(&GRAPHS[0]).await;
}

#[tokio::test]
async fn instant_table() {
    check_graph(&GRAPHS[1]).await;
}

#[tokio::test]
async fn group_owner_table() {
    check_graph(&GRAPHS[2]).await;
}

#[tokio::test]
async fn group_customer_table() {
    check_graph(&GRAPHS[3]).await;
}

#[tokio::test]
async fn instant_payment_table() {
    check_graph(&GRAPHS[4]).await;
}

#[tokio::test]
async fn group_customer_payment_table() {
    check_graph(&GRAPHS[5]).await;
}

/// On create, only the graph's initial action is accepted; anything else is refused with the
/// `initialized` state named and nothing stored. Omitting it applies the default.
#[tokio::test]
async fn initial_actions_of_every_graph() {
    for case in GRAPHS {
        let fixture = fixture(case.graph).await;
        let first_state = case.states[0].state;
        let before = fixture.handle.booking_count();
        let omitted = fixture.api.booking(fixture.body(case.graph)).await;
        assert_eq!(omitted["state"], first_state, "{}", case.graph);
        for action in ACTIONS {
            let mut body = fixture.body(case.graph);
            body["action"] = json!(action);
            let answer = fixture.api.post("/bookings", body).await;
            if action == case.initial_action {
                assert_eq!(answer.expect(201).data()["state"], first_state);
            } else {
                let message =
                    format!("Cannot apply action '{action}' to current state 'initialized'");
                assert_eq!(
                    answer.expect(422).json(),
                    json!({ "error": message }),
                    "{}",
                    case.graph
                );
            }
        }
        assert_eq!(
            fixture.handle.booking_count(),
            before + 2,
            "{}: refused creates stored",
            case.graph
        );
    }
}
