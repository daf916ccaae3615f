//! Support for `decode_equivalence.rs`: the derived reference types and the JSON mutator.

pub mod json_tree;
pub mod reference_model;
