//! `--all`: fetch every page of a list and join them into one JSON array, with a progress
//! bar on stderr for a person watching (hidden when stderr is not a terminal).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::de::IgnoredAny;
use timekit_model::Page;

use crate::failure::Failure;
use crate::json_out::{self, Style};

/// Far more pages than any Timekit app has; stops a server that always claims a next page.
const MAX_PAGES: usize = 100_000;

/// What one page says about the list.
struct PageFacts {
    items: usize,
    has_next: bool,
    last_page: Option<u64>,
}

fn page_facts(body: &[u8]) -> Result<PageFacts, Failure> {
    let page: Page<IgnoredAny> = serde_json::from_slice(body)
        .map_err(|err| Failure::bad_answer(format!("the answer is not a page of a list: {err}")))?;
    Ok(PageFacts {
        items: page.data.len(),
        has_next: page.has_next(),
        last_page: page.last_page,
    })
}

/// Fetches pages `first_page`, `first_page + 1`, … until the server says there is no next
/// page, and returns one compact JSON array: every item of every page's `data` in order, or,
/// with `raw`, every page body whole.
///
/// A page with no items also ends the walk, so a server that keeps announcing a next page
/// cannot make the command loop forever.
///
/// # Errors
/// The first failure of `fetch_page`; [`Failure::Api`] when a page is not a list page.
pub async fn collect<F>(first_page: u64, raw: bool, mut fetch_page: F) -> Result<Vec<u8>, Failure>
where
    F: AsyncFnMut(u64) -> Result<Vec<u8>, Failure>,
{
    let progress = progress_bar();
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut items = 0usize;
    let first_page = first_page.max(1);
    let mut next_page = Some(first_page);
    // Not `(first_page..)`: that range panics (debug) or wraps to 0 (release) when it
    // steps past u64::MAX, and `--page` comes from the user.
    for _ in 0..MAX_PAGES {
        let Some(page) = next_page else { break };
        next_page = page.checked_add(1);
        let body = fetch_page(page).await?;
        let facts = page_facts(&body)?;
        items += facts.items;
        if let Some(last) = facts.last_page {
            progress.set_length(last.saturating_sub(first_page) + 1);
        }
        progress.inc(1);
        progress.set_message(format!("{items} items"));
        parts.push(page_json(&body, raw)?);
        if !facts.has_next || facts.items == 0 {
            break;
        }
    }
    progress.finish_and_clear();
    if raw {
        return Ok(json_out::array_of(parts.iter().map(Vec::as_slice)));
    }
    json_out::concat_arrays(parts.iter().map(Vec::as_slice))
        .ok_or_else(|| Failure::bad_answer("a page's `data` is not an array"))
}

/// The compact JSON kept from one page: its `data`, or the whole body with `raw`.
fn page_json(body: &[u8], raw: bool) -> Result<Vec<u8>, Failure> {
    let not_json =
        |err: serde_json::Error| Failure::bad_answer(format!("the answer is not JSON: {err}"));
    if raw {
        return json_out::restyle(body, Style::Compact).map_err(not_json);
    }
    json_out::data_member(body)
        .map_err(not_json)?
        .ok_or_else(|| Failure::bad_answer("a page has no `data`"))
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
    use super::*;
    use serde_json::{Value, json};

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

    fn run<F: AsyncFnMut(u64) -> Result<Vec<u8>, Failure>>(
        first: u64,
        raw: bool,
        fetch: F,
    ) -> Result<Value, Failure> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime
            .block_on(collect(first, raw, fetch))
            .map(|bytes| serde_json::from_slice(&bytes).unwrap())
    }

    #[test]
    fn joins_every_item_of_every_page_in_order() {
        let mut asked = Vec::new();
        let all = run(1, false, async |page| {
            asked.push(page);
            Ok(serve(7, 3, page))
        })
        .unwrap();
        assert_eq!(asked, [1, 2, 3]);
        let numbers: Vec<u64> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["n"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn starts_at_the_requested_page() {
        let all = run(2, false, async |page| Ok(serve(7, 3, page))).unwrap();
        assert_eq!(all.as_array().unwrap().len(), 4);
    }

    #[test]
    fn an_empty_list_is_an_empty_array() {
        assert_eq!(
            run(1, false, async |page| Ok(serve(0, 3, page))).unwrap(),
            json!([])
        );
    }

    #[test]
    fn raw_keeps_each_page_body() {
        let all = run(1, true, async |page| Ok(serve(4, 2, page))).unwrap();
        let pages = all.as_array().unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1]["current_page"], 2);
        assert_eq!(pages[1]["data"][1]["n"], 3);
    }

    #[test]
    fn a_server_that_always_has_a_next_page_stops_at_an_empty_page() {
        let mut calls = 0;
        let all = run(1, false, async |page| {
            calls += 1;
            let data = if page == 1 {
                json!([{"n": 1}])
            } else {
                json!([])
            };
            Ok(serde_json::to_vec(&json!({"next_page_url": "x", "data": data})).unwrap())
        })
        .unwrap();
        assert_eq!(calls, 2);
        assert_eq!(all, json!([{"n": 1}]));
    }

    #[test]
    fn the_last_possible_page_number_ends_the_walk() {
        let mut asked = Vec::new();
        let all = run(u64::MAX, false, async |page| {
            asked.push(page);
            Ok(serde_json::to_vec(&json!({"next_page_url": "x", "data": [{"n": 1}]})).unwrap())
        })
        .unwrap();
        assert_eq!(asked, [u64::MAX]);
        assert_eq!(all, json!([{"n": 1}]));
    }

    #[test]
    fn the_first_failure_is_returned() {
        let err = run(1, false, async |page| {
            if page == 2 {
                Err(Failure::Transport("reset".into()))
            } else {
                Ok(serve(5, 2, page))
            }
        })
        .unwrap_err();
        assert_eq!(err.exit_code(), 5);
    }

    #[test]
    fn a_body_that_is_not_a_page_is_an_api_failure() {
        let err = run(1, false, async |_| Ok(br#"{"data": {"id": 1}}"#.to_vec())).unwrap_err();
        assert_eq!(err.exit_code(), 4);
    }
}
