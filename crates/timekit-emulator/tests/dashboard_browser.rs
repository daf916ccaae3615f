//! The dashboard (issue 18 item 6) in a real headless browser: Debian's Chromium renders
//! `/__emulator/dashboard` against a seeded emulator; the DOM must show the resources, every
//! booking with its state, the request log and the fault rule, booking titles as text; the
//! screenshot must carry the state colours (a blank or unstyled page fails). Skipped with one
//! line when Chromium is not installed, unless `TIMEKIT_REQUIRE_BROWSER=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod browser;
mod common;

use std::path::PathBuf;

use browser::TempDir;
use common::{Api, start_with};
use http::Method;
use serde_json::{Value, json};
use timekit_emulator::{Emulator, EmulatorHandle};

/// A title an API caller could send: markup that must stay text.
const HOSTILE: &str = "<img src=x onerror=document.title='pwned'>";

/// The state colours of `page.css` the seeded bookings take (RGB).
const COLOURS: [(&str, [u8; 3]); 4] = [
    ("confirmed", [0x2e, 0x7d, 0x32]),
    ("tentative", [0xf9, 0xa8, 0x25]),
    ("declined", [0xc6, 0x28, 0x28]),
    ("cancelled", [0x8e, 0x24, 0xaa]),
];

/// What the seeding left: booking id → the state it should show.
struct Seeded {
    bookings: Vec<(String, &'static str)>,
}

/// A two-hour booking on 2030-01-0`day` (the clock's week: NOW is Tuesday 2030-01-01).
fn body(resource: &str, graph: &str, day: u32, hour: u32, what: &str) -> Value {
    json!({
        "resource_id": resource,
        "graph": graph,
        "start": format!("2030-01-0{day}T{hour:02}:00:00+00:00"),
        "end": format!("2030-01-0{day}T{:02}:00:00+00:00", hour + 2),
        "what": what,
        "customer": {"name": "Jane Roe", "email": "jane@example.com"},
    })
}

/// Two resources, bookings in four states (one with a hostile title), a fault rule, and a
/// few API requests for the log (all made through the API, so the log has rows).
async fn seed(handle: &EmulatorHandle, api: &Api) -> Seeded {
    let alpha = api.resource("Room Alpha").await;
    let beta = api.resource("Dr. Beta").await;
    let id = |booking: Value| booking["id"].as_str().unwrap().to_owned();
    let confirmed = id(api.booking(body(&alpha, "instant", 1, 10, HOSTILE)).await);
    let tentative = id(api
        .booking(body(&beta, "confirm_decline", 1, 10, "Tentative talk"))
        .await);
    let declined = id(api
        .booking(body(&alpha, "confirm_decline", 2, 13, "Declined demo"))
        .await);
    api.action(&declined, "decline").await.expect(200);
    let cancelled = id(api
        .booking(body(&beta, "instant", 3, 8, "Cancelled call"))
        .await);
    api.action(&cancelled, "cancel").await.expect(200);
    api.get("/bookings/00000000-0000-0000-0000-000000000000")
        .await
        .expect(404);
    let rule = json!({
        "fault": {"kind": "status", "status": 503},
        "method": "GET",
        "path_prefix": "/v2/projects",
        "times": 5,
    });
    let faults = format!("http://{}/__emulator/faults", handle.addr());
    let body = Some(rule.to_string().into_bytes());
    api.send(Method::POST, &faults, body, None)
        .await
        .expect(201);
    Seeded {
        bookings: vec![
            (confirmed, "confirmed"),
            (tentative, "tentative"),
            (declined, "declined"),
            (cancelled, "cancelled"),
        ],
    }
}

fn dashboard_url(handle: &EmulatorHandle, fragment: &str) -> String {
    format!("http://{}/__emulator/dashboard{fragment}", handle.addr())
}

/// Runs Chromium off the runtime's threads, so the emulator keeps answering it.
async fn chromium(browser: PathBuf, extra: Vec<String>, url: String) -> String {
    tokio::task::spawn_blocking(move || {
        let profile = TempDir::new("chromium-profile");
        browser::run(&browser, &profile.0, &extra, &url)
    })
    .await
    .unwrap()
}

async fn dump_dom(browser: PathBuf, url: String) -> String {
    chromium(browser, vec!["--dump-dom".to_owned()], url).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dom_shows_resources_bookings_by_state_the_request_log_and_the_fault() {
    let Some(browser) = browser::chromium() else {
        return;
    };
    let (handle, api) = start_with(Emulator::builder()).await;
    let seeded = seed(&handle, &api).await;
    let dom = dump_dom(browser, dashboard_url(&handle, "")).await;

    assert!(
        dom.contains(r#"data-loaded="true""#),
        "never loaded:\n{dom}"
    );
    assert!(dom.contains(r#"data-status="ok""#), "{dom}");
    assert!(dom.contains("2030-01-01T09:00:00Z"), "the clock is shown");
    assert!(
        dom.contains(">2029-12-31<"),
        "the clock's week (from Monday) is shown"
    );
    for name in ["Room Alpha", "Dr. Beta"] {
        assert!(
            dom.contains(&format!("<td>{name}</td>")),
            "resource {name}:\n{dom}"
        );
    }
    for (id, state) in &seeded.bookings {
        let block =
            format!(r#"class="booking state-{state}" data-booking-id="{id}" data-state="{state}""#);
        assert!(dom.contains(&block), "booking {id} as {state}:\n{dom}");
    }
    // The hostile title is text in a block, never an element; its handler never ran.
    assert!(
        dom.contains("&lt;img src=x onerror="),
        "the title is shown as text"
    );
    assert!(
        !dom.contains(r#"<img src="x""#),
        "the title became an element:\n{dom}"
    );
    assert!(dom.contains("<title>Timekit emulator dashboard</title>"));
    // The request log, newest first, and the 404 marked as a client error.
    for row in [
        "<td>POST</td><td>/v2/resources</td><td>201</td>",
        "<td>PUT</td><td>/v2/bookings/{id}/{action}</td><td>200</td>",
        r#"<td>GET</td><td>/v2/bookings/{id}</td><td class="status-4xx">404</td>"#,
    ] {
        assert!(dom.contains(row), "request log row {row}:\n{dom}");
    }
    // The active fault rule.
    let faults = &dom[dom.find(r#"id="faults""#).unwrap()..];
    assert!(faults.contains("<td>/v2/projects…</td>"), "{faults}");
    assert!(faults.contains(r#""status":503"#), "{faults}");
    assert!(faults.contains("<td>5</td>"), "uses left: {faults}");
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_screenshot_is_1280_by_900_and_carries_the_state_colours() {
    let Some(browser) = browser::chromium() else {
        return;
    };
    let (handle, api) = start_with(Emulator::builder()).await;
    seed(&handle, &api).await;
    let out = TempDir::new("dashboard-shot");
    let shot = out.0.join("shot.png");
    let extra = vec![
        format!("--screenshot={}", shot.display()),
        "--window-size=1280,900".to_owned(),
    ];
    chromium(browser, extra, dashboard_url(&handle, "")).await;
    handle.shutdown().await;

    let decoder = png::Decoder::new(std::fs::File::open(&shot).expect("no screenshot written"));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((frame.width, frame.height), (1280, 900));
    let channels = frame.color_type.samples();
    assert!(channels >= 3, "{:?}", frame.color_type);
    let pixels = &pixels[..frame.buffer_size()];
    for (state, colour) in COLOURS {
        let count = pixels
            .chunks_exact(channels)
            .filter(|pixel| {
                pixel[..3]
                    .iter()
                    .zip(colour)
                    .all(|(got, want)| got.abs_diff(want) <= 2)
            })
            .count();
        // A legend swatch is 12×12 = 144 pixels; a two-hour block is thousands.
        assert!(
            count >= 1_000,
            "only {count} pixels of the {state} colour {colour:?}: the blocks are missing"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_token_the_page_says_it_was_refused_until_the_fragment_carries_it() {
    let Some(browser) = browser::chromium() else {
        return;
    };
    let (handle, api) = start_with(Emulator::builder().control_token("dash-secret")).await;
    api.resource("Room Gamma").await;

    let refused = dump_dom(browser.clone(), dashboard_url(&handle, "")).await;
    assert!(refused.contains(r#"data-loaded="refused""#), "{refused}");
    assert!(refused.contains(r#"data-status="refused""#), "{refused}");
    assert!(refused.contains("Refused (401)"), "{refused}");
    assert!(!refused.contains("Room Gamma"), "no data without the token");

    let wrong = dump_dom(browser.clone(), dashboard_url(&handle, "#token=nope")).await;
    assert!(wrong.contains(r#"data-loaded="refused""#), "{wrong}");

    let shown = dump_dom(browser, dashboard_url(&handle, "#token=dash-secret")).await;
    assert!(shown.contains(r#"data-loaded="true""#), "{shown}");
    assert!(shown.contains("<td>Room Gamma</td>"), "{shown}");
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_week_named_in_the_fragment_is_shown_instead_of_the_clocks() {
    let Some(browser) = browser::chromium() else {
        return;
    };
    let (handle, api) = start_with(Emulator::builder()).await;
    let room = api.resource("Room Delta").await;
    let id = |booking: Value| booking["id"].as_str().unwrap().to_owned();
    let this_week = id(api.booking(body(&room, "instant", 2, 9, "This week")).await);
    let mut later = body(&room, "instant", 2, 9, "Next week");
    later["start"] = json!("2030-01-09T09:00:00+00:00");
    later["end"] = json!("2030-01-09T11:00:00+00:00");
    let next_week = id(api.booking(later).await);

    let dom = dump_dom(browser, dashboard_url(&handle, "#week=2030-01-10")).await;
    assert!(dom.contains(r#"data-loaded="true""#), "{dom}");
    assert!(
        dom.contains(">2030-01-07<"),
        "the week from its Monday:\n{dom}"
    );
    assert!(
        dom.contains(&format!(r#"data-booking-id="{next_week}""#)),
        "{dom}"
    );
    assert!(
        !dom.contains(&format!(r#"data-booking-id="{this_week}""#)),
        "{dom}"
    );
    handle.shutdown().await;
}
