//! The `headroom-app` binary: the menu-bar app, a program apart from the command line so that
//! one-off commands never load the GUI libraries. `headroom` with no command runs it.

use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, Parser};
use headroom_core::units::parse_since;

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
    /// Self-test only (scripts/mac-selftest.sh): say for each PID whether Quit would ask it as an
    /// app (`app`) or send it SIGTERM (`process`), asked from a worker thread as Quit does, and exit.
    #[arg(long, hide = true, num_args = 1..)]
    quit_plan: Vec<u32>,
}

fn main() -> ExitCode {
    // As in `headroom`: the local offset must be read before any thread starts.
    let offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let args = AppCli::parse();
    headroom_core::logging::init(args.verbose);
    if !args.quit_plan.is_empty() {
        let pids = args.quit_plan.clone();
        let asked = std::thread::spawn(move || {
            pids.into_iter().map(|pid| (pid, headroom_app::platform::is_app(pid))).collect::<Vec<_>>()
        });
        for (pid, app) in asked.join().unwrap_or_default() {
            println!("{pid} {}", if app { "app" } else { "process" });
        }
        return ExitCode::SUCCESS;
    }
    let result = match headroom_app::platform::gui_session() {
        // Without a GUI session the app cannot show anything: `watch` prints what it would.
        Err(why) => {
            eprintln!("headroom: {why}; running `headroom watch` instead");
            headroom_app::watch_instead()
        }
        Ok(()) => headroom_app::run(offset, args.replay),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("headroom: {error:#}");
            ExitCode::FAILURE
        }
    }
}
