//! What the app's state asks of the world after a change, and what the login item's change shows.

use time::UtcOffset;

use headroom_core::config::SettingValue;
use headroom_core::history::Event;
use headroom_core::notify::Notification;

/// Something the event loop must do in the world after a state change.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Hand this to the notification worker.
    Notify(Notification),
    /// A verdict changed: gather the suspects now rather than at the next probe.
    NudgeProber,
    /// A minute was added: redraw the sparkline image.
    RedrawSparkline,
    /// Scan who uses memory now (the menu is opening); the list comes back through [`crate::state::AppState::on_top`].
    RefreshTop,
    /// Run a purge off the main thread; its result comes back through [`crate::state::AppState::on_purged`].
    StartPurge,
    /// Write this event into the history.
    Record(Event),
    /// Turn the login item on or off; the result comes back through [`crate::state::AppState::set_launch_at_login`].
    ToggleLogin {
        enable: bool,
    },
    /// Read the login item as it is now (the menu is opening), off the main thread.
    ReadLogin,
    /// Write a setting the user changed in the menu into config.toml, off the main thread; a
    /// failure comes back as an answer.
    SaveSetting {
        key: &'static str,
        value: SettingValue,
    },
    /// Show who made this and which version: the standard About panel on macOS, a notification
    /// where the platform has no such panel.
    About,
    OpenSettings,
    /// Write the last week's history as a page and open it in the browser, at `anchor` (a chart's id) if given.
    ShowHistory {
        offset: UtcOffset,
        anchor: Option<&'static str>,
    },
    /// The settings changed (a saved config.toml): show sizes in its units and hand the engine its
    /// part (the interval, the history's batching and retention).
    ApplySettings(Box<headroom_core::config::Config>),
    /// Ask whether to quit this app (a Top memory row's Quit…); on yes the shell asks it to quit,
    /// off the main thread, and says what that gave back.
    ConfirmQuit(QuitRequest),
    Quit,
}

/// An app the user asked to quit from the Top memory section: its name as the scan grouped it,
/// its processes then, and what it used (what quitting gives back, about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuitRequest {
    pub name: String,
    pub pids: Vec<u32>,
    pub bytes: u64,
}

/// The Launch at Login item after a change: checked or not, and a few words when the user must act
/// (move a translocated copy to Applications, approve the item in System Settings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginShown {
    pub enabled: bool,
    pub note: Option<String>,
}

impl From<bool> for LoginShown {
    fn from(enabled: bool) -> LoginShown {
        LoginShown { enabled, note: None }
    }
}
