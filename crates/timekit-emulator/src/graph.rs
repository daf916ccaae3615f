//! The booking graphs: which action moves a booking from which state to which.
//!
//! Everything the API says about a booking's lifecycle (`possible_actions`, `completed`,
//! auto-complete, payment timeouts, what blocks a resource) is derived from these tables, so
//! the rules live in one place (timekit-api.md §5.1 and §10).

use serde::ser::{Serialize, SerializeSeq, Serializer};

/// A booking graph (workflow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum Graph {
    ConfirmDecline,
    Instant,
    GroupOwner,
    GroupCustomer,
    InstantPayment,
    GroupCustomerPayment,
    /// A hold made by `POST /bookings/reserve` (timekit-api-more.md §5.3.3).
    Reservation,
}

/// A booking state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum State {
    Initialized,
    Tentative,
    Confirmed,
    Declined,
    Cancelled,
    CancelledByCustomer,
    CancelledByOwner,
    RescheduledByCustomer,
    Completed,
    Paid,
    Unpaid,
    Reserved,
    Expired,
}

/// Who may fire a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// `PUT /bookings/{id}/{action}` (or the initial action on create).
    User,
    /// Fired by the emulator itself (payment timeout); never accepted from a client.
    Automatic,
}

/// One edge of a graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Transition {
    pub(crate) from: State,
    pub(crate) action: &'static str,
    pub(crate) to: State,
    pub(crate) trigger: Trigger,
}

const fn user(from: State, action: &'static str, to: State) -> Transition {
    Transition {
        from,
        action,
        to,
        trigger: Trigger::User,
    }
}

const fn automatic(from: State, action: &'static str, to: State) -> Transition {
    Transition {
        from,
        action,
        to,
        trigger: Trigger::Automatic,
    }
}

use State::*;

// Order inside a state is the order of `possible_actions` (tentative confirm_decline bookings
// list `["decline", "confirm"]` in Timekit's own examples).
const CONFIRM_DECLINE: &[Transition] = &[
    user(Initialized, "create", Tentative),
    user(Tentative, "decline", Declined),
    user(Tentative, "confirm", Confirmed),
    user(Confirmed, "cancel", Cancelled),
    user(Confirmed, "cancel_by_customer", CancelledByCustomer),
    user(Confirmed, "complete", Completed),
    user(Confirmed, "reschedule_by_customer", RescheduledByCustomer),
];

const INSTANT: &[Transition] = &[
    user(Initialized, "confirm", Confirmed),
    user(Confirmed, "cancel", Cancelled),
    user(Confirmed, "cancel_by_customer", CancelledByCustomer),
    user(Confirmed, "complete", Completed),
    user(Confirmed, "reschedule_by_customer", RescheduledByCustomer),
];

const GROUP_OWNER: &[Transition] = &[
    user(Initialized, "create", Tentative),
    user(Tentative, "complete", Completed),
    user(Tentative, "cancel", Cancelled),
];

const GROUP_CUSTOMER: &[Transition] = &[
    user(Initialized, "create", Confirmed),
    user(Confirmed, "complete", Completed),
    user(Confirmed, "cancel_by_customer", CancelledByCustomer),
    user(Confirmed, "cancel_by_owner", CancelledByOwner),
];

const INSTANT_PAYMENT: &[Transition] = &[
    user(Initialized, "create", Tentative),
    user(Tentative, "pay", Paid),
    automatic(Tentative, "timeout", Unpaid),
    user(Paid, "cancel", Cancelled),
    user(Paid, "complete", Completed),
];

const GROUP_CUSTOMER_PAYMENT: &[Transition] = &[
    user(Initialized, "create", Tentative),
    user(Tentative, "pay", Paid),
    automatic(Tentative, "timeout", Unpaid),
    user(Paid, "cancel_by_owner", CancelledByOwner),
    user(Paid, "cancel_by_customer", CancelledByCustomer),
    user(Paid, "complete", Completed),
];

// A reservation holds its slot until it expires (`expires_at`, emulator clock) or is
// converted into a booking; neither is a user action (`possible_actions: []`).
const RESERVATION: &[Transition] = &[
    user(Initialized, "reserve", Reserved),
    automatic(Reserved, "expire", Expired),
];

impl Graph {
    /// Every graph, for lookups by name.
    pub(crate) const ALL: [Graph; 7] = [
        Graph::ConfirmDecline,
        Graph::Instant,
        Graph::GroupOwner,
        Graph::GroupCustomer,
        Graph::InstantPayment,
        Graph::GroupCustomerPayment,
        Graph::Reservation,
    ];

    pub(crate) fn parse(name: &str) -> Option<Graph> {
        Self::ALL.into_iter().find(|graph| graph.name() == name)
    }

    /// Whether a booking of this graph can be in the state named `state` (a webhook's
    /// `state` must be one).
    pub(crate) fn has_state(self, state: &str) -> bool {
        self.table()
            .iter()
            .any(|t| t.from.name() == state || t.to.name() == state)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Graph::ConfirmDecline => "confirm_decline",
            Graph::Instant => "instant",
            Graph::GroupOwner => "group_owner",
            Graph::GroupCustomer => "group_customer",
            Graph::InstantPayment => "instant_payment",
            Graph::GroupCustomerPayment => "group_customer_payment",
            Graph::Reservation => "reservation",
        }
    }

    fn table(self) -> &'static [Transition] {
        match self {
            Graph::ConfirmDecline => CONFIRM_DECLINE,
            Graph::Instant => INSTANT,
            Graph::GroupOwner => GROUP_OWNER,
            Graph::GroupCustomer => GROUP_CUSTOMER,
            Graph::InstantPayment => INSTANT_PAYMENT,
            Graph::GroupCustomerPayment => GROUP_CUSTOMER_PAYMENT,
            Graph::Reservation => RESERVATION,
        }
    }

    /// The action applied on create when the request names none.
    pub(crate) fn default_initial_action(self) -> &'static str {
        match self {
            Graph::Instant => "confirm",
            Graph::Reservation => "reserve",
            _ => "create",
        }
    }

    /// Whether a booking of this graph has a customer (everything but the owner's group slot).
    pub(crate) fn needs_customer(self) -> bool {
        !matches!(self, Graph::GroupOwner | Graph::Reservation)
    }

    /// Whether a booking of this graph is a seat inside a group owner's slot.
    pub(crate) fn is_group_seat(self) -> bool {
        matches!(self, Graph::GroupCustomer | Graph::GroupCustomerPayment)
    }

    /// The user-triggerable transition for `action` from `from`, if the graph has one.
    pub(crate) fn user_transition(self, from: State, action: &str) -> Option<&'static Transition> {
        self.table()
            .iter()
            .find(|t| t.trigger == Trigger::User && t.from == from && t.action == action)
    }

    /// The automatic timeout transition from `from`, if any (payment graphs' tentative).
    pub(crate) fn timeout_transition(self, from: State) -> Option<&'static Transition> {
        self.table()
            .iter()
            .find(|t| t.trigger == Trigger::Automatic && t.from == from)
    }

    /// The user actions allowed in `state`, in display order.
    pub(crate) fn possible_actions(self, state: State) -> impl Iterator<Item = &'static str> {
        self.table()
            .iter()
            .filter(move |t| t.trigger == Trigger::User && t.from == state)
            .map(|t| t.action)
    }

    /// Final: nothing can happen to the booking any more (`completed: true`, deletable).
    pub(crate) fn is_final(self, state: State) -> bool {
        !self.table().iter().any(|t| t.from == state)
    }

    /// Whether a booking in `state` completes on its own one hour after it ends.
    pub(crate) fn auto_completes(self, state: State) -> bool {
        self.user_transition(state, "complete").is_some()
    }

    /// Whether a booking of this graph in `state` holds its slot: the typed door to
    /// [`blocks`], the one blocking rule.
    pub(crate) fn blocks(self, state: State) -> bool {
        blocks(self.name(), state.name())
    }
}

/// The graph name a calendar event has where availability and the double-booking check
/// read busy time by graph and state ([`blocks`]).
pub const CALENDAR_EVENT_GRAPH: &str = "calendar_event";
/// The state name of a calendar event (it has no lifecycle: it is busy until deleted).
pub const CALENDAR_EVENT_STATE: &str = "busy";

/// Whether a booking of `graph` in `state` (API names) holds its slot: it makes its resource
/// unavailable (`POST /availability`) and refuses overlapping bookings (the double-booking
/// check). Both ask this one function, so they cannot disagree (timekit-api.md §10 and
/// `docs/api-decisions.md` "Blocking rule").
///
/// - `confirmed` (instant, confirm_decline after confirm, group seats) and `paid` (payment
///   graphs) block;
/// - `tentative` blocks only where it is a hold: instant_payment and group_customer_payment
///   (until paid or timed out) and group_owner (the group's own slot); a tentative
///   confirm_decline booking is only a request and does not block;
/// - `reserved` (graph `reservation`) blocks until it expires: holding the slot is what a
///   reservation is for (timekit-api-more.md §5.3.3);
/// - every other state (`initialized`, final states such as `cancelled*`, `declined`,
///   `completed`, `unpaid`, `expired`, `error`, `rescheduled_by_customer`) does not.
///
/// - a calendar event (graph [`CALENDAR_EVENT_GRAPH`], state [`CALENDAR_EVENT_STATE`]) is
///   busy time of its calendar's resource (timekit-api-more.md §5.9, issue 16).
///
/// Takes names rather than the emulator's typed graphs and states because availability's
/// input is by name and must handle graphs the emulator does not create itself yet.
pub fn blocks(graph: &str, state: &str) -> bool {
    match state {
        "confirmed" | "paid" | "reserved" => true,
        "busy" => graph == CALENDAR_EVENT_GRAPH,
        "tentative" => matches!(
            graph,
            "instant_payment" | "group_customer_payment" | "group_owner"
        ),
        _ => false,
    }
}

impl State {
    /// Every state, for tests that go through all of them.
    #[cfg(test)]
    pub(crate) const ALL: [State; 13] = [
        Initialized,
        Tentative,
        Confirmed,
        Declined,
        Cancelled,
        CancelledByCustomer,
        CancelledByOwner,
        RescheduledByCustomer,
        Completed,
        Paid,
        Unpaid,
        Reserved,
        Expired,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Initialized => "initialized",
            Tentative => "tentative",
            Confirmed => "confirmed",
            Declined => "declined",
            Cancelled => "cancelled",
            CancelledByCustomer => "cancelled_by_customer",
            CancelledByOwner => "cancelled_by_owner",
            RescheduledByCustomer => "rescheduled_by_customer",
            Completed => "completed",
            Paid => "paid",
            Unpaid => "unpaid",
            Reserved => "reserved",
            Expired => "expired",
        }
    }
}

/// `possible_actions` as a JSON array, serialized straight from the table (no allocation).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PossibleActions(pub(crate) Graph, pub(crate) State);

impl Serialize for PossibleActions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for action in self.0.possible_actions(self.1) {
            seq.serialize_element(action)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_graph_has_exactly_one_initial_transition_matching_its_default() {
        for graph in Graph::ALL {
            let initial: Vec<_> = graph.possible_actions(Initialized).collect();
            assert_eq!(initial, [graph.default_initial_action()], "{graph:?}");
            assert_eq!(Graph::parse(graph.name()), Some(graph));
        }
    }

    #[test]
    fn final_states_have_no_actions_and_timeouts_are_not_user_actions() {
        assert!(Graph::ConfirmDecline.is_final(Declined));
        assert!(!Graph::ConfirmDecline.is_final(Tentative));
        assert!(!Graph::InstantPayment.is_final(Tentative));
        assert!(Graph::InstantPayment.is_final(Unpaid));
        assert!(
            Graph::InstantPayment
                .user_transition(Tentative, "timeout")
                .is_none()
        );
        assert_eq!(
            Graph::InstantPayment
                .timeout_transition(Tentative)
                .map(|t| t.to),
            Some(Unpaid)
        );
    }

    #[test]
    fn possible_actions_serialize_in_table_order() {
        let json =
            serde_json::to_string(&PossibleActions(Graph::ConfirmDecline, Tentative)).unwrap();
        assert_eq!(json, r#"["decline","confirm"]"#);
    }

    #[test]
    fn blocking_follows_graph_and_state() {
        let blocking = [
            ("instant", "confirmed"),
            ("confirm_decline", "confirmed"),
            ("group_customer", "confirmed"),
            ("instant_payment", "tentative"),
            ("instant_payment", "paid"),
            ("group_customer_payment", "tentative"),
            ("group_customer_payment", "paid"),
            ("group_owner", "tentative"),
            ("reservation", "reserved"),
        ];
        let free = [
            ("confirm_decline", "tentative"),
            ("confirm_decline", "declined"),
            ("instant", "cancelled"),
            ("instant", "completed"),
            ("instant", "initialized"),
            ("instant", "rescheduled_by_customer"),
            ("instant_payment", "unpaid"),
            ("group_customer", "cancelled_by_customer"),
            ("group_customer", "cancelled_by_owner"),
            ("group_owner", "cancelled"),
            ("reservation", "expired"),
            ("instant", "error"),
        ];
        for (graph, state) in blocking {
            assert!(blocks(graph, state), "{graph}/{state} should block");
        }
        for (graph, state) in free {
            assert!(!blocks(graph, state), "{graph}/{state} should not block");
        }
    }

    #[test]
    fn the_typed_rule_is_the_named_rule() {
        for graph in Graph::ALL {
            for state in State::ALL {
                assert_eq!(
                    graph.blocks(state),
                    blocks(graph.name(), state.name()),
                    "{graph:?}/{state:?}"
                );
            }
        }
    }
}
