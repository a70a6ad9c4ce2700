//! What the command line and the menu-bar app binary share: settings loading, logging, and the watch arguments.

use std::time::Duration;

use clap::Args;
use tracing_subscriber::EnvFilter;

pub fn parse_since(text: &str) -> Result<Duration, String> {
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

pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 2s, 500ms or 1m)"))?;
    if interval < MIN_INTERVAL || interval > MAX_INTERVAL {
        return Err(format!("`{text}` is outside 100ms ..= 24h"));
    }
    Ok(interval)
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
