//! The `headroom-app` binary: the menu-bar app, a program apart from the command line so that
//! one-off commands never load the GUI libraries. `headroom` with no command runs it.

#[cfg(any(target_os = "linux", target_os = "macos"))]
#[path = "../cli/app.rs"]
mod app;
#[path = "../cli/common.rs"]
mod common;
// The app records through the CLI's `Recording`; `headroom record`'s command function is unused here.
#[allow(dead_code)]
#[path = "../cli/record.rs"]
mod record;
// Without a display the app runs `watch`, the same code as the command.
#[path = "../cli/watch.rs"]
mod watch;

use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, Parser};
use common::{WatchArgs, init_logging, load_settings, parse_since};

/// Headroom's menu-bar app (started by `headroom` with no command).
#[derive(Debug, Parser)]
#[command(name = "headroom-app", version, about, long_about = None)]
struct AppCli {
    /// Log more to stderr (-v info, -vv debug); HEADROOM_LOG=<filter> overrides.
    #[arg(short, long, action = ArgAction::Count)]
    verbose: u8,
    /// Benchmark only: replay this long (e.g. 30d) of synthetic samples at full speed, then quit.
    #[arg(long, hide = true, value_parser = parse_since)]
    replay: Option<Duration>,
}

fn main() -> ExitCode {
    // As in `headroom`: the local offset must be read before any thread starts.
    let offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let args = AppCli::parse();
    init_logging(args.verbose);
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    let result = app::run(offset, args.replay);
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    let result = watch::run(&WatchArgs::default(), offset);
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("headroom: {error:#}");
            ExitCode::FAILURE
        }
    }
}
