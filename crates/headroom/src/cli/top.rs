//! `headroom top`: the top memory users, grouped by application (or by process), with the kernel's wired memory as a row.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use time::OffsetDateTime;

use headroom_core::sys::SystemReader;
use headroom_core::top::rank::row_label;
use headroom_core::top::{Entry, Grouping, Measure, TopList};
use headroom_core::units::format_adaptive;

/// What `top --json` prints (and `explain --json` carries as `top_memory`).
#[derive(Debug, Serialize)]
pub struct TopReport {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub grouping: Grouping,
    /// What a process's bytes are on this system.
    pub measure: &'static str,
    pub scanned: usize,
    /// Processes of other users whose size the system would not tell (not shown, never as 0).
    pub unreadable: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable_note: Option<String>,
    pub entries: Vec<Entry>,
}

impl TopReport {
    /// The first `n` rows of `list`, with the kernel's wired bytes ranked among them.
    pub fn new(list: &TopList, n: usize, kernel_wired: Option<u64>) -> TopReport {
        TopReport {
            at: list.at,
            grouping: list.grouping,
            measure: measure_name(list),
            scanned: list.scanned,
            unreadable: list.unreadable,
            unreadable_note: list.unreadable_note(),
            entries: list.top(n, kernel_wired),
        }
    }

    /// One line per row, numbered, then the note on unreadable processes.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let by = match self.grouping {
            Grouping::ByApp => "by application",
            Grouping::ByProcess => "by process",
        };
        let _ = writeln!(out, "Top memory {by} ({})", self.measure);
        for (rank, entry) in self.entries.iter().enumerate() {
            let _ = writeln!(out, "{:>3}. {}", rank + 1, row_label(entry, format_adaptive));
        }
        if let Some(note) = &self.unreadable_note {
            let _ = writeln!(out, "     {note}");
        }
        out
    }
}

fn measure_name(list: &TopList) -> &'static str {
    let first = list.entries.iter().find_map(|e| e.measure);
    match first {
        Some(Measure::Footprint | Measure::Resident) => {
            "physical footprint, as Activity Monitor's Memory column; resident size where refused"
        }
        Some(Measure::AnonShmemSwap) => "anonymous + shared memory + swap, from /proc/PID/status",
        None => "no process readable",
    }
}

/// One scan now and the kernel's wired bytes from a live snapshot (absent if it cannot be read).
pub fn gather(grouping: Grouping, n: usize) -> anyhow::Result<TopReport> {
    let wired = SystemReader::new().and_then(|mut reader| reader.read()).map(|s| s.memory.wired);
    if let Err(error) = &wired {
        tracing::warn!(%error, "no kernel row: the memory counters cannot be read");
    }
    let list =
        headroom_core::sys::top::scan(grouping, OffsetDateTime::now_utc()).context("cannot list the processes")?;
    Ok(TopReport::new(&list, n, wired.ok()))
}

pub fn run(n: usize, by_process: bool, json: bool) -> anyhow::Result<ExitCode> {
    let grouping = if by_process { Grouping::ByProcess } else { Grouping::ByApp };
    let report = gather(grouping, n)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.text());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use headroom_core::top::Process;

    #[test]
    fn text_numbers_the_rows_and_says_what_was_not_readable() {
        let processes = vec![
            Process { pid: 5, name: "python3".into(), app: None, size: Some((700 << 20, Measure::AnonShmemSwap)) },
            Process { pid: 6, name: "python3".into(), app: None, size: Some((4 << 20, Measure::AnonShmemSwap)) },
            Process { pid: 7, name: "sshd".into(), app: None, size: None },
        ];
        let list = TopList::build(processes, Grouping::ByApp, OffsetDateTime::UNIX_EPOCH);
        let report = TopReport::new(&list, 5, Some(300 << 20));
        assert_eq!(
            report.text(),
            "Top memory by application (anonymous + shared memory + swap, from /proc/PID/status)\n  \
             1. python3 — 2 processes — 704 MB\n  2. Kernel (wired) — 300 MB\n     \
             1 process of another user not readable\n"
        );
    }
}
