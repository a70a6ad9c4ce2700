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

/// One history event in words.
pub fn describe(event: &Event) -> Marker {
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
            let outcome = match text_of(detail, "error") {
                Some(error) => format!(" (not shown: {error})"),
                None => String::new(),
            };
            (Category::Notification, format!("notified: {title} — {body}{outcome}"))
        }
        EventKind::NotificationSnoozed => (
            Category::Notification,
            format!(
                "{} alerts snoozed until {}",
                text_of(detail, "kind").unwrap_or_default(),
                text_of(detail, "until").unwrap_or_default()
            ),
        ),
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
    use serde_json::json;

    fn event(kind: &str, detail: Value) -> Event {
        let Ok(kind) = kind.parse();
        Event { at: OffsetDateTime::UNIX_EPOCH, boot_id: None, kind, detail }
    }

    #[test]
    fn each_kind_the_app_writes_reads_as_a_sentence() {
        let vm = describe(&event("suspect_appeared", json!({"kind": "vm", "name": "Parallels `prl_vm_app`"})));
        assert_eq!(
            (vm.category, vm.text.as_str()),
            (Category::Suspect, "virtual machine started: Parallels `prl_vm_app`")
        );
        let kext =
            describe(&event("suspect_appeared", json!({"kind": "kernel extension", "name": "com.example.filter"})));
        assert_eq!(kext.text, "kernel extension loaded: com.example.filter");
        // The shape purge::run::record writes (a PurgeReport).
        let purge = describe(&event(
            "purge",
            json!({"method": "purge", "before": {"cached_files": 4_400_000_000u64}, "after": {"cached_files": 1_400_000_000u64}, "cached_files_freed": 3_000_000_000u64}),
        ));
        assert_eq!(purge.category, Category::Purge);
        assert!(purge.text.starts_with("purge: Cached Files 4.1 GB → 1.3 GB, freed 2.8 GB"), "{}", purge.text);
        let sent = describe(&event(
            "notification_sent",
            json!({"kind": "jump", "title": "Wired memory jumped", "body": "+2 GB", "error": "no server"}),
        ));
        assert_eq!(sent.text, "notified: Wired memory jumped — +2 GB (not shown: no server)");
        let odd = describe(&event("someday_new", Value::String("<img src=x onerror=alert(1)>".into())));
        assert_eq!((odd.category, odd.text.as_str()), (Category::Other, "someday_new: <img src=x onerror=alert(1)>"));
    }
}
