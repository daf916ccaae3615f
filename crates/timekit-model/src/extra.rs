//! Hand-written `Deserialize` for objects that keep their unknown keys in an `extra` map.
//!
//! With `#[serde(flatten)]` on `extra`, serde's derive buffers every key it does not know,
//! with its value, into its private `Content` tree and builds `extra` from that buffer at the
//! end: unknown values are parsed twice. [`deserialize_with_extra!`] generates a visitor that
//! reads each known field straight from the map and puts every other key into `extra` as it
//! comes, in one pass. Measured (`cargo xtask bench --only decode`, and callgrind on a
//! 1,000-booking page): with no unknown keys, typed decoding went from 1.61–1.67 to
//! 1.54–1.59 ms (speed-up vs `Value` 1.38–1.40 → 1.45–1.46), with about the same instruction
//! count — the gain needs the key matching inlined (`#[inline]` below; without it the
//! hand-written code was no faster than the derive). With three unknown keys per booking
//! (`event`, `logs`, `user`), 9.5% fewer instructions.
//!
//! What it accepts and produces is what the derive accepted and produced: only JSON objects
//! (not arrays), an error for a repeated known key and for a missing required one, `null` as
//! `None` for optional fields, and the last value of a repeated unknown key in `extra`
//! (`tests/decode_equivalence.rs` checks this, error messages included, against the derived
//! definitions).

use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// The fields a type reads itself, by their JSON names.
pub(crate) trait KnownFields: Sized {
    /// The field named `name`, or `None` for a key that goes into `extra`.
    fn field(name: &str) -> Option<Self>;
}

/// One key of an object: a field of the type, or a key for `extra`.
pub(crate) enum Key<F> {
    /// A field the type models.
    Known(F),
    /// Any other key, owned because `extra` keeps it.
    Unknown(String),
}

// `#[inline]` on the per-key paths: see the module docs (measured, not decorative).
impl<'de, F: KnownFields> Deserialize<'de> for Key<F> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor(PhantomData))
    }
}

/// Matches a key without allocating when it names a known field.
struct KeyVisitor<F>(PhantomData<fn() -> F>);

impl<F: KnownFields> Visitor<'_> for KeyVisitor<F> {
    type Value = Key<F>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<F>, E> {
        Ok(match F::field(name) {
            Some(field) => Key::Known(field),
            None => Key::Unknown(name.to_owned()),
        })
    }

    #[inline]
    fn visit_string<E: de::Error>(self, name: String) -> Result<Key<F>, E> {
        Ok(match F::field(&name) {
            Some(field) => Key::Known(field),
            None => Key::Unknown(name),
        })
    }
}

/// Reads the value of a known field into `slot`; a second occurrence of the key is an error,
/// as in serde's derive.
#[inline]
pub(crate) fn fill<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or serde's "missing field" error.
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Implements `Deserialize` for a struct with named fields and an
/// `extra: serde_json::Map<String, Value>` field that receives every key not listed.
///
/// ```text
/// deserialize_with_extra! {
///     Page<T> expecting "struct Page" {
///         required { data: "data" }
///         optional { total: "total" via LenientCount, next_page_url: "next_page_url" }
///     }
/// }
/// ```
///
/// Required fields fail with "missing field" when absent. Optional fields are `Option`s (or
/// any `Default` type) and are `Default::default()` when absent. `via W` reads the field as
/// `W` and converts it with `Into`, the counterpart of `#[serde(deserialize_with)]`. The
/// type may have one type parameter, which must implement `Deserialize`.
macro_rules! deserialize_with_extra {
    (
        $type:ident $(<$param:ident>)? expecting $expecting:literal {
            required { $($required:ident: $required_name:literal),* $(,)? }
            optional { $($optional:ident: $optional_name:literal $(via $via:ty)?),* $(,)? }
        }
    ) => {
        impl<'de $(, $param: ::serde::Deserialize<'de>)?> ::serde::Deserialize<'de>
            for $type $(<$param>)?
        {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                // The variants are the struct's field names, so they are snake_case.
                #[allow(non_camel_case_types)]
                enum Field {
                    $($required,)*
                    $($optional,)*
                }

                impl $crate::extra::KnownFields for Field {
                    fn field(name: &str) -> ::core::option::Option<Self> {
                        match name {
                            $($required_name => Some(Field::$required),)*
                            $($optional_name => Some(Field::$optional),)*
                            _ => None,
                        }
                    }
                }

                struct ObjectVisitor $(<$param>)? (
                    ::core::marker::PhantomData<fn() -> $type $(<$param>)?>,
                );

                impl<'de $(, $param: ::serde::Deserialize<'de>)?> ::serde::de::Visitor<'de>
                    for ObjectVisitor $(<$param>)?
                {
                    type Value = $type $(<$param>)?;

                    fn expecting(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<Self::Value, A::Error> {
                        use $crate::extra::{fill, Key};
                        $(let mut $required = None;)*
                        $(let mut $optional $(: Option<$via>)? = None;)*
                        let mut extra = ::serde_json::Map::new();
                        while let Some(key) = map.next_key::<Key<Field>>()? {
                            match key {
                                $(Key::Known(Field::$required) =>
                                    fill(&mut map, &mut $required, $required_name)?,)*
                                $(Key::Known(Field::$optional) =>
                                    fill(&mut map, &mut $optional, $optional_name)?,)*
                                Key::Unknown(name) => {
                                    // Last one wins, as when serde_json builds a `Map`.
                                    extra.insert(name, map.next_value()?);
                                }
                            }
                        }
                        Ok($type {
                            $($required: $crate::extra::required($required, $required_name)?,)*
                            $($optional: $crate::extra::deserialize_with_extra!(
                                @optional $optional $(via $via)?
                            ),)*
                            extra,
                        })
                    }
                }

                // `deserialize_map`, as the derive does for a struct with a flattened field:
                // an object is the only accepted shape (a JSON array is refused).
                deserializer.deserialize_map(ObjectVisitor(::core::marker::PhantomData))
            }
        }
    };
    (@optional $slot:ident) => {
        $slot.unwrap_or_default()
    };
    (@optional $slot:ident via $via:ty) => {
        $slot.map(|read: $via| read.into()).unwrap_or_default()
    };
}

pub(crate) use deserialize_with_extra;
