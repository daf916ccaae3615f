//! The query of the list endpoints: `limit`, `page`, `search` criteria and `include`.

use crate::include::Includes;

/// `limit`, `page`, `search` (criteria joined with `;`, i.e. AND) and `include`, written in
/// that order (the order of `ListResources`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ListQuery {
    pub(crate) limit: Option<u64>,
    pub(crate) page: Option<u64>,
    pub(crate) search: Vec<String>,
    pub(crate) include: Includes,
}

impl ListQuery {
    /// The query pairs, unset ones left out.
    pub(crate) fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(limit) = self.limit {
            query.push(("limit", limit.to_string()));
        }
        if let Some(page) = self.page {
            query.push(("page", page.to_string()));
        }
        if !self.search.is_empty() {
            query.push(("search", self.search.join(";")));
        }
        self.include.append_to(&mut query);
        query
    }

    /// The page asked for (1 when not set).
    pub(crate) fn requested_page(&self) -> u64 {
        self.page.unwrap_or(1)
    }
}
