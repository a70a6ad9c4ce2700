//! Which way a notification goes on macOS after asking Notification Center for permission (pure, tested everywhere).

use std::sync::OnceLock;

use super::DeliveryError;

/// The error `requestAuthorizationWithOptions:completionHandler:` handed back, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationError {
    /// `NSError.domain`, e.g. "UNErrorDomain".
    pub domain: String,
    /// `NSError.code`, e.g. 1 for `UNErrorCodeNotificationsNotAllowed`.
    pub code: isize,
    /// `NSError.localizedDescription`.
    pub description: String,
}

/// The domain of User Notifications' own errors, and its "not allowed" code
/// (https://developer.apple.com/documentation/usernotifications/unerror/code/notificationsnotallowed).
pub const UN_ERROR_DOMAIN: &str = "UNErrorDomain";
pub const UN_NOTIFICATIONS_NOT_ALLOWED: isize = 1;

/// Where a notification goes once the permission question is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Headroom may post through UNUserNotificationCenter.
    UserNotifications,
    /// Notification Center would not even ask the user; osascript still can post (as Script Editor).
    FallbackOsascript { why: String },
    /// The user (or policy) said no: honour it, do not go round it.
    NotAllowed { why: String },
}

/// Chooses the route from the two values the completion handler receives.
///
/// The completion handler gets the answer and an optional error
/// (https://developer.apple.com/documentation/usernotifications/unusernotificationcenter/requestauthorization(options:completionhandler:)).
/// A user's "Don't Allow" arrives as `granted == false` with no error, and is respected. An error
/// means usernoted would not put the question at all: it answers unsigned and ad-hoc-signed apps
/// with `false` and `UNErrorDomain` 1 "Notifications are not allowed for this application", no
/// prompt shown and the app absent from System Settings › Notifications (termio-sh/termio#124,
/// bitcoin-core/gui#112, dotnet/macios#9818, MicrosoftDocs/xamarin-docs#3207). Nobody can turn
/// that on, so osascript is the only way left to reach the user.
pub fn after_authorization(granted: bool, error: Option<&AuthorizationError>) -> Route {
    match (granted, error) {
        (true, _) => Route::UserNotifications,
        (false, None) => {
            Route::NotAllowed { why: "turn them on in System Settings › Notifications › Headroom".to_owned() }
        }
        (false, Some(error)) if error.domain == UN_ERROR_DOMAIN && error.code == UN_NOTIFICATIONS_NOT_ALLOWED => {
            Route::FallbackOsascript {
                why: format!(
                    "Notification Center refused this build ({}, UNErrorDomain 1); it does so for apps \
                     signed ad hoc rather than with a Developer ID",
                    error.description
                ),
            }
        }
        (false, Some(error)) => Route::FallbackOsascript {
            why: format!(
                "Notification Center could not be asked ({}, {} {})",
                error.description, error.domain, error.code
            ),
        },
    }
}

/// Notification Center's standing answer for Headroom (`UNAuthorizationStatus`,
/// https://developer.apple.com/documentation/usernotifications/unauthorizationstatus) in words,
/// for `headroom doctor`: Ok with who would take a notification, Err when it would not be shown.
pub fn standing(status: isize) -> Result<String, DeliveryError> {
    match status {
        0 => Ok("Notification Center (not asked yet: the first notification asks; a build signed ad hoc \
                 is refused then and falls back to osascript)"
            .to_owned()),
        1 => Err(DeliveryError::NotAllowed("turn them on in System Settings › Notifications › Headroom".to_owned())),
        2 => Ok("Notification Center (allowed)".to_owned()),
        3 => Ok("Notification Center (provisional: delivered quietly, without a banner)".to_owned()),
        other => Ok(format!("Notification Center (authorization status {other})")),
    }
}

/// Why this process fell back to osascript, once it has.
static FALLBACK: OnceLock<String> = OnceLock::new();

/// Records that notifications fell back to osascript and why; only the first reason is logged,
/// so a refusal repeated on every notification does not fill the log.
pub fn remember_fallback(why: &str) {
    if FALLBACK.set(why.to_owned()).is_ok() {
        tracing::warn!(why, "notifications go through osascript instead of Notification Center");
    }
}

/// Why notifications fell back to osascript in this process, if they did.
pub fn fallback_reason() -> Option<&'static str> {
    FALLBACK.get().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(domain: &str, code: isize, description: &str) -> AuthorizationError {
        AuthorizationError { domain: domain.into(), code, description: description.into() }
    }

    #[test]
    fn the_route_follows_the_answer_and_the_error() {
        // The refusal as usernoted words it for ad-hoc-signed apps (bitcoin-core/gui#112, termio-sh/termio#124).
        let ad_hoc = error("UNErrorDomain", 1, "Notifications are not allowed for this application");
        // The XPC connection to usernoted failing (NSXPCConnectionInvalid).
        let no_daemon = error("NSCocoaErrorDomain", 4099, "Couldn’t communicate with a helper application.");
        let table: [(bool, Option<&AuthorizationError>, &str); 5] = [
            (true, None, "user notifications"),
            (true, Some(&ad_hoc), "user notifications"),
            (false, None, "not allowed"),
            (false, Some(&ad_hoc), "fallback"),
            (false, Some(&no_daemon), "fallback"),
        ];
        for (granted, error, expected) in table {
            let route = after_authorization(granted, error);
            let got = match &route {
                Route::UserNotifications => "user notifications",
                Route::FallbackOsascript { .. } => "fallback",
                Route::NotAllowed { .. } => "not allowed",
            };
            assert_eq!(got, expected, "granted {granted}, error {error:?} → {route:?}");
        }
    }

    #[test]
    fn each_reason_says_what_happened() {
        let Route::NotAllowed { why } = after_authorization(false, None) else { panic!("a user's no is respected") };
        assert!(why.contains("System Settings › Notifications › Headroom"), "{why}");

        let ad_hoc = error("UNErrorDomain", 1, "Notifications are not allowed for this application");
        let Route::FallbackOsascript { why } = after_authorization(false, Some(&ad_hoc)) else { panic!("falls back") };
        assert!(why.contains("Notifications are not allowed for this application"), "{why}");
        assert!(why.contains("Developer ID"), "the fix is named: {why}");

        // Code 1 of another domain is not the signature refusal.
        let other = error("NSCocoaErrorDomain", 1, "odd");
        let Route::FallbackOsascript { why } = after_authorization(false, Some(&other)) else { panic!("falls back") };
        assert!(why.contains("NSCocoaErrorDomain 1") && !why.contains("Developer ID"), "{why}");
    }

    #[test]
    fn the_standing_answer_reads_as_the_doctor_should_say_it() {
        assert!(standing(2).is_ok_and(|s| s.contains("allowed")));
        assert!(matches!(standing(1), Err(DeliveryError::NotAllowed(why)) if why.contains("System Settings")));
        assert!(standing(0).is_ok_and(|s| s.contains("not asked yet") && s.contains("osascript")));
        assert!(standing(3).is_ok_and(|s| s.contains("provisional")));
        assert!(standing(9).is_ok_and(|s| s.contains("status 9")));
    }

    #[test]
    fn only_the_first_fallback_is_remembered() {
        remember_fallback("Notification Center refused this build");
        remember_fallback("something later");
        assert_eq!(fallback_reason(), Some("Notification Center refused this build"));
    }
}
