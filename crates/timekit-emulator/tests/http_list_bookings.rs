//! `GET /bookings`: pagination edges, page links, search combinations, ordering, time windows.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use jiff::SignedDuration;
use serde_json::{Value, json};

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_empty_list_has_laravel_keys() {
    let (_handle, api) = start().await;
    let page = api.get("/bookings").await.expect(200).json();
    assert_eq!(
        page,
        json!({"total": 0, "per_page": 1000, "current_page": 1, "last_page": 1,
               "next_page_url": null, "prev_page_url": null, "from": null, "to": null, "data": []})
    );
    let page = api.get("/bookings?limit=5&page=3").await.expect(200).json();
    assert_eq!(page["per_page"], "5");
    assert_eq!(page["current_page"], 3);
    assert_eq!(page["data"], json!([]));
    assert_eq!(
        page["prev_page_url"],
        format!("{}/bookings?limit=5&page=2", api.base)
    );
    // Absurd page numbers are just empty pages (or a 422 when not a number at all).
    let huge = api
        .get(&format!("/bookings?page={}", usize::MAX))
        .await
        .expect(200)
        .json();
    assert_eq!(huge["data"], json!([]));
    // Not a usable page number: Laravel's paginator reads it as page 1.
    let overflow = api
        .get("/bookings?page=99999999999999999999999")
        .await
        .expect(200)
        .json();
    assert_eq!(overflow["current_page"], 1);
}

#[tokio::test]
async fn pages_follow_next_page_url_to_the_end_without_overlap() {
    let (handle, api) = start().await;
    // Same clock second for all: order falls back to ids, which keeps pages stable.
    let room = handle.seed_resource("Room", "UTC").unwrap();
    let seeded = handle
        .seed_bookings(
            &room,
            7,
            ts("2030-02-01T08:00:00Z"),
            SignedDuration::from_mins(30),
        )
        .unwrap();
    let mut url = format!(
        "{}/bookings?limit=3&search=graph:instant&include=customers",
        api.base
    );
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = api.get(&url).await.expect(200).json();
        pages += 1;
        assert_eq!(page["total"], 7);
        assert_eq!(page["last_page"], 3);
        assert_eq!(page["per_page"], "3");
        assert_eq!(page["current_page"], pages);
        assert!(
            page["data"][0]["customers"].is_array(),
            "include kept across pages"
        );
        let got = ids(&page);
        assert_eq!(page["from"], json!((pages - 1) * 3 + 1));
        assert_eq!(page["to"], json!((pages - 1) * 3 + got.len()));
        seen.extend(got);
        match page["next_page_url"].as_str() {
            Some(next) => {
                assert!(
                    next.contains("search=graph:instant") && next.contains("limit=3"),
                    "{next}"
                );
                url = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut sorted_seen = seen.clone();
    sorted_seen.sort();
    sorted_seen.dedup();
    assert_eq!(sorted_seen.len(), 7, "no duplicates across pages");
    let mut expected = seeded;
    expected.sort();
    assert_eq!(sorted_seen, expected);
    // The last page links back and has no next.
    let last = api.get("/bookings?limit=3&page=3").await.json();
    assert_eq!(ids(&last).len(), 1);
    assert_eq!(last["next_page_url"], Value::Null);
    assert_eq!(
        last["prev_page_url"],
        format!("{}/bookings?limit=3&page=2", api.base)
    );
    // An exact fit has no extra page.
    let exact = api.get("/bookings?limit=7").await.json();
    assert_eq!(
        (exact["last_page"].clone(), exact["next_page_url"].clone()),
        (json!(1), Value::Null)
    );
}

#[tokio::test]
async fn limit_and_page_out_of_range_are_422() {
    let (_handle, api) = start().await;
    let over = api.get("/bookings?limit=1001").await.expect(422).json();
    assert_eq!(
        over,
        json!({"errors": {"limit": ["The limit may not be greater than 1000."]}})
    );
    api.get("/bookings?limit=1000").await.expect(200);
    for query in [
        "limit=0",
        "limit=-1",
        "limit=ten",
        "sortedBy=up",
        "orderBy=colour",
        "start=yesterday",
        "search=nokey",
        "search=completed:maybe",
    ] {
        let json = api
            .get(&format!("/bookings?{query}"))
            .await
            .expect(422)
            .json();
        assert!(json["errors"].is_object(), "{query}: {json}");
    }
}

#[tokio::test]
async fn default_order_is_newest_first_and_order_by_works() {
    let (_handle, api, clock) = start_with_clock().await;
    let room = api.resource("Room").await;
    let mut created = Vec::new();
    for (hour, graph) in [(14, "instant"), (9, "confirm_decline"), (11, "instant")] {
        created.push(
            api.booking(booking_at(&room, graph, hour)).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        clock.advance(SignedDuration::from_secs(10));
    }
    let default = ids(&api.get("/bookings").await.json());
    assert_eq!(
        default,
        [created[2].clone(), created[1].clone(), created[0].clone()]
    );
    let oldest_first = ids(&api.get("/bookings?sortedBy=asc").await.json());
    assert_eq!(oldest_first, created);
    let by_start = ids(&api.get("/bookings?orderBy=start&sortedBy=asc").await.json());
    assert_eq!(
        by_start,
        [created[1].clone(), created[2].clone(), created[0].clone()]
    );
    let by_graph = api.get("/bookings?orderBy=graph&sortedBy=ASC").await.json();
    assert_eq!(by_graph["data"][0]["graph"], "confirm_decline");
    // updated_at moves with actions.
    api.action(&created[0], "cancel").await.expect(200);
    let by_update = ids(&api.get("/bookings?orderBy=updated_at").await.json());
    assert_eq!(by_update[0], created[0]);
}

/// The ids (sorted) a search finds.
async fn search(api: &Api, query: &str) -> Vec<String> {
    let mut found = ids(&api
        .get(&format!("/bookings?search={query}"))
        .await
        .expect(200)
        .json());
    found.sort();
    found
}

#[tokio::test]
async fn search_combines_criteria_with_and() {
    let (_handle, api) = start().await;
    let room_a = api.resource("A").await;
    let room_b = api.resource("B").await;
    let make = |room: &str, graph: &str, hour: u32, name: &str, email: &str, meta: Value| {
        let mut body = booking_at(room, graph, hour);
        body["customer"] = json!({"name": name, "email": email});
        body["meta"] = meta;
        body
    };
    let jane = api
        .booking(make(
            &room_a,
            "instant",
            9,
            "Jane Roe",
            "jane@example.com",
            json!({"ref": "A-1", "n": 5}),
        ))
        .await;
    let janet = api
        .booking(make(
            &room_a,
            "confirm_decline",
            11,
            "Janet Doe",
            "janet@example.com",
            json!({"ref": "A-2"}),
        ))
        .await;
    let bob = api
        .booking(make(
            &room_b,
            "instant",
            9,
            "Bob Stone",
            "BOB@example.com",
            json!({"ref": "B-1"}),
        ))
        .await;
    api.action(bob["id"].as_str().unwrap(), "cancel")
        .await
        .expect(200);
    let id = |b: &Value| b["id"].as_str().unwrap().to_owned();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(search(&api, "resource.id:").await.len(), 0);
    assert_eq!(
        search(&api, &format!("resource.id:{room_a}")).await,
        sorted(vec![id(&jane), id(&janet)])
    );
    assert_eq!(
        search(&api, "graph:instant").await,
        sorted(vec![id(&jane), id(&bob)])
    );
    assert_eq!(
        search(&api, "graph:instant;state:confirmed").await,
        vec![id(&jane)]
    );
    assert_eq!(search(&api, "completed:true").await, vec![id(&bob)]);
    assert_eq!(
        search(&api, "completed:false;graph:confirm_decline").await,
        vec![id(&janet)]
    );
    assert_eq!(
        search(&api, "customer.name:jan*").await,
        sorted(vec![id(&jane), id(&janet)])
    );
    assert_eq!(search(&api, "customer.name:*DOE").await, vec![id(&janet)]);
    assert_eq!(
        search(&api, "customer.name:jane%20roe").await,
        vec![id(&jane)]
    );
    assert_eq!(
        search(&api, "customer.name:jane").await,
        Vec::<String>::new()
    );
    assert_eq!(
        search(&api, "customer.email:bob@EXAMPLE.com").await,
        vec![id(&bob)]
    );
    assert_eq!(search(&api, "meta.ref:A-2").await, vec![id(&janet)]);
    assert_eq!(
        search(&api, "meta.n:5;customer.name:*roe").await,
        vec![id(&jane)]
    );
    assert_eq!(
        search(&api, "meta.ref:A-1;graph:confirm_decline").await,
        Vec::<String>::new()
    );
    let combined = format!("resource.id:{room_a};customer.name:J*;state:tentative");
    assert_eq!(search(&api, &combined).await, vec![id(&janet)]);
    // The `;` can be percent-encoded too.
    assert_eq!(
        search(&api, "graph:instant%3Bcompleted:true").await,
        vec![id(&bob)]
    );
}

async fn count(api: &Api, query: &str) -> Value {
    api.get(&format!("/bookings?{query}"))
        .await
        .expect(200)
        .json()["total"]
        .clone()
}

#[tokio::test]
async fn start_and_end_filter_by_overlap() {
    let (_handle, api) = start().await;
    let room = api.resource("Room").await;
    let nine = api.booking(booking_at(&room, "instant", 9)).await["id"].clone();
    let eleven = api.booking(booking_at(&room, "instant", 11)).await["id"].clone();
    assert_eq!(count(&api, "start=2030-01-02T10:00:00Z").await, json!(1));
    assert_eq!(count(&api, "start=2030-01-02T09:30:00Z").await, json!(2));
    assert_eq!(count(&api, "end=2030-01-02T10:00:00Z").await, json!(1));
    assert_eq!(
        count(&api, "start=2030-01-02T10:00:00Z&end=2030-01-02T11:00:00Z").await,
        json!(0)
    );
    assert_eq!(
        count(
            &api,
            "start=2030-01-02T09:00:00%2B00:00&end=2030-01-02T12:00:00Z"
        )
        .await,
        json!(2)
    );
    let only = api.get("/bookings?start=2030-01-02T10:30:00Z").await.json();
    assert_eq!(only["data"][0]["id"], eleven);
    assert_ne!(only["data"][0]["id"], nine);
}
