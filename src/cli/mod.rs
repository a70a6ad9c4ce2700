//! Command-line definitions and dispatch; each subcommand lives in its own module.

mod analyze;
#[cfg(any(target_os = "linux", target_os = "macos"))]
mod app;
mod config;
mod explain;
mod history;
mod notify;
#[cfg(unix)]
mod purge;
mod record;
mod setup;
mod status;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};
use time::UtcOffset;
use tracing_subscriber::EnvFilter;

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
    /// Record samples into the history until interrupted, printing nothing (for headless machines and login agents).
    Record {
        /// Time between samples (default: sample_interval from config.toml).
        #[arg(long, value_parser = parse_interval)]
        interval: Option<Duration>,
    },
    /// Print the recorded history.
    History(HistoryArgs),
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
    /// One-time setup: start at login, the desktop entry, passwordless purge.
    #[command(subcommand)]
    Setup(SetupCommand),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BootScope {
    Current,
    All,
}

fn parse_since(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 24h or 7d)"))
}

#[derive(Debug, Args, Default)]
pub struct WatchArgs {
    /// Time between samples, e.g. 2s, 500ms, 1m (default: sample_interval from config.toml, 2s).
    #[arg(long, value_parser = parse_interval)]
    pub interval: Option<Duration>,
    /// Print one JSON object per line instead of columns.
    #[arg(long)]
    pub json: bool,
    /// Also record the samples into the history (one recorder at a time).
    #[arg(long)]
    pub record: bool,
}

const MIN_INTERVAL: Duration = Duration::from_millis(100);
const MAX_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 2s, 500ms or 1m)"))?;
    if interval < MIN_INTERVAL || interval > MAX_INTERVAL {
        return Err(format!("`{text}` is outside 100ms ..= 24h"));
    }
    Ok(interval)
}

fn parse_ram(text: &str) -> Result<u64, String> {
    match headroom::units::parse_size(text) {
        Ok(0) => Err("RAM cannot be zero".to_owned()),
        Ok(bytes) => Ok(bytes),
        Err(error) => Err(error.to_string()),
    }
}

/// Loads config.toml for a command that runs: problems are reported on stderr and never stop it.
pub fn load_settings() -> headroom::config::Config {
    let Some(path) = headroom::config::config_path() else {
        return headroom::config::Config::default();
    };
    let loaded = headroom::config::load_file(&path);
    for warning in &loaded.warnings {
        eprintln!("headroom: warning: {warning}");
    }
    if let Some(error) = &loaded.error {
        eprintln!("headroom: error: {error}");
    }
    loaded.config
}

pub fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_env("HEADROOM_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}

pub fn run(cli: Cli, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Status { json }) => status::run(json, offset),
        Some(Command::Watch(args)) => watch::run(&args, offset),
        Some(Command::Analyze { file, ram, json }) => analyze::run(&file, ram, json, offset),
        Some(Command::Record { interval }) => record::run(interval),
        Some(Command::Explain { json }) => explain::run(json),
        Some(Command::History(args)) => history::run(&args, offset),
        Some(Command::Notify { test, json }) => notify::run(test, json, offset),
        #[cfg(unix)]
        Some(Command::Purge { dry_run, json, force }) => purge::run(dry_run, json, force),
        Some(Command::Setup(SetupCommand::Login { remove })) => setup::login(remove),
        Some(Command::Setup(SetupCommand::Desktop { remove })) => setup::desktop(remove),
        #[cfg(unix)]
        Some(Command::Setup(SetupCommand::Purge { remove, user, sudoers_dir })) => {
            purge::setup(remove, user, &sudoers_dir.unwrap_or_else(purge::default_sudoers_dir))
        }
        #[cfg(not(unix))]
        Some(Command::Purge { .. } | Command::Setup(SetupCommand::Purge { .. })) => {
            anyhow::bail!("purge is not supported on this system")
        }
        Some(Command::Config(ConfigCommand::Path)) => config::path(),
        Some(Command::Config(ConfigCommand::Init)) => config::init(),
        Some(Command::Config(ConfigCommand::Check { file })) => config::check(file.as_deref()),
        #[cfg(any(target_os = "linux", target_os = "macos"))]
        None => app::run(offset, cli.replay),
        #[cfg(not(any(target_os = "linux", target_os = "macos")))]
        None => watch::run(&WatchArgs::default(), offset),
    }
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
        assert_eq!(parse_interval("500ms"), Ok(Duration::from_millis(500)));
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
