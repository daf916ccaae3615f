//! `timekit`: every Timekit API operation from a shell.

mod body;
mod cli;
mod failure;
mod json_out;
mod output;
mod all_pages;

fn main() {}
