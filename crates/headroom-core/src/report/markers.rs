//! The report's markers: each history event (and each jump found in the record) as a time, a category and a sentence. Text is plain; the page escapes it.

use serde_json::Value;
use time::OffsetDateTime;

use crate::history::{Event, EventKind};
use crate::units::format_gb;
use crate::verdict::Jump;

/// What a marker is about; it picks the marker's colour and legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// A VM, GPU work or an extension appeared.
    Suspect,
    Jump,
    Purge,
    Notification,
    Baseline,
    Other,
}

impl Category {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Category::Suspect => "appeared",
            Category::Jump => "jump",
            Category::Purge => "purge",
            Category::Notification => "notification",
            Category::Baseline => "baseline",
            Category::Other => "event",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub at: OffsetDateTime,
    pub category: Category,
    /// A sentence, from the system's own text (names, titles) where there is some: escape it before showing.
    pub text: String,
}

fn text_of(detail: &Value, key: &str) -> Option<String> {
    match detail.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn bytes_of(detail: &Value, path: &[&str]) -> Option<u64> {
    path.iter().try_fold(detail, |value, key| value.get(key))?.as_u64()
}

/// One history event in words; times in it are said in the local zone `offset`.
pub fn describe(event: &Event, offset: time::UtcOffset) -> Marker {
    let detail = &event.detail;
    let (category, text) = match &event.kind {
        EventKind::SuspectAppeared => {
            let kind = text_of(detail, "kind").unwrap_or_else(|| "something".into());
            let name = text_of(detail, "name").unwrap_or_default();
            let what = match kind.as_str() {
                "vm" => "virtual machine started",
                "gpu" => "GPU work started",
                "kernel extension" => "kernel extension loaded",
                "system extension" => "system extension appeared",
                _ => "appeared",
            };
            (Category::Suspect, format!("{what}: {name}"))
        }
        EventKind::Purge => {
            let freed = bytes_of(detail, &["cached_files_freed"]).map(format_gb);
            let before = bytes_of(detail, &["before", "cached_files"]).map(format_gb);
            let after = bytes_of(detail, &["after", "cached_files"]).map(format_gb);
            let text = match (freed, before, after) {
                (Some(freed), Some(before), Some(after)) => {
                    format!("purge: Cached Files {before} → {after}, freed {freed}")
                }
                (Some(freed), ..) => format!("purge: freed {freed}"),
                _ => format!("purge: {detail}"),
            };
            (Category::Purge, text)
        }
        EventKind::NotificationSent => {
            let title = text_of(detail, "title").unwrap_or_default();
            let body = text_of(detail, "body").unwrap_or_default();
            // A notification the system refused was not a notification the user saw: said so first.
            match text_of(detail, "error") {
                Some(error) => (Category::Notification, format!("notification not shown ({error}): {title} — {body}")),
                None => (Category::Notification, format!("notified: {title} — {body}")),
            }
        }
        EventKind::NotificationSnoozed => {
            let kind = text_of(detail, "kind").and_then(|name| crate::notify::Kind::from_name(&name));
            let until = text_of(detail, "until")
                .and_then(|u| time::OffsetDateTime::parse(&u, &time::format_description::well_known::Rfc3339).ok());
            let until = until.map_or_else(String::new, |until| {
                format!(" until {}", crate::ui::when::moment(until, event.at, offset))
            });
            (
                Category::Notification,
                format!("{} alerts snoozed{until}", kind.map_or("some", crate::notify::Kind::label)),
            )
        }
        EventKind::BaselineMarked => {
            let figures = serde_json::from_value::<crate::ui::baseline::Baseline>(detail.clone())
                .map_or_else(|_| plain(detail), |baseline| baseline.figures("GB"));
            (Category::Baseline, format!("baseline marked: {figures}"))
        }
        EventKind::Unknown(kind) => foreign(kind, detail),
    };
    Marker { at: event.at, category, text }
}

/// An event of a kind this version does not write (a newer Headroom's, a hand-made row), in words
/// as far as its kind's text suggests.
fn foreign(kind: &str, detail: &Value) -> (Category, String) {
    match kind {
        "suspect_gone" => {
            (Category::Suspect, format!("stopped: {}", text_of(detail, "name").unwrap_or_else(|| detail.to_string())))
        }
        kind if kind.contains("baseline") => (Category::Baseline, format!("baseline marked: {}", plain(detail))),
        other => (Category::Other, format!("{other}: {}", plain(detail))),
    }
}

/// A jump the report found in the record.
pub fn jump(jump: &Jump) -> Marker {
    Marker {
        at: jump.at,
        category: Category::Jump,
        text: format!(
            "wired jumped {} → {} (+{}){}",
            format_gb(jump.before),
            format_gb(jump.after),
            format_gb(jump.size()),
            if jump.is_explained() { ", explained by a VM or GPU work" } else { "" }
        ),
    }
}

/// A boot's first sample: the baseline later figures are compared with.
pub(crate) fn boot_baseline(at: OffsetDateTime, wired: u64) -> Marker {
    Marker { at, category: Category::Baseline, text: format!("boot: baseline wired {}", format_gb(wired)) }
}

/// A detail as text: a bare string as itself, anything else as JSON.
fn plain(detail: &Value) -> String {
    match detail {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe_utc(event: &Event) -> Marker {
        describe(event, time::UtcOffset::UTC)
    }
    use serde_json::json;

    fn event(kind: &str, detail: Value) -> Event {
        let Ok(kind) = kind.parse();
        Event { at: OffsetDateTime::UNIX_EPOCH, boot_id: None, kind, detail }
    }

    #[test]
    fn each_kind_the_app_writes_reads_as_a_sentence() {
        let vm = describe_utc(&event("suspect_appeared", json!({"kind": "vm", "name": "Parallels `prl_vm_app`"})));
        assert_eq!(
            (vm.category, vm.text.as_str()),
            (Category::Suspect, "virtual machine started: Parallels `prl_vm_app`")
        );
        let kext =
            describe_utc(&event("suspect_appeared", json!({"kind": "kernel extension", "name": "com.example.filter"})));
        assert_eq!(kext.text, "kernel extension loaded: com.example.filter");
        // The shape purge::run::record writes (a PurgeReport).
        let purge = describe_utc(&event(
            "purge",
            json!({"method": "purge", "before": {"cached_files": 4_400_000_000u64}, "after": {"cached_files": 1_400_000_000u64}, "cached_files_freed": 3_000_000_000u64}),
        ));
        assert_eq!(purge.category, Category::Purge);
        assert!(purge.text.starts_with("purge: Cached Files 4.1 GB → 1.3 GB, freed 2.8 GB"), "{}", purge.text);
        let sent = describe_utc(&event(
            "notification_sent",
            json!({"kind": "jump", "title": "Wired memory jumped", "body": "+2 GB", "error": "no server"}),
        ));
        assert_eq!(sent.text, "notification not shown (no server): Wired memory jumped — +2 GB");
        let snoozed = describe_utc(&event(
            "notification_snoozed",
            json!({"kind": "wired_level", "until": "2026-12-07T02:21:00.985998321Z"}),
        ));
        assert_eq!(snoozed.text, "wired-level alerts snoozed until Mon 7 Dec 02:21", "no raw timestamp");
        let odd = describe_utc(&event("someday_new", Value::String("<img src=x onerror=alert(1)>".into())));
        assert_eq!((odd.category, odd.text.as_str()), (Category::Other, "someday_new: <img src=x onerror=alert(1)>"));
    }
}
