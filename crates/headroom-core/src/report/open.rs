//! Opens a written report in the default browser: the system's own opener at a fixed path, the
//! file as its one argument, no shell; the file private to the user and old ones removed.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::model::Platform;

/// Reports older than this are removed when a new one is written: long enough for a browser to
/// have read it, short enough that the cache does not fill with pages nobody opens again.
pub(crate) const KEPT_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The system's opener on `platform`.
/// macOS: `open(1)` hands a file to its default application (for .html, the default browser).
/// <https://ss64.com/mac/open.html>; Apple ships it at /usr/bin/open.
/// Linux: xdg-open (xdg-utils) asks the desktop for the handler of text/html.
pub(crate) const fn opener(platform: Platform) -> &'static str {
    match platform {
        Platform::Macos => "/usr/bin/open",
        Platform::Linux => "/usr/bin/xdg-open",
    }
}

/// The command that opens `path` (run it with [`crate::sys::command::open_within`]).
pub fn command(path: &Path) -> Command {
    let mut command = Command::new(opener(crate::sys::PLATFORM));
    command.arg(path);
    command
}

/// The command that opens `path` at one of its charts (`anchor`, an element id): a `file://` URL
/// with a fragment. macOS's `open` hands a URL to the default browser as it is; xdg-open opens the
/// file a file URL names, and whether the fragment survives is up to the browser it picks.
pub fn command_at(path: &Path, anchor: &str) -> Command {
    let mut command = Command::new(opener(crate::sys::PLATFORM));
    command.arg(format!("{}#{}", file_url(path), encode(anchor)));
    command
}

/// `file://` and the path with every byte outside RFC 3986's unreserved set and `/` percent-encoded.
fn file_url(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    format!("file://{}", encode_bytes(path.as_os_str().as_bytes(), b"/"))
}

fn encode(text: &str) -> String {
    encode_bytes(text.as_bytes(), b"")
}

fn encode_bytes(bytes: &[u8], keep: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The user's cache directory for reports: macOS `~/Library/Caches/app.headroom.Headroom/reports`,
/// Linux `$XDG_CACHE_HOME/headroom/reports`. Not the shared temporary directory: on Linux /tmp is
/// readable by every user, and a report names the user's processes and VMs.
pub fn reports_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("app", "headroom", "Headroom").map(|dirs| dirs.cache_dir().join("reports"))
}

/// A new report file in `dir` (made private to the user: 0700, the file 0600), named by the time
/// and created exclusively so an existing file or link there is never written through. Reports
/// there older than [`KEPT_FOR`] are removed first.
pub fn private_file(dir: &Path, now: time::OffsetDateTime) -> io::Result<(PathBuf, File)> {
    create_private_dir(dir)?;
    remove_old(dir, SystemTime::now());
    let stamp = crate::history::unix_ms(now);
    let mut last_error = None;
    for attempt in 0..16 {
        let path = dir.join(format!("headroom-history-{stamp}-{attempt}.html"));
        match private_options().open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no file name left")))
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Removes this app's reports in `dir` last written more than [`KEPT_FOR`] before `now`; other
/// files are never touched.
fn remove_old(dir: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name.to_str().is_some_and(|n| n.starts_with("headroom-history-") && n.ends_with(".html"));
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        let old = modified.and_then(|at| now.duration_since(at).ok()).is_some_and(|age| age > KEPT_FOR);
        if ours && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opener_is_a_fixed_program_with_the_file_as_its_only_argument() {
        let command = command(Path::new("/tmp/a b;rm -rf ~.html"));
        assert!(command.get_program().to_string_lossy().starts_with("/usr/bin/"));
        assert_eq!(command.get_args().collect::<Vec<_>>(), vec![std::ffi::OsStr::new("/tmp/a b;rm -rf ~.html")]);
        let at = command_at(Path::new("/tmp/a b;rm -rf ~.html"), "chart-apps");
        assert_eq!(
            at.get_args().collect::<Vec<_>>(),
            vec![std::ffi::OsStr::new("file:///tmp/a%20b%3Brm%20-rf%20~.html#chart-apps")]
        );
    }

    #[cfg(unix)]
    #[test]
    fn each_report_is_a_new_private_file_and_only_old_reports_are_removed() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().expect("temporary directory");
        let dir = root.path().join("reports");
        let now = time::OffsetDateTime::now_utc();
        let (a, _) = private_file(&dir, now).expect("created");
        let (b, _) = private_file(&dir, now).expect("created");
        assert_ne!(a, b);
        assert_eq!(std::fs::metadata(&dir).expect("dir").permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::metadata(&a).expect("file").permissions().mode() & 0o777, 0o600);
        let other = dir.join("notes.html");
        std::fs::write(&other, "mine").expect("written");
        let later = SystemTime::now() + KEPT_FOR + Duration::from_secs(60);
        remove_old(&dir, later);
        assert!(!a.exists() && !b.exists(), "reports older than a day are removed");
        assert!(other.exists(), "a file that is not a report is never touched");
    }
}
