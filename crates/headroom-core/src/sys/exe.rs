//! Where this program runs from: the one place that asks, with symlinks resolved.

use std::io;
use std::path::{Path, PathBuf};

/// This program's file, symlinks resolved. Homebrew's cask links `headroom` into its bin directory
/// (`/opt/homebrew/bin/headroom` → `…/Headroom.app/Contents/MacOS/headroom`), and macOS reports the
/// path the program was started by (`_NSGetExecutablePath`, used by Rust's `current_exe`), so
/// without this the command would think it runs outside Headroom.app: doctor would say "bare binary"
/// and notifications would fall back to osascript even in a notarized build.
pub fn this_program() -> io::Result<PathBuf> {
    resolved(&std::env::current_exe()?)
}

/// `path` with every symlink resolved; the path itself when it cannot be (a deleted file keeps its name).
fn resolved(path: &Path) -> io::Result<PathBuf> {
    Ok(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_into_an_app_bundle_resolves_to_the_file_inside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let inside = dir.path().join("Headroom.app/Contents/MacOS");
        std::fs::create_dir_all(&inside).expect("bundle dirs");
        std::fs::write(inside.join("headroom"), b"#!/bin/sh\n").expect("program");
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).expect("bin");
        std::os::unix::fs::symlink(inside.join("headroom"), bin.join("headroom")).expect("link");
        let real = inside.join("headroom").canonicalize().expect("canonical");
        assert_eq!(resolved(&bin.join("headroom")).expect("resolved"), real);
        assert!(resolved(&bin.join("headroom")).expect("resolved").ends_with("Headroom.app/Contents/MacOS/headroom"));
        assert_eq!(resolved(&dir.path().join("gone")).expect("kept"), dir.path().join("gone"));
    }

    #[test]
    fn this_program_is_a_real_file() {
        let me = this_program().expect("this test binary");
        assert!(me.is_absolute() && me.is_file(), "{}", me.display());
        assert_eq!(me.canonicalize().expect("canonical"), me);
    }
}
