//! Command-line definitions and dispatch; each subcommand lives in its own module.

mod advise;
mod analyze;
pub mod common;
mod completions;
mod config;
mod doctor;
mod explain;
mod explain_history;
mod explain_paging;
mod export;
mod fit;
pub mod hints;
mod history;
mod history_table;
mod notify;
#[cfg(unix)]
mod purge;
mod record;
mod report;
mod setup;
mod status;
pub mod top;
mod top_since;
pub mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};
pub use common::WatchArgs;
use common::{parse_interval, parse_since};
use time::UtcOffset;

/// Where your memory went, in Activity Monitor's categories, and why wired memory is what it is.
#[derive(Debug, Parser)]
#[command(name = "headroom", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Log more to stderr (-v info, -vv debug); HEADROOM_LOG=<filter> overrides.
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Benchmark only: the app replays this long (e.g. 30d) of synthetic samples at full speed, then quits.
    #[arg(long, hide = true, value_parser = parse_since)]
    pub replay: Option<Duration>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the live memory breakdown once.
    Status {
        /// Print one JSON object (sizes in bytes) instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Print one line per sample until interrupted (Ctrl-C exits 0).
    Watch(WatchArgs),
    /// Read `vm_stat` output or /proc/meminfo text and print the same breakdown.
    Analyze {
        /// The file to read; `-` reads standard input.
        file: PathBuf,
        /// Installed RAM for vm_stat text (16G, 16GiB or bytes); without it the total is estimated.
        #[arg(long, value_parser = parse_ram)]
        ram: Option<u64>,
        /// Print one JSON object instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Explain wired memory: the verdicts, who holds it, and what you can actually do.
    Explain {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The top memory users, grouped by application, with the kernel's wired memory as a row.
    Top {
        /// How many rows.
        #[arg(short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        n: u16,
        /// One row per process instead of per application.
        #[arg(long)]
        by_process: bool,
        /// Print one JSON object (sizes in bytes).
        #[arg(long)]
        json: bool,
        /// Instead of now: how each app grew over this span, from the history (e.g. 2m, 3h, 7d).
        #[arg(long, value_parser = parse_since)]
        since: Option<Duration>,
    },
    /// Will it fit now without compression or swap? Sizes (24G, 1.5G) or files and directories
    /// (a model's shards); exit 0 fits, 1 does not (with what to quit), 2 bad input.
    Fit {
        /// Sizes, files or directories; their sum is what must fit.
        #[arg(required = true, value_name = "SIZE|PATH")]
        things: Vec<String>,
        /// Also against the GPU's budget (Apple Silicon: the wired limit less what is in use; Linux: amdgpu GTT).
        #[arg(long)]
        gpu: bool,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Does this machine need more RAM? A verdict with a size, from the history (how sure it is, too).
    Advise {
        /// How far back, e.g. 1h, 7d, 30d.
        #[arg(long, default_value = "30d", value_parser = parse_since)]
        since: Duration,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Record samples into the history until interrupted, printing nothing (for headless machines and login agents).
    Record {
        /// Time between samples (default: sample_interval from config.toml).
        #[arg(long, value_parser = parse_interval)]
        interval: Option<Duration>,
    },
    /// Print the recorded history.
    History(HistoryArgs),
    /// Write the history as one self-contained HTML page of charts, events and boots.
    Report(ReportArgs),
    /// Find, create or check the settings file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Free what the OS can reclaim (the file cache), measured before and after.
    Purge {
        /// Say what is reclaimable now and how purge would run, without running it.
        #[arg(long)]
        dry_run: bool,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Run even within the cool-down (never when pressure is critical).
        #[arg(long)]
        force: bool,
    },
    /// List the notifications sent in the last 7 days and the snoozes running, or send a test one.
    Notify {
        /// Send a sample notification now; exits 1 with the reason when it is not shown.
        #[arg(long)]
        test: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check that everything Headroom relies on works here: one line per check, with the fix; exit 1 when one fails.
    Doctor {
        /// Print one JSON object: {"checks": [{"name", "status", "figure", "fix"}], "failed": N}.
        #[arg(long)]
        json: bool,
        /// How long to watch the sampling cadence.
        #[arg(long, default_value = "10s", value_parser = parse_since)]
        cadence: Duration,
    },
    /// Export metrics for Prometheus: serve /metrics (default 127.0.0.1:9787) or write a node_exporter textfile.
    Export(export::ExportArgs),
    /// One-time setup: start at login, the desktop entry, passwordless purge.
    #[command(subcommand)]
    Setup(SetupCommand),
    /// Print a shell completion script: `headroom completions bash > ~/.local/share/bash-completion/completions/headroom`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the man page, headroom(1), in roff (what the packages install).
    #[command(hide = true)]
    ManPage,
}

#[derive(Debug, Subcommand)]
pub enum SetupCommand {
    /// Start Headroom at login (or with --remove stop): the menu's "Launch at Login", from the shell.
    Login {
        #[arg(long)]
        remove: bool,
    },
    /// Linux: add Headroom and its icon to the applications menu for this user (or with --remove take them out).
    Desktop {
        #[arg(long)]
        remove: bool,
    },
    /// Run `headroom export` as a service of this user (systemd user unit or LaunchAgent), or with --remove stop it.
    Exporter {
        #[arg(long)]
        remove: bool,
    },
    /// Install (or with --remove delete) a sudoers rule that lets one user purge without a password.
    Purge {
        #[arg(long)]
        remove: bool,
        /// The user to allow (default: the user who ran sudo).
        #[arg(long)]
        user: Option<String>,
        /// Where the drop-in goes (for tests); default /etc/sudoers.d.
        #[arg(long, hide = true)]
        sudoers_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where config.toml is read from.
    Path,
    /// Write the commented default config.toml; an existing file is never overwritten.
    Init,
    /// Check a config file (default: the one Headroom reads) and name any error's line and key.
    Check {
        /// The file to check.
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// How far back, e.g. 2h, 7d (default 24h).
    #[arg(long, default_value = "24h", value_parser = parse_since)]
    pub since: Duration,
    /// Only the current boot, or every boot recorded.
    #[arg(long, value_enum, default_value_t = BootScope::Current)]
    pub boot: BootScope,
    /// Print a JSON array of rows (same field names as `status --json`).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with a header row.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// How far back, e.g. 7d, 30d, 365d.
    #[arg(long, default_value = "30d", value_parser = parse_since)]
    pub since: Duration,
    /// Only the current boot, or every boot recorded.
    #[arg(long, value_enum, default_value_t = BootScope::All)]
    pub boot: BootScope,
    /// Where to write the page (`-` for standard output); default headroom-history-<date>.html here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Open the page in the default browser once written.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BootScope {
    Current,
    All,
}

/// A RAM size; a bare small number is taken for what it almost surely meant (`16` → "did you mean
/// 16G?"), since no machine this runs on has under 64 MB.
fn parse_ram(text: &str) -> Result<u64, String> {
    match headroom_core::units::parse_size(text) {
        Ok(0) => Err("RAM cannot be zero".to_owned()),
        Ok(bytes) if bytes < 64 << 20 => Err(format!(
            "`{text}` is {bytes} bytes of RAM; did you mean {}G?",
            text.trim().trim_end_matches(['b', 'B'])
        )),
        Ok(bytes) => Ok(bytes),
        Err(error) => Err(error.to_string()),
    }
}

pub fn run(cli: Cli, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Status { json }) => status::run(json, offset),
        Some(Command::Watch(args)) => watch::run(&args, offset),
        Some(Command::Analyze { file, ram, json }) => analyze::run(&file, ram, json, offset),
        Some(Command::Record { interval }) => record::run(interval),
        Some(Command::Explain { json }) => explain::run(json, offset),
        Some(Command::Top { n, since: Some(since), json, .. }) => top_since::run(since, usize::from(n), json),
        Some(Command::Top { n, by_process, json, since: None }) => top::run(usize::from(n), by_process, json),
        Some(Command::Fit { things, gpu, json }) => fit::run(&things, gpu, json),
        Some(Command::Advise { since, json }) => advise::run(since, json, offset),
        Some(Command::History(args)) => history::run(&args, offset),
        Some(Command::Report(args)) => report::run(&args, offset),
        Some(Command::Notify { test, json }) => notify::run(test, json, offset),
        Some(Command::Doctor { json, cadence }) => doctor::run(json, cadence),
        #[cfg(unix)]
        Some(Command::Purge { dry_run, json, force }) => purge::run(dry_run, json, force),
        Some(Command::Setup(SetupCommand::Login { remove })) => setup::login(remove),
        Some(Command::Setup(SetupCommand::Desktop { remove })) => setup::desktop(remove),
        Some(Command::Setup(SetupCommand::Exporter { remove })) => setup::exporter(remove),
        Some(Command::Export(args)) => export::run(&args),
        #[cfg(unix)]
        Some(Command::Setup(SetupCommand::Purge { remove, user, sudoers_dir })) => {
            purge::setup(remove, user, &sudoers_dir.unwrap_or_else(purge::default_sudoers_dir))
        }
        #[cfg(not(unix))]
        Some(Command::Purge { .. } | Command::Setup(SetupCommand::Purge { .. })) => {
            anyhow::bail!("purge is not supported on this system")
        }
        Some(Command::Completions { shell }) => completions::completions(shell),
        Some(Command::ManPage) => completions::man_page(),
        Some(Command::Config(ConfigCommand::Path)) => config::path(),
        Some(Command::Config(ConfigCommand::Init)) => config::init(),
        Some(Command::Config(ConfigCommand::Check { file })) => config::check(file.as_deref()),
        #[cfg(unix)]
        None => launch_app(cli.verbose, cli.replay),
        #[cfg(not(unix))]
        None => watch::run(&WatchArgs::default(), offset),
    }
}

/// The menu-bar app's executable, installed beside this one. It is a program of its own so that
/// one-off commands do not load GTK (on Linux, 71 shared libraries: 12 ms instead of 1).
pub const APP_BINARY: &str = "headroom-app";

/// `headroom` with no command: becomes the menu-bar app (exec, so the process, its pid and its
/// exit status are the app's).
#[cfg(unix)]
fn launch_app(verbose: u8, replay: Option<Duration>) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    use std::os::unix::process::CommandExt;
    // Links resolved (Homebrew links `headroom` into its bin directory): the app is beside the real file.
    let app = headroom_core::sys::exe::this_program()
        .context("cannot tell where this program is")?
        .with_file_name(APP_BINARY);
    let mut command = std::process::Command::new(&app);
    if verbose > 0 {
        command.arg(format!("-{}", "v".repeat(usize::from(verbose))));
    }
    if let Some(span) = replay {
        command.arg("--replay").arg(humantime::format_duration(span).to_string());
    }
    // exec returns only when it could not start the app.
    let error = command.exec();
    Err(error)
        .with_context(|| format!("cannot start the menu-bar app {} (it is installed beside `headroom`)", app.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_interval("1500ms"), Ok(Duration::from_millis(1500)));
        assert!(parse_interval("0s").is_err());
        assert!(parse_interval("10ms").is_err());
        assert!(parse_interval("soon").is_err());
    }

    #[test]
    fn ram() {
        assert_eq!(parse_ram("16G"), Ok(16 << 30));
        assert!(parse_ram("0").is_err());
        assert!(parse_ram("lots").is_err());
    }
}
