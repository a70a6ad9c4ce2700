//! Argument types and parsers the commands share (and the menu-bar app binary's `--replay`).

use std::time::Duration;

use clap::Args;

use headroom_core::model::Platform;

pub use headroom_core::units::parse_since;

/// config.toml for a command that runs; its problems are said on stderr and never stop the command.
/// Every size the command prints then follows `units`.
pub fn settings() -> headroom_core::config::Config {
    let settings = headroom_core::config::load_or_defaults(|line| eprintln!("{line}"));
    headroom_core::units::show_sizes_in(settings.units);
    settings
}

/// What the recording has to tell (a corrupt database moved aside, a full disk, writing again), on stderr.
pub fn say(notice: &headroom_core::history::RecorderNotice) {
    eprintln!("{}", notice.line());
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
    parse_interval_for(headroom_core::config::this_platform(), text)
}

/// [`parse_interval`] for `platform`, so the macOS rule is tested anywhere.
pub fn parse_interval_for(platform: Platform, text: &str) -> Result<Duration, String> {
    let interval = humantime::parse_duration(text).map_err(|e| format!("`{text}`: {e} (try 2s, 5s or 1m)"))?;
    headroom_core::config::check_sample_interval(platform, interval).map_err(|why| format!("`{text}`: {why}"))?;
    Ok(interval)
}

/// The recorded history opened for reading, or `None` (said on stderr) when nothing was recorded yet.
pub(super) fn open_history() -> anyhow::Result<Option<headroom_core::history::Store>> {
    use anyhow::Context;
    let dir = headroom_core::history::data_dir().context("cannot find the home directory the history is kept in")?;
    let path = dir.join(headroom_core::history::DB_FILE);
    if !path.exists() {
        eprintln!(
            "headroom: no history yet at {} (`headroom record` or `headroom watch --record` records it)",
            path.display()
        );
        return Ok(None);
    }
    let store = headroom_core::history::Store::open_to_read(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Some(store))
}

/// The boot `--boot` asks for: every boot (`None`), or this one's id read live.
pub(super) fn boot_filter(scope: super::BootScope) -> anyhow::Result<Option<String>> {
    use anyhow::Context;
    match scope {
        super::BootScope::All => Ok(None),
        super::BootScope::Current => {
            let mut reader = headroom_core::sys::SystemReader::new().context("cannot read this boot's id")?;
            Ok(Some(reader.read().context("cannot read this boot's id")?.boot_id))
        }
    }
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
