//! A saved config.toml applied without a restart: the new settings replace the old at once (the
//! thresholds, notification kinds, title and units the state reads every time), the engine takes
//! its part (the interval, the history's batching and retention), and a broken edit changes
//! nothing but says where it is broken, at the top of the dropdown, until it is fixed.

use super::{AppState, Effect};
use headroom_core::config::Loaded;

impl AppState {
    /// The settings file as it was just saved (read and checked off the main thread).
    pub fn on_settings(&mut self, loaded: Loaded) -> Vec<Effect> {
        if let Some(error) = loaded.errors.first() {
            // The last good settings stay: a half-applied file (its bad keys at their defaults)
            // would change what the user did not touch.
            let place = match (error.line, &error.key) {
                (Some(line), _) => headroom_core::tr!("menu-settings-problem-line", line = line),
                (None, Some(key)) => headroom_core::tr!("menu-settings-problem-key", key = key.as_str()),
                (None, None) => headroom_core::tr!("menu-settings-problem-anywhere"),
            };
            tracing::warn!(%error, "settings not applied");
            self.settings_problem = Some(headroom_core::tr!("menu-settings-problem", place = place));
            return Vec::new();
        }
        self.settings_problem = None;
        if loaded.config == self.settings {
            return Vec::new();
        }
        tracing::info!("settings applied");
        self.settings = loaded.config;
        self.spark.set_units(self.settings.units);
        vec![Effect::ApplySettings(Box::new(self.settings.clone()))]
    }

    /// What the dropdown's first row says while the settings file does not parse.
    pub fn settings_problem(&self) -> Option<&str> {
        self.settings_problem.as_deref()
    }
}
