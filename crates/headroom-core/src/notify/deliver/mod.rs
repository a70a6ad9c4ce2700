//! Showing a notification: the platform backend, and a worker thread so the menu never waits on it.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
mod macos_delegate;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod unsupported;

pub mod response;
pub mod route;

pub use route::fallback_reason;

#[cfg(target_os = "linux")]
use linux as backend;
#[cfg(target_os = "macos")]
use macos as backend;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
use unsupported as backend;

use std::path::Path;
use std::sync::{Arc, mpsc};

use serde::Serialize;

use super::Notification;

/// Who took a notification, e.g. "dunst 1.9.0", "Notification Center" or [`OSASCRIPT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivered {
    pub by: String,
}

/// How the osascript route names itself. `display notification` is posted as Script Editor, and
/// macOS drops it without a word when Script Editor may not notify, while osascript still exits 0
/// (gen2brain/beeep#67): all Headroom can know is that it handed the notification over.
pub const OSASCRIPT: &str = "osascript (needs notifications allowed for Script Editor)";

impl Delivered {
    /// What to tell the user: "shown by …", or only "handed to …" when the service cannot say.
    pub fn said(&self) -> String {
        said(&self.by)
    }
}

/// [`Delivered::said`] for a `by` read back from the history. Every osascript route counts as
/// handed over, including records written before it was named [`OSASCRIPT`].
pub fn said(by: &str) -> String {
    if by.starts_with("osascript") { format!("handed to {by}") } else { format!("shown by {by}") }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// Nothing answers on the notification service (no session bus, no notification daemon).
    #[error("no notification service: {0}")]
    NoService(String),
    /// The service answered but would not show it.
    #[error("the notification service refused it: {0}")]
    Refused(String),
    /// The user (or policy) turned notifications off for Headroom.
    #[error("notifications are turned off for Headroom: {0}")]
    NotAllowed(String),
    /// The service is there but did not answer in time (busy, e.g. right after login).
    #[error("the notification service did not answer: {0}")]
    NoAnswer(String),
}

/// Which notification service this system's backend talks to: what to advise depends on it.
#[allow(dead_code, reason = "each platform's backend constructs its own variants")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    /// A server on the session bus (org.freedesktop.Notifications: GNOME, KDE, dunst, mako).
    Freedesktop,
    /// macOS: Notification Center (UserNotifications), or osascript outside the app bundle.
    NotificationCenter,
    /// No backend on this system.
    None,
}

/// This system's notification service.
pub(crate) const SERVICE: Service = backend::SERVICE;

/// Called with the kind when the user picks "Snooze for a day" on a notification.
pub type OnSnooze = Arc<dyn Fn(super::Kind) + Send + Sync>;

/// Sets up what must exist before the app finishes launching (Apple: the notification center's
/// delegate, https://developer.apple.com/documentation/usernotifications/unusernotificationcenter/delegate):
/// on macOS the delegate that shows notifications while Headroom is frontmost and hears "Snooze
/// for a day" on them, which it passes to `on_snooze`. Nothing to do on other systems.
pub fn prepare(on_snooze: OnSnooze) {
    backend::prepare(on_snooze);
}

/// Who would take a notification now, without sending one or asking the user (for `headroom
/// doctor`): the freedesktop server's name and version, Notification Center's standing answer,
/// or osascript; Err when nothing would show it.
pub(crate) fn status() -> Result<String, DeliveryError> {
    backend::status()
}

/// Shows `notification` now, on this thread.
pub fn send(notification: &Notification) -> Result<Delivered, DeliveryError> {
    backend::send(&harmless(notification), None)
}

/// Shows `notification` with a "Snooze for a day" action where the service supports actions
/// (freedesktop servers that announce "actions"; on macOS Notification Center, whose answer goes
/// to the `on_snooze` given to [`prepare`] instead). On Linux `on_snooze` runs on a thread of its
/// own if the user picks it.
pub fn send_with_snooze(notification: &Notification, on_snooze: OnSnooze) -> Result<Delivered, DeliveryError> {
    let snoozable = notification.kind.snoozable();
    backend::send(&harmless(notification), snoozable.then_some(on_snooze))
}

/// The notification with its outside text made harmless: a one-line title, a body without
/// controls or bidi overrides, both cut to length (markup is escaped by the backend that renders it).
pub(crate) fn harmless(notification: &Notification) -> Notification {
    use crate::ui::text::{BODY_CHARS, LABEL_CHARS, multi_line, one_line};
    Notification {
        subject: notification.subject.clone(),
        kind: notification.kind,
        title: one_line(&notification.title, LABEL_CHARS),
        body: multi_line(&notification.body, BODY_CHARS),
    }
}

/// A worker that shows notifications one at a time and reports each outcome, so a slow
/// notification service (or macOS's permission prompt) never holds up the menu.
pub struct Courier {
    queue: mpsc::Sender<Notification>,
}

impl Courier {
    /// Starts the worker; `done` hears every outcome (to record it) and `on_snooze` every
    /// "Snooze for a day" picked on a notification. The worker ends when the Courier is dropped.
    pub fn spawn(
        mut done: impl FnMut(&Notification, &Result<Delivered, DeliveryError>) + Send + 'static,
        on_snooze: OnSnooze,
    ) -> std::io::Result<Courier> {
        let (queue, inbox) = mpsc::channel::<Notification>();
        std::thread::Builder::new().name("headroom-notify".into()).spawn(move || {
            for notification in inbox {
                let outcome = send_with_snooze(&notification, Arc::clone(&on_snooze));
                if let Err(error) = &outcome {
                    tracing::warn!(%error, title = notification.title, "notification not shown");
                }
                done(&notification, &outcome);
            }
        })?;
        Ok(Courier { queue })
    }

    pub fn send(&self, notification: Notification) {
        if self.queue.send(notification).is_err() {
            tracing::warn!("the notification worker has stopped");
        }
    }
}

/// True when `exe` runs from inside an app bundle (`….app/Contents/MacOS/…`): only then may
/// UNUserNotificationCenter be used (outside a bundle it raises an exception and the process dies).
pub fn in_app_bundle(exe: &Path) -> bool {
    let parts: Vec<&std::ffi::OsStr> = exe.iter().collect();
    parts
        .windows(3)
        .any(|w| Path::new(w[0]).extension().is_some_and(|e| e == "app") && w[1] == "Contents" && w[2] == "MacOS")
}

/// `osascript` arguments that show `notification`. The script is fixed; title and body reach it
/// as `argv`, never inside its text, so no string can change what it does.
pub fn osascript_args(notification: &Notification) -> Vec<String> {
    vec![
        "-e".into(),
        "on run argv".into(),
        "-e".into(),
        "display notification (item 2 of argv) with title (item 1 of argv)".into(),
        "-e".into(),
        "end run".into(),
        notification.title.clone(),
        notification.body.clone(),
    ]
}

/// Freedesktop servers that announce "body-markup" read the body as a small HTML subset, so a
/// `<` or `&` in a suspect's name would be eaten; escape them.
pub fn escape_markup(text: &str) -> String {
    crate::ui::text::markup_escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_text_reaches_the_notification_harmless() {
        let hostile = Notification {
            subject: None,
            kind: crate::notify::Kind::Jump,
            title: "Wired memory jumped: <b>VM</b>\n& more".into(),
            body: format!("Around it: qemu \u{202E}exe.txt\u{1b}[2J\nline two {}", "y".repeat(5000)),
        };
        let shown = harmless(&hostile);
        assert_eq!(
            shown.title, "Wired memory jumped: <b>VM</b> & more",
            "one line, markup left for the backend to escape"
        );
        assert!(shown.body.starts_with("Around it: qemu exe.txt [2J\nline two"), "{}", shown.body);
        assert!(shown.body.chars().count() <= crate::ui::text::BODY_CHARS + 1);
        // The freedesktop backend escapes the markup in bodies that servers render as markup.
        assert_eq!(escape_markup("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    }
    use crate::notify::Kind;

    #[test]
    fn only_an_executable_inside_an_app_bundle_counts() {
        assert!(in_app_bundle(Path::new("/Applications/Headroom.app/Contents/MacOS/headroom")));
        assert!(in_app_bundle(Path::new("/Users/a/My Apps/Headroom.app/Contents/MacOS/headroom")));
        assert!(!in_app_bundle(Path::new("/Users/a/.cargo/bin/headroom")));
        assert!(!in_app_bundle(Path::new("/opt/homebrew/bin/headroom")));
        assert!(!in_app_bundle(Path::new("/tmp/Headroom.app/headroom")));
        assert!(!in_app_bundle(Path::new("/tmp/app/Contents/MacOS/headroom")), "the folder must end in .app");
    }

    #[test]
    fn osascript_gets_a_fixed_script_and_the_strings_as_arguments() {
        let hostile = Notification {
            subject: None,
            kind: Kind::Jump,
            title: r#"Wired "jumped" \ by 2 GB"#.into(),
            body: "\" & (do shell script \"rm -rf ~\") & \"".into(),
        };
        let args = osascript_args(&hostile);
        assert_eq!(args[..6].join(" "), osascript_args(&crate::notify::test_notification(None))[..6].join(" "));
        assert!(args[..6].iter().all(|a| !a.contains("rm -rf")), "no string enters the script text");
        assert_eq!(args[6], hostile.title);
        assert_eq!(args[7], hostile.body);
    }

    #[test]
    fn only_a_service_that_shows_it_is_said_to_have_shown_it() {
        let said_for = |by: &str| Delivered { by: by.into() }.said();
        assert_eq!(said_for("dunst 1.9.0"), "shown by dunst 1.9.0");
        assert_eq!(said_for("Notification Center"), "shown by Notification Center");
        assert_eq!(said_for(OSASCRIPT), "handed to osascript (needs notifications allowed for Script Editor)");
        assert_eq!(
            said("osascript (Notification Center)"),
            "handed to osascript (Notification Center)",
            "older records too"
        );
    }

    #[test]
    fn markup_is_escaped_for_servers_that_read_it() {
        assert_eq!(escape_markup("kext <com.x> & VM → 4 GB"), "kext &lt;com.x&gt; &amp; VM → 4 GB");
    }
}
