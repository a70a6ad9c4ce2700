//! Argument types and parsers the commands share (and the menu-bar app binary's `--replay`).

use std::time::Duration;

use clap::Args;

use crate::model::Platform;

pub fn parse_since(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 24h or 7d)"))
}

#[derive(Debug, Args, Default)]
pub struct WatchArgs {
    /// Time between samples, e.g. 2s, 1m, 500ms on Linux; at least 1s on macOS (default: sample_interval from config.toml, 2s).
    #[arg(long, value_parser = parse_interval)]
    pub interval: Option<Duration>,
    /// Print one JSON object per line instead of columns.
    #[arg(long)]
    pub json: bool,
    /// Also record the samples into the history (one recorder at a time).
    #[arg(long)]
    pub record: bool,
}

/// `--interval` for `watch` and `record`: the same rule as `sample_interval` in config.toml, for this platform.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    parse_interval_for(crate::config::this_platform(), text)
}

/// [`parse_interval`] for `platform`, so the macOS rule is tested anywhere.
pub fn parse_interval_for(platform: Platform, text: &str) -> Result<Duration, String> {
    let interval = humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 2s, 5s or 1m)"))?;
    crate::config::check_sample_interval(platform, interval).map_err(|why| format!("`{text}`: {why}"))?;
    Ok(interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_follows_the_platforms_rule() {
        assert_eq!(parse_interval_for(Platform::Linux, "500ms"), Ok(Duration::from_millis(500)));
        let refused = parse_interval_for(Platform::Macos, "500ms").unwrap_err();
        assert!(refused.starts_with("`500ms`: 500ms is under 1s: macOS rate-limits"), "{refused}");
        assert_eq!(parse_interval_for(Platform::Macos, "1s"), Ok(Duration::from_secs(1)));
        assert!(parse_interval_for(Platform::Linux, "50ms").is_err());
        assert!(parse_interval_for(Platform::Linux, "2 days").is_err());
        assert!(parse_interval_for(Platform::Linux, "soon").unwrap_err().contains("try 2s"));
    }
}
