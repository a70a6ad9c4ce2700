//! node_exporter's textfile collector output: `DIR/headroom.prom`, replaced atomically so it is never read half-written.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file node_exporter's `--collector.textfile.directory` reads (it reads only `*.prom`).
pub const FILE_NAME: &str = "headroom.prom";

/// Writes `content` to `dir/headroom.prom` through a temporary file in the same directory, synced
/// and then renamed over the old one: rename within one file system is atomic, so a reader sees the
/// old file or the new one, never a mix. The temporary name does not end in `.prom`, so the
/// collector never picks it up.
pub fn write(dir: &Path, content: &str) -> io::Result<PathBuf> {
    let target = dir.join(FILE_NAME);
    let temporary = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(content.as_bytes())?;
        file.sync_all()
    })();
    if let Err(error) = written.and_then(|()| std::fs::rename(&temporary, &target)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a 1\n").expect("first");
        let path = write(dir.path(), "a 2\n").expect("second");
        assert_eq!(path, dir.path().join("headroom.prom"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "a 2\n");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, ["headroom.prom"]);
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(write(&dir.path().join("absent"), "a 1\n").is_err());
    }
}
