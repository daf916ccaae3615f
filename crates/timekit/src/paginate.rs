//! `Client::paginate`: every item of a list operation, page after page, as a `Stream`.

use std::collections::{HashSet, VecDeque};

use futures_core::Stream;
use timekit_model::Page;
use timekit_ops::Paginated;
use timekit_transport::Transport;

use crate::client::Client;
use crate::error::Error;
use crate::pagination_error::{PageLoop, PaginationError};

/// Far more pages than any Timekit app has: a server that keeps announcing new pages is
/// stopped here.
pub(crate) const MAX_PAGES: usize = 100_000;

impl<T: Transport + 'static> Client<T> {
    /// Every item of a list operation (`ListBookings`, `ListResources`), fetching pages as
    /// the stream is polled, from the operation's page on (page 0 is read as 1). The stream
    /// owns a clone of the client, so it can be returned, stored or spawned.
    ///
    /// ```no_run
    /// # async fn demo(client: timekit::Client) -> Result<(), timekit::Error> {
    /// use futures_util::TryStreamExt as _;
    /// use timekit::ops::ListBookings;
    ///
    /// let bookings: Vec<_> = client.paginate(ListBookings::new().limit(100)).try_collect().await?;
    /// # let _ = bookings; Ok(()) }
    /// ```
    ///
    /// Each page is one [`Client::call`] (same retries, span and errors). The next page is
    /// requested by number (`current_page + 1`, same query, never the server's URL, so the
    /// request stays on the configured base URL) while the server says one follows
    /// (`next_page_url`, or `current_page < last_page`). Instead of looping, the stream ends
    /// with [`Error::Pagination`] when the server repeats a page number or a `next_page_url`,
    /// sends an empty page that claims more follow, or announces more than 100,000 pages; it
    /// ends quietly after page `u64::MAX`. After any error the stream ends.
    pub fn paginate<P>(&self, op: P) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static
    where
        P: Paginated + Send + 'static,
        P::Item: Send + 'static,
    {
        let op = match op.requested_page() {
            0 => op.with_page(1),
            _ => op,
        };
        let walk = Walk {
            client: self.clone(),
            next: Some(op),
            ready: VecDeque::new(),
            seen_pages: HashSet::new(),
            seen_next_urls: HashSet::new(),
        };
        // Fused: polling after the end keeps answering `None`.
        futures_util::StreamExt::fuse(futures_util::stream::unfold(walk, Walk::next_item))
    }
}

/// The state of one pagination stream.
struct Walk<T, P: Paginated> {
    client: Client<T>,
    /// The operation of the next page to fetch; `None` once the walk is over.
    next: Option<P>,
    ready: VecDeque<P::Item>,
    seen_pages: HashSet<u64>,
    seen_next_urls: HashSet<String>,
}

impl<T, P> Walk<T, P>
where
    T: Transport,
    P: Paginated + Send + 'static,
    P::Item: Send + 'static,
{
    async fn next_item(mut self) -> Option<(Result<P::Item, Error>, Self)> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some((Ok(item), self));
            }
            let op = self.next.take()?;
            let requested = op.requested_page();
            let stop = |reason| Error::from(PaginationError::new(P::NAME, requested, reason));
            if self.seen_pages.len() >= MAX_PAGES {
                return Some((Err(stop(PageLoop::TooManyPages)), self));
            }
            let fetched = self.client.call(op.clone()).await;
            let accepted = fetched.and_then(|page| self.accept(&op, requested, page).map_err(stop));
            if let Err(error) = accepted {
                return Some((Err(error), self));
            }
        }
    }

    /// Checks a page for loops, queues its items and decides the next request.
    fn accept(&mut self, op: &P, requested: u64, page: Page<P::Item>) -> Result<(), PageLoop> {
        let current = page.current_page.unwrap_or(requested);
        if !self.seen_pages.insert(current) {
            return Err(PageLoop::RepeatedPage);
        }
        if let Some(url) = &page.next_page_url {
            if !self.seen_next_urls.insert(url.clone()) {
                return Err(PageLoop::RepeatedNextUrl);
            }
        }
        let has_next = page.has_next();
        if has_next && page.data.is_empty() {
            return Err(PageLoop::EmptyPageWithMore);
        }
        if let (true, Some(next_page)) = (has_next, current.checked_add(1)) {
            self.next = Some(op.with_page(next_page));
        }
        self.ready.extend(page.data);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use timekit_ops::ListResources;
    use timekit_transport::test_util::{json_response, transport_fn};

    use super::*;

    #[tokio::test]
    async fn a_walk_stops_after_the_most_pages_once_their_items_are_out() {
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        let transport = transport_fn(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
            let page = r#"{"data": [{"id": "r1", "name": "R", "timezone": "UTC"}],
                "current_page": 1, "next_page_url": "https://x.invalid/v2/resources?page=2"}"#;
            Ok(json_response(200, page))
        });
        let client = Client::builder()
            .api_key("test_api_key_walk")
            .base_url("https://api.timekit.invalid/v2")
            .transport(transport)
            .build()
            .unwrap();
        // Pages 2..=MAX_PAGES were already seen: page 1 is the last one allowed.
        let walk = Walk {
            client,
            next: Some(ListResources::new()),
            ready: VecDeque::new(),
            seen_pages: (2..=MAX_PAGES as u64).collect(),
            seen_next_urls: HashSet::new(),
        };
        let (item, walk) = walk.next_item().await.unwrap();
        assert_eq!(
            item.unwrap().id.as_str(),
            "r1",
            "the last page's items come out"
        );
        let (item, walk) = walk.next_item().await.unwrap();
        match item {
            Err(Error::Pagination(stop)) => {
                assert_eq!(stop.reason(), PageLoop::TooManyPages);
                assert_eq!(stop.page(), 2);
            }
            other => panic!("expected the page limit, got {other:?}"),
        }
        assert!(
            walk.next_item().await.is_none(),
            "the walk ends after the error"
        );
        assert_eq!(
            requests.load(Ordering::Relaxed),
            1,
            "page 2 was never requested"
        );
    }
}
