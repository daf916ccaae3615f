//! `Paginated`: list operations that can be asked for another page.

use timekit_model::Page;

use crate::Operation;

/// A list operation whose output is one [`Page`], and which can be re-issued for another page.
///
/// The client's pagination stream uses this: it runs the operation, then
/// `with_page(requested_page() + 1)` while [`Page::has_next`] says so.
pub trait Paginated: Operation<Output = Page<Self::Item>> + Clone {
    /// The list item type.
    type Item;

    /// The same query for page `page` (1-based).
    #[must_use]
    fn with_page(&self, page: u64) -> Self;

    /// The page this operation asks for (1 when not set). Named apart from the operations'
    /// `page(n)` setters, which set it.
    fn requested_page(&self) -> u64;
}
