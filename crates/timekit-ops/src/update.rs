//! `update_operation!`: the struct and constructors that every partial update
//! (`PUT /…/{id}`) has alike.

/// Writes the struct of a partial update, an id and a body (typed, or raw JSON that must be
/// an object), and its two constructors, `new` and `from_json`. What differs between the
/// updates (path, the id's name in errors, output) stays in each operation's own
/// `impl Operation`, which names `self.id` and sends `self.body`.
///
/// `applies_to:` ends the doc of `new`: "Applies `request` to {applies_to}."
///
/// ```text
/// update_operation! {
///     /// Updates a calendar.
///     UpdateCalendar { id: CalendarId, body: UpdateCalendarRequest },
///     applies_to: "calendar `id`"
/// }
/// ```
macro_rules! update_operation {
    (
        $(#[$doc:meta])*
        $op:ident { id: $id:ty, body: $request:ty },
        applies_to: $target:literal $(,)?
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        #[must_use]
        pub struct $op {
            id: $id,
            body: $crate::body::RequestBody<$request>,
        }

        impl $op {
            #[doc = concat!("Applies `request` to ", $target, ".")]
            pub fn new(id: impl Into<$id>, request: $request) -> Self {
                Self {
                    id: id.into(),
                    body: $crate::body::RequestBody::Typed(request),
                }
            }

            /// Sends raw JSON (must be an object).
            pub fn from_json(id: impl Into<$id>, body: ::serde_json::Value) -> Self {
                Self {
                    id: id.into(),
                    body: $crate::body::RequestBody::Json(body),
                }
            }
        }
    };
}

pub(crate) use update_operation;
