//! Headroom's settings: the typed `Config`, its documented defaults, and the rules a valid value follows.

mod ceiling;
mod edit;
mod load;
mod locate;
mod validate;
pub mod values;
mod watch;

use serde::{Deserialize, Serialize};

pub use crate::units::Units;
pub use ceiling::Ceiling;
pub use edit::{SaveError, SettingValue, save};
pub use load::{ConfigError, ConfigWarning, Loaded, config_path, load_file, load_or_defaults, load_str};
pub use validate::{IntervalError, Invalid, check_sample_interval, min_sample_interval, this_platform};
pub use values::{Size, Span};
pub use watch::SettingsWatch;

/// The commented default file `headroom config init` writes; a test checks it equals `Config::default()`.
pub const DEFAULT_FILE: &str = include_str!("../../../../resources/config.toml");

/// Everything a user can set. Every key is optional in the file; a missing key takes its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Config {
    /// Time between two samples.
    pub sample_interval: Span,
    /// How sizes are labelled.
    pub units: Units,
    /// The app's language ("auto": the system's); the commands stay English.
    pub language: Language,
    pub menu_bar: MenuBar,
    pub wired: WiredThresholds,
    pub growth: Growth,
    pub notifications: Notifications,
    pub purge: Purge,
    pub history: History,
    pub apps: Apps,
}

/// The language the app speaks: the system's, or one of the catalogs (`i18n::LANGUAGES`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "de")]
    German,
    #[serde(rename = "fr")]
    French,
    #[serde(rename = "es")]
    Spanish,
    #[serde(rename = "ja")]
    Japanese,
    #[serde(rename = "zh-CN")]
    SimplifiedChinese,
}

impl Language {
    /// Its catalog's tag; `None` for the system's choice.
    pub fn tag(self) -> Option<&'static str> {
        match self {
            Language::Auto => None,
            Language::English => Some("en"),
            Language::German => Some("de"),
            Language::French => Some("fr"),
            Language::Spanish => Some("es"),
            Language::Japanese => Some("ja"),
            Language::SimplifiedChinese => Some("zh-CN"),
        }
    }
}

/// When an app's growth is a leak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Apps {
    /// How long an app must keep growing…
    pub leak_window: Span,
    /// …and by at least how much, to be leaking.
    pub leak_min_growth: Size,
    /// One app above this for a minute is told (a runaway app).
    pub ceiling: Ceiling,
}

impl Default for Apps {
    fn default() -> Apps {
        Apps { leak_window: Span::minutes(30), leak_min_growth: Size::mib(512), ceiling: Ceiling::Percent(50.0) }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            sample_interval: Span::secs(2),
            units: Units::Gb,
            language: Language::Auto,
            menu_bar: MenuBar::default(),
            wired: WiredThresholds::default(),
            growth: Growth::default(),
            notifications: Notifications::default(),
            purge: Purge::default(),
            history: History::default(),
            apps: Apps::default(),
        }
    }
}

/// What the menu bar shows beside the icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MenuBarTitle {
    None,
    UsedPercent,
    WiredGb,
    /// The headroom figure in GB.
    Headroom,
    /// Swap in use.
    Swap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MenuBar {
    pub title: MenuBarTitle,
}

impl Default for MenuBar {
    fn default() -> MenuBar {
        MenuBar { title: MenuBarTitle::None }
    }
}

/// Wired memory as fractions of RAM (docs/formulas.md, What "wired is abnormal" means): about 9–19 % is normal
/// (1.5–3 GB on 16 GB); above 25 % (4 GB on 16 GB) with nothing to explain it is high; between is elevated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WiredThresholds {
    /// Lower end of the typical range, shown as the expected range.
    pub normal_min: f64,
    /// Upper end of normal; above it wired is "elevated".
    pub normal_max: f64,
    /// Above it wired is "high" unless a VM or GPU workload explains it.
    pub high: f64,
}

impl Default for WiredThresholds {
    fn default() -> WiredThresholds {
        WiredThresholds { normal_min: 0.09, normal_max: 0.19, high: 0.25 }
    }
}

/// When wired growth counts as creeping or as a jump.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Growth {
    /// Wired rising faster than this per day, sustained over `creep_window`, is creeping.
    pub creep_min_per_day: Size,
    /// How much history the creeping slope is fitted over.
    pub creep_window: Span,
    /// A step up of at least this much…
    pub jump_min: Size,
    /// …within this long…
    pub jump_window: Span,
    /// …that is still there this long after is a jump.
    pub jump_hold: Span,
}

impl Default for Growth {
    fn default() -> Growth {
        Growth {
            creep_min_per_day: Size::mib(100),
            creep_window: Span::days(3),
            jump_min: Size::gib(1),
            jump_window: Span::minutes(10),
            jump_hold: Span::minutes(30),
        }
    }
}

/// Which notifications are sent, and how often at most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notifications {
    pub enabled: bool,
    /// At most one notification of a kind per this long.
    pub min_interval: Span,
    /// Pressure must stay at warn or critical this long before it is notified.
    pub pressure_min_duration: Span,
    /// Collect the day's notifications into one summary instead of sending each.
    pub daily_digest: bool,
    pub kinds: NotificationKinds,
}

impl Default for Notifications {
    fn default() -> Notifications {
        Notifications {
            enabled: true,
            min_interval: Span::hours(6),
            pressure_min_duration: Span::minutes(2),
            daily_digest: false,
            kinds: NotificationKinds::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationKinds {
    pub creeping: bool,
    pub jump: bool,
    pub wired_level: bool,
    pub pressure: bool,
    pub swap_growth: bool,
    pub purge_result: bool,
    pub app_leak: bool,
    pub runaway: bool,
    pub thrashing: bool,
}

impl Default for NotificationKinds {
    fn default() -> NotificationKinds {
        NotificationKinds {
            creeping: true,
            jump: true,
            wired_level: true,
            pressure: true,
            swap_growth: true,
            purge_result: true,
            app_leak: true,
            runaway: true,
            thrashing: true,
        }
    }
}

/// How purge runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Purge {
    /// Linux: the value written to /proc/sys/vm/drop_caches. 1 drops the page cache only;
    /// 2 dentries and inodes; 3 both. macOS always runs /usr/sbin/purge.
    pub linux_drop_caches: u8,
    /// A second purge within this long is refused (`--force` overrides).
    pub cooldown: Span,
    /// A purge that takes longer than this is ended.
    pub timeout: Span,
    /// How long an administrator password prompt (macOS osascript, Linux pkexec) may stay open;
    /// the purge behind the prompt then still gets `timeout`.
    pub prompt_timeout: Span,
}

impl Default for Purge {
    fn default() -> Purge {
        Purge {
            linux_drop_caches: 1,
            cooldown: Span::minutes(10),
            timeout: Span::secs(60),
            prompt_timeout: Span::minutes(5),
        }
    }
}

/// How long history is kept at each resolution, and how often it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    /// Every sample is kept this long…
    pub raw_for: Span,
    /// …then per-minute mean and max this long…
    pub minute_for: Span,
    /// …then per-10-minute mean and max this long, then dropped.
    pub ten_minute_for: Span,
    /// Samples are written in one transaction at least this often (and at exit).
    pub flush_every: Span,
}

impl Default for History {
    fn default() -> History {
        History {
            raw_for: Span::hours(24),
            minute_for: Span::days(14),
            ten_minute_for: Span::days(365),
            flush_every: Span::secs(60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_default_file_is_the_default() {
        let loaded = load_str(DEFAULT_FILE, std::path::Path::new("resources/config.toml"));
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.config, Config::default());
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(Config::default().validate(), vec![]);
    }

    #[test]
    fn round_trip_through_toml() {
        let mut config = Config {
            sample_interval: Span(std::time::Duration::from_millis(1500)),
            units: Units::Gib,
            ..Config::default()
        };
        config.menu_bar.title = MenuBarTitle::WiredGb;
        config.wired.high = 0.3;
        config.growth.jump_min = Size::mib(1536);
        config.notifications.kinds.swap_growth = false;
        config.history.minute_for = Span::days(30);
        let text = toml::to_string(&config).expect("serialises");
        let loaded = load_str(&text, std::path::Path::new("round-trip.toml"));
        assert!(loaded.errors.is_empty(), "{:?}\n{text}", loaded.errors);
        assert_eq!(loaded.config, config, "{text}");
    }

    #[test]
    fn defaults_scale_to_the_field_guidance() {
        // 16 GB Mac: normal up to about 3 GB, high above 4 GB.
        let w = WiredThresholds::default();
        let ram = 16.0;
        assert!((w.normal_min * ram - 1.44).abs() < 0.01);
        assert!((w.normal_max * ram - 3.04).abs() < 0.01);
        assert!((w.high * ram - 4.0).abs() < 0.01);
    }
}
