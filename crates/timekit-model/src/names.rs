//! A macro for the API's open sets of snake_case names (graphs, states, actions).
//!
//! Each generated enum has one variant per documented name plus `Other(String)`, so a name
//! Timekit adds later still parses and is written back unchanged.

macro_rules! open_name_enum {
    (
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$variant_doc:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$doc])*
        ///
        /// Equality and hashing go by the wire name, so `Other("confirm")` built by hand
        /// equals the documented variant the server's `"confirm"` parses into.
        #[derive(Debug, Clone)]
        pub enum $name {
            $( $(#[$variant_doc])* $variant, )+
            /// A name this SDK does not know; kept verbatim.
            Other(String),
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl $name {
            /// Every documented name, in documentation order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire name (`"confirm_decline"`, `"cancel_by_customer"` …).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(text) => text,
                }
            }

            /// Whether this is one of the documented names (not `Other`).
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }

            /// Maps a wire name to its variant; unknown names become `Other`.
            pub fn from_name(text: &str) -> Self {
                match text {
                    $( $text => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_name(text))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from_name(text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // A visitor rather than `Cow<str>`, which always allocates an owned copy:
                // known names need no allocation at all.
                struct NameVisitor;

                impl serde::de::Visitor<'_> for NameVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " name"))
                    }

                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        Ok($name::from_name(text))
                    }
                }

                deserializer.deserialize_str(NameVisitor)
            }
        }
    };
}

pub(crate) use open_name_enum;
