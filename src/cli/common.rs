//! Argument types and parsers the commands share (and the menu-bar app binary's `--replay`).

use std::time::Duration;

use clap::Args;

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
