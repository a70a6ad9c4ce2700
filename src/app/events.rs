//! What reaches the app's event loop from its threads and from muda: one enum, sent through tao's proxy.

use tao::event_loop::EventLoopProxy;

use crate::notify;
use crate::sampling::sampler::{SampleEvent, Sink, SinkClosed};
use crate::suspects::Suspects;

pub enum UserEvent {
    /// SIGINT or SIGTERM, or a replay's end: end like Quit, so the history is flushed.
    Stop,
    Sample(SampleEvent),
    Suspects(Box<Suspects>),
    /// A scan of who uses memory.
    Top(Box<crate::top::TopList>),
    Menu(tray_icon::menu::MenuEvent),
    Icon(tray_icon::TrayIconEvent),
    /// A purge finished: the one-line result or why it did not run.
    Purged(String),
    /// A notification was shown, or why not.
    Notified(notify::Kind, String),
    /// "Snooze for a day" was picked on a notification of this kind.
    Snooze(notify::Kind),
}

/// The sampler's sink in the app: tao's event-loop proxy.
pub struct ProxySink(pub EventLoopProxy<UserEvent>);

impl Sink for ProxySink {
    fn deliver(&mut self, event: SampleEvent) -> Result<(), SinkClosed> {
        self.0.send_event(UserEvent::Sample(event)).map_err(|_| SinkClosed)
    }
}
