//! Booking graphs, booking states and booking actions (`timekit-api.md` §5 and §10).
//!
//! These are names only: which action is legal in which state is the server's business (and
//! the emulator's). The helpers here are facts about the names that the docs state directly.

use crate::names::open_name_enum;

open_name_enum!(
    /// The booking flow ("graph") a booking follows.
    Graph {
        /// Confirmed on creation.
        Instant => "instant",
        /// Tentative until the owner confirms or declines.
        ConfirmDecline => "confirm_decline",
        /// A group slot owned by a resource; customers book seats in it.
        GroupOwner => "group_owner",
        /// A seat in a group slot (needs `related.owner_booking_id`).
        GroupCustomer => "group_customer",
        /// Holds the slot until paid or timed out.
        InstantPayment => "instant_payment",
        /// A paid seat in a group slot.
        GroupCustomerPayment => "group_customer_payment",
        /// A reservation (used by the reserve endpoints, outside the 16 operations).
        Reservation => "reservation",
    }
);

open_name_enum!(
    /// The state a booking is in.
    BookingState {
        /// Created but no action applied yet.
        Initialized => "initialized",
        /// Awaiting confirmation (or payment).
        Tentative => "tentative",
        /// Confirmed.
        Confirmed => "confirmed",
        /// Declined by the owner.
        Declined => "declined",
        /// A graph step failed.
        Error => "error",
        /// Cancelled by the owner.
        Cancelled => "cancelled",
        /// Cancelled by the customer.
        CancelledByCustomer => "cancelled_by_customer",
        /// Cancelled by the group owner.
        CancelledByOwner => "cancelled_by_owner",
        /// Completed (manually or one hour after the end).
        Completed => "completed",
        /// Rescheduled by the customer (a new booking replaces it).
        RescheduledByCustomer => "rescheduled_by_customer",
        /// Payment received.
        Paid => "paid",
        /// Payment timed out.
        Unpaid => "unpaid",
        /// A reservation holding a slot.
        Reserved => "reserved",
        /// A reservation that ran out.
        Expired => "expired",
    }
);

open_name_enum!(
    /// An action that moves a booking through its graph (`PUT /bookings/{id}/{action}`).
    BookingAction {
        /// Initial action of most graphs.
        Create => "create",
        /// Confirm (initial action of `instant`).
        Confirm => "confirm",
        /// Decline a tentative booking.
        Decline => "decline",
        /// Cancel as the owner.
        Cancel => "cancel",
        /// Cancel as the customer.
        CancelByCustomer => "cancel_by_customer",
        /// Cancel a group seat as the owner.
        CancelByOwner => "cancel_by_owner",
        /// Mark as completed.
        Complete => "complete",
        /// Reschedule as the customer.
        RescheduleByCustomer => "reschedule_by_customer",
        /// Record a payment (`{"pay": {"payment_id": …}}`).
        Pay => "pay",
        /// Payment window ran out (normally applied by the server).
        Timeout => "timeout",
    }
);

impl Graph {
    /// The action the server applies when a booking is created without `action`
    /// (`timekit-api.md` §5.2 and §10: `instant` confirms, every other graph creates).
    pub fn initial_action(&self) -> BookingAction {
        match self {
            Graph::Instant => BookingAction::Confirm,
            _ => BookingAction::Create,
        }
    }
}

impl BookingState {
    /// Whether the state is final: no user action leaves it and the booking may be deleted.
    ///
    /// The documented terminal states (§4.16 and the §10 graphs): `completed`, `declined`,
    /// `cancelled`, `cancelled_by_customer`, `cancelled_by_owner`, `rescheduled_by_customer`,
    /// `error`, `unpaid` and `expired`. Unknown states are not final: the server decides.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            BookingState::Completed
                | BookingState::Declined
                | BookingState::Cancelled
                | BookingState::CancelledByCustomer
                | BookingState::CancelledByOwner
                | BookingState::RescheduledByCustomer
                | BookingState::Error
                | BookingState::Unpaid
                | BookingState::Expired
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_known_name_round_trips_through_text_and_json() {
        fn check<T>(known: &[T])
        where
            T: std::fmt::Display
                + std::str::FromStr
                + serde::Serialize
                + serde::de::DeserializeOwned,
            T: PartialEq + std::fmt::Debug,
            <T as std::str::FromStr>::Err: std::fmt::Debug,
        {
            for name in known {
                let text = name.to_string();
                assert_eq!(&text.parse::<T>().unwrap(), name);
                assert_eq!(serde_json::to_value(name).unwrap(), json!(text));
                assert_eq!(&serde_json::from_value::<T>(json!(text)).unwrap(), name);
            }
        }
        check(Graph::KNOWN);
        check(BookingState::KNOWN);
        check(BookingAction::KNOWN);
    }

    #[test]
    fn known_names_are_distinct_and_snake_case() {
        fn names<T: ToString>(known: &[T]) -> Vec<String> {
            known.iter().map(ToString::to_string).collect()
        }
        for list in [
            names(Graph::KNOWN),
            names(BookingState::KNOWN),
            names(BookingAction::KNOWN),
        ] {
            let unique: std::collections::BTreeSet<&String> = list.iter().collect();
            assert_eq!(unique.len(), list.len(), "duplicate name in {list:?}");
            for name in &list {
                assert!(
                    name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn unknown_names_are_kept_verbatim() {
        let action: BookingAction = serde_json::from_value(json!("reschedule_by_owner")).unwrap();
        assert_eq!(
            action,
            BookingAction::Other("reschedule_by_owner".to_owned())
        );
        assert!(!action.is_known());
        assert_eq!(
            serde_json::to_value(&action).unwrap(),
            json!("reschedule_by_owner")
        );
        assert_eq!(
            Graph::from_name("Instant"),
            Graph::Other("Instant".to_owned())
        );
    }

    #[test]
    fn a_hand_built_other_equals_the_variant_of_its_name() {
        // Code written against an SDK without `Pay` keeps matching what the server sends.
        let hand_built = BookingAction::Other("pay".to_owned());
        let parsed: BookingAction = serde_json::from_value(json!("pay")).unwrap();
        assert_eq!(hand_built, parsed);
        let set: std::collections::HashSet<BookingAction> = [parsed].into_iter().collect();
        assert!(set.contains(&hand_built));
        assert_ne!(
            BookingState::Other("Confirmed".to_owned()),
            BookingState::Confirmed
        );
    }

    #[test]
    fn spec_names_map_to_their_variants() {
        assert_eq!(Graph::from_name("confirm_decline"), Graph::ConfirmDecline);
        assert_eq!(
            BookingState::from_name("cancelled_by_customer"),
            BookingState::CancelledByCustomer
        );
        assert_eq!(
            BookingAction::from_name("cancel_by_owner"),
            BookingAction::CancelByOwner
        );
        assert_eq!(BookingAction::Pay.as_str(), "pay");
    }

    #[test]
    fn initial_actions_follow_the_graph() {
        assert_eq!(Graph::Instant.initial_action(), BookingAction::Confirm);
        assert_eq!(
            Graph::ConfirmDecline.initial_action(),
            BookingAction::Create
        );
        assert_eq!(Graph::GroupCustomer.initial_action(), BookingAction::Create);
    }

    #[test]
    fn final_states_are_the_documented_ones() {
        for state in [
            "completed",
            "declined",
            "cancelled",
            "cancelled_by_customer",
            "error",
        ] {
            assert!(BookingState::from_name(state).is_final(), "{state}");
        }
        for state in [
            "initialized",
            "tentative",
            "confirmed",
            "paid",
            "reserved",
            "mystery",
        ] {
            assert!(!BookingState::from_name(state).is_final(), "{state}");
        }
    }

    #[test]
    fn non_string_json_is_refused() {
        assert!(serde_json::from_value::<BookingState>(json!(3)).is_err());
    }
}
