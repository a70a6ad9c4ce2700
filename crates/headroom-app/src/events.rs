//! What reaches the app's event loop from the engine, its own workers and muda: one enum, sent through tao's proxy.

use tao::event_loop::EventLoopProxy;

use headroom_core::engine;
use headroom_core::notify;

pub enum UserEvent {
    /// A sample, a probe, a top scan, the history's seed, or Stop (a signal, a replay's end).
    Engine(engine::Event),
    Menu(tray_icon::menu::MenuEvent),
    Icon(tray_icon::TrayIconEvent),
    /// The desktop's StatusNotifierItem host is about to show the menu (the icon's click, there).
    MenuOpening,
    /// A purge finished: the one-line result or why it did not run.
    Purged(String),
    /// A notification was shown, or why not.
    Notified(notify::Kind, String),
    /// "Snooze for a day" was picked on a notification of this kind.
    Snooze(notify::Kind),
    /// The login item as it is now: read at start, or after a click changed it (both off the main
    /// thread, since they read and write files and ask the system).
    Login(crate::state::LoginShown),
    /// A worker's answer to a click (the report or the settings could not be opened, a setting
    /// could not be saved), to show as a notification.
    Answer(notify::Notification),
    /// The user confirmed quitting this app (the Top memory row's Quit…).
    QuitConfirmed(crate::effect::QuitRequest),
}

/// The engine's sink in the app: tao's event-loop proxy.
#[derive(Clone)]
pub struct ProxySink(pub EventLoopProxy<UserEvent>);

impl engine::Sink for ProxySink {
    fn send(&self, event: engine::Event) -> bool {
        self.0.send_event(UserEvent::Engine(event)).is_ok()
    }
}
