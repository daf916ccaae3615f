//! The query of the list endpoints: `limit`, `page`, `search` criteria and `include`, and
//! `list_setters!`, which writes the methods every paginated list operation shares.

use crate::include::Includes;

/// `limit`, `page`, `search` (criteria joined with `;`, i.e. AND) and `include`, written in
/// that order (the order of every paginated list endpoint; an operation with more parameters
/// appends them after these).
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

/// Writes what every paginated list operation has alike: `new` and the `limit`, `page`,
/// `search`, `search_by` and `include` setters as inherent methods (so callers need no trait
/// import and rustdoc lists them on the operation), and the [`Paginated`](crate::Paginated)
/// impl. The operation is a `Default` struct with a `query: ListQuery` field, and its
/// `Operation` impl (written beside it, with `Output = Page<item>`) sends `query.to_query()`
/// first.
///
/// `search:` and `include:` name the documented search examples and include names, which go
/// into the setters' docs; either may be left out.
///
/// ```text
/// list_setters!(ListLocations => Location, search: ["name:Toronto"], include: ["projects"]);
/// ```
macro_rules! list_setters {
    (
        $op:ident => $item:ty
        $(, search: [$search:literal $(, $more_search:literal)* $(,)?])?
        $(, include: [$include:literal $(, $more_include:literal)* $(,)?])?
        $(,)?
    ) => {
        impl $op {
            /// The first page with the server's defaults.
            pub fn new() -> Self {
                Self::default()
            }

            /// Page size.
            pub fn limit(mut self, limit: u64) -> Self {
                self.query.limit = Some(limit);
                self
            }

            /// 1-based page number.
            pub fn page(mut self, page: u64) -> Self {
                self.query.page = Some(page);
                self
            }

            #[doc = concat!(
                "Adds search criteria",
                $(", e.g. `\"", $search, "\"`", $(" or `\"", $more_search, "\"`",)*)?
                "; several are joined with `;` (AND)."
            )]
            pub fn search(mut self, criteria: impl Into<String>) -> Self {
                self.query.search.push(criteria.into());
                self
            }

            /// Adds one `key:value` search criterion.
            pub fn search_by(self, key: &str, value: impl std::fmt::Display) -> Self {
                self.search(format!("{key}:{value}"))
            }

            #[doc = concat!(
                "Adds a dynamic include",
                $(" (`", $include, "`", $(", `", $more_include, "`",)* ")",)?
                "."
            )]
            pub fn include(mut self, name: impl Into<String>) -> Self {
                self.query.include.push(name);
                self
            }
        }

        impl $crate::Paginated for $op {
            type Item = $item;

            fn with_page(&self, page: u64) -> Self {
                self.clone().page(page)
            }

            fn requested_page(&self) -> u64 {
                self.query.requested_page()
            }
        }
    };
}

pub(crate) use list_setters;
