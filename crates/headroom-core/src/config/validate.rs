//! The rules a valid config follows that its types cannot express, some of them per platform.

use std::time::Duration;

use super::{Config, Span};
use crate::model::Platform;

/// The platform this build runs on, for the rules that differ between macOS and Linux.
pub fn this_platform() -> Platform {
    crate::sys::PLATFORM
}

/// The longest time between two samples, on every platform.
const MAX_SAMPLE_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

/// The shortest time between two samples on `platform`.
///
/// macOS: 1 s. XNU rate-limits `host_statistics64` for processes that are not platform binaries:
/// within `HOST_STATISTICS_TIME_WINDOW` (1 second), after 2 to 10 requests counted over all such
/// processes, it answers with a cached copy of the last result and `KERN_SUCCESS`
/// (apple-oss-distributions/xnu, osfmk/kern/host.c: `HOST_STATISTICS_TIME_WINDOW`,
/// `HOST_STATISTICS_MIN_REQUESTS`, `rate_limit_host_statistics`). Faster sampling would record
/// repeated counters as if they were new. Linux's /proc is read afresh each time: 100 ms.
pub fn min_sample_interval(platform: Platform) -> Duration {
    match platform {
        Platform::Macos => Duration::from_secs(1),
        Platform::Linux => Duration::from_millis(100),
    }
}

/// A time between samples outside the allowed range; its text says the range and, on macOS, why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    #[error("{} is longer than 24h", humantime::format_duration(*.0))]
    TooLong(Duration),
    #[error(
        "{} is under 1s: macOS rate-limits its memory counters (host_statistics64) to a 1-second window \
         for apps that are not part of the system and answers faster requests with a cached copy, \
         so samples under 1s would repeat old figures",
        humantime::format_duration(*.0)
    )]
    UnderMacosWindow(Duration),
    #[error("{} is under {}", humantime::format_duration(*.interval), humantime::format_duration(*.min))]
    TooShort { interval: Duration, min: Duration },
}

/// Checks a time between samples for `platform`.
pub fn check_sample_interval(platform: Platform, interval: Duration) -> Result<(), IntervalError> {
    let min = min_sample_interval(platform);
    if interval > MAX_SAMPLE_INTERVAL {
        return Err(IntervalError::TooLong(interval));
    }
    if interval >= min {
        return Ok(());
    }
    Err(match platform {
        Platform::Macos => IntervalError::UnderMacosWindow(interval),
        Platform::Linux => IntervalError::TooShort { interval, min },
    })
}

/// A value outside its allowed range: the dotted key and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub key: &'static str,
    pub message: String,
}

impl Config {
    /// Checks the rules types cannot express, for this platform. Returns every problem, not just the first.
    pub(crate) fn validate(&self) -> Vec<Invalid> {
        self.validate_for(this_platform())
    }

    /// [`Config::validate`] for `platform`, so each platform's rules run in tests anywhere.
    pub(crate) fn validate_for(&self, platform: Platform) -> Vec<Invalid> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, key: &'static str, message: String| {
            if !ok {
                problems.push(Invalid { key, message });
            }
        };
        if let Err(why) = check_sample_interval(platform, self.sample_interval.duration()) {
            check(false, "sample_interval", why.to_string());
        }
        let w = &self.wired;
        for (key, value) in
            [("wired.normal_min", w.normal_min), ("wired.normal_max", w.normal_max), ("wired.high", w.high)]
        {
            check(
                value > 0.0 && value < 1.0,
                key,
                format!("{value} is not a fraction of RAM between 0 and 1 (e.g. 0.19)"),
            );
        }
        check(
            w.normal_min < w.normal_max,
            "wired.normal_min",
            format!("{} must be below normal_max ({})", w.normal_min, w.normal_max),
        );
        check(w.normal_max < w.high, "wired.normal_max", format!("{} must be below high ({})", w.normal_max, w.high));
        check(self.apps.leak_window >= Span::minutes(1), "apps.leak_window", "must be at least 1m".into());
        check(self.apps.leak_min_growth.bytes() > 0, "apps.leak_min_growth", "must be above 0".into());
        let g = &self.growth;
        check(g.creep_min_per_day.bytes() > 0, "growth.creep_min_per_day", "must be above 0".into());
        check(
            g.creep_window >= Span::hours(1),
            "growth.creep_window",
            format!("{} is shorter than 1h", g.creep_window),
        );
        check(g.jump_min.bytes() > 0, "growth.jump_min", "must be above 0".into());
        check(g.jump_window > Span::secs(0), "growth.jump_window", "must be above 0".into());
        check(self.notifications.min_interval > Span::secs(0), "notifications.min_interval", "must be above 0".into());
        check(
            matches!(self.purge.linux_drop_caches, 1..=3),
            "purge.linux_drop_caches",
            format!("{} is not 1, 2 or 3", self.purge.linux_drop_caches),
        );
        check(
            self.purge.timeout >= Span::secs(1),
            "purge.timeout",
            format!("{} is shorter than 1s", self.purge.timeout),
        );
        check(
            self.purge.prompt_timeout >= Span::secs(10),
            "purge.prompt_timeout",
            format!("{} is shorter than 10s: too short to type a password", self.purge.prompt_timeout),
        );
        let h = &self.history;
        check(h.raw_for >= Span::minutes(10), "history.raw_for", format!("{} is shorter than 10m", h.raw_for));
        check(
            h.minute_for >= h.raw_for,
            "history.minute_for",
            format!("{} is shorter than raw_for ({})", h.minute_for, h.raw_for),
        );
        check(
            h.ten_minute_for >= h.minute_for,
            "history.ten_minute_for",
            format!("{} is shorter than minute_for ({})", h.ten_minute_for, h.minute_for),
        );
        check(
            h.flush_every >= Span::secs(1) && h.flush_every <= Span::secs(60),
            "history.flush_every",
            format!("{} is outside 1s ..= 60s", h.flush_every),
        );
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macos_refuses_sampling_under_one_second_and_says_why() {
        let half = Duration::from_millis(500);
        let why = check_sample_interval(Platform::Macos, half).unwrap_err().to_string();
        assert!(why.starts_with("500ms is under 1s: macOS rate-limits"), "{why}");
        assert!(why.contains("host_statistics64") && why.contains("cached copy"), "{why}");
        assert_eq!(check_sample_interval(Platform::Macos, Duration::from_millis(999)).map_err(|_| ()), Err(()));
        assert_eq!(check_sample_interval(Platform::Macos, Duration::from_secs(1)), Ok(()));
        assert_eq!(check_sample_interval(Platform::Macos, Duration::from_secs(2)), Ok(()));
    }

    #[test]
    fn linux_allows_a_tenth_of_a_second() {
        assert_eq!(check_sample_interval(Platform::Linux, Duration::from_millis(500)), Ok(()));
        assert_eq!(check_sample_interval(Platform::Linux, Duration::from_millis(100)), Ok(()));
        assert_eq!(
            check_sample_interval(Platform::Linux, Duration::from_millis(50)).map_err(|why| why.to_string()),
            Err("50ms is under 100ms".to_owned())
        );
        for platform in [Platform::Linux, Platform::Macos] {
            assert_eq!(check_sample_interval(platform, Duration::from_secs(24 * 3600)), Ok(()));
            assert!(check_sample_interval(platform, Duration::from_secs(25 * 3600)).is_err());
        }
    }

    #[test]
    fn the_config_check_applies_the_platforms_rule() {
        let config = Config { sample_interval: Span(Duration::from_millis(500)), ..Config::default() };
        assert_eq!(config.validate_for(Platform::Linux), vec![]);
        let problems = config.validate_for(Platform::Macos);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key, "sample_interval");
        assert!(problems[0].message.contains("rate-limits"), "{problems:?}");
        assert_eq!(Config::default().validate_for(Platform::Macos), vec![], "the 2s default suits both");
    }

    #[test]
    fn the_prompt_gets_time_to_type_a_password() {
        let mut config = Config::default();
        assert_eq!(config.purge.prompt_timeout, Span::minutes(5));
        config.purge.prompt_timeout = Span::secs(5);
        let problems = config.validate_for(Platform::Linux);
        assert_eq!(problems.iter().map(|p| p.key).collect::<Vec<_>>(), vec!["purge.prompt_timeout"]);
    }
}
