//! "Capture before, compare after": the baseline the user marked (kept in the history, so a
//! restart does not lose it) and one line saying what moved since.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::history::{Event, EventKind};
use crate::model::Snapshot;
use crate::units::format_gb_as;

/// The figures a comparison needs, as marked: what the `baseline_marked` event stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub app: u64,
    pub wired: u64,
    pub compressed: u64,
    pub cached_files: u64,
    pub free: u64,
    pub swap_used: u64,
    /// The VMs found then (as the menu names them), to say which appeared since.
    pub suspects: Vec<String>,
}

impl Baseline {
    pub fn of(snapshot: &Snapshot, suspects: Vec<String>) -> Baseline {
        let m = &snapshot.memory;
        Baseline {
            at: snapshot.at,
            app: m.app,
            wired: m.wired,
            compressed: m.compressed,
            cached_files: m.cached_files,
            free: m.free,
            swap_used: snapshot.swap_used,
            suspects,
        }
    }

    /// The event that keeps it across a restart.
    pub fn event(&self, boot_id: Option<String>) -> Event {
        let detail = serde_json::to_value(self).unwrap_or_default();
        Event { at: self.at, boot_id, kind: EventKind::BaselineMarked, detail }
    }

    /// The last baseline marked during the boot `boot_id`, from the history's events (a baseline
    /// from before a restart of the machine compares nothing that is still there).
    pub fn last_marked(events: &[Event], boot_id: &str) -> Option<Baseline> {
        events
            .iter()
            .rev()
            .filter(|event| event.kind == EventKind::BaselineMarked && event.boot_id.as_deref() == Some(boot_id))
            .find_map(|event| serde_json::from_value(event.detail.clone()).ok())
    }

    /// "App 3.1 GB, Wired 2.0 GB, Compressed 0.0 GB, Cached 4.2 GB, Free 6.7 GB, Swap 0.0 GB".
    pub fn figures(&self, units: &str) -> String {
        self.rows()
            .iter()
            .map(|(name, bytes)| format!("{name} {}", format_gb_as(*bytes, units)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn rows(&self) -> [(String, u64); 6] {
        [
            (crate::tr!("baseline-app"), self.app),
            (crate::tr!("baseline-wired"), self.wired),
            (crate::tr!("baseline-compressed"), self.compressed),
            (crate::tr!("baseline-cached"), self.cached_files),
            (crate::tr!("baseline-free"), self.free),
            (crate::tr!("baseline-swap"), self.swap_used),
        ]
    }
}

/// One line saying what changed since a baseline: each category that moved by at least 0.1 GB,
/// and the VMs that appeared, e.g. "Since 14:02: Wired +1.2 GB, App −0.8 GB; new: QEMU …".
pub fn compare(before: &Baseline, after: &Snapshot, after_suspects: &[String], units: &str, since: &str) -> String {
    let now = Baseline::of(after, Vec::new());
    let mut parts = Vec::new();
    for ((name, old), (_, new)) in before.rows().into_iter().zip(now.rows()) {
        let delta = i128::from(new) - i128::from(old);
        if delta.unsigned_abs() >= u128::from(crate::units::GB / 10) {
            let sign = if delta < 0 { "−" } else { "+" };
            let magnitude = u64::try_from(delta.unsigned_abs()).unwrap_or(u64::MAX);
            parts.push(format!("{name} {sign}{}", format_gb_as(magnitude, units)));
        }
    }
    let changes = if parts.is_empty() { crate::tr!("baseline-no-change") } else { parts.join(", ") };
    let line = crate::tr!("baseline-since", since = since, changes = changes);
    let appeared: Vec<&str> =
        after_suspects.iter().filter(|s| !before.suspects.contains(s)).map(String::as_str).collect();
    if appeared.is_empty() { line } else { crate::tr!("baseline-new", line = line, names = appeared.join(", ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        super::super::fixture_snapshot()
    }

    #[test]
    fn comparing_with_a_baseline_names_what_moved_and_what_appeared() {
        let before = Baseline::of(&snapshot(), Vec::new());
        let mut after = snapshot();
        after.memory.wired += 1_288_490_189; // 1.2 GiB
        after.memory.app -= 858_993_459; // 0.8 GiB
        after.memory.free += 50 << 20; // under 0.1 GB: not mentioned
        let line = compare(&before, &after, &["QEMU `qemu-system-x86_64`".to_owned()], "GB", "14:02");
        assert_eq!(line, "Since 14:02: App −819 MB, Wired +1.2 GB; new: QEMU `qemu-system-x86_64`");
        assert_eq!(compare(&before, &snapshot(), &[], "GB", "14:02"), "Since 14:02: no change of 0.1 GB or more");
    }

    #[test]
    fn a_baseline_survives_its_event_and_only_its_own_boot_finds_it() {
        let marked = Baseline::of(&snapshot(), vec!["QEMU `vm`".to_owned()]);
        let older = Baseline { wired: 1, ..marked.clone() };
        let events = vec![older.event(Some("boot-a".into())), marked.event(Some("boot-a".into()))];
        assert_eq!(Baseline::last_marked(&events, "boot-a"), Some(marked));
        assert_eq!(Baseline::last_marked(&events, "boot-b"), None);
    }
}
