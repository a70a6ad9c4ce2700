//! Grouping processes by application (or not) and ranking the groups, with the kernel as a row of its own.

use std::collections::HashMap;

use serde::Serialize;
use time::OffsetDateTime;

use super::{Measure, Process};

/// How processes are gathered into rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// One row per application: its helpers and children with it (`.app` bundle, desktop scope,
    /// else the executable's name).
    ByApp,
    /// One row per process.
    ByProcess,
}

/// What a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    App,
    Process,
    /// Wired memory: the kernel's, which no process owns.
    Kernel,
}

/// One row: an application (or a process, or the kernel) and its memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub name: String,
    pub kind: EntryKind,
    pub bytes: u64,
    /// How many processes it adds up (0 for the kernel).
    pub processes: usize,
    pub pids: Vec<u32>,
    /// How its processes were measured; the weakest when they differ (resident where a footprint was refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
}

/// The name of the kernel's row.
pub(crate) const KERNEL_ROW: &str = "Kernel (wired)";

/// One scan's result: every readable group, largest first, and what could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopList {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub grouping: Grouping,
    /// Processes seen (kernel threads, which own no memory, are not counted).
    pub scanned: usize,
    /// Processes of other users whose size the system refused to tell: said, never shown as 0.
    pub unreadable: usize,
    pub entries: Vec<Entry>,
}

impl TopList {
    /// Groups `processes` and ranks the groups by size, largest first (ties by name, for a stable order).
    pub fn build(processes: Vec<Process>, grouping: Grouping, at: OffsetDateTime) -> TopList {
        let mut builder = TopBuilder::new(grouping);
        for process in processes {
            builder.add(process);
        }
        builder.finish(at)
    }

    /// Keeps only the first `n` rows (what a menu shows), giving back the memory of the rest.
    pub fn keep_first(&mut self, n: usize) {
        self.entries.truncate(n);
        self.entries.shrink_to_fit();
    }

    /// The first `n` rows with the kernel's wired memory ranked among them, when it is known.
    pub fn top(&self, n: usize, kernel_wired: Option<u64>) -> Vec<Entry> {
        let mut rows: Vec<Entry> = self.entries.iter().take(n).cloned().collect();
        if let Some(wired) = kernel_wired {
            let kernel = Entry {
                name: KERNEL_ROW.to_owned(),
                kind: EntryKind::Kernel,
                bytes: wired,
                processes: 0,
                pids: Vec::new(),
                measure: None,
            };
            let at = rows.iter().position(|row| row.bytes < wired).unwrap_or(rows.len());
            rows.insert(at, kernel);
            rows.truncate(n);
        }
        rows
    }

    /// "12 processes of other users not readable", when some were not.
    pub fn unreadable_note(&self) -> Option<String> {
        match self.unreadable {
            0 => None,
            1 => Some("1 process of another user not readable".to_owned()),
            n => Some(format!("{n} processes of other users not readable")),
        }
    }
}

/// Gathers processes into groups one at a time, as a scan reads them, so no list of every
/// process is held; [`TopBuilder::finish`] ranks the groups.
pub struct TopBuilder {
    grouping: Grouping,
    scanned: usize,
    unreadable: usize,
    index: HashMap<String, usize>,
    entries: Vec<Entry>,
}

impl TopBuilder {
    pub(crate) fn new(grouping: Grouping) -> TopBuilder {
        TopBuilder { grouping, scanned: 0, unreadable: 0, index: HashMap::new(), entries: Vec::new() }
    }

    pub(crate) fn add(&mut self, process: Process) {
        self.scanned += 1;
        let Some((bytes, measure)) = process.size else {
            self.unreadable += 1;
            return;
        };
        let (key, kind) = match self.grouping {
            Grouping::ByApp => (process.app.unwrap_or(process.name), EntryKind::App),
            Grouping::ByProcess => (process.name, EntryKind::Process),
        };
        let slot = match (self.grouping, self.index.get(&key)) {
            (Grouping::ByApp, Some(&slot)) => slot,
            (Grouping::ByApp, None) => {
                self.index.insert(key.clone(), self.entries.len());
                self.push(key, kind, measure)
            }
            // One row per process: nothing to look up.
            (Grouping::ByProcess, _) => self.push(key, kind, measure),
        };
        let entry = &mut self.entries[slot];
        entry.bytes = entry.bytes.saturating_add(bytes);
        entry.processes += 1;
        entry.pids.push(process.pid);
        if measure == Measure::Resident {
            entry.measure = Some(Measure::Resident);
        }
    }

    fn push(&mut self, name: String, kind: EntryKind, measure: Measure) -> usize {
        self.entries.push(Entry { name, kind, bytes: 0, processes: 0, pids: Vec::new(), measure: Some(measure) });
        self.entries.len() - 1
    }

    /// The groups ranked by size, largest first (ties by name, for a stable order).
    pub(crate) fn finish(self, at: OffsetDateTime) -> TopList {
        let TopBuilder { grouping, scanned, unreadable, mut entries, .. } = self;
        entries.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        TopList { at, grouping, scanned, unreadable, entries }
    }
}

/// "Google Chrome — 31 processes — 4.1 GB", "python3 (pid 812) — 700 MB", "Kernel (wired) — 2.4 GB".
pub fn row_label(entry: &Entry, size: impl Fn(u64) -> String) -> String {
    match entry.kind {
        // The kernel's row by its name in the reader's language (the JSON keeps KERNEL_ROW).
        EntryKind::Kernel => crate::tr!("top-row-app", name = crate::tr!("top-kernel"), size = size(entry.bytes)),
        EntryKind::Process => {
            let pid = entry.pids.first().copied().unwrap_or(0);
            crate::tr!("top-row-process", name = entry.name.as_str(), pid = pid, size = size(entry.bytes))
        }
        EntryKind::App if entry.processes > 1 => crate::tr!(
            "top-row-app-processes",
            name = entry.name.as_str(),
            count = entry.processes,
            size = size(entry.bytes)
        ),
        EntryKind::App => crate::tr!("top-row-app", name = entry.name.as_str(), size = size(entry.bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::format_adaptive;

    const MIB: u64 = 1 << 20;

    fn process(pid: u32, name: &str, app: Option<&str>, size: Option<(u64, Measure)>) -> Process {
        Process { pid, name: name.into(), app: app.map(str::to_owned), size }
    }

    fn sample() -> Vec<Process> {
        let footprint = |mib: u64| Some((mib * MIB, Measure::Footprint));
        vec![
            process(10, "Google Chrome", Some("Google Chrome"), footprint(900)),
            process(11, "Google Chrome Helper (Renderer)", Some("Google Chrome"), footprint(1500)),
            process(12, "Google Chrome Helper (GPU)", Some("Google Chrome"), Some((400 * MIB, Measure::Resident))),
            process(20, "python3", None, footprint(700)),
            process(21, "python3", None, footprint(5)),
            process(30, "mds_stores", None, footprint(120)),
            process(40, "WindowServer", None, None),
            process(41, "coreaudiod", None, None),
        ]
    }

    #[test]
    fn helpers_add_up_under_their_app_and_unreadable_ones_are_counted_not_zero() {
        let list = TopList::build(sample(), Grouping::ByApp, OffsetDateTime::UNIX_EPOCH);
        let names: Vec<(&str, u64, usize)> =
            list.entries.iter().map(|e| (e.name.as_str(), e.bytes / MIB, e.processes)).collect();
        assert_eq!(names, vec![("Google Chrome", 2800, 3), ("python3", 705, 2), ("mds_stores", 120, 1)]);
        assert_eq!(list.entries[0].measure, Some(Measure::Resident), "the weakest measure is said");
        assert_eq!(list.entries[1].pids, vec![20, 21]);
        assert_eq!((list.scanned, list.unreadable), (8, 2));
        assert!(list.entries.iter().all(|e| e.name != "WindowServer"), "never shown as 0");
        assert_eq!(list.unreadable_note().as_deref(), Some("2 processes of other users not readable"));
        assert_eq!(row_label(&list.entries[0], format_adaptive), "Google Chrome — 3 processes — 2.7 GB");
        assert_eq!(row_label(&list.entries[2], format_adaptive), "mds_stores — 120 MB");
    }

    #[test]
    fn keeping_the_first_rows_keeps_the_largest() {
        let mut list = TopList::build(sample(), Grouping::ByProcess, OffsetDateTime::UNIX_EPOCH);
        list.keep_first(2);
        let pids: Vec<u32> = list.entries.iter().map(|e| e.pids[0]).collect();
        assert_eq!(pids, vec![11, 10]);
        assert_eq!((list.scanned, list.unreadable), (8, 2), "what the scan saw is still said");
    }

    #[test]
    fn by_process_keeps_each_apart_and_the_kernel_ranks_among_the_rows() {
        let list = TopList::build(sample(), Grouping::ByProcess, OffsetDateTime::UNIX_EPOCH);
        let pids: Vec<u32> = list.entries.iter().map(|e| e.pids[0]).collect();
        assert_eq!(pids, vec![11, 10, 20, 12, 30, 21]);
        assert_eq!(row_label(&list.entries[2], format_adaptive), "python3 (pid 20) — 700 MB");
        let top = list.top(3, Some(1000 * MIB));
        let names: Vec<&str> = top.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["Google Chrome Helper (Renderer)", KERNEL_ROW, "Google Chrome"]);
        assert_eq!(row_label(&top[1], format_adaptive), "Kernel (wired) — 1000 MB");
        assert_eq!(list.top(10, None).len(), 6);
        assert_eq!(list.top(10, Some(1)).last().map(|e| e.kind), Some(EntryKind::Kernel), "smallest goes last");
        let none = TopList::build(Vec::new(), Grouping::ByApp, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(none.unreadable_note(), None);
        assert_eq!(none.top(5, Some(MIB)).len(), 1);
    }
}
