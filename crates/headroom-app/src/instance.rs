//! One menu-bar app per user: a lock file in the runtime (or data) directory, holding the pid.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};

use anyhow::Context;

/// Holds `headroom.lock` in the runtime (or data) directory while the app runs; `Err(pid)` when another app holds it.
pub fn single_instance() -> anyhow::Result<Result<File, String>> {
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .or_else(headroom_core::history::data_dir)
        .context("no runtime or data directory for the single-instance lock")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("headroom-app.lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            write!(file, "{}", std::process::id())?;
            Ok(Ok(file))
        }
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            Ok(Err(pid.trim().to_owned()))
        }
        Err(TryLockError::Error(error)) => Err(error).with_context(|| format!("cannot lock {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_instance_is_told_the_first_ones_pid() {
        let dir = tempfile::tempdir().expect("tempdir");
        // SAFETY of the environment change: no other test in this binary reads XDG_RUNTIME_DIR.
        unsafe { std::env::set_var("XDG_RUNTIME_DIR", dir.path()) };
        let first = single_instance().expect("works").expect("first");
        let second = single_instance().expect("works");
        assert_eq!(second.err(), Some(std::process::id().to_string()));
        drop(first);
        assert!(single_instance().expect("works").is_ok());
    }
}
