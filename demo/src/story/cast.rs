//! The people of the story.

use timekit::model::{Customer, Graph};

/// A client of the practice.
#[derive(Debug)]
pub struct Person {
    /// Full name.
    pub name: &'static str,
    /// E-mail address.
    pub email: &'static str,
    /// Where they live.
    pub timezone: &'static str,
    /// How their session is booked: `instant` is confirmed at once, `confirm_decline`
    /// waits for the therapist.
    pub graph: Graph,
}

impl Person {
    /// The person as a booking's customer.
    pub fn customer(&self) -> Customer {
        Customer::new(self.name, self.email).timezone(self.timezone)
    }
}

/// Books instantly (a returning client).
pub static ANNA: Person = Person {
    name: "Anna Berg",
    email: "anna.berg@example.com",
    timezone: "Europe/Copenhagen",
    graph: Graph::Instant,
};

/// Asks for a first session; the therapist confirms it.
pub static BEN: Person = Person {
    name: "Ben Okafor",
    email: "ben.okafor@example.com",
    timezone: "America/New_York",
    graph: Graph::ConfirmDecline,
};

/// Asks for a first session; the therapist declines it.
pub static CLARA: Person = Person {
    name: "Clara Diaz",
    email: "clara.diaz@example.com",
    timezone: "America/Chicago",
    graph: Graph::ConfirmDecline,
};

/// Organises the studio's workshop series.
pub static DANA: Person = Person {
    name: "Dana Reyes",
    email: "dana.reyes@example.com",
    timezone: "America/New_York",
    graph: Graph::Instant,
};

/// Another group that wants the studio at an overlapping time.
pub static EMIL: Person = Person {
    name: "Emil Sand",
    email: "emil.sand@example.com",
    timezone: "America/New_York",
    graph: Graph::Instant,
};

/// A new client who finds the practice's intake call through the booking widget.
pub static FRIDA: Person = Person {
    name: "Frida Lind",
    email: "frida.lind@example.com",
    timezone: "Europe/Copenhagen",
    graph: Graph::Instant,
};
