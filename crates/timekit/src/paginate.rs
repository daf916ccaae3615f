//! `Client::paginate`: every item of a list operation, page after page, as a `Stream`.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use timekit_model::Page;
use timekit_ops::Paginated;
use timekit_transport::Transport;

use crate::client::Client;
use crate::error::Error;
use crate::pagination_error::{PageLoop, PaginationError};

type PageFuture<'a, Item> = Pin<Box<dyn Future<Output = Result<Page<Item>, Error>> + Send + 'a>>;

impl<T: Transport> Client<T> {
    /// Every item of a list operation (`ListBookings`, `ListResources`), fetching pages as
    /// the stream is polled, starting at the operation's page.
    ///
    /// The next page is requested while the server says one follows (`next_page_url`, or
    /// `current_page < last_page`); it is asked for by number (`page = current_page + 1`)
    /// with the same query, never by following the server's URL, so the request stays on the
    /// configured base URL with the configured auth. The stream stops with
    /// [`Error::Pagination`] instead of looping when the server repeats a page number or a
    /// `next_page_url`, or sends an empty page that claims more follow. After any error the
    /// stream ends.
    pub fn paginate<P>(&self, op: P) -> impl Stream<Item = Result<P::Item, Error>> + Send + '_
    where
        P: Paginated + Send + 'static,
        P::Item: Send + 'static,
        P::Output: Send,
    {
        PageStream::new(self, op)
    }
}

/// The state of one pagination stream.
struct PageStream<'a, T, P: Paginated> {
    client: &'a Client<T>,
    /// The operation of the page last requested, or to be requested next.
    op: P,
    /// Whether `op` still has to be fetched.
    op_pending: bool,
    /// The page number asked for by the last request.
    requested: u64,
    in_flight: Option<PageFuture<'a, P::Item>>,
    ready: VecDeque<P::Item>,
    seen_pages: HashSet<u64>,
    seen_next_urls: HashSet<String>,
    done: bool,
}

// Nothing in the stream is structurally pinned: the page future is boxed, everything else is
// moved freely, so the stream can be `Unpin` whatever the item type.
impl<T, P: Paginated> Unpin for PageStream<'_, T, P> {}

impl<'a, T, P> PageStream<'a, T, P>
where
    T: Transport,
    P: Paginated + Send + 'static,
    P::Item: Send + 'static,
    P::Output: Send,
{
    fn new(client: &'a Client<T>, op: P) -> Self {
        PageStream {
            client,
            requested: op.page(),
            op,
            op_pending: true,
            in_flight: None,
            ready: VecDeque::new(),
            seen_pages: HashSet::new(),
            seen_next_urls: HashSet::new(),
            done: false,
        }
    }

    /// Starts fetching the next page, if there is one.
    fn start_next(&mut self) -> bool {
        if !self.op_pending {
            return false;
        }
        self.op_pending = false;
        self.requested = self.op.page();
        let client: &'a Client<T> = self.client;
        self.in_flight = Some(Box::pin(client.execute(self.op.clone())));
        true
    }

    /// Checks a page for loops, queues its items and decides the next request.
    fn accept(&mut self, page: Page<P::Item>) -> Result<(), PaginationError> {
        let stop = |reason| PaginationError::new(P::NAME, self.requested, reason);
        let current = page.current_page.unwrap_or(self.requested);
        if !self.seen_pages.insert(current) {
            return Err(stop(PageLoop::RepeatedPage));
        }
        if let Some(url) = &page.next_page_url {
            if !self.seen_next_urls.insert(url.clone()) {
                return Err(stop(PageLoop::RepeatedNextUrl));
            }
        }
        let has_next = page.has_next();
        if has_next && page.data.is_empty() {
            return Err(stop(PageLoop::EmptyPageWithMore));
        }
        if let (true, Some(next_page)) = (has_next, current.checked_add(1)) {
            self.op = self.op.with_page(next_page);
            self.op_pending = true;
        }
        self.ready.extend(page.data);
        Ok(())
    }
}

impl<T, P> Stream for PageStream<'_, T, P>
where
    T: Transport,
    P: Paginated + Send + 'static,
    P::Item: Send + 'static,
    P::Output: Send,
{
    type Item = Result<P::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            if this.in_flight.is_none() && !this.start_next() {
                this.done = true;
                return Poll::Ready(None);
            }
            let Some(in_flight) = this.in_flight.as_mut() else {
                continue;
            };
            let fetched = match in_flight.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(fetched) => fetched,
            };
            this.in_flight = None;
            let outcome = fetched.and_then(|page| this.accept(page).map_err(Error::from));
            if let Err(error) = outcome {
                this.done = true;
                return Poll::Ready(Some(Err(error)));
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            (self.ready.len(), Some(self.ready.len()))
        } else {
            (self.ready.len(), None)
        }
    }
}
