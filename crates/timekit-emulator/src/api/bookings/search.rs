//! Booking search criteria (`GET /bookings?search=...`), all combined with AND.

use jiff::Timestamp;

use crate::api::search::{glob_matches, meta_matches, parse_criteria};
use crate::store::Booking;

/// One parsed criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Criterion {
    ResourceId(String),
    Graph(String),
    State(String),
    Completed(bool),
    /// Case-insensitive, `*` wildcard.
    CustomerName(String),
    /// Case-insensitive, exact.
    CustomerEmail(String),
    CalendarId(String),
    ProjectId(String),
    /// A key Timekit does not search by: skipped (matches everything).
    Ignored,
    Meta {
        key: String,
        value: String,
    },
}

/// Parses `key:value;key:value`; `Err` carries the 422 message for the `search` field.
pub(crate) fn parse(search: &str) -> Result<Vec<Criterion>, String> {
    parse_criteria(search)?
        .into_iter()
        .map(|(key, value)| {
            let value_owned = value.to_owned();
            Ok(match key {
                "resource.id" => Criterion::ResourceId(value_owned),
                "graph" => Criterion::Graph(value_owned),
                "state" => Criterion::State(value_owned),
                "completed" => match value.to_ascii_lowercase().as_str() {
                    "true" | "1" => Criterion::Completed(true),
                    "false" | "0" => Criterion::Completed(false),
                    _ => {
                        return Err(format!(
                            "The search value for completed must be true or false, not '{value}'."
                        ));
                    }
                },
                "customer.name" => Criterion::CustomerName(value_owned),
                "customer.email" => Criterion::CustomerEmail(value_owned),
                "calendar.id" => Criterion::CalendarId(value_owned),
                "project.id" => Criterion::ProjectId(value_owned),
                _ => match key
                    .strip_prefix("meta.")
                    .filter(|meta_key| !meta_key.is_empty())
                {
                    Some(meta_key) => Criterion::Meta {
                        key: meta_key.to_owned(),
                        value: value_owned,
                    },
                    // Like l5-repository, fields that are not searchable are skipped.
                    None => Criterion::Ignored,
                },
            })
        })
        .collect()
}

/// Whether `booking` satisfies every criterion at `now` (state and `completed` include due
/// transitions).
pub(crate) fn matches_all(criteria: &[Criterion], booking: &Booking, now: Timestamp) -> bool {
    criteria
        .iter()
        .all(|criterion| matches(criterion, booking, now))
}

fn matches(criterion: &Criterion, booking: &Booking, now: Timestamp) -> bool {
    let customer_field = |field: &str, test: &dyn Fn(&str) -> bool| {
        booking
            .customers
            .iter()
            .filter_map(|customer| customer.get(field).and_then(|value| value.as_str()))
            .any(test)
    };
    match criterion {
        Criterion::ResourceId(id) => booking.resource_id == *id,
        Criterion::Graph(graph) => booking.graph.name() == graph,
        Criterion::State(state) => booking.state_at(now).name() == state,
        Criterion::Completed(completed) => booking.is_final_at(now) == *completed,
        Criterion::CustomerName(pattern) => {
            customer_field("name", &|name| glob_matches(pattern, name))
        }
        Criterion::CustomerEmail(email) => {
            customer_field("email", &|value| value.eq_ignore_ascii_case(email))
        }
        Criterion::CalendarId(id) => booking.calendar_id.as_deref() == Some(id),
        Criterion::ProjectId(id) => booking.project_id.as_deref() == Some(id),
        Criterion::Meta { key, value } => meta_matches(&booking.meta, key, value),
        Criterion::Ignored => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_keys_and_skips_unknown_ones() {
        let criteria =
            parse("graph:instant;completed:false;meta.ref:A-1;customer.name:Ja*").unwrap();
        assert_eq!(criteria.len(), 4);
        assert_eq!(criteria[1], Criterion::Completed(false));
        assert_eq!(parse("colour:red").unwrap(), [Criterion::Ignored]);
        assert!(parse("completed:maybe").is_err());
        assert_eq!(parse("meta.:x").unwrap(), [Criterion::Ignored]);
        assert!(parse("no-colon").is_err());
    }
}
