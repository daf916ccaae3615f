//! Support for `decode_equivalence.rs`: the JSON mutator and random-JSON strategies.

pub mod json_tree;
