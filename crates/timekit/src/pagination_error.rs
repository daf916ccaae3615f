//! `PaginationError`: why a pagination stream stopped early.

use std::fmt;

/// What the server did that made the stream stop instead of looping forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PageLoop {
    /// A page number (`current_page`) came back that had already been seen.
    RepeatedPage,
    /// The same `next_page_url` came back twice (servers that send no page numbers).
    RepeatedNextUrl,
    /// An empty page that still claimed more pages follow.
    EmptyPageWithMore,
    /// More than 100,000 pages, each claiming another follows.
    TooManyPages,
}

impl fmt::Display for PageLoop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PageLoop::RepeatedPage => "answered a page it had already sent",
            PageLoop::RepeatedNextUrl => "announced the same next page twice",
            PageLoop::EmptyPageWithMore => "answered an empty page that claims more pages follow",
            PageLoop::TooManyPages => "announced more than 100000 pages",
        })
    }
}

/// A pagination stream stopped because following the server would never end.
///
/// Every item received before this error was yielded; none was yielded twice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("pagination of {operation} stopped at page {page}: the server {reason}")]
pub struct PaginationError {
    operation: &'static str,
    page: u64,
    reason: PageLoop,
}

impl PaginationError {
    /// A stop of `operation` after requesting `page`.
    pub fn new(operation: &'static str, page: u64, reason: PageLoop) -> Self {
        PaginationError {
            operation,
            page,
            reason,
        }
    }

    /// The operation name (`"list_bookings"`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The page that was requested when the loop was noticed.
    pub fn page(&self) -> u64 {
        self.page
    }

    /// What the server did.
    pub fn reason(&self) -> PageLoop {
        self.reason
    }
}
