//! `cargo xtask test | demo | bench | check`.
fn main() {}
