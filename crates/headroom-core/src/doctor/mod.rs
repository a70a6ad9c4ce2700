//! `headroom doctor`: checks that each part Headroom relies on works on this machine, one line per
//! check with its figure and, when it is not ok, the fix — for users and for the macOS CI workflow.
//!
//! The verdict of each check is a pure function of what was found (`checks.rs`, tested here); the
//! gathering runs the OS's calls and tools (`gather.rs` for both systems, `linux.rs`, `macos.rs`).

// Called by the macOS checks; compiled (and tested) everywhere since it is pure.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
mod bundle;
mod cadence;
mod checks;
mod gather;
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
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
use unsupported as backend;

use std::time::Duration;

use serde::Serialize;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One line of the doctor's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Short and stable, e.g. "counters", "notifications": scripts match on it.
    pub name: String,
    pub status: Status,
    /// What was found, with its figure.
    pub figure: String,
    /// What to do about it; absent when the check is ok.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    pub(crate) fn ok(name: &str, figure: impl Into<String>) -> Check {
        Check { name: name.to_owned(), status: Status::Ok, figure: figure.into(), fix: None }
    }

    pub(crate) fn warn(name: &str, figure: impl Into<String>, fix: impl Into<String>) -> Check {
        Check { name: name.to_owned(), status: Status::Warn, figure: figure.into(), fix: Some(fix.into()) }
    }

    pub(crate) fn fail(name: &str, figure: impl Into<String>, fix: impl Into<String>) -> Check {
        Check { name: name.to_owned(), status: Status::Fail, figure: figure.into(), fix: Some(fix.into()) }
    }
}

/// Every check, and how many failed. Serialises to `doctor --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
    pub failed: usize,
}

impl Report {
    pub(crate) fn new(checks: Vec<Check>) -> Report {
        let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
        Report { checks, failed }
    }
}

/// What the doctor may spend.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How long to watch the sampling cadence.
    pub cadence_for: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options { cadence_for: Duration::from_secs(10) }
    }
}

/// Runs every check for this system.
pub fn run(options: Options) -> Report {
    run_each(options, |_| {})
}

/// Runs every check for this system, handing each to `on_check` as soon as it is known (the
/// cadence check takes seconds: a person sees the others come in meanwhile, not a silent wait).
pub fn run_each(options: Options, on_check: impl FnMut(&Check)) -> Report {
    let mut found = Found { checks: Vec::new(), on_check: Box::new(on_check) };
    gather::common(options, &mut found);
    for check in backend::checks() {
        found.push(check);
    }
    Report::new(found.checks)
}

/// The checks so far, each said as it is added.
pub(crate) struct Found<'a> {
    checks: Vec<Check>,
    on_check: Box<dyn FnMut(&Check) + 'a>,
}

impl Found<'_> {
    pub(crate) fn push(&mut self, check: Check) {
        (self.on_check)(&check);
        self.checks.push(check);
    }
}
