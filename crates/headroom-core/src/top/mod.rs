//! Who uses memory: each process's size by the figure Activity Monitor's Memory column shows, grouped by application and ranked.
//!
//! The readers (`sys::top`) only list processes; naming the application a process belongs to
//! (`bundle` on macOS, `cgroup` on Linux), parsing `/proc/PID/status` (`status`) and grouping and
//! ranking (`rank`) are pure and tested on recorded inputs.

pub mod bundle;
pub mod cgroup;
pub mod rank;
pub mod session;
pub mod status;

use serde::Serialize;

pub use rank::{Entry, EntryKind, Grouping, TopBuilder, TopList};

/// How a process's size was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// macOS `ri_phys_footprint` from `proc_pid_rusage`: what Activity Monitor's Memory column shows.
    Footprint,
    /// macOS resident size (`pti_resident_size`), where the footprint was refused.
    Resident,
    /// Linux `RssAnon + RssShmem + VmSwap` from `/proc/PID/status`: the memory the process alone
    /// makes the system keep (see `status.rs` for why not PSS).
    AnonShmemSwap,
}

/// One process as a reader saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub pid: u32,
    /// The executable's name (Linux `comm`, macOS the file name of its path).
    pub name: String,
    /// The application it belongs to, when one is known (a `.app` bundle, a desktop app's scope).
    pub app: Option<String>,
    /// Its size and how it was measured; `None` when the system refused to say (another user's
    /// process): counted and said, never shown as 0.
    pub size: Option<(u64, Measure)>,
}
