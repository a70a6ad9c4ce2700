//! One recorder at a time: an exclusive lock on `history.lock` in the data directory, holding the owner's pid.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::HistoryError;

/// Held for as long as this process records; the OS releases it when the process ends, even on a crash.
#[derive(Debug)]
pub struct RecorderLock {
    _file: File,
}

pub fn lock_path(data_dir: &Path) -> PathBuf {
    data_dir.join("history.lock")
}

impl RecorderLock {
    /// Takes the recorder lock in `data_dir`, or says who holds it.
    pub fn acquire(data_dir: &Path) -> Result<RecorderLock, HistoryError> {
        std::fs::create_dir_all(data_dir).map_err(|source| HistoryError::Io { path: data_dir.to_owned(), source })?;
        let path = lock_path(data_dir);
        let io = |source| HistoryError::Io { path: path.clone(), source };
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut pid = String::new();
                // The holder wrote its pid; if it cannot be read the message still says who to look for.
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim();
                return Err(HistoryError::AlreadyRecording {
                    pid: if pid.is_empty() { "unknown".to_owned() } else { pid.to_owned() },
                });
            }
            Err(TryLockError::Error(source)) => return Err(io(source)),
        }
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        write!(file, "{}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(RecorderLock { _file: file })
    }
}
