//! The dashboard's routes over HTTP (issue 18 item 6): `GET /__emulator/overview` (one read of
//! what the page shows) with the control API's token rules, and `GET /__emulator/dashboard`,
//! the page, served without the token while control is on. The page in a browser is
//! `dashboard_browser.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Answer, Api, booking_at, start, start_with, ts};
use http::Method;
use jiff::SignedDuration;
use serde_json::json;
use timekit_emulator::{Emulator, EmulatorHandle};

fn url(handle: &EmulatorHandle, path: &str) -> String {
    format!("http://{}/__emulator{path}", handle.addr())
}

async fn get(
    api: &Api,
    handle: &EmulatorHandle,
    path: &str,
    authorization: Option<&str>,
) -> Answer {
    api.send(Method::GET, &url(handle, path), None, authorization)
        .await
}

/// A GET with one header and no credentials; the body is left unread.
async fn raw_get(url: &str, (name, value): (&str, &str)) -> http::Response<hyper::body::Incoming> {
    let request = http::Request::builder()
        .uri(url)
        .header(name, value)
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap();
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http()
        .request(request)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_overview_has_the_clock_resources_the_weeks_bookings_log_and_faults() {
    let (handle, api) = start().await;
    let room = api.resource("Room").await;
    // NOW is Tuesday 2030-01-01: this week runs from Monday 2029-12-31.
    let inside = api.booking(booking_at(&room, "instant", 10)).await;
    let mut later = booking_at(&room, "confirm_decline", 10);
    later["start"] = json!("2030-01-09T10:00:00+00:00");
    later["end"] = json!("2030-01-09T11:00:00+00:00");
    let next_week = api.booking(later).await;
    handle
        .faults()
        .push(timekit_emulator::faults::FaultRule::new(
            timekit_emulator::faults::Fault::Latency(std::time::Duration::from_millis(1)),
        ));

    let overview = get(&api, &handle, "/overview", None)
        .await
        .expect(200)
        .json();
    assert_eq!(
        overview["clock"],
        json!({"now": "2030-01-01T09:00:00Z", "fixed": true})
    );
    assert_eq!(
        overview["week"],
        json!({"start": "2029-12-31", "from": "2029-12-31T00:00:00Z", "to": "2030-01-07T00:00:00Z"})
    );
    assert_eq!(
        overview["resources"],
        json!([{"id": room, "name": "Room", "email": null, "timezone": "Europe/Berlin"}])
    );
    assert_eq!(
        overview["bookings"],
        json!([{
            "id": inside["id"], "resource_id": room, "graph": "instant", "state": "confirmed",
            "start": "2030-01-02T10:00:00Z", "end": "2030-01-02T11:00:00Z", "what": "Consultation",
        }])
    );
    assert_eq!(overview["bookings_truncated"], false);
    assert_eq!(overview["resources_truncated"], false);
    // Newest first: the last request was the second booking.
    assert_eq!(overview["requests_total"], 3);
    assert_eq!(overview["requests"][0]["template"], "/bookings");
    assert_eq!(overview["requests"][2]["template"], "/resources");
    assert_eq!(overview["faults"]["rules"][0]["fault"]["kind"], "latency");

    // Any day of a week names that week; states are as the API answers them now.
    let next = get(&api, &handle, "/overview?week=2030-01-12", None)
        .await
        .expect(200)
        .json();
    assert_eq!(next["week"]["start"], "2030-01-07");
    assert_eq!(next["bookings"][0]["id"], next_week["id"]);
    assert_eq!(next["bookings"][0]["state"], "tentative");
    handle.clock().set(ts("2030-01-02T12:00:00Z"));
    let later = get(&api, &handle, "/overview", None)
        .await
        .expect(200)
        .json();
    assert_eq!(
        later["bookings"][0]["state"], "completed",
        "auto-complete is due"
    );

    for bad in ["/overview?week=monday", "/overview?week=2030-13-01"] {
        let refused = get(&api, &handle, bad, None).await.expect(422).json();
        assert!(refused["errors"]["week"].is_array(), "{refused}");
    }
    handle.shutdown().await;
}

#[tokio::test]
async fn a_crowded_week_is_cut_at_two_thousand_bookings_and_says_so() {
    let (handle, api) = start().await;
    let room = handle.seed_resource("Room", "UTC").unwrap();
    handle
        .seed_bookings(
            &room,
            2_001,
            ts("2029-12-31T00:00:00Z"),
            SignedDuration::from_mins(5),
        )
        .unwrap();
    let overview = get(&api, &handle, "/overview", None)
        .await
        .expect(200)
        .json();
    assert_eq!(overview["bookings"].as_array().unwrap().len(), 2_000);
    assert_eq!(overview["bookings_truncated"], true);
    // The earliest are kept.
    assert_eq!(overview["bookings"][0]["start"], "2029-12-31T00:00:00Z");
    handle.shutdown().await;
}

#[tokio::test]
async fn the_page_needs_no_token_but_its_data_does_and_never_the_api_key() {
    let (handle, api) = start_with(Emulator::builder().control_token("ctl-secret")).await;
    let page = get(&api, &handle, "/dashboard", None).await.expect(200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = page.header("content-security-policy").unwrap();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'sha256-"),
        "{policy}"
    );
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    let html = String::from_utf8(page.body.to_vec()).unwrap();
    assert!(html.contains("<title>Timekit emulator dashboard</title>"));
    assert!(!html.contains("ctl-secret"));

    for authorization in [None, Some("Bearer wrong"), Some(api.auth.as_str())] {
        get(&api, &handle, "/overview", authorization)
            .await
            .expect(401);
    }
    get(&api, &handle, "/overview", Some("Bearer ctl-secret"))
        .await
        .expect(200);
    let by_header = raw_get(
        &url(&handle, "/overview"),
        ("x-emulator-token", "ctl-secret"),
    )
    .await;
    assert_eq!(by_header.status(), 200, "the header the page sends");
    // The page is read-only: it has no other method.
    let posted = api
        .send(Method::POST, &url(&handle, "/dashboard"), None, None)
        .await
        .expect(405);
    assert_eq!(posted.header("allow"), Some("GET"));
    handle.shutdown().await;
}

#[tokio::test]
async fn with_control_off_the_page_and_its_data_do_not_exist() {
    let (handle, api) = start_with(Emulator::builder().control(false)).await;
    get(&api, &handle, "/dashboard", None).await.expect(404);
    get(&api, &handle, "/overview", None).await.expect(404);
    handle.shutdown().await;
}

#[tokio::test]
async fn control_answers_never_allow_another_origin_but_the_api_still_does() {
    let (handle, api) = start().await;
    let origin = [("origin", "http://elsewhere.example")];
    let api_answer = api.send_with(Method::GET, "/app", None, &origin).await;
    assert_eq!(
        api_answer.header("access-control-allow-origin"),
        Some("http://elsewhere.example")
    );
    for path in ["/overview", "/dashboard", "/requests"] {
        let answer = raw_get(&url(&handle, path), ("origin", "http://elsewhere.example")).await;
        assert_eq!(answer.status(), 200, "{path}");
        assert!(
            !answer.headers().contains_key("access-control-allow-origin"),
            "{path} must not be readable from another origin"
        );
    }
    handle.shutdown().await;
}
