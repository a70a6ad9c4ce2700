//! Noticing that config.toml changed, cheaply: one `stat` per look (modified time, length, inode),
//! and the file read and checked again only when one of them moved. The app looks once per sample,
//! on the sampler's thread, so a saved change applies within one `sample_interval`.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{Loaded, load_file};

/// What tells one version of a file from the next without reading it. The inode catches an editor
/// that saves by writing a new file and renaming it over the old one within the same second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Stamp { modified: metadata.modified().ok(), len: metadata.len(), inode })
}

/// Watches one settings file from the version seen when it was made.
#[derive(Debug)]
pub struct SettingsWatch {
    path: PathBuf,
    seen: Option<Stamp>,
}

impl SettingsWatch {
    /// Starts from the file as it is now: only later changes are reported.
    pub fn new(path: PathBuf) -> SettingsWatch {
        let seen = stamp(&path);
        SettingsWatch { path, seen }
    }

    /// The file read and checked again if it changed since the last look (a removed file reads as
    /// the defaults), else None.
    pub fn changed(&mut self) -> Option<Loaded> {
        let now = stamp(&self.path);
        if now == self.seen {
            return None;
        }
        self.seen = now;
        Some(load_file(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_change_is_seen_once_and_a_broken_one_comes_with_its_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "units = \"GB\"\n").expect("write");
        let mut watch = SettingsWatch::new(path.clone());
        assert!(watch.changed().is_none(), "nothing changed yet");
        // A rename over the file, as editors save: a new inode even within the same second.
        let fresh = dir.path().join("config.toml.new");
        std::fs::write(&fresh, "units = \"GiB\"\n").expect("write");
        std::fs::rename(&fresh, &path).expect("rename");
        let loaded = watch.changed().expect("seen");
        assert_eq!(loaded.config.units, crate::units::Units::Gib);
        assert!(watch.changed().is_none(), "seen once");
        std::fs::write(&path, "units = \"GiB\"\nsample_interval = \n").expect("write");
        let broken = watch.changed().expect("seen");
        assert_eq!(broken.errors.first().and_then(|e| e.line), Some(2), "{:?}", broken.errors);
        std::fs::remove_file(&path).expect("remove");
        assert!(watch.changed().is_some_and(|l| !l.file_found), "a removed file means the defaults");
    }
}
