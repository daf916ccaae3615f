//! Every transition of the two main booking graphs, through the client, with state,
//! `completed` and `possible_actions` checked after each step (timekit-api.md §5.1):
//!
//! * confirm_decline: create → tentative; tentative: confirm → confirmed, decline → declined;
//!   confirmed: cancel, cancel_by_customer, complete, reschedule_by_customer.
//! * instant: create → confirmed; confirmed: the same four actions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use timekit::Client;
use timekit::model::{Booking, BookingAction, BookingState, Graph};
use timekit_tests::{TestBed, assert_refused};

/// What the spec says a booking looks like in a state: its name, whether it is final, and the
/// actions it allows (sorted).
struct Expected {
    state: BookingState,
    completed: bool,
    actions: &'static [&'static str],
}

const TENTATIVE: Expected = Expected {
    state: BookingState::Tentative,
    completed: false,
    actions: &["confirm", "decline"],
};

const CONFIRMED: Expected = Expected {
    state: BookingState::Confirmed,
    completed: false,
    actions: &[
        "cancel",
        "cancel_by_customer",
        "complete",
        "reschedule_by_customer",
    ],
};

const fn terminal(state: BookingState) -> Expected {
    Expected {
        state,
        completed: true,
        actions: &[],
    }
}

/// The four ways out of `confirmed`, shared by both graphs.
fn confirmed_exits() -> [(BookingAction, Expected); 4] {
    [
        (BookingAction::Cancel, terminal(BookingState::Cancelled)),
        (
            BookingAction::CancelByCustomer,
            terminal(BookingState::CancelledByCustomer),
        ),
        (BookingAction::Complete, terminal(BookingState::Completed)),
        (
            BookingAction::RescheduleByCustomer,
            terminal(BookingState::RescheduledByCustomer),
        ),
    ]
}

/// Checks an answer against the expectation, and that a fresh GET agrees (the step persisted).
async fn check(client: &Client, answered: &Booking, expected: &Expected, step: &str) {
    let stored = client.get_booking(answered.id.clone()).await.unwrap();
    for (source, booking) in [("answer", answered), ("stored", &stored)] {
        assert_eq!(booking.state, expected.state, "{step} ({source})");
        assert_eq!(booking.completed, expected.completed, "{step} ({source})");
        let mut actions: Vec<&str> = booking.actions().iter().map(|a| a.as_str()).collect();
        actions.sort_unstable();
        assert_eq!(actions, expected.actions, "{step} ({source})");
        for action in expected.actions {
            assert!(booking.allows(&BookingAction::from_name(action)), "{step}");
        }
    }
}

/// Each booking of a test gets its own hour on Tuesday so none blocks another.
fn slot(index: usize) -> (String, String) {
    (
        format!("2030-01-08T{:02}:00:00Z", 8 + index),
        format!("2030-01-08T{:02}:00:00Z", 9 + index),
    )
}

async fn create(bed: &TestBed, resource: &str, graph: Graph, index: usize) -> Booking {
    let (start, end) = slot(index);
    let customer = format!("Customer {index}");
    bed.book(resource, graph, &start, &end, &customer).await
}

async fn act(bed: &TestBed, booking: &Booking, action: BookingAction) -> Booking {
    bed.client
        .apply_booking_action(booking.id.clone(), action)
        .await
        .unwrap()
}

/// A final booking refuses every further action with Timekit's message.
async fn check_refuses_more(bed: &TestBed, booking: &Booking, state: &str) {
    let err = bed
        .client
        .apply_booking_action(booking.id.clone(), BookingAction::Cancel)
        .await
        .unwrap_err();
    assert_refused(
        &err,
        &format!("Cannot apply action 'cancel' to current state '{state}'"),
    );
}

#[tokio::test]
async fn confirm_decline_graph_every_transition() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Copenhagen").await;
    let resource = room.id.as_str();

    // tentative → confirmed → each of the four exits.
    for (index, (action, expected)) in confirmed_exits().into_iter().enumerate() {
        let created = create(&bed, resource, Graph::ConfirmDecline, index).await;
        assert_eq!(created.graph, Graph::ConfirmDecline);
        check(&bed.client, &created, &TENTATIVE, "create").await;
        let confirmed = act(&bed, &created, BookingAction::Confirm).await;
        check(&bed.client, &confirmed, &CONFIRMED, "confirm").await;
        let done = act(&bed, &confirmed, action.clone()).await;
        check(&bed.client, &done, &expected, action.as_str()).await;
        check_refuses_more(&bed, &done, expected.state.as_str()).await;
    }

    // tentative → declined.
    let created = create(&bed, resource, Graph::ConfirmDecline, 4).await;
    check(&bed.client, &created, &TENTATIVE, "create").await;
    let declined = act(&bed, &created, BookingAction::Decline).await;
    check(
        &bed.client,
        &declined,
        &terminal(BookingState::Declined),
        "decline",
    )
    .await;
    check_refuses_more(&bed, &declined, "declined").await;
}

#[tokio::test]
async fn instant_graph_every_transition() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "America/New_York").await;
    let resource = room.id.as_str();

    for (index, (action, expected)) in confirmed_exits().into_iter().enumerate() {
        let created = create(&bed, resource, Graph::Instant, index).await;
        assert_eq!(created.graph, Graph::Instant);
        check(&bed.client, &created, &CONFIRMED, "create").await;
        let done = act(&bed, &created, action.clone()).await;
        check(&bed.client, &done, &expected, action.as_str()).await;
        check_refuses_more(&bed, &done, expected.state.as_str()).await;
    }

    // An instant booking never passes through tentative: confirm and decline are refused.
    let created = create(&bed, resource, Graph::Instant, 5).await;
    for action in [BookingAction::Confirm, BookingAction::Decline] {
        let err = bed
            .client
            .apply_booking_action(created.id.clone(), action.clone())
            .await
            .unwrap_err();
        assert_eq!(
            err.api_failure().unwrap().message(),
            Some(format!("Cannot apply action '{action}' to current state 'confirmed'").as_str())
        );
    }
    check(&bed.client, &created, &CONFIRMED, "after refused actions").await;
}
