//! `timekit`: every Timekit API operation from a shell (the program is the library's
//! `timekit_cli::main`).

fn main() -> std::process::ExitCode {
    timekit_cli::main()
}
