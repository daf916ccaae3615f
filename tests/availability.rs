//! `POST /availability` through the client: slots follow each resource's constraints in its
//! own time zone and avoid confirmed bookings (tentative confirm_decline ones do not block).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use timekit::model::availability::{AvailabilityMode, AvailabilityRequest};
use timekit::model::constraint::{Constraint, Hours};
use timekit::model::slot::Slot;
use timekit::model::{BookingAction, CreateResourceRequest, Graph, Resource};
use timekit_tests::{TestBed, at};

/// A resource open from `open` to `close` o'clock local time on weekdays.
async fn office_hours_resource(
    bed: &TestBed,
    name: &str,
    zone: &str,
    open: u8,
    close: u8,
) -> Resource {
    bed.client
        .create_resource(
            CreateResourceRequest::new(name, zone)
                .constraint(Constraint::AllowHours(Hours::new(open, close)))
                .constraint(Constraint::BlockWeekends),
        )
        .await
        .unwrap()
}

/// Slot start hours in UTC (all slots of these tests lie on Tuesday 2030-01-08).
fn utc_start_hours(slots: &[Slot]) -> Vec<i8> {
    slots
        .iter()
        .map(|slot| {
            let start = slot.start_timestamp().expect("RFC 3339 slot start");
            start.to_zoned(jiff::tz::TimeZone::UTC).hour()
        })
        .collect()
}

/// Tuesday, the whole UTC day, hour-long slots.
fn tuesday(resources: &[&Resource]) -> AvailabilityRequest {
    AvailabilityRequest::new(resources.iter().map(|r| r.id.as_str().to_owned()))
        .from("2030-01-08T00:00:00Z")
        .to("2030-01-09T00:00:00Z")
        .length("1 hour")
}

#[tokio::test]
async fn slots_avoid_a_confirmed_booking_but_not_a_tentative_one() {
    let bed = TestBed::start().await;
    // Copenhagen is UTC+1 in January: 09–17 local is 08:00–16:00 UTC.
    let ida = office_hours_resource(&bed, "Dr. Ida Holm", "Europe/Copenhagen", 9, 17).await;

    let before = bed
        .client
        .query_availability(tuesday(&[&ida]))
        .await
        .unwrap();
    assert_eq!(utc_start_hours(&before), [8, 9, 10, 11, 12, 13, 14, 15]);
    for slot in &before {
        assert_eq!(slot.resources.len(), 1);
        assert_eq!(slot.resources[0].id, ida.id.as_str());
        assert_eq!(slot.resources[0].name, "Dr. Ida Holm");
        assert_eq!(slot.resources[0].timezone, "Europe/Copenhagen");
        let length = slot
            .end_timestamp()
            .unwrap()
            .duration_since(slot.start_timestamp().unwrap());
        assert_eq!(length.as_secs(), 3600);
    }

    let confirmed = bed
        .book(
            ida.id.as_str(),
            Graph::Instant,
            "2030-01-08T10:00:00Z",
            "2030-01-08T11:00:00Z",
            "Ann Lee",
        )
        .await;
    let tentative = bed
        .book(
            ida.id.as_str(),
            Graph::ConfirmDecline,
            "2030-01-08T12:30:00Z",
            "2030-01-08T13:30:00Z",
            "Bo Dahl",
        )
        .await;

    let after = bed
        .client
        .query_availability(tuesday(&[&ida]))
        .await
        .unwrap();
    assert_eq!(utc_start_hours(&after), [8, 9, 11, 12, 13, 14, 15]);
    let (busy_from, busy_to) = (
        at("2030-01-08T10:00:00Z").instant(),
        at("2030-01-08T11:00:00Z").instant(),
    );
    for slot in &after {
        let (start, end) = (
            slot.start_timestamp().unwrap(),
            slot.end_timestamp().unwrap(),
        );
        assert!(
            end <= busy_from || start >= busy_to,
            "{slot:?} overlaps the booking"
        );
    }

    // Once confirmed, the second booking blocks its two overlapping hours as well.
    bed.client
        .apply_booking_action(tentative.id.clone(), BookingAction::Confirm)
        .await
        .unwrap();
    let later = bed
        .client
        .query_availability(tuesday(&[&ida]))
        .await
        .unwrap();
    assert_eq!(utc_start_hours(&later), [8, 9, 11, 14, 15]);

    // Cancelling the first frees its hour again.
    bed.client
        .apply_booking_action(confirmed.id.clone(), BookingAction::Cancel)
        .await
        .unwrap();
    let freed = bed
        .client
        .query_availability(tuesday(&[&ida]))
        .await
        .unwrap();
    assert_eq!(utc_start_hours(&freed), [8, 9, 10, 11, 14, 15]);
}

#[tokio::test]
async fn mutual_slots_honour_both_time_zones() {
    let bed = TestBed::start().await;
    // 09–17 Copenhagen = 08–16 UTC; 08–18 New York (UTC−5) = 13–23 UTC; both: 13–16 UTC.
    let ida = office_hours_resource(&bed, "Dr. Ida Holm", "Europe/Copenhagen", 9, 17).await;
    let hudson = office_hours_resource(&bed, "Room Hudson", "America/New_York", 8, 18).await;

    let slots = bed
        .client
        .query_availability(
            tuesday(&[&ida, &hudson])
                .mode(AvailabilityMode::Mutual)
                .output_timezone("Europe/Copenhagen"),
        )
        .await
        .unwrap();

    assert_eq!(utc_start_hours(&slots), [13, 14, 15]);
    let starts: Vec<&str> = slots.iter().map(|s| s.start.as_str()).collect();
    assert_eq!(
        starts,
        [
            "2030-01-08T14:00:00+01:00",
            "2030-01-08T15:00:00+01:00",
            "2030-01-08T16:00:00+01:00"
        ]
    );
    for slot in &slots {
        let names: Vec<&str> = slot.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Dr. Ida Holm", "Room Hudson"]);
    }
}
