//! A small tmpfs of the test's own (root only), for a full or read-only file system; unmounted at drop.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Tmpfs {
    pub path: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (as `mount -o size=` takes it) at `path`; `Err` says why not
    /// (not root, or mounting forbidden in this container), for the test to skip with that reason.
    pub fn mount(path: &Path, size: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0755"), "tmpfs"])
            .arg(path)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!("mount -t tmpfs refused: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(Tmpfs { path: path.to_owned() })
    }

    /// Remounts read-only (`true`) or read-write.
    pub fn set_read_only(&self, read_only: bool) {
        let options = if read_only { "remount,ro" } else { "remount,rw" };
        let out = Command::new("mount").args(["-o", options]).arg(&self.path).output().expect("mount runs");
        assert!(out.status.success(), "mount -o {options}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Fills the file system with `filler` until the kernel says it is full (ENOSPC).
    pub fn fill(&self, filler: &Path) {
        use std::io::Write;
        let mut file = std::fs::File::create(filler).expect("create the filler");
        let chunk = vec![0u8; 4096];
        loop {
            match file.write(&chunk) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
                Err(e) => panic!("filling {}: {e}", filler.display()),
            }
        }
        // What fits in part of a page went in too; a flush makes sure the space is taken.
        let _ = file.sync_all();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // A read-only remount first would not matter: umount works either way. Lazy, so a
        // connection still open in a failed test does not leave the mount behind.
        let _ = Command::new("umount").arg("-l").arg(&self.path).output();
    }
}
