//! Systems without a notification backend: every send says so.

use super::{Delivered, DeliveryError, OnSnooze};
use crate::notify::Notification;

/// No notification service is known on this system.
pub(crate) const SERVICE: super::Service = super::Service::None;

pub(crate) fn prepare(_on_snooze: OnSnooze) {}

pub(crate) fn status() -> Result<String, DeliveryError> {
    Err(DeliveryError::NoService("Headroom has no notification backend on this system".into()))
}

pub(crate) fn send(_notification: &Notification, _on_snooze: Option<OnSnooze>) -> Result<Delivered, DeliveryError> {
    Err(DeliveryError::NoService("Headroom has no notification backend on this system".into()))
}
