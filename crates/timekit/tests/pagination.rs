//! `Client::paginate`: follows pages by number, stops at the end, and refuses to loop.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Mutex};

use common::client;
use futures_util::StreamExt;
use serde_json::{Value, json};
use timekit::ops::{ListBookings, ListResources};
use timekit::transport::test_util::{json_response, transport_fn};
use timekit::{Error, PageLoop};

/// One page of resources named `r<n>` for the given numbers.
fn resources(numbers: impl IntoIterator<Item = u64>) -> Value {
    numbers
        .into_iter()
        .map(|n| json!({"id": format!("r{n}"), "name": format!("Resource {n}"), "timezone": "UTC"}))
        .collect()
}

/// A Laravel-style page of `total` items, `per_page` per page, as the real API sends it.
fn laravel_page(page: u64, per_page: u64, total: u64) -> Value {
    let last = total.div_ceil(per_page);
    let first = (page - 1) * per_page + 1;
    let end = (page * per_page).min(total);
    let url = |n: u64| format!("https://api.timekit.io/v2/resources?limit={per_page}&page={n}");
    json!({
        "total": total, "per_page": per_page.to_string(), "current_page": page, "last_page": last,
        "next_page_url": if page < last { Value::from(url(page + 1)) } else { Value::Null },
        "prev_page_url": if page > 1 { Value::from(url(page - 1)) } else { Value::Null },
        "from": first, "to": end, "data": resources(first..=end),
    })
}

/// The `page` query value of a request (1 when absent).
fn page_of(request: &http::Request<bytes::Bytes>) -> u64 {
    request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .map_or(1, |n| n.parse().unwrap())
}

/// A transport answering `answer(page)` and recording the URIs it was asked for.
fn server(
    answer: impl Fn(u64) -> http::Response<bytes::Bytes> + Send + Sync + 'static,
) -> (impl timekit::Transport, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let transport = transport_fn(move |request| {
        record.lock().unwrap().push(request.uri().to_string());
        Ok(answer(page_of(&request)))
    });
    (transport, seen)
}

fn ids(items: &[Result<timekit::model::Resource, Error>]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| item.as_ref().ok())
        .map(|r| r.id.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn follows_three_pages_in_order_and_stops() {
    let (transport, seen) = server(|page| json_response(200, laravel_page(page, 2, 5).to_string()));
    let client = client(transport);
    let items: Vec<_> = client
        .paginate(ListResources::new().limit(2))
        .collect()
        .await;
    assert_eq!(ids(&items), ["r1", "r2", "r3", "r4", "r5"]);
    assert!(items.iter().all(Result::is_ok));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    for (index, uri) in seen.iter().enumerate() {
        assert!(
            uri.starts_with("https://api.timekit.invalid/v2/resources?"),
            "{uri}"
        );
        assert!(uri.contains("limit=2"), "the query is kept: {uri}");
        assert_eq!(
            page_of(&http::Request::get(uri).body(bytes::Bytes::new()).unwrap()),
            index as u64 + 1
        );
    }
}

#[tokio::test]
async fn starts_at_the_operations_page() {
    let (transport, seen) = server(|page| json_response(200, laravel_page(page, 2, 6).to_string()));
    let client = client(transport);
    let items: Vec<_> = client
        .paginate(ListResources::new().limit(2).page(2))
        .collect()
        .await;
    assert_eq!(ids(&items), ["r3", "r4", "r5", "r6"]);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn page_numbers_alone_are_enough_to_continue() {
    // No next_page_url at all: current_page < last_page still says more pages follow.
    let (transport, seen) = server(|page| {
        let mut body = laravel_page(page, 1, 3);
        body.as_object_mut().unwrap().remove("next_page_url");
        json_response(200, body.to_string())
    });
    let items: Vec<_> = client(transport)
        .paginate(ListResources::new().limit(1))
        .collect()
        .await;
    assert_eq!(ids(&items), ["r1", "r2", "r3"]);
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn never_follows_the_servers_url_to_another_host() {
    let (transport, seen) = server(|page| {
        let mut body = laravel_page(page, 1, 2);
        if page == 1 {
            body["next_page_url"] = json!("https://evil.example/steal?page=2");
        }
        json_response(200, body.to_string())
    });
    let items: Vec<_> = client(transport)
        .paginate(ListResources::new().limit(1))
        .collect()
        .await;
    assert_eq!(ids(&items), ["r1", "r2"]);
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|uri| uri.starts_with("https://api.timekit.invalid/v2/"))
    );
}

#[tokio::test]
async fn a_page_without_pagination_keys_is_the_only_page() {
    let (transport, seen) =
        server(|_| json_response(200, json!({"data": resources(1..=2)}).to_string()));
    let items: Vec<_> = client(transport)
        .paginate(ListResources::new())
        .collect()
        .await;
    assert_eq!(ids(&items), ["r1", "r2"]);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_repeated_page_number_stops_with_an_error() {
    // A server that ignores `page` and always answers page 1 of 3.
    let (transport, seen) = server(|_| json_response(200, laravel_page(1, 2, 6).to_string()));
    let client = client(transport);
    let mut stream = Box::pin(client.paginate(ListResources::new().limit(2)));
    let mut yielded = Vec::new();
    while let Some(item) = stream.next().await {
        yielded.push(item);
    }
    assert_eq!(ids(&yielded), ["r1", "r2"], "page 1 once, never twice");
    match yielded.last().unwrap() {
        Err(Error::Pagination(stop)) => {
            assert_eq!(stop.reason(), PageLoop::RepeatedPage);
            assert_eq!(stop.page(), 2);
            assert_eq!(stop.operation(), "list_resources");
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 2);
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

#[tokio::test]
async fn a_repeated_next_url_without_page_numbers_stops_with_an_error() {
    // No page numbers, and the `page` query is ignored: the same page and URL every time.
    let (transport, seen) = server(|_| {
        let body = json!({
            "data": resources([1]),
            "next_page_url": "https://api.timekit.io/v2/resources?page=2",
        });
        json_response(200, body.to_string())
    });
    let items: Vec<_> = client(transport)
        .paginate(ListResources::new())
        .collect()
        .await;
    assert_eq!(
        ids(&items),
        ["r1"],
        "the repeated page is not yielded again"
    );
    assert!(
        matches!(items.last(), Some(Err(Error::Pagination(stop))) if stop.reason() == PageLoop::RepeatedNextUrl)
    );
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_empty_page_that_claims_more_stops_with_an_error() {
    let (transport, _) = server(|page| {
        let mut body = laravel_page(page, 2, 6);
        if page == 2 {
            body["data"] = json!([]);
        }
        json_response(200, body.to_string())
    });
    let items: Vec<_> = client(transport)
        .paginate(ListResources::new().limit(2))
        .collect()
        .await;
    assert_eq!(ids(&items), ["r1", "r2"]);
    assert!(
        matches!(items.last(), Some(Err(Error::Pagination(stop))) if stop.reason() == PageLoop::EmptyPageWithMore)
    );
}

#[tokio::test]
async fn an_error_mid_stream_is_yielded_once_and_ends_the_stream() {
    let (transport, seen) = server(|page| match page {
        2 => json_response(500, r#"{"error": "boom"}"#),
        _ => json_response(200, laravel_page(page, 2, 6).to_string()),
    });
    let items: Vec<_> = client(transport)
        .paginate(ListResources::new().limit(2))
        .collect()
        .await;
    assert_eq!(ids(&items), ["r1", "r2"]);
    assert_eq!(items.len(), 3);
    assert!(matches!(
        items.last(),
        Some(Err(Error::UnexpectedStatus(_)))
    ));
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn bookings_paginate_too() {
    let booking = |n: u64| json!({"id": format!("b{n}"), "graph": "instant", "state": "confirmed", "completed": false});
    let (transport, _) = server(move |page| {
        let body = json!({
            "current_page": page, "last_page": 3, "per_page": 1,
            "data": [booking(page)],
        });
        json_response(200, body.to_string())
    });
    let client = client(transport);
    let ids: Vec<String> = client
        .paginate(ListBookings::new().limit(1))
        .map(|item| item.unwrap().id.as_str().to_owned())
        .collect()
        .await;
    assert_eq!(ids, ["b1", "b2", "b3"]);
}

#[test]
fn the_stream_is_send() {
    fn assert_send<S: Send>(_: &S) {}
    let (transport, _) = server(|_| json_response(200, "{}"));
    let client = client(transport);
    let stream = client.paginate(ListResources::new());
    assert_send(&stream);
}

#[tokio::test]
async fn page_zero_is_read_as_page_one() {
    let (transport, seen) = server(|page| json_response(200, laravel_page(page, 2, 3).to_string()));
    let items: Vec<_> = client(transport)
        .paginate(ListResources::new().limit(2).page(0))
        .collect()
        .await;
    assert_eq!(ids(&items), ["r1", "r2", "r3"]);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert!(seen[0].contains("page=1"), "{}", seen[0]);
}

#[tokio::test]
async fn the_stream_owns_its_client() {
    let (transport, _) = server(|page| json_response(200, laravel_page(page, 2, 3).to_string()));
    // The client is dropped before the stream is polled; the stream runs on its own clone,
    // so it can be returned from a function or moved into a task.
    let stream = client(transport).paginate(ListResources::new().limit(2));
    let items: Vec<_> = tokio::spawn(stream.collect::<Vec<_>>()).await.unwrap();
    assert_eq!(ids(&items), ["r1", "r2", "r3"]);
}
