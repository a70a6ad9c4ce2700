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
#[path = "linux_top.rs"]
mod backend;
#[cfg(target_os = "macos")]
#[path = "macos_top.rs"]
mod backend;

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
pub struct Scanner {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    backend: backend::Scanner,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner {
            #[cfg(any(target_os = "linux", target_os = "macos"))]
            backend: backend::Scanner::new(),
        }
    }

    /// Scans a /proc-like directory: the benchmark's recorded 500-process tree.
    #[cfg(target_os = "linux")]
    pub fn at(root: &std::path::Path) -> Scanner {
        Scanner { backend: backend::Scanner::at(root) }
    }

    /// Every process with its memory.
    pub fn processes(&mut self) -> Result<Vec<Process>, TopError> {
        #[cfg(any(target_os = "linux", target_os = "macos"))]
        return self.backend.processes();
        #[cfg(not(any(target_os = "linux", target_os = "macos")))]
        return Err(TopError::Unsupported(std::env::consts::OS));
    }

    /// Hands every process to `each` as it is read.
    pub fn each_process(&mut self, each: &mut dyn FnMut(Process)) -> Result<(), TopError> {
        #[cfg(any(target_os = "linux", target_os = "macos"))]
        return self.backend.each_process(each);
        #[cfg(not(any(target_os = "linux", target_os = "macos")))]
        return {
            let _ = each;
            Err(TopError::Unsupported(std::env::consts::OS))
        };
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
