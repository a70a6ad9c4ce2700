//! The history's events: what is recorded beside the samples, and the closed set of kinds Headroom writes.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// Something worth recording beside the samples: a suspect appearing, a purge, a notification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
    pub boot_id: Option<String>,
    pub kind: EventKind,
    pub detail: serde_json::Value,
}

/// What an event is. Stored in the `events.kind` column and shown in JSON as its [`EventKind::as_str`]
/// text, which never changes for a kind once shipped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A VM, GPU work or an extension appeared between two probes (`history::Recording`).
    SuspectAppeared,
    /// A purge ran, with its before and after (`purge::run::record`).
    Purge,
    /// A notification was sent, or refused by the system (`notify::events::sent`).
    NotificationSent,
    /// A notification kind was snoozed (`notify::events::snoozed`).
    NotificationSnoozed,
    /// The user marked a baseline in the menu (`ui::baseline::Baseline::event`).
    BaselineMarked,
    /// A kind this version does not write, read back as stored: the column is free text, so a
    /// newer Headroom on the same schema (a new kind needs no migration) or a hand-made row can
    /// hold anything, and reading must not fail on it. Never written by this version.
    Unknown(String),
}

impl EventKind {
    /// Every kind this version writes.
    pub const WRITTEN: [EventKind; 5] = [
        EventKind::SuspectAppeared,
        EventKind::Purge,
        EventKind::NotificationSent,
        EventKind::NotificationSnoozed,
        EventKind::BaselineMarked,
    ];

    /// The stored and shown text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            EventKind::SuspectAppeared => "suspect_appeared",
            EventKind::Purge => "purge",
            EventKind::NotificationSent => "notification_sent",
            EventKind::NotificationSnoozed => "notification_snoozed",
            EventKind::BaselineMarked => "baseline_marked",
            EventKind::Unknown(text) => text,
        }
    }
}

impl FromStr for EventKind {
    type Err = Infallible;

    /// Never fails: text that names no kind of this version reads as [`EventKind::Unknown`].
    fn from_str(text: &str) -> Result<EventKind, Infallible> {
        let known = EventKind::WRITTEN.into_iter().find(|kind| kind.as_str() == text);
        Ok(known.unwrap_or_else(|| EventKind::Unknown(text.to_owned())))
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As its stored text, the form `headroom notify --json` has always shown.
impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_keeps_its_stored_text_and_reads_back() {
        let stored = ["suspect_appeared", "purge", "notification_sent", "notification_snoozed"];
        for (kind, text) in EventKind::WRITTEN.into_iter().zip(stored) {
            assert_eq!(kind.as_str(), text);
            assert_eq!(serde_json::to_value(&kind).expect("serialises"), text);
            let Ok(read) = text.parse::<EventKind>();
            assert_eq!(read, kind);
        }
    }

    #[test]
    fn text_of_no_known_kind_reads_back_unchanged() {
        let Ok(read) = "someday_new".parse::<EventKind>();
        assert_eq!(read, EventKind::Unknown("someday_new".into()));
        assert_eq!(read.as_str(), "someday_new");
        assert_eq!(serde_json::to_value(&read).expect("serialises"), "someday_new");
    }
}
