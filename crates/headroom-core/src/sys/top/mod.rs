//! The live process lister for the top memory users, one backend per OS chosen here with `cfg`.
//!
//! A backend only lists processes with their sizes and the application they belong to; grouping
//! and ranking are `top::TopList::build`'s. A scan reads a file or two per process (Linux) or
//! makes three calls per process (macOS): a couple of milliseconds, so the app runs it on its own
//! thread, when the menu opens or every 10 s, never per sample.

use std::io;
use std::path::PathBuf;

use thiserror::Error;
use time::OffsetDateTime;

use crate::top::{Grouping, Process, TopBuilder, TopList};

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "macos")]
mod macos;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod unsupported;

#[cfg(target_os = "linux")]
use linux as backend;
#[cfg(target_os = "macos")]
use macos as backend;
#[cfg(target_os = "macos")]
pub(crate) use macos::short_name as macos_short_name;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
use unsupported as backend;

/// Why no process could be listed at all (a single unreadable process is counted, not an error).
#[derive(Debug, Error)]
pub enum TopError {
    #[error("cannot list the processes in {path}: {source}")]
    List { path: PathBuf, source: io::Error },
    #[error("{call} failed: {source}")]
    Call { call: &'static str, source: io::Error },
    #[error("{0} has no process lister; Headroom supports macOS and Linux")]
    Unsupported(&'static str),
}

/// Lists this machine's processes with their memory, scan after scan; what does not change between
/// scans (Linux: each process's application) is remembered, so keep one for repeated scans.
/// (Linux also has `Scanner::at`, for a /proc-like directory: in `linux.rs`.)
pub struct Scanner {
    backend: backend::Scanner,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner { backend: backend::Scanner::new() }
    }

    /// Every process with its memory.
    pub fn processes(&mut self) -> Result<Vec<Process>, TopError> {
        self.backend.processes()
    }

    /// Hands every process to `each` as it is read.
    pub(crate) fn each_process(&mut self, each: &mut dyn FnMut(Process)) -> Result<(), TopError> {
        self.backend.each_process(each)
    }

    /// One scan, grouped and ranked as it is read: no list of every process is held.
    pub fn scan(&mut self, grouping: Grouping, now: OffsetDateTime) -> Result<TopList, TopError> {
        let mut builder = TopBuilder::new(grouping);
        self.each_process(&mut |process| builder.add(process))?;
        Ok(builder.finish(now))
    }
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner::new()
    }
}

/// One scan with a fresh scanner (the command line's), grouped and ranked.
pub fn scan(grouping: Grouping, now: OffsetDateTime) -> Result<TopList, TopError> {
    Scanner::new().scan(grouping, now)
}
