//! What a purge did, in numbers: each category before and after, and what no app can free.

use serde::Serialize;

use crate::model::{Breakdown, Snapshot};
use crate::units::format_gb_as;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurgeReport {
    /// How it ran, in words ("sync, then 1 > /proc/sys/vm/drop_caches").
    pub method: String,
    pub before: Breakdown,
    pub after: Breakdown,
    /// Cached Files before − after, bytes (0 if it grew).
    pub cached_files_freed: u64,
    /// Free after − before, bytes (0 if it shrank).
    pub free_gained: u64,
    /// Wired after − before, bytes; purge does not touch wired memory, so this is noise.
    pub wired_change: i64,
    pub duration_ms: u64,
}

impl PurgeReport {
    pub(crate) fn new(method: String, before: &Snapshot, after: &Snapshot, duration_ms: u64) -> PurgeReport {
        let (b, a) = (before.memory, after.memory);
        PurgeReport {
            method,
            before: b,
            after: a,
            cached_files_freed: b.cached_files.saturating_sub(a.cached_files),
            free_gained: a.free.saturating_sub(b.free),
            wired_change: i64::try_from(i128::from(a.wired) - i128::from(b.wired)).unwrap_or(0),
            duration_ms,
        }
    }

    /// "Cached Files 4.1 GB → 1.3 GB, freed 2.8 GB" and the rest, one line each.
    pub fn lines(&self, units: &str) -> Vec<String> {
        let gb = |bytes: u64| format_gb_as(bytes, units);
        vec![
            format!(
                "Cached Files  {} → {}, freed {}",
                gb(self.before.cached_files),
                gb(self.after.cached_files),
                gb(self.cached_files_freed)
            ),
            format!("Free          {} → {}", gb(self.before.free), gb(self.after.free)),
            format!("Wired         {} → {} — {}", gb(self.before.wired), gb(self.after.wired), self.wired_note()),
            format!("Ran           {} in {} ms", self.method, self.duration_ms),
        ]
    }

    /// What the wired line says: a purge frees no wired memory, so a change beside it is the
    /// measurement moving (on Linux wired is a residual: a VM's free page reporting holds freed
    /// pages in the host's balloon for a moment, measured here at up to ±250 MB).
    fn wired_note(&self) -> &'static str {
        let moved = self.wired_change.unsigned_abs();
        if moved >= (64 << 20).max(self.before.wired / 10) {
            "a purge does not change wired memory: the difference is measurement (a VM's balloon holds \
             freed pages for a moment); no app can free it"
        } else {
            "wired memory is held by the kernel and drivers; no app can free it"
        }
    }

    /// One line for a notification or the menu: "Purged: Cached Files 4.1 → 1.3 GB, freed 2.8 GB".
    pub fn summary(&self, units: &str) -> String {
        format!(
            "Purged: Cached Files {}, freed {}",
            crate::units::format_pair(self.before.cached_files, self.after.cached_files, " → ", units),
            format_gb_as(self.cached_files_freed, units)
        )
    }
}

/// What a purge would do now, without running it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DryRun {
    /// The ways it would be tried, in order.
    pub methods: Vec<String>,
    /// What the OS can reclaim now: Cached Files (on macOS including purgeable memory), bytes.
    pub reclaimable: u64,
    /// Wired memory, which no purge frees, bytes.
    pub wired: u64,
    /// Why a real purge now would be refused (the cool-down, critical pressure), if it would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyze;
    use time::OffsetDateTime;

    #[test]
    fn the_report_says_what_moved_and_that_wired_did_not() {
        let text = include_str!("../../tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
        let before = analyze::analyze(text, None, OffsetDateTime::UNIX_EPOCH).expect("fixture");
        let mut after = before.clone();
        after.memory.cached_files -= 800 << 20;
        after.memory.free += 800 << 20;
        let report = PurgeReport::new("sync, then 1 > /proc/sys/vm/drop_caches".into(), &before, &after, 120);
        assert_eq!(report.cached_files_freed, 800 << 20);
        assert_eq!(report.free_gained, 800 << 20);
        assert_eq!(report.wired_change, 0);
        let lines = report.lines("GB");
        assert_eq!(lines[0], "Cached Files  867 MB → 67 MB, freed 800 MB");
        assert!(lines[2].contains("no app can free it"));
        assert_eq!(report.summary("GB"), "Purged: Cached Files 867 → 67 MB, freed 800 MB");
        assert!(!lines[2].contains("measurement"));
        // Wired up by 200 MB beside a purge (a VM's balloon, measured here): said to be measurement.
        after.memory.wired += 200 << 20;
        let moved = PurgeReport::new("sync".into(), &before, &after, 120);
        assert!(moved.lines("GB")[2].contains("the difference is measurement"), "{:?}", moved.lines("GB"));
    }
}
