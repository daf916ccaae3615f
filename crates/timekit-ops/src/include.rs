//! The `include` query parameter shared by several operations.

/// A list of dynamic includes (`?include=attributes,customers`), in the order added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Includes(Vec<String>);

impl Includes {
    /// Adds one include name (dot notation nests: `calendars.events`).
    pub(crate) fn push(&mut self, name: impl Into<String>) {
        self.0.push(name.into());
    }

    /// The whole query of an operation whose only parameter is `include`.
    pub(crate) fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        self.append_to(&mut query);
        query
    }

    /// Appends `("include", "a,b")` when any include was added.
    pub(crate) fn append_to(&self, query: &mut Vec<(&'static str, String)>) {
        if !self.0.is_empty() {
            query.push(("include", self.0.join(",")));
        }
    }
}
