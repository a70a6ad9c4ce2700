//! Live memory readers, one backend per OS chosen here with `cfg`. A backend reads raw counters; the OS-free formulas do the rest.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

use crate::model::linux::{MeminfoError, PsiError};
use crate::model::{Platform, Snapshot};

pub(crate) mod boot_id;
pub(crate) mod boot_time;
pub(crate) mod buffer;
pub mod command;
pub mod exe;
#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
mod linux_gpu;
#[cfg(target_os = "linux")]
mod linux_owners;
#[cfg(target_os = "linux")]
mod linux_suspects;
#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
mod macos_owners;
#[cfg(target_os = "macos")]
mod macos_suspects;
pub mod top;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod unsupported;

#[cfg(target_os = "linux")]
use linux as backend;
#[cfg(target_os = "macos")]
use macos as backend;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
use unsupported as backend;

#[cfg(target_os = "linux")]
use linux_suspects as suspects_backend;
#[cfg(target_os = "macos")]
use macos_suspects as suspects_backend;
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
use unsupported as suspects_backend;

/// The platform this build runs on, set by the backend chosen above. Code above `sys/` that follows
/// a platform's rules matches on this value instead of carrying `cfg!(target_os)`, so both arms are
/// compiled, and tested, everywhere. (A system without a backend follows Linux's rules.)
pub const PLATFORM: Platform = backend::PLATFORM;

/// True on Apple Silicon, where GPU memory is wired and always has a line in the dropdown.
pub const APPLE_SILICON: bool = backend::APPLE_SILICON;

/// Why the live counters could not be read. Never a panic, never a silent zero.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: {source}")]
    Meminfo { path: PathBuf, source: MeminfoError },
    #[error("{path}: {source}")]
    Psi { path: PathBuf, source: PsiError },
    #[error("{call} failed with kern_return {code}")]
    Mach { call: &'static str, code: i32 },
    #[error("{call} returned {got} words; at least {need} are needed")]
    ShortReply { call: &'static str, got: u32, need: u32 },
    #[error("sysctl {name}: {source}")]
    Sysctl { name: &'static str, source: io::Error },
    #[error("sysctl {name} returned {got} bytes where {want} were expected")]
    SysctlSize { name: &'static str, got: usize, want: usize },
    #[error("the boot id from {origin} {error}")]
    BootId { origin: &'static str, error: boot_id::BootIdError },
    #[error("kern.memorystatus_vm_pressure_level is {0}; expected 1 (normal), 2 (warn) or 4 (critical)")]
    PressureLevel(i32),
    #[error("{0} has no memory backend yet; Headroom supports macOS and Linux")]
    Unsupported(&'static str),
}

/// Reads live snapshots of this machine. Holds what does not change between samples (page size,
/// RAM size, boot id, open files) so that a sample costs as little as possible.
pub struct SystemReader {
    backend: backend::Backend,
}

impl SystemReader {
    /// Opens the platform's counters. Fails only when a counter every sample needs is unreadable.
    pub fn new() -> Result<SystemReader, ReadError> {
        let backend = backend::Backend::new()?;
        tracing::debug!(backend = backend.describe(), "memory backend chosen");
        Ok(SystemReader { backend })
    }

    /// One live snapshot.
    pub fn read(&mut self) -> Result<Snapshot, ReadError> {
        self.backend.read()
    }

    /// Which backend runs and which optional sources it found, for logs and `--verbose`.
    pub(crate) fn describe(&self) -> String {
        self.backend.describe()
    }
}

/// This boot's id and where it comes from (macOS `kern.bootsessionuuid`, Linux
/// `/proc/sys/kernel/random/boot_id`), read afresh: for `headroom doctor`. History, the growth
/// verdicts and the notification state are kept per boot id, so a missing or unstable id matters.
pub(crate) fn boot_id() -> Result<boot_id::BootId, ReadError> {
    backend::boot_id()
}

/// When this boot started (for `headroom export`'s `headroom_boot_time_seconds`).
pub fn boot_time() -> Result<time::OffsetDateTime, ReadError> {
    backend::boot_time()
}

/// Gathers the suspects for wired memory on this system. Slow (it may run system tools), so
/// callers run it off any UI thread and less often than sampling; a missing tool or denied
/// access is "unknown" with the reason, never an error.
pub fn gather_suspects(now: time::OffsetDateTime) -> crate::suspects::Suspects {
    suspects_backend::gather(now)
}
