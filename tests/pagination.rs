//! `Client::paginate` over several pages of a real server: every item exactly once, the
//! query (search, order) kept from page to page, one request per page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use futures_util::TryStreamExt as _;
use timekit::model::{Booking, Graph, Resource};
use timekit::ops::{ListBookings, ListResources, SortOrder};
use timekit_tests::TestBed;

/// Creates `count` bookings on one resource, one hour each, back to back from Tuesday 00:00
/// UTC; even indexes are `instant`, odd ones `confirm_decline`.
async fn seed_bookings(bed: &TestBed, count: usize) -> Vec<Booking> {
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let mut created = Vec::with_capacity(count);
    for index in 0..count {
        let (day, hour) = (8 + index / 24, index % 24);
        let start = format!("2030-01-{day:02}T{hour:02}:00:00Z");
        let end = format!("2030-01-{day:02}T{hour:02}:59:00Z");
        let graph = if index % 2 == 0 {
            Graph::Instant
        } else {
            Graph::ConfirmDecline
        };
        let customer = format!("Customer {index:02}");
        let answer = bed
            .book(room.id.as_str(), graph, &start, &end, &customer)
            .await;
        created.push(answer);
    }
    created
}

fn ids(bookings: &[Booking]) -> Vec<String> {
    bookings.iter().map(|b| b.id.as_str().to_owned()).collect()
}

#[tokio::test]
async fn every_booking_exactly_once_across_five_pages() {
    let bed = TestBed::start().await;
    let created = seed_bookings(&bed, 23).await;
    bed.emulator.reset_request_counts();

    let listed: Vec<Booking> = bed
        .client
        .paginate(ListBookings::new().limit(5))
        .try_collect()
        .await
        .unwrap();

    let listed_ids = ids(&listed);
    let unique: BTreeSet<&String> = listed_ids.iter().collect();
    assert_eq!(listed_ids.len(), 23, "every item once");
    assert_eq!(unique.len(), 23, "no item twice");
    let expected: BTreeSet<String> = ids(&created).into_iter().collect();
    assert_eq!(
        unique.into_iter().cloned().collect::<BTreeSet<_>>(),
        expected
    );
    // 23 items at 5 per page: pages 1–5, one request each and no extra probe.
    assert_eq!(bed.emulator.request_count("GET", "/bookings"), 5);
}

#[tokio::test]
async fn search_and_order_are_kept_on_every_page() {
    let bed = TestBed::start().await;
    let created = seed_bookings(&bed, 26).await;
    bed.emulator.reset_request_counts();

    let instants: Vec<Booking> = bed
        .client
        .paginate(
            ListBookings::new()
                .search_by("graph", "instant")
                .order_by("start")
                .sorted_by(SortOrder::Asc)
                .include("attributes")
                .limit(4),
        )
        .try_collect()
        .await
        .unwrap();

    // 13 instant bookings at 4 per page: 4 pages, each filtered and in start order.
    let expected: Vec<String> = ids(&created).into_iter().step_by(2).collect();
    assert_eq!(ids(&instants), expected);
    assert!(instants.iter().all(|b| b.graph == Graph::Instant));
    let starts: Vec<_> = instants
        .iter()
        .map(|b| b.event_info().unwrap().start.unwrap().instant())
        .collect();
    assert!(
        starts.windows(2).all(|pair| pair[0] < pair[1]),
        "{starts:?}"
    );
    assert_eq!(bed.emulator.request_count("GET", "/bookings"), 4);
}

#[tokio::test]
async fn paginate_starts_at_the_requested_page() {
    let bed = TestBed::start().await;
    let created = seed_bookings(&bed, 10).await;

    let tail: Vec<Booking> = bed
        .client
        .paginate(
            ListBookings::new()
                .order_by("start")
                .sorted_by(SortOrder::Asc)
                .limit(3)
                .page(2),
        )
        .try_collect()
        .await
        .unwrap();

    // Pages 2, 3 and 4 (of 3, 3, 3, 1): everything after the first three.
    assert_eq!(ids(&tail), ids(&created[3..]));
}

#[tokio::test]
async fn resources_paginate_too() {
    let bed = TestBed::start().await;
    let mut created: Vec<Resource> = Vec::new();
    for index in 0..8 {
        created.push(
            bed.resource(&format!("Room {index}"), "Europe/Berlin")
                .await,
        );
    }
    bed.emulator.reset_request_counts();

    let listed: Vec<Resource> = bed
        .client
        .paginate(ListResources::new().limit(3))
        .try_collect()
        .await
        .unwrap();

    let listed: BTreeSet<String> = listed.iter().map(|r| r.id.as_str().to_owned()).collect();
    let expected: BTreeSet<String> = created.iter().map(|r| r.id.as_str().to_owned()).collect();
    assert_eq!(listed, expected);
    assert_eq!(bed.emulator.request_count("GET", "/resources"), 3);
}
