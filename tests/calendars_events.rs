//! Calendars, events and FindTime through the client over loopback
//! (`timekit-api-more.md` §5.8–§5.10; `docs/api-decisions.md`, "Rest of the API (issue 16)"):
//! a calendar's events are busy time of its resource — they block availability, FindTime and
//! bookings, and deleting one frees the slot again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use timekit::Error;
use timekit::model::{
    AvailabilityMode, AvailabilityRequest, Calendar, CreateCalendarRequest, CreateEventRequest,
    Event, FindTimeBulkRequest, FindTimeRequest, FindTimeTeamRequest, Graph, Resource,
    UpdateCalendarRequest, UpdateEventRequest,
};
use timekit::ops::{
    CreateCalendar, CreateEvent, DeleteCalendar, DeleteEvent, FindTime, FindTimeBulk, FindTimeTeam,
    GetCalendar, GetEvent, ListCalendars, ListEvents, QueryAvailability, UpdateCalendar,
    UpdateEvent,
};
use timekit_tests::{TestBed, at, booking, status_code};

/// How many one-hour slots `resource` has between 10:00 and 12:00 UTC on 2030-01-08.
async fn free_hours(bed: &TestBed, resource: &Resource) -> usize {
    let query = AvailabilityRequest::new([resource.id.as_str()])
        .mode(AvailabilityMode::Mutual)
        .from("2030-01-08T10:00:00Z")
        .to("2030-01-08T12:00:00Z")
        .length("1 hour");
    bed.client
        .call(QueryAvailability::new(query))
        .await
        .unwrap()
        .len()
}

async fn calendar_of(bed: &TestBed, resource: &Resource, name: &str) -> Calendar {
    bed.client
        .call(CreateCalendar::new(
            CreateCalendarRequest::new(name)
                .resource_id(resource.id.clone())
                .description("private appointments"),
        ))
        .await
        .unwrap_or_else(|err| panic!("create_calendar {name}: {err}"))
}

async fn event_in(bed: &TestBed, calendar: &Calendar, start: &str, end: &str) -> Event {
    bed.client
        .call(CreateEvent::new(CreateEventRequest::new(
            calendar.id.clone(),
            at(start),
            at(end),
            "Dentist",
            "Downtown",
        )))
        .await
        .unwrap_or_else(|err| panic!("create_event {start}..{end}: {err}"))
}

#[tokio::test]
async fn an_event_blocks_availability_and_deleting_it_frees_the_slot() {
    let bed = TestBed::start().await;
    let doc = bed.resource("Doc Brown", "UTC").await;
    let calendar = calendar_of(&bed, &doc, "Private").await;
    assert_eq!(calendar.name.as_deref(), Some("Private"));
    assert_eq!(calendar.system, Some(false));
    assert_eq!(free_hours(&bed, &doc).await, 2);

    let event = event_in(
        &bed,
        &calendar,
        "2030-01-08T10:00:00Z",
        "2030-01-08T11:00:00Z",
    )
    .await;
    assert_eq!(event.calendar_id.as_ref(), Some(&calendar.id));
    assert_eq!(event.what.as_deref(), Some("Dentist"));
    assert_eq!(event.where_.as_deref(), Some("Downtown"));
    assert_eq!(
        event.start_timestamp(),
        Some(at("2030-01-08T10:00:00Z").into())
    );
    assert_eq!(free_hours(&bed, &doc).await, 1, "the event is busy time");

    // The double-booking check sees the event too.
    let clash = bed
        .client
        .create_booking(booking(
            doc.id.as_str(),
            Graph::Instant,
            "2030-01-08T10:30:00Z",
            "2030-01-08T11:30:00Z",
            "Marty McFly",
        ))
        .await
        .unwrap_err();
    assert_eq!(status_code(&clash), Some(422), "{clash:?}");

    bed.client
        .call(DeleteEvent::new(event.id.clone()))
        .await
        .unwrap();
    assert_eq!(free_hours(&bed, &doc).await, 2, "deleted: free again");
    let gone = bed.client.call(GetEvent::new(event.id)).await.unwrap_err();
    assert!(matches!(gone, Error::UnexpectedStatus(_)), "{gone:?}");
    assert_eq!(status_code(&gone), Some(404));
    bed.book(
        doc.id.as_str(),
        Graph::Instant,
        "2030-01-08T10:30:00Z",
        "2030-01-08T11:30:00Z",
        "Marty McFly",
    )
    .await;
}

#[tokio::test]
async fn moving_an_event_moves_the_busy_time() {
    let bed = TestBed::start().await;
    let doc = bed.resource("Doc Brown", "UTC").await;
    let calendar = calendar_of(&bed, &doc, "Private").await;
    let event = event_in(
        &bed,
        &calendar,
        "2030-01-08T10:00:00Z",
        "2030-01-08T11:00:00Z",
    )
    .await;
    let update = UpdateEventRequest::new()
        .time(at("2030-01-08T14:00:00Z"), at("2030-01-08T15:00:00Z"))
        .what("Dentist (moved)");
    bed.client
        .call(UpdateEvent::new(event.id.clone(), update))
        .await
        .unwrap();
    assert_eq!(free_hours(&bed, &doc).await, 2, "10:00–12:00 is free again");
    let moved = bed.client.call(GetEvent::new(event.id)).await.unwrap();
    assert_eq!(moved.what.as_deref(), Some("Dentist (moved)"));
    assert_eq!(
        moved.start_timestamp(),
        Some(at("2030-01-08T14:00:00Z").into())
    );
}

#[tokio::test]
async fn events_are_listed_by_window_and_calendar() {
    let bed = TestBed::start().await;
    let doc = bed.resource("Doc Brown", "UTC").await;
    let marty = bed.resource("Marty McFly", "UTC").await;
    let doc_calendar = calendar_of(&bed, &doc, "Doc's").await;
    let marty_calendar = calendar_of(&bed, &marty, "Marty's").await;
    let early = event_in(
        &bed,
        &doc_calendar,
        "2030-01-08T10:00:00Z",
        "2030-01-08T11:00:00Z",
    )
    .await;
    let late = event_in(
        &bed,
        &doc_calendar,
        "2030-01-20T10:00:00Z",
        "2030-01-20T11:00:00Z",
    )
    .await;
    let other = event_in(
        &bed,
        &marty_calendar,
        "2030-01-08T12:00:00Z",
        "2030-01-08T13:00:00Z",
    )
    .await;

    let ids = |events: Vec<Event>| -> Vec<String> {
        let mut ids: Vec<String> = events.into_iter().map(|e| e.id.to_string()).collect();
        ids.sort();
        ids
    };
    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    let week = || ListEvents::new(at("2030-01-07T00:00:00Z"), at("2030-01-14T00:00:00Z"));
    let in_week = bed.client.call(week()).await.unwrap();
    assert_eq!(
        ids(in_week),
        sorted(vec![early.id.to_string(), other.id.to_string()])
    );
    let docs_week = bed
        .client
        .call(week().calendar(doc_calendar.id.clone()))
        .await
        .unwrap();
    assert_eq!(ids(docs_week), vec![early.id.to_string()]);
    let month = ListEvents::new(at("2030-01-01T00:00:00Z"), at("2030-02-01T00:00:00Z"))
        .calendar(doc_calendar.id.clone());
    let docs_month = bed.client.call(month).await.unwrap();
    assert_eq!(
        ids(docs_month),
        sorted(vec![early.id.to_string(), late.id.to_string()])
    );
}

#[tokio::test]
async fn calendars_are_created_read_updated_and_deleted() {
    let bed = TestBed::start().await;
    let doc = bed.resource("Doc Brown", "UTC").await;
    let calendar = calendar_of(&bed, &doc, "Private").await;
    event_in(
        &bed,
        &calendar,
        "2030-01-08T10:00:00Z",
        "2030-01-08T11:00:00Z",
    )
    .await;

    let listed = bed.client.call(ListCalendars::new()).await.unwrap();
    assert!(listed.iter().any(|c| c.id == calendar.id), "{listed:?}");
    let with_events = bed
        .client
        .call(GetCalendar::new(calendar.id.clone()).include("events"))
        .await
        .unwrap();
    assert_eq!(with_events.events.map(|events| events.len()), Some(1));

    let renamed = UpdateCalendarRequest::new().name("Dentist visits");
    bed.client
        .call(UpdateCalendar::new(calendar.id.clone(), renamed))
        .await
        .unwrap();
    let read = bed
        .client
        .call(GetCalendar::new(calendar.id.clone()))
        .await
        .unwrap();
    assert_eq!(read.name.as_deref(), Some("Dentist visits"));
    assert_eq!(read.description.as_deref(), Some("private appointments"));

    bed.client
        .call(DeleteCalendar::new(calendar.id.clone()))
        .await
        .unwrap();
    let gone = bed
        .client
        .call(GetCalendar::new(calendar.id))
        .await
        .unwrap_err();
    assert_eq!(status_code(&gone), Some(404), "{gone:?}");
    assert_eq!(free_hours(&bed, &doc).await, 2, "its events went with it");
}

#[tokio::test]
async fn a_calendar_needs_a_known_owner() {
    let bed = TestBed::start().await;
    let err = bed
        .client
        .call(CreateCalendar::new(CreateCalendarRequest::new("Nobody's")))
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(422), "{err:?}");
}

/// A FindTime query for `resources` on 2030-01-08 10:00–12:00 UTC, one-hour slots.
fn findtime(resources: &[&Resource]) -> FindTimeRequest {
    resources
        .iter()
        .fold(FindTimeRequest::new(), |query, resource| {
            query.resource(resource.id.as_str())
        })
        .start("2030-01-08T10:00:00Z")
        .future("2 hours")
        .length("1 hour")
}

fn starts(slots: &[timekit::model::FindTimeSlot]) -> Vec<i64> {
    slots
        .iter()
        .map(|slot| slot.start_timestamp().unwrap().as_second())
        .collect()
}

#[tokio::test]
async fn findtime_is_mutual_free_time_that_events_block() {
    let bed = TestBed::start().await;
    let doc = bed.resource("Doc Brown", "UTC").await;
    let marty = bed.resource("Marty McFly", "UTC").await;
    let ten = at("2030-01-08T10:00:00Z").as_second();
    let eleven = at("2030-01-08T11:00:00Z").as_second();

    let alone = bed
        .client
        .call(FindTime::new(findtime(&[&doc])))
        .await
        .unwrap();
    assert_eq!(starts(&alone), vec![ten, eleven]);

    let calendar = calendar_of(&bed, &marty, "Marty's").await;
    event_in(
        &bed,
        &calendar,
        "2030-01-08T10:00:00Z",
        "2030-01-08T11:00:00Z",
    )
    .await;
    let mutual = bed
        .client
        .call(FindTime::new(findtime(&[&doc, &marty])))
        .await
        .unwrap();
    assert_eq!(starts(&mutual), vec![eleven], "Marty is busy at ten");

    // One answer per query, in order.
    let bulk = FindTimeBulkRequest::new()
        .query(findtime(&[&doc]))
        .query(findtime(&[&marty]));
    let answers = bed.client.call(FindTimeBulk::new(bulk)).await.unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(starts(&answers[0]), vec![ten, eleven]);
    assert_eq!(starts(&answers[1]), vec![eleven]);

    // A team slot is free when any member is; `users` says who.
    let team = FindTimeTeamRequest::new()
        .member(findtime(&[&doc]))
        .member(findtime(&[&marty]));
    let slots = bed.client.call(FindTimeTeam::new(team)).await.unwrap();
    assert_eq!(starts(&slots), vec![ten, eleven]);
    let users = |slot: &timekit::model::FindTimeSlot| slot.users.as_ref().map_or(0, Vec::len);
    assert_eq!(users(&slots[0]), 1, "{slots:?}");
    assert_eq!(users(&slots[1]), 2, "{slots:?}");
}

#[tokio::test]
async fn findtime_refuses_an_unknown_resource_and_a_bad_future() {
    let bed = TestBed::start().await;
    let doc = bed.resource("Doc Brown", "UTC").await;
    let unknown = FindTimeRequest::new()
        .resource("00000000-0000-4000-8000-000000000000")
        .start("2030-01-08T10:00:00Z");
    let err = bed.client.call(FindTime::new(unknown)).await.unwrap_err();
    assert!(matches!(status_code(&err), Some(404 | 422)), "{err:?}");
    let bad = findtime(&[&doc]).future("whenever");
    let err = bed.client.call(FindTime::new(bad)).await.unwrap_err();
    assert_eq!(status_code(&err), Some(422), "{err:?}");
}
