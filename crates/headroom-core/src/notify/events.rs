//! Notifications in the history's events: each one sent (or refused) and each snooze, and the decision state rebuilt from them.

use time::OffsetDateTime;

use super::deliver::{Delivered, DeliveryError};
use super::{Kind, Notification, State};
use crate::history::{Event, EventKind};

/// A notification as an event, with how it went: who showed it, or why it was not shown.
pub fn sent(
    notification: &Notification,
    boot_id: Option<String>,
    at: OffsetDateTime,
    outcome: &Result<Delivered, DeliveryError>,
) -> Event {
    let mut detail = serde_json::json!({
        "kind": notification.kind.name(),
        "title": notification.title,
        "body": notification.body,
    });
    if let Some(app) = &notification.subject {
        detail["app"] = serde_json::Value::String(app.clone());
    }
    match outcome {
        Ok(delivered) => detail["delivered_by"] = serde_json::Value::String(delivered.by.clone()),
        Err(error) => detail["error"] = serde_json::Value::String(error.to_string()),
    }
    Event { at, boot_id, kind: EventKind::NotificationSent, detail }
}

/// A snooze of `kind` — of one app's alerts of it when `app` is given — until `until`.
pub fn snoozed(
    kind: Kind,
    app: Option<&str>,
    boot_id: Option<String>,
    at: OffsetDateTime,
    until: OffsetDateTime,
) -> Event {
    let until_text = until.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let mut detail = serde_json::json!({ "kind": kind.name(), "until": until_text });
    if let Some(app) = app {
        detail["app"] = serde_json::Value::String(app.to_owned());
    }
    Event { at, boot_id, kind: EventKind::NotificationSnoozed, detail }
}

/// The decision state as the events leave it: when each kind was last sent, and the snoozes
/// still running at `now`. A restart therefore neither repeats a notification inside its rate
/// limit nor forgets a snooze. Events of other kinds are ignored.
pub fn restore(events: &[Event], now: OffsetDateTime) -> State {
    let mut state = State::default();
    for event in events {
        let Some(kind) = event.detail.get("kind").and_then(|k| k.as_str()).and_then(Kind::from_name) else {
            continue;
        };
        match event.kind {
            EventKind::NotificationSent => {
                let last = state.last_sent.entry(kind).or_insert(event.at);
                *last = (*last).max(event.at);
            }
            EventKind::NotificationSnoozed => {
                let until = event
                    .detail
                    .get("until")
                    .and_then(|u| u.as_str())
                    .and_then(|u| OffsetDateTime::parse(u, &time::format_description::well_known::Rfc3339).ok());
                match (until.filter(|until| *until > now), event.detail.get("app").and_then(|a| a.as_str())) {
                    (Some(until), Some(app)) => {
                        state.snoozed_apps.insert(app.to_owned(), until);
                    }
                    (Some(until), None) => {
                        state.snoozed_until.insert(kind, until);
                    }
                    (None, _) => {}
                }
            }
            EventKind::SuspectAppeared | EventKind::Purge | EventKind::BaselineMarked | EventKind::Unknown(_) => {}
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn notification(kind: Kind) -> Notification {
        Notification { subject: None, kind, title: "t".into(), body: "b".into() }
    }

    #[test]
    fn a_restart_keeps_the_rate_limit_and_running_snoozes() {
        let t0 = datetime!(2026-11-20 08:00 UTC);
        let ok: Result<Delivered, DeliveryError> = Ok(Delivered { by: "dunst 1.9.0".into() });
        let refused = Err(DeliveryError::NoService("org.freedesktop.Notifications was not provided".into()));
        let events = vec![
            sent(&notification(Kind::Jump), Some("b".into()), t0, &ok),
            sent(&notification(Kind::Jump), Some("b".into()), t0 + time::Duration::hours(3), &refused),
            sent(&notification(Kind::Creeping), None, t0 + time::Duration::hours(1), &ok),
            snoozed(Kind::Pressure, None, None, t0, t0 + time::Duration::days(1)),
            snoozed(Kind::SwapGrowth, None, None, t0 - time::Duration::days(2), t0 - time::Duration::days(1)),
            snoozed(Kind::AppLeak, Some("Raycast"), None, t0, t0 + time::Duration::days(1)),
            Event { at: t0, boot_id: None, kind: EventKind::Purge, detail: serde_json::json!({"kind": "jump"}) },
        ];
        let now = t0 + time::Duration::hours(5);
        let state = restore(&events, now);
        assert_eq!(state.last_sent.get(&Kind::Jump), Some(&(t0 + time::Duration::hours(3))));
        assert_eq!(state.last_sent.get(&Kind::Creeping), Some(&(t0 + time::Duration::hours(1))));
        assert_eq!(state.last_sent.len(), 2, "the purge event is not a notification");
        assert_eq!(state.snoozed_until.get(&Kind::Pressure), Some(&(t0 + time::Duration::days(1))));
        assert!(!state.snoozed_until.contains_key(&Kind::SwapGrowth), "an expired snooze is gone");
        // One app's snooze silences that app, not the kind.
        assert!(!state.snoozed_until.contains_key(&Kind::AppLeak));
        assert_eq!(state.snoozed_apps.get("Raycast"), Some(&(t0 + time::Duration::days(1))));
        assert_eq!(events[0].detail["delivered_by"], "dunst 1.9.0");
        assert!(events[1].detail["error"].as_str().is_some_and(|e| e.contains("not provided")));
    }

    #[test]
    fn every_kind_name_round_trips() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
            assert_eq!(serde_json::to_value(kind).expect("serialises"), kind.name());
        }
        assert_eq!(Kind::from_name("nonsense"), None);
    }
}
