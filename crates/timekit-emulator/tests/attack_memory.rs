//! Issue 17, row "200,000 stored bookings: ~3 KB of RSS each": the memory one stored booking
//! costs stays bounded. 40,000 bookings (over 100 resources, like a busy app) are seeded in
//! process and the growth of the resident set is divided by their number.
//!
//! The bench (`store_scaling`) measures the same at 200,000 in release mode against the goal of
//! 1.5 KiB; this test guards the order of magnitude with room for a debug build's allocator
//! noise: it failed at ~2.5 KiB before the store stopped keeping a map per customer and a text
//! per timestamp, and passes at ~1.2 KiB. It is the only test of its binary, so no other test
//! allocates meanwhile. Linux only (`/proc/self/status`); elsewhere it says so and passes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::{SignedDuration, Timestamp};
use timekit_emulator::Emulator;

const BOOKINGS: usize = 40_000;
const RESOURCES: usize = 100;
/// The bound per booking, in bytes: the bench's goal (1.5 KiB) plus a quarter for debug
/// builds and allocator slack, still well under what the store used to take (~2.5 KiB).
const BOUND: f64 = 1.875 * 1024.0;

/// `VmRSS` of this process in bytes, when `/proc` is there.
fn resident_bytes() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

#[tokio::test(flavor = "current_thread")]
async fn stored_bookings_cost_a_bounded_amount_of_memory_each() {
    let emulator = Emulator::start().await.unwrap();
    let resources: Vec<String> = (0..RESOURCES)
        .map(|index| {
            emulator
                .seed_resource(&format!("Room {index}"), "Europe/Berlin")
                .unwrap()
        })
        .collect();
    let start: Timestamp = "2030-01-07T09:00:00Z".parse().unwrap();
    // A first small batch warms the allocator and the store's maps.
    emulator
        .seed_bookings(&resources[0], 100, start, SignedDuration::from_mins(30))
        .unwrap();
    let Some(before) = resident_bytes() else {
        eprintln!("no /proc/self/status: memory not measured");
        return;
    };
    for resource in &resources {
        emulator
            .seed_bookings(
                resource,
                BOOKINGS / RESOURCES,
                start
                    .checked_add(SignedDuration::from_hours(24 * 30))
                    .unwrap(),
                SignedDuration::from_mins(30),
            )
            .unwrap();
    }
    let after = resident_bytes().unwrap();
    let per_booking = (after - before) / BOOKINGS as f64;
    eprintln!("{per_booking:.0} bytes per stored booking");
    assert!(
        per_booking <= BOUND,
        "{per_booking:.0} bytes of resident memory per stored booking (bound {BOUND:.0})"
    );
    // Still answering, and everything is there.
    assert_eq!(emulator.bookings().len(), BOOKINGS + 100);
}
