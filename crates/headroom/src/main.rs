//! The `headroom` binary: parses the command line and hands off to one command module.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    // The local UTC offset must be read before any thread starts: the `time` crate refuses to
    // read it from a multi-threaded process on Unix, where it could race with setenv.
    let offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let argv: Vec<String> = std::env::args_os().skip(1).map(|arg| arg.to_string_lossy().into_owned()).collect();
    if let Some(hint) = cli::hints::split_span(&argv) {
        eprintln!("headroom: {hint}");
        return ExitCode::from(2);
    }
    let args = cli::Cli::parse();
    headroom_core::logging::init(args.verbose);
    match cli::run(args, offset) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("headroom: {error:#}");
            ExitCode::FAILURE
        }
    }
}
