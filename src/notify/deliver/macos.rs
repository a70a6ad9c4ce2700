//! macOS: UNUserNotificationCenter when running from Headroom.app, `osascript` otherwise.

use std::sync::mpsc;
use std::time::Duration;

use block2::RcBlock;
use objc2::runtime::Bool;
use objc2_foundation::{NSError, NSString};
use objc2_user_notifications::{
    UNAuthorizationOptions, UNMutableNotificationContent, UNNotificationRequest, UNNotificationSound,
    UNUserNotificationCenter,
};

use super::{Delivered, DeliveryError, OnSnooze, in_app_bundle, osascript_args};
use crate::notify::Notification;

/// How long to wait for the permission prompt to be answered the first time.
const PERMISSION_WAIT: Duration = Duration::from_secs(120);
/// How long the notification center may take to accept a request.
const ADD_WAIT: Duration = Duration::from_secs(10);

/// Snoozing from the notification needs a notification-center delegate; on macOS the menu snoozes.
pub fn send(notification: &Notification, _on_snooze: Option<OnSnooze>) -> Result<Delivered, DeliveryError> {
    let bundled = std::env::current_exe().is_ok_and(|exe| in_app_bundle(&exe));
    if bundled { user_notification(notification) } else { osascript(notification) }
}

/// The error's own description, or `fallback` when there is none.
fn describe(error: *mut NSError, fallback: &str) -> String {
    // SAFETY: the completion handlers receive either null or a valid NSError that lives for the call.
    match unsafe { error.as_ref() } {
        Some(error) => error.localizedDescription().to_string(),
        None => fallback.to_owned(),
    }
}

fn user_notification(notification: &Notification) -> Result<Delivered, DeliveryError> {
    let center = UNUserNotificationCenter::currentNotificationCenter();

    // Asks once; after the user has answered, macOS replies at once with the standing answer,
    // so a later change in System Settings is honoured without restarting.
    let (answer, granted) = mpsc::channel::<Result<(), String>>();
    let on_answer = RcBlock::new(move |allowed: Bool, error: *mut NSError| {
        let result = if allowed.as_bool() {
            Ok(())
        } else {
            Err(describe(error, "turn them on in System Settings › Notifications › Headroom"))
        };
        let _ = answer.send(result);
    });
    center.requestAuthorizationWithOptions_completionHandler(
        UNAuthorizationOptions::Alert | UNAuthorizationOptions::Sound,
        &on_answer,
    );
    match granted.recv_timeout(PERMISSION_WAIT) {
        Ok(Ok(())) => {}
        Ok(Err(why)) => return Err(DeliveryError::NotAllowed(why)),
        Err(_) => return Err(DeliveryError::NotAllowed("the permission prompt was not answered".into())),
    }

    let content = UNMutableNotificationContent::new();
    content.setTitle(&NSString::from_str(&notification.title));
    content.setBody(&NSString::from_str(&notification.body));
    content.setSound(Some(&UNNotificationSound::defaultSound()));
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    let identifier = NSString::from_str(&format!("headroom.{}.{nanos}", notification.kind.name()));
    let request = UNNotificationRequest::requestWithIdentifier_content_trigger(&identifier, &content, None);

    let (added, outcome) = mpsc::channel::<Result<(), String>>();
    let on_added = RcBlock::new(move |error: *mut NSError| {
        let result = if error.is_null() { Ok(()) } else { Err(describe(error, "unknown error")) };
        let _ = added.send(result);
    });
    center.addNotificationRequest_withCompletionHandler(&request, Some(&on_added));
    match outcome.recv_timeout(ADD_WAIT) {
        Ok(Ok(())) => Ok(Delivered { by: "Notification Center".into() }),
        Ok(Err(why)) => Err(DeliveryError::Refused(why)),
        Err(_) => Err(DeliveryError::Refused("Notification Center did not answer within 10 s".into())),
    }
}

/// Outside a bundle (e.g. `cargo install`), Script Editor's permission is used through osascript.
fn osascript(notification: &Notification) -> Result<Delivered, DeliveryError> {
    let output = std::process::Command::new("/usr/bin/osascript")
        .args(osascript_args(notification))
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|error| DeliveryError::NoService(format!("cannot run /usr/bin/osascript: {error}")))?;
    if output.status.success() {
        Ok(Delivered { by: "osascript (Notification Center)".into() })
    } else {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        Err(DeliveryError::Refused(format!("osascript exited with {}: {message}", output.status)))
    }
}
