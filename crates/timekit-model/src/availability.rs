//! The body of `POST /availability` (`timekit-api.md` §4.8).
//!
//! Times and durations are strings because Timekit accepts both RFC 3339 timestamps and
//! relative English phrases (`"now"`, `"tomorrow"`, `"3 days 2 hours"`, `"30 minutes"`).

use crate::constraint::Constraint;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// How slots of several resources are combined.
///
/// Equality and hashing go by the wire name (`Other("mutual")` equals `Mutual`).
#[derive(Debug, Clone)]
pub enum AvailabilityMode {
    /// Slots where **all** requested resources are free; each slot lists all of them.
    Mutual,
    /// One free resource per slot, resources tried in a shuffled order.
    RoundrobinRandom,
    /// One free resource per slot, resources tried in the given order.
    RoundrobinPrioritized,
    /// One slot per time listing every resource free at that time.
    Exclusive,
    /// A mode this crate does not know, sent and kept as written.
    Other(String),
}

impl AvailabilityMode {
    /// The wire name (`"mutual"`, `"roundrobin_random"` …).
    pub fn as_str(&self) -> &str {
        match self {
            AvailabilityMode::Mutual => "mutual",
            AvailabilityMode::RoundrobinRandom => "roundrobin_random",
            AvailabilityMode::RoundrobinPrioritized => "roundrobin_prioritized",
            AvailabilityMode::Exclusive => "exclusive",
            AvailabilityMode::Other(name) => name,
        }
    }

    /// The mode for a wire name; unknown names become [`AvailabilityMode::Other`].
    pub fn from_name(name: &str) -> Self {
        match name {
            "mutual" => AvailabilityMode::Mutual,
            "roundrobin_random" => AvailabilityMode::RoundrobinRandom,
            "roundrobin_prioritized" => AvailabilityMode::RoundrobinPrioritized,
            "exclusive" => AvailabilityMode::Exclusive,
            other => AvailabilityMode::Other(other.to_owned()),
        }
    }
}

impl PartialEq for AvailabilityMode {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for AvailabilityMode {}

impl std::hash::Hash for AvailabilityMode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for AvailabilityMode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AvailabilityMode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|name| AvailabilityMode::from_name(&name))
    }
}

/// A `POST /availability` request.
///
/// Build it with [`AvailabilityRequest::new`] and the chainable setters; every field left
/// unset is omitted from the JSON so the server applies its default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct AvailabilityRequest {
    /// How the resources' slots are combined (server default: project setting or
    /// `roundrobin_random`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<AvailabilityMode>,
    /// Resource ids to query. An empty list is left out of the JSON like every unset field,
    /// so a query by `project_id` alone takes the project's resources instead of sending
    /// `"resources": []`, which would ask for none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    /// Start of the search window: RFC 3339 or a phrase (server default `"now"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End of the search window: RFC 3339 or a phrase (server default `"4 weeks"`, at most
    /// six months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Slot length, e.g. `"30 minutes"` (server default `"1 hour"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<String>,
    /// Free time kept around existing bookings, e.g. `"15 minutes"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer: Option<String>,
    /// Step between slot starts, e.g. `"15 minutes"` (server default: the slot length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeslot_increments: Option<String>,
    /// Start slots on whole hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_to_nearest_hour: Option<bool>,
    /// IANA time zone of the returned timestamps (server default `UTC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_timezone: Option<String>,
    /// Constraints applied on top of the resources' own ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// Ignore all-day calendar events when computing availability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_all_day_events: Option<bool>,
    /// Project whose availability settings are used; explicit fields override them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Fields this crate does not model (sent as given, kept when read).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AvailabilityRequest {
    /// A query over the given resources, every other field left to the server's default.
    pub fn new<I, S>(resources: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            resources: resources.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    /// Sets `mode`.
    pub fn mode(mut self, mode: AvailabilityMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Sets `from` (RFC 3339 or a phrase such as `"tomorrow"`).
    pub fn from(mut self, from: impl Into<String>) -> Self {
        self.from = Some(from.into());
        self
    }

    /// Sets `to` (RFC 3339 or a phrase such as `"2 weeks"`).
    pub fn to(mut self, to: impl Into<String>) -> Self {
        self.to = Some(to.into());
        self
    }

    /// Sets `length`, e.g. `"30 minutes"`.
    pub fn length(mut self, length: impl Into<String>) -> Self {
        self.length = Some(length.into());
        self
    }

    /// Sets `buffer`, e.g. `"15 minutes"`.
    pub fn buffer(mut self, buffer: impl Into<String>) -> Self {
        self.buffer = Some(buffer.into());
        self
    }

    /// Sets `timeslot_increments`, e.g. `"15 minutes"`.
    pub fn timeslot_increments(mut self, increments: impl Into<String>) -> Self {
        self.timeslot_increments = Some(increments.into());
        self
    }

    /// Sets `round_to_nearest_hour`.
    pub fn round_to_nearest_hour(mut self, round: bool) -> Self {
        self.round_to_nearest_hour = Some(round);
        self
    }

    /// Sets `output_timezone` (IANA name).
    pub fn output_timezone(mut self, timezone: impl Into<String>) -> Self {
        self.output_timezone = Some(timezone.into());
        self
    }

    /// Appends one constraint.
    pub fn constraint(mut self, constraint: Constraint) -> Self {
        self.constraints.push(constraint);
        self
    }

    /// Replaces the constraint list.
    pub fn constraints(mut self, constraints: impl IntoIterator<Item = Constraint>) -> Self {
        self.constraints = constraints.into_iter().collect();
        self
    }

    /// Sets `ignore_all_day_events`.
    pub fn ignore_all_day_events(mut self, ignore: bool) -> Self {
        self.ignore_all_day_events = Some(ignore);
        self
    }

    /// Sets `project_id`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets any other body field, e.g. `allow_double_bookings` (honoured by the emulator).
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraint::Hours;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn typed_request_serialises_to_the_documented_json() {
        let request = AvailabilityRequest::new(["r1-uuid", "r2-uuid"])
            .mode(AvailabilityMode::Mutual)
            .from("2024-05-06T00:00:00+00:00")
            .to("2024-05-08T00:00:00+00:00")
            .length("30 minutes")
            .buffer("15 minutes")
            .output_timezone("Europe/Copenhagen")
            .constraint(Constraint::AllowHours(Hours::new(9, 17)))
            .constraint(Constraint::BlockWeekends);
        let documented = json!({
            "mode": "mutual", "resources": ["r1-uuid", "r2-uuid"],
            "from": "2024-05-06T00:00:00+00:00", "to": "2024-05-08T00:00:00+00:00",
            "length": "30 minutes", "buffer": "15 minutes",
            "output_timezone": "Europe/Copenhagen",
            "constraints": [{"allow_hours": {"start": 9, "end": 17}}, {"block_weekends": {}}]
        });
        assert_eq!(serde_json::to_value(&request).unwrap(), documented);
        let back: AvailabilityRequest = serde_json::from_value(documented).unwrap();
        assert_eq!(back, request);
    }

    #[test]
    fn unset_fields_are_omitted() {
        let value = serde_json::to_value(AvailabilityRequest::new(["r1"])).unwrap();
        assert_eq!(value, json!({"resources": ["r1"]}));
    }

    #[test]
    fn a_project_query_sends_no_resources_list() {
        let request = AvailabilityRequest::default()
            .project_id("p1")
            .length("30 minutes");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"project_id": "p1", "length": "30 minutes"})
        );
    }

    #[test]
    fn unknown_fields_and_modes_survive_a_round_trip() {
        let body = json!({
            "mode": "weighted", "resources": ["r1"], "allow_double_bookings": true,
            "timeslot_increments": "15 minutes", "round_to_nearest_hour": true,
            "ignore_all_day_events": false, "project_id": "p1",
            "constraints": [{"allow_event_period": {"x": 1}}]
        });
        let request: AvailabilityRequest = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(
            request.mode,
            Some(AvailabilityMode::Other("weighted".into()))
        );
        assert_eq!(
            request.extra.get("allow_double_bookings"),
            Some(&json!(true))
        );
        assert_eq!(serde_json::to_value(&request).unwrap(), body);
    }

    #[test]
    fn every_mode_has_its_wire_name() {
        for (mode, name) in [
            (AvailabilityMode::Mutual, "mutual"),
            (AvailabilityMode::RoundrobinRandom, "roundrobin_random"),
            (
                AvailabilityMode::RoundrobinPrioritized,
                "roundrobin_prioritized",
            ),
            (AvailabilityMode::Exclusive, "exclusive"),
        ] {
            assert_eq!(serde_json::to_value(&mode).unwrap(), json!(name));
            assert_eq!(AvailabilityMode::from_name(name), mode);
            assert_eq!(AvailabilityMode::Other(name.to_owned()), mode);
        }
    }

    fn arb_constraint() -> impl Strategy<Value = Constraint> {
        let day = prop::sample::select(vec!["Monday", "Wednesday", "Sunday"]);
        let hour = prop_oneof![
            (0u8..=24).prop_map(crate::constraint::Hour::whole),
            (0u8..24, 0u8..60).prop_map(|(h, m)| crate::constraint::Hour::hh_mm(h, m)),
        ];
        prop_oneof![
            (day.clone(), hour.clone(), hour.clone()).prop_map(|(d, s, e)| {
                Constraint::AllowDayAndTime(crate::constraint::DayAndTime::new(d, s, e))
            }),
            (hour.clone(), hour).prop_map(|(s, e)| Constraint::BlockHours(Hours::new(s, e))),
            day.prop_map(|d| Constraint::BlockDay(crate::constraint::Day::new(d))),
            Just(Constraint::AllowWeekdays),
            "[a-z_]{1,12}"
                .prop_map(|kind| Constraint::Other(json!({ format!("x_{kind}"): {"n": 1} }))),
        ]
    }

    proptest! {
        #[test]
        fn any_request_round_trips(
            resources in prop::collection::vec("[a-z0-9-]{1,12}", 0..4),
            mode in prop::option::of(prop::sample::select(vec!["mutual", "exclusive", "roundrobin_random", "other_mode"])),
            length in prop::option::of("[1-9] (minutes|hours)"),
            round in prop::option::of(any::<bool>()),
            constraints in prop::collection::vec(arb_constraint(), 0..5),
        ) {
            let mut request = AvailabilityRequest::new(resources).constraints(constraints);
            if let Some(mode) = mode { request = request.mode(AvailabilityMode::from_name(mode)); }
            if let Some(length) = length { request = request.length(length); }
            if let Some(round) = round { request = request.round_to_nearest_hour(round); }
            let text = serde_json::to_string(&request).unwrap();
            let back: AvailabilityRequest = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, request);
        }
    }
}
