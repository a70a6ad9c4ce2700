//! Systems without a notification backend: every send says so.

use super::{Delivered, DeliveryError};
use crate::notify::Notification;

pub fn send(_notification: &Notification) -> Result<Delivered, DeliveryError> {
    Err(DeliveryError::NoService("Headroom has no notification backend on this system".into()))
}
