//! Opens a written report in the default browser: the system's own opener at a fixed path, the file as its one argument, no shell.

use std::path::Path;
use std::process::Command;

use crate::model::Platform;

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

/// The command that opens `path`; spawn it (it returns at once, the browser keeps running).
pub fn command(path: &Path) -> Command {
    let mut command = Command::new(opener(crate::sys::PLATFORM));
    command.arg(path);
    command
}

/// Where the menu's report goes: a new file in the temporary directory (per user on macOS), named
/// by the time, created exclusively so an existing file or link there is never written through.
pub fn temporary_file(now: time::OffsetDateTime) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let dir = std::env::temp_dir();
    let stamp = crate::history::unix_ms(now);
    let mut last_error = None;
    for attempt in 0..16 {
        let path = dir.join(format!("headroom-history-{}-{stamp}-{attempt}.html", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no file name left")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opener_is_a_fixed_program_with_the_file_as_its_only_argument() {
        let command = command(Path::new("/tmp/a b;rm -rf ~.html"));
        assert!(command.get_program().to_string_lossy().starts_with("/usr/bin/"));
        assert_eq!(command.get_args().collect::<Vec<_>>(), vec![std::ffi::OsStr::new("/tmp/a b;rm -rf ~.html")]);
    }

    #[test]
    fn each_temporary_report_is_a_new_file() {
        let now = time::OffsetDateTime::now_utc();
        let (a, _) = temporary_file(now).expect("created");
        let (b, _) = temporary_file(now).expect("created");
        assert_ne!(a, b);
        for path in [a, b] {
            std::fs::remove_file(path).expect("removed");
        }
    }
}
