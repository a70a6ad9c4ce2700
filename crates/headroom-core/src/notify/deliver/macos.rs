//! macOS: UNUserNotificationCenter when running from Headroom.app and allowed to, `osascript` otherwise.

use std::ptr::NonNull;
use std::sync::mpsc;
use std::time::Duration;

use block2::RcBlock;
use objc2::rc::autoreleasepool;
use objc2::runtime::Bool;
use objc2_foundation::{NSError, NSString};
use objc2_user_notifications::{
    UNAuthorizationOptions, UNMutableNotificationContent, UNNotificationRequest, UNNotificationSettings,
    UNNotificationSound, UNUserNotificationCenter,
};

use super::response::{SNOOZE_CATEGORY, request_identifier};
use super::route::{self, AuthorizationError, Route};
use super::{Delivered, DeliveryError, OSASCRIPT, OnSnooze, in_app_bundle, osascript_args};
use crate::notify::Notification;

pub(crate) use super::macos_delegate::prepare;

/// Notifications go to Notification Center (osascript outside the bundle).
pub(crate) const SERVICE: super::Service = super::Service::NotificationCenter;

/// Whether UNUserNotificationCenter may be used. Outside an app bundle `currentNotificationCenter`
/// raises NSInternalInconsistencyException ("bundleProxyForCurrentProcess is nil: mainBundle.bundleURL
/// …"), which Rust cannot catch and which ends the process (utensils/mold#561, stablyai/orca#7929:
/// a helper run from Contents/Resources crashes, from Contents/MacOS it works). Both must hold: the
/// program's file, links resolved, is in `….app/Contents/MacOS/`, and Foundation's main bundle — found
/// from the path the process was started by, which may be Homebrew's link — has an identifier.
pub(super) fn runs_as_app() -> bool {
    crate::sys::exe::this_program().is_ok_and(|exe| in_app_bundle(&exe))
        && objc2_foundation::NSBundle::mainBundle().bundleIdentifier().is_some()
}

/// How long to wait for the permission prompt to be answered the first time.
const PERMISSION_WAIT: Duration = Duration::from_secs(120);
/// How long the notification center may take to accept a request.
const ADD_WAIT: Duration = Duration::from_secs(10);
const OSASCRIPT_PATH: &str = "/usr/bin/osascript";
/// How long osascript may take to hand a notification over; it usually takes well under a second.
const OSASCRIPT_LIMIT: Duration = Duration::from_secs(10);

/// `on_snooze` only marks the notification snoozable here: the answer reaches the delegate
/// installed by [`prepare`], which has its own callback.
pub(crate) fn send(notification: &Notification, on_snooze: Option<OnSnooze>) -> Result<Delivered, DeliveryError> {
    // This runs on the notification worker, a thread with no run loop and so no autorelease pool
    // of its own: without one, what Foundation autoreleases here would leak. Apple, "Using
    // Autorelease Pool Blocks": a secondary thread "must create [its] own autorelease pool block"
    // (https://developer.apple.com/library/archive/documentation/Cocoa/Conceptual/MemoryMgmt/Articles/mmAutoreleasePools.html).
    autoreleasepool(|_| {
        let bundled = runs_as_app();
        if !bundled {
            return osascript(notification);
        }
        match authorize() {
            Route::UserNotifications => user_notification(notification, on_snooze.is_some()),
            Route::FallbackOsascript { why } => {
                route::remember_fallback(&why);
                osascript(notification)
            }
            Route::NotAllowed { why } => Err(DeliveryError::NotAllowed(why)),
        }
    })
}

/// Reads the standing answer without asking (getNotificationSettings never prompts).
pub(crate) fn status() -> Result<String, DeliveryError> {
    autoreleasepool(|_| {
        if !runs_as_app() {
            return Ok(OSASCRIPT.to_owned());
        }
        let (answer, answered) = mpsc::channel::<isize>();
        let on_settings = RcBlock::new(move |settings: NonNull<UNNotificationSettings>| {
            // SAFETY: the center passes a valid settings object that lives for the call.
            let _ = answer.send(unsafe { settings.as_ref() }.authorizationStatus().0);
        });
        UNUserNotificationCenter::currentNotificationCenter()
            .getNotificationSettingsWithCompletionHandler(&on_settings);
        match answered.recv_timeout(ADD_WAIT) {
            Ok(status) => route::standing(status),
            Err(_) => Err(DeliveryError::NoAnswer("Notification Center did not answer within 10 s".into())),
        }
    })
}

/// The error's own description, or `fallback` when there is none.
fn describe(error: *mut NSError, fallback: &str) -> String {
    // SAFETY: the completion handlers receive either null or a valid NSError that lives for the call.
    match unsafe { error.as_ref() } {
        Some(error) => error.localizedDescription().to_string(),
        None => fallback.to_owned(),
    }
}

/// Asks for permission and chooses the route from the answer. Asks once; after the user has
/// answered, macOS replies at once with the standing answer, so a later change in System
/// Settings is honoured without restarting.
fn authorize() -> Route {
    let center = UNUserNotificationCenter::currentNotificationCenter();
    let (answer, answered) = mpsc::channel::<(bool, Option<AuthorizationError>)>();
    let on_answer = RcBlock::new(move |granted: Bool, error: *mut NSError| {
        // SAFETY: null or a valid NSError that lives for the call (see `describe`).
        let error = unsafe { error.as_ref() }.map(|error| AuthorizationError {
            domain: error.domain().to_string(),
            code: error.code(),
            description: error.localizedDescription().to_string(),
        });
        let _ = answer.send((granted.as_bool(), error));
    });
    center.requestAuthorizationWithOptions_completionHandler(
        UNAuthorizationOptions::Alert | UNAuthorizationOptions::Sound,
        &on_answer,
    );
    match answered.recv_timeout(PERMISSION_WAIT) {
        Ok((granted, error)) => route::after_authorization(granted, error.as_ref()),
        Err(_) => Route::NotAllowed { why: "the permission prompt was not answered".into() },
    }
}

fn user_notification(notification: &Notification, snoozable: bool) -> Result<Delivered, DeliveryError> {
    let center = UNUserNotificationCenter::currentNotificationCenter();
    let content = UNMutableNotificationContent::new();
    content.setTitle(&NSString::from_str(&notification.title));
    content.setBody(&NSString::from_str(&notification.body));
    content.setSound(Some(&UNNotificationSound::defaultSound()));
    if snoozable {
        // The category registered by `prepare` adds the "Snooze for a day" button.
        content.setCategoryIdentifier(&NSString::from_str(SNOOZE_CATEGORY));
    }
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    let identifier = NSString::from_str(&request_identifier(notification.kind, nanos));
    let request = UNNotificationRequest::requestWithIdentifier_content_trigger(&identifier, &content, None);

    let (added, outcome) = mpsc::channel::<Result<(), DeliveryError>>();
    let on_added = RcBlock::new(move |error: *mut NSError| {
        let result =
            if error.is_null() { Ok(()) } else { Err(DeliveryError::Refused(describe(error, "unknown error"))) };
        let _ = added.send(result);
    });
    center.addNotificationRequest_withCompletionHandler(&request, Some(&on_added));
    match outcome.recv_timeout(ADD_WAIT) {
        Ok(added) => added.map(|()| Delivered { by: "Notification Center".into() }),
        Err(_) => Err(DeliveryError::Refused("Notification Center did not answer within 10 s".into())),
    }
}

/// Outside a bundle (e.g. `cargo install`), or when Notification Center refuses this build, the
/// notification goes through osascript and so under Script Editor's permission. Its exit status
/// says only that the script ran, not that anything was shown: hence [`OSASCRIPT`]'s wording.
///
/// It runs under a time limit, as every fixed tool does (`sys::command`): the notification worker
/// shows one notification at a time, so an osascript that hangs (waiting on a stuck Apple event or
/// a permission prompt nobody answers) would hold back every later one. At the limit it is killed
/// and reaped.
fn osascript(notification: &Notification) -> Result<Delivered, DeliveryError> {
    use crate::sys::command::{RunError, run_to_end};
    let finished =
        run_to_end(OSASCRIPT_PATH, &osascript_args(notification), OSASCRIPT_LIMIT).map_err(|error| match error {
            RunError::TimedOut { .. } => DeliveryError::NoAnswer(error.to_string()),
            _ => DeliveryError::NoService(error.to_string()),
        })?;
    if finished.status.success() {
        Ok(Delivered { by: OSASCRIPT.into() })
    } else {
        let message = finished.stderr.trim();
        Err(DeliveryError::Refused(format!("osascript exited with {}: {message}", finished.status)))
    }
}
