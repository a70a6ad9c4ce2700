//! The backend for systems Headroom does not support yet: it compiles and says so instead of failing to build.

use super::ReadError;
use crate::model::Snapshot;

pub struct Backend;

impl Backend {
    pub fn new() -> Result<Backend, ReadError> {
        Err(ReadError::Unsupported(std::env::consts::OS))
    }

    pub fn read(&mut self) -> Result<Snapshot, ReadError> {
        Err(ReadError::Unsupported(std::env::consts::OS))
    }

    pub fn describe(&self) -> String {
        format!("unsupported ({})", std::env::consts::OS)
    }
}
