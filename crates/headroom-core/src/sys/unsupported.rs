//! The backend for systems Headroom does not support yet: it compiles and says so instead of failing to build.

use super::ReadError;
use super::boot_id::BootId;
use crate::model::{Platform, Snapshot};
use crate::suspects::Suspects;

/// A system without a backend follows Linux's rules where a platform must be named.
pub(crate) const PLATFORM: Platform = Platform::Linux;
pub(crate) const APPLE_SILICON: bool = false;

pub(crate) struct Backend;

impl Backend {
    pub(crate) fn new() -> Result<Backend, ReadError> {
        Err(ReadError::Unsupported(std::env::consts::OS))
    }

    pub(crate) fn read(&mut self) -> Result<Snapshot, ReadError> {
        Err(ReadError::Unsupported(std::env::consts::OS))
    }

    pub(crate) fn describe(&self) -> String {
        format!("unsupported ({})", std::env::consts::OS)
    }
}

pub(crate) fn boot_id() -> Result<BootId, ReadError> {
    Err(ReadError::Unsupported(std::env::consts::OS))
}

pub(crate) fn boot_time() -> Result<time::OffsetDateTime, ReadError> {
    Err(ReadError::Unsupported(std::env::consts::OS))
}

/// The suspects backend too: nothing can be gathered.
pub(crate) fn gather(now: time::OffsetDateTime) -> Suspects {
    Suspects::unknown(now, "this system has no suspects backend")
}
