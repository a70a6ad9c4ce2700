//! Writing and removing the files Headroom puts into the desktop (login items, service files,
//! menu entries), and the one escape their plist strings need.

use std::io;
use std::path::Path;

/// Writes `content` to `path`, making its folder first.
pub fn write(path: &Path, content: impl AsRef<[u8]>) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, content)
}

/// Removes `path`; `Ok(false)` when it was not there (removing what is absent is not an error).
pub fn remove(path: &Path) -> io::Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// A path as the text of a plist `<string>`: `&`, `<`, `>` and `"` escaped.
pub(crate) fn plist_string(path: &Path) -> String {
    path.to_string_lossy().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_written_and_removed_once() {
        let home = tempfile::tempdir().expect("tempdir");
        let path = home.path().join("Library/LaunchAgents/x.plist");
        write(&path, "x").expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "x");
        assert!(remove(&path).expect("remove"));
        assert!(!remove(&path).expect("remove again"), "a missing file is not an error");
        assert_eq!(plist_string(Path::new("/A & <B> \"C\"")), "/A &amp; &lt;B&gt; &quot;C&quot;");
    }
}
