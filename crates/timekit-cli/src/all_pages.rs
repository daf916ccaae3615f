//! `--all`: every page of a list through the client's pagination stream, joined into one JSON
//! array, with a progress bar on stderr for a person watching (hidden when stderr is not a
//! terminal).
//!
//! The walk is `Client::paginate`'s, so the command stops by the SDK's rules: at the last
//! page, after page `u64::MAX`, and with an error (exit 4) when the server repeats a page or
//! a next-page URL, answers an empty page that claims more follow, or announces more than
//! 100,000 pages.

use std::io::IsTerminal;
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use futures_util::StreamExt as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::de::IgnoredAny;
use timekit::ops::{BuildError, FromResponse, Paginated, ResponseError};
use timekit::{Client, Operation, Transport};
use timekit_model::Page;

use crate::failure::Failure;
use crate::json_out::{self, Style};

/// Fetches every page from the operation's page on, and returns one compact JSON array:
/// every item of every page's `data` in order, or, with `raw`, every page body whole.
///
/// # Errors
/// The first failure of a page ([`Failure::Api`] when a page is not a list page), or the
/// pagination stream's refusal to loop.
pub async fn collect<T, P>(client: &Client<T>, op: P, raw: bool) -> Result<Vec<u8>, Failure>
where
    T: Transport + 'static,
    P: Paginated + Send + 'static,
{
    let first_page = op.requested_page().max(1);
    let pages = Arc::new(Mutex::new(Pages::default()));
    let op = KeepJson {
        op,
        raw,
        pages: Arc::clone(&pages),
    };
    let progress = progress_bar();
    let mut items = 0u64;
    let mut stream = pin!(client.paginate(op));
    while let Some(item) = stream.next().await {
        item?;
        items += 1;
        let pages = lock(&pages);
        if let Some(last) = pages.last_page {
            progress.set_length(last.saturating_sub(first_page) + 1);
        }
        progress.set_position(pages.parts.len() as u64);
        progress.set_message(format!("{items} items"));
    }
    progress.finish_and_clear();
    let parts = std::mem::take(&mut lock(&pages).parts);
    if raw {
        return Ok(json_out::array_of(parts.iter().map(Vec::as_slice)));
    }
    json_out::concat_arrays(parts.iter().map(Vec::as_slice))
        .ok_or_else(|| Failure::bad_answer("a page's `data` is not an array"))
}

/// What the pages fetched so far leave for the output and the progress bar.
#[derive(Default)]
struct Pages {
    /// The compact JSON kept from each page: its `data`, or the whole body with `raw`.
    parts: Vec<Vec<u8>>,
    last_page: Option<u64>,
}

fn lock(pages: &Mutex<Pages>) -> MutexGuard<'_, Pages> {
    pages.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The list operation `P`, read for the pagination stream as a page of items it does not
/// look into, while each page's JSON is kept as the server sent it (member order, every
/// field), never re-serialised from a model.
#[derive(Clone)]
struct KeepJson<P> {
    op: P,
    raw: bool,
    pages: Arc<Mutex<Pages>>,
}

impl<P: Paginated> Operation for KeepJson<P> {
    type Output = Page<IgnoredAny>;
    const NAME: &'static str = P::NAME;
    const METHOD: http::Method = P::METHOD;
    const PATH_TEMPLATE: &'static str = P::PATH_TEMPLATE;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        self.op.path_params()
    }

    fn path(&self) -> Result<String, BuildError> {
        self.op.path()
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.op.query()
    }

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.op.body()
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<Self::Output, ResponseError> {
        let body = response.body().clone();
        let page = Page::<IgnoredAny>::from_response(response)?;
        // The body decoded as a page, so it is JSON with a `data` array.
        let part = if self.raw {
            json_out::restyle(&body, Style::Compact).ok()
        } else {
            json_out::data_member(&body).ok().flatten()
        };
        let mut pages = lock(&self.pages);
        pages.parts.push(part.unwrap_or_default());
        pages.last_page = page.last_page.or(pages.last_page);
        Ok(page)
    }
}

impl<P: Paginated> Paginated for KeepJson<P> {
    type Item = IgnoredAny;

    fn with_page(&self, page: u64) -> Self {
        KeepJson {
            op: self.op.with_page(page),
            raw: self.raw,
            pages: Arc::clone(&self.pages),
        }
    }

    fn requested_page(&self) -> u64 {
        self.op.requested_page()
    }
}

fn progress_bar() -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    if let Ok(style) = ProgressStyle::with_template("{spinner} page {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_json::{Value, json};
    use timekit::RetryPolicy;
    use timekit::ops::ListResources;
    use timekit::transport::TransportError;
    use timekit::transport::test_util::{json_response, transport_fn};

    use super::*;

    /// A list of `total` numbered items served `per_page` at a time, Laravel style.
    fn serve(total: u64, per_page: u64, page: u64) -> Vec<u8> {
        let last_page = total.div_ceil(per_page).max(1);
        let from = (page - 1) * per_page;
        let data: Vec<Value> = (from..total.min(from + per_page))
            .map(|n| json!({"n": n, "a": 0}))
            .collect();
        let next =
            (page < last_page).then(|| format!("http://127.0.0.1/v2/bookings?page={}", page + 1));
        serde_json::to_vec(&json!({
            "total": total, "per_page": per_page.to_string(), "current_page": page,
            "last_page": last_page, "next_page_url": next, "data": data,
        }))
        .unwrap()
    }

    /// The `page` query value of a request (1 when absent).
    fn page_of(request: &http::Request<Bytes>) -> u64 {
        request
            .uri()
            .query()
            .unwrap_or("")
            .split('&')
            .find_map(|pair| pair.strip_prefix("page="))
            .map_or(1, |n| n.parse().unwrap())
    }

    /// Runs `--all` from page `first` against a server answering `fetch(page)`; returns the
    /// joined JSON and the pages asked for, in order.
    fn run(
        first: u64,
        raw: bool,
        fetch: impl Fn(u64) -> Result<Vec<u8>, TransportError> + Send + Sync + 'static,
    ) -> (Result<Value, Failure>, Vec<u64>) {
        let (joined, asked) = run_bytes(first, raw, fetch);
        let joined = joined.map(|bytes| serde_json::from_slice(&bytes).unwrap());
        (joined, asked)
    }

    /// [`run`], with the joined JSON as the bytes printed.
    fn run_bytes(
        first: u64,
        raw: bool,
        fetch: impl Fn(u64) -> Result<Vec<u8>, TransportError> + Send + Sync + 'static,
    ) -> (Result<Vec<u8>, Failure>, Vec<u64>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&asked);
        let transport = transport_fn(move |request| {
            let page = page_of(&request);
            record.lock().unwrap().push(page);
            fetch(page).map(|body| json_response(200, body))
        });
        let client = Client::builder()
            .api_key("test_api_key_all_pages")
            .base_url("https://api.timekit.invalid/v2")
            .retry_policy(RetryPolicy::none())
            .transport(transport)
            .build()
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let joined = runtime.block_on(collect(&client, ListResources::new().page(first), raw));
        let asked = asked.lock().unwrap().clone();
        (joined, asked)
    }

    #[test]
    fn joins_every_item_of_every_page_in_order() {
        let (all, asked) = run(1, false, |page| Ok(serve(7, 3, page)));
        assert_eq!(asked, [1, 2, 3]);
        let numbers: Vec<u64> = all
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["n"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn starts_at_the_requested_page() {
        let (all, _) = run(2, false, |page| Ok(serve(7, 3, page)));
        assert_eq!(all.unwrap().as_array().unwrap().len(), 4);
    }

    #[test]
    fn page_zero_starts_at_page_one() {
        let (all, asked) = run(0, false, |page| Ok(serve(4, 3, page)));
        assert_eq!(asked, [1, 2]);
        assert_eq!(all.unwrap().as_array().unwrap().len(), 4);
    }

    #[test]
    fn an_empty_list_is_an_empty_array() {
        assert_eq!(
            run(1, false, |page| Ok(serve(0, 3, page))).0.unwrap(),
            json!([])
        );
    }

    #[test]
    fn raw_keeps_each_page_body() {
        let (all, _) = run(1, true, |page| Ok(serve(4, 2, page)));
        let all = all.unwrap();
        let pages = all.as_array().unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1]["current_page"], 2);
        assert_eq!(pages[1]["data"][1]["n"], 3);
    }

    #[test]
    fn items_keep_their_member_order_and_every_field() {
        let body = r#"{"next_page_url": null, "data": [{"zeta": 1, "alpha": [1, 2.5, null]}, {"b": "é"}]}"#;
        let (joined, _) = run_bytes(1, false, move |_| Ok(body.as_bytes().to_vec()));
        assert_eq!(
            String::from_utf8(joined.unwrap()).unwrap(),
            r#"[{"zeta":1,"alpha":[1,2.5,null]},{"b":"é"}]"#
        );
    }

    #[test]
    fn a_server_that_always_has_a_next_page_is_stopped_at_an_empty_page() {
        // The same next-page URL every time: refused at the second page.
        let (all, asked) = run(1, false, |page| {
            let data = if page == 1 {
                json!([{"n": 1}])
            } else {
                json!([])
            };
            Ok(serde_json::to_vec(&json!({"next_page_url": "x", "data": data})).unwrap())
        });
        assert_eq!(asked.len(), 2);
        let failure = all.unwrap_err();
        assert_eq!(failure.exit_code(), 4);
        assert!(failure.to_string().contains("same next page"), "{failure}");
        // A new URL each time, but an empty page that claims more: refused there too.
        let (all, asked) = run(1, false, |page| {
            let data = if page == 1 {
                json!([{"n": 1}])
            } else {
                json!([])
            };
            let next = format!("x?page={}", page + 1);
            Ok(serde_json::to_vec(&json!({"next_page_url": next, "data": data})).unwrap())
        });
        assert_eq!(asked.len(), 2);
        let failure = all.unwrap_err();
        assert_eq!(failure.exit_code(), 4);
        assert!(failure.to_string().contains("empty page"), "{failure}");
    }

    #[test]
    fn a_repeated_page_is_refused() {
        // A server that ignores `page` and always answers page 1 of 3.
        let (all, asked) = run(1, false, |_| Ok(serve(9, 3, 1)));
        assert_eq!(asked, [1, 2]);
        let failure = all.unwrap_err();
        assert_eq!(failure.exit_code(), 4);
        assert!(failure.to_string().contains("already sent"), "{failure}");
    }

    #[test]
    fn the_last_possible_page_number_ends_the_walk() {
        let (all, asked) = run(u64::MAX, false, |_| {
            Ok(serde_json::to_vec(&json!({"next_page_url": "x", "data": [{"n": 1}]})).unwrap())
        });
        assert_eq!(asked, [u64::MAX]);
        assert_eq!(all.unwrap(), json!([{"n": 1}]));
    }

    #[test]
    fn the_first_failure_is_returned() {
        let (all, asked) = run(1, false, |page| {
            if page == 2 {
                Err(TransportError::io("reset"))
            } else {
                Ok(serve(5, 2, page))
            }
        });
        assert_eq!(all.unwrap_err().exit_code(), 5);
        assert_eq!(asked, [1, 2]);
    }

    #[test]
    fn a_body_that_is_not_a_page_is_an_api_failure() {
        let (all, _) = run(1, false, |_| Ok(br#"{"data": {"id": 1}}"#.to_vec()));
        assert_eq!(all.unwrap_err().exit_code(), 4);
    }
}
