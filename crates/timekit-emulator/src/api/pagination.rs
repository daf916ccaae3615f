//! Laravel-style pagination: `limit`/`page` in, `total`/`per_page`/…/`next_page_url` out.

use serde::Serialize;

use super::query::Query;
use super::reply::FieldErrors;

/// The largest `limit` accepted (timekit-api.md §2.6: PY-SR documents 1000 as the maximum).
pub(crate) const MAX_LIMIT: usize = 1000;

/// The validated page request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageRequest<'q> {
    pub(crate) limit: usize,
    pub(crate) page: usize,
    /// `limit` as the client sent it; echoed in `per_page` (Laravel echoes the query string).
    pub(crate) limit_text: Option<&'q str>,
}

impl<'q> PageRequest<'q> {
    /// Reads `limit` and `page`, recording a 422 message for values out of range.
    pub(crate) fn parse(
        query: &'q Query<'_>,
        default_limit: usize,
        errors: &mut FieldErrors,
    ) -> Self {
        let limit_text = query.get("limit");
        let limit = match limit_text.map(|text| text.trim().parse::<usize>()) {
            None => default_limit,
            Some(Ok(limit)) if (1..=MAX_LIMIT).contains(&limit) => limit,
            Some(Ok(limit)) if limit > MAX_LIMIT => {
                errors.add(
                    "limit",
                    format!("The limit may not be greater than {MAX_LIMIT}."),
                );
                default_limit
            }
            Some(_) => {
                errors.add("limit", "The limit must be an integer of at least 1.");
                default_limit
            }
        };
        // Laravel's paginator reads a `page` that is not an integer of at least 1 as page 1
        // (python-timekit sends `page=1include=`).
        let page = match query.get("page").map(|text| text.trim().parse::<usize>()) {
            Some(Ok(page)) if page >= 1 => page,
            _ => 1,
        };
        Self {
            limit,
            page,
            limit_text,
        }
    }

    /// The index range of this page within `total` items (empty past the end).
    pub(crate) fn window(&self, total: usize) -> std::ops::Range<usize> {
        let start = (self.page - 1).saturating_mul(self.limit).min(total);
        let end = start.saturating_add(self.limit).min(total);
        start..end
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum PerPage<'q> {
    Echo(&'q str),
    Number(usize),
}

/// One page of a list, serialized in Laravel's `LengthAwarePaginator` shape.
#[derive(Serialize)]
pub(crate) struct Page<'q, T> {
    total: usize,
    per_page: PerPage<'q>,
    current_page: usize,
    last_page: usize,
    next_page_url: Option<String>,
    prev_page_url: Option<String>,
    from: Option<usize>,
    to: Option<usize>,
    data: Vec<T>,
}

impl<'q, T> Page<'q, T> {
    /// `collection_url` is the absolute URL of the list (`http://host/v2/bookings`); page links
    /// keep every other query parameter as sent.
    pub(crate) fn new(
        request: &PageRequest<'q>,
        total: usize,
        data: Vec<T>,
        collection_url: &str,
        query: &Query<'_>,
    ) -> Self {
        let last_page = total.div_ceil(request.limit).max(1);
        let window = request.window(total);
        let others = query.raw_without("page");
        let link = |page: usize| {
            if others.is_empty() {
                format!("{collection_url}?page={page}")
            } else {
                format!("{collection_url}?{others}&page={page}")
            }
        };
        let (from, to) = if window.is_empty() {
            (None, None)
        } else {
            (Some(window.start + 1), Some(window.end))
        };
        Self {
            total,
            per_page: match request.limit_text {
                Some(text) => PerPage::Echo(text),
                None => PerPage::Number(request.limit),
            },
            current_page: request.page,
            last_page,
            next_page_url: (request.page < last_page).then(|| link(request.page.saturating_add(1))),
            prev_page_url: (request.page > 1).then(|| link(request.page - 1)),
            from,
            to,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        let query = Query::parse(Some("limit=2&page=3"));
        let mut errors = FieldErrors::default();
        let page = PageRequest::parse(&query, 50, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(page.window(5), 4..5);
        assert_eq!(page.window(4), 4..4);
        let empty = Query::parse(None);
        let page = PageRequest::parse(&empty, 50, &mut errors);
        assert_eq!((page.limit, page.page), (50, 1));
    }

    #[test]
    fn rejects_out_of_range_values() {
        for bad in ["limit=0", "limit=1001", "limit=x"] {
            let query = Query::parse(Some(bad));
            let mut errors = FieldErrors::default();
            PageRequest::parse(&query, 50, &mut errors);
            assert!(!errors.is_empty(), "{bad}");
        }
    }

    #[test]
    fn a_malformed_page_is_page_one() {
        for odd in [
            "page=0",
            "page=-1",
            "page=1include=",
            "page=x",
            "page=",
            "page=99999999999999999999999",
        ] {
            let query = Query::parse(Some(odd));
            let mut errors = FieldErrors::default();
            let page = PageRequest::parse(&query, 50, &mut errors);
            assert!(errors.is_empty(), "{odd}");
            assert_eq!(page.page, 1, "{odd}");
        }
    }
}
