//! `timekit`: every Timekit API operation from a shell.

fn main() {}
