//! Linux: the freedesktop notification service on the session bus, through notify-rust (zbus, pure Rust).

use super::{Delivered, DeliveryError, escape_markup};
use crate::notify::Notification;

pub fn send(notification: &Notification) -> Result<Delivered, DeliveryError> {
    // Asking who serves first tells "nobody is there" apart from "it refused".
    let server = notify_rust::get_server_information().map_err(|error| DeliveryError::NoService(error.to_string()))?;
    let markup = notify_rust::get_capabilities().unwrap_or_default().iter().any(|c| c == "body-markup");
    let body = if markup { escape_markup(&notification.body) } else { notification.body.clone() };
    notify_rust::Notification::new()
        .appname("Headroom")
        .summary(&notification.title)
        .body(&body)
        .icon("utilities-system-monitor")
        .show()
        .map_err(|error| DeliveryError::Refused(error.to_string()))?;
    Ok(Delivered { by: format!("{} {}", server.name, server.version) })
}
