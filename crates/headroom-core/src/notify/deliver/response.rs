//! The "Snooze for a day" action: its names, the request identifier that carries a notification's kind, and reading a response back (pure).

use crate::notify::Kind;

/// The action key and label of "Snooze for a day" (freedesktop action key; macOS action identifier).
pub(crate) const SNOOZE_ACTION: &str = "snooze";
pub const SNOOZE_LABEL: &str = "Snooze for a day";
/// The macOS notification category that carries the snooze action; snoozable notifications name it.
pub const SNOOZE_CATEGORY: &str = "headroom.snoozable";

/// Every request identifier starts with this, so a response to someone else's notification is ignored.
const PREFIX: &str = "headroom.";

/// The identifier of a notification request: the kind travels in it, so the response to the
/// notification says which kind to snooze without any state kept between the two.
/// `unique` (e.g. the time in nanoseconds) keeps two notifications of one kind apart.
pub fn request_identifier(kind: Kind, unique: i128) -> String {
    format!("{PREFIX}{}.{unique}", kind.name())
}

/// The kind to snooze when the user picked `action_identifier` on the notification whose request
/// was `request_identifier`; None for any other action (a click on the banner, "Close") or
/// for a notification that is not one of ours or not snoozable.
pub fn snoozed_kind(action_identifier: &str, request_identifier: &str) -> Option<Kind> {
    if action_identifier != SNOOZE_ACTION {
        return None;
    }
    let rest = request_identifier.strip_prefix(PREFIX)?;
    let (name, _unique) = rest.rsplit_once('.')?;
    Kind::from_name(name).filter(|kind| kind.snoozable())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The identifiers Apple sends for a click on the banner and for "Close"
    /// (UNNotificationDefaultActionIdentifier, UNNotificationDismissActionIdentifier).
    const DEFAULT_ACTION: &str = "com.apple.UNNotificationDefaultActionIdentifier";
    const DISMISS_ACTION: &str = "com.apple.UNNotificationDismissActionIdentifier";

    #[test]
    fn every_snoozable_kind_comes_back_from_its_identifier() {
        for kind in Kind::ALL {
            let identifier = request_identifier(kind, 1_763_625_600_123_456_789);
            let expected = kind.snoozable().then_some(kind);
            assert_eq!(snoozed_kind(SNOOZE_ACTION, &identifier), expected, "{identifier}");
        }
    }

    #[test]
    fn only_the_snooze_action_on_our_own_notification_snoozes() {
        let jump = request_identifier(Kind::Jump, 42);
        assert_eq!(jump, "headroom.jump.42");
        let table: [(&str, &str, Option<Kind>); 8] = [
            (SNOOZE_ACTION, &jump, Some(Kind::Jump)),
            (SNOOZE_ACTION, "headroom.wired_level.7", Some(Kind::WiredLevel)),
            (DEFAULT_ACTION, &jump, None),
            (DISMISS_ACTION, &jump, None),
            (SNOOZE_ACTION, "com.example.jump.42", None),
            (SNOOZE_ACTION, "headroom.nonsense.42", None),
            (SNOOZE_ACTION, "headroom.jump", None),
            (SNOOZE_ACTION, "headroom.test.42", None),
        ];
        for (action, identifier, expected) in table {
            assert_eq!(snoozed_kind(action, identifier), expected, "{action} on {identifier}");
        }
    }
}
