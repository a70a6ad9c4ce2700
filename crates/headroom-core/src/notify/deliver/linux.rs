//! Linux: the freedesktop notification service on the session bus, through notify-rust (zbus, pure Rust).

use super::response::{SNOOZE_ACTION, SNOOZE_LABEL};
use super::{Delivered, DeliveryError, OnSnooze, escape_markup};
use crate::notify::Notification;

/// Notifications go to the freedesktop server on the session bus.
pub(crate) const SERVICE: super::Service = super::Service::Freedesktop;

/// Nothing to set up: the snooze action is answered per notification (see `send`).
pub(crate) fn prepare(_on_snooze: OnSnooze) {}

pub(crate) fn status() -> Result<String, DeliveryError> {
    let server = notify_rust::get_server_information().map_err(|error| DeliveryError::NoService(error.to_string()))?;
    Ok(format!("{} {}", server.name, server.version))
}

/// The notification's icon: Headroom's own, as a file (the freedesktop spec takes an absolute path
/// for `app_icon`), written once into the user's cache; a theme icon when it cannot be written.
fn icon() -> String {
    static ICON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ICON.get_or_init(|| {
        let written = directories::ProjectDirs::from("app", "headroom", "Headroom").and_then(|dirs| {
            let path = dirs.cache_dir().join("headroom-64.png");
            let (_, png) = crate::setup::desktop::ICONS.iter().find(|(size, _)| *size == 64)?;
            let same = std::fs::read(&path).is_ok_and(|old| old == *png);
            if !same {
                std::fs::create_dir_all(dirs.cache_dir()).ok()?;
                std::fs::write(&path, png).ok()?;
            }
            Some(path.display().to_string())
        });
        written.unwrap_or_else(|| "utilities-system-monitor".to_owned())
    })
    .clone()
}

pub(crate) fn send(notification: &Notification, on_snooze: Option<OnSnooze>) -> Result<Delivered, DeliveryError> {
    // Asking who serves first tells "nobody is there" apart from "it refused".
    let server = notify_rust::get_server_information().map_err(|error| DeliveryError::NoService(error.to_string()))?;
    let capabilities = notify_rust::get_capabilities().unwrap_or_default();
    let has = |name: &str| capabilities.iter().any(|c| c == name);
    let body = if has("body-markup") { escape_markup(&notification.body) } else { notification.body.clone() };
    let mut shown = notify_rust::Notification::new();
    shown.appname("Headroom").summary(&notification.title).body(&body).icon(&icon());
    let on_snooze = on_snooze.filter(|_| has("actions"));
    if on_snooze.is_some() {
        shown.action(SNOOZE_ACTION, SNOOZE_LABEL);
    }
    let handle = shown.show().map_err(|error| DeliveryError::Refused(error.to_string()))?;
    if let Some(on_snooze) = on_snooze {
        // Waits until the notification is closed or acted on; the server says which.
        let kind = notification.kind;
        let waiting = std::thread::Builder::new().name("headroom-notify-action".into()).spawn(move || {
            handle.wait_for_action(|action| {
                if action == SNOOZE_ACTION {
                    on_snooze(kind);
                }
            })
        });
        if let Err(error) = waiting {
            tracing::warn!(%error, "cannot wait for the notification's snooze action");
        }
    }
    Ok(Delivered { by: format!("{} {}", server.name, server.version) })
}
