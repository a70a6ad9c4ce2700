//! The notifications that are not a verdict's alert: the daily digest of held-back alerts, a
//! purge's result, and the test notification.

use time::OffsetDateTime;

use super::{Kind, Notification, State};
use crate::config::Notifications;
use crate::model::Snapshot;
use crate::units::format_gb;

/// The daily digest, once a day, when there is anything in it.
pub fn digest_due(state: &mut State, now: OffsetDateTime) -> Option<Notification> {
    if state.digest.is_empty() || state.digest_sent.is_some_and(|last| now - last < time::Duration::days(1)) {
        return None;
    }
    state.digest_sent = Some(now);
    let items: Vec<String> =
        state.digest.drain(..).map(|n| crate::tr!("notify-digest-item", title = n.title, body = n.body)).collect();
    Some(Notification {
        subject: None,
        kind: Kind::Digest,
        title: crate::tr!("notify-digest-title", count = items.len()),
        body: items.join("\n"),
    })
}

/// A purge's result as a notification. It answers a click, so only the on/off switches apply, not the rate limit.
pub fn purge_result(
    state: &mut State,
    config: &Notifications,
    summary: &str,
    now: OffsetDateTime,
) -> Option<Notification> {
    if !(config.enabled && config.kinds.purge_result) {
        return None;
    }
    state.last_sent.insert(Kind::PurgeResult, now);
    Some(Notification {
        subject: None,
        kind: Kind::PurgeResult,
        title: crate::tr!("notify-purge-title"),
        body: summary.to_owned(),
    })
}

/// The notification `headroom notify --test` and the menu's "Send Test Notification" send.
pub fn test_notification(snapshot: Option<&Snapshot>) -> Notification {
    let figures = snapshot.map_or_else(String::new, |s| {
        crate::tr!("notify-test-figures", wired = format_gb(s.memory.wired), pressure = s.pressure.word())
    });
    Notification {
        subject: None,
        kind: Kind::Test,
        title: crate::tr!("notify-test-title"),
        body: crate::tr!("notify-test-body", figures = figures),
    }
}
