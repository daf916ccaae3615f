//! `timekit`: every Timekit API operation from a shell.

mod body;
mod cli;
mod failure;
mod json_out;

fn main() {}
