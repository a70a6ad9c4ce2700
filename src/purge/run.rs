//! Runs a purge: the lock, the attempts in order with a time limit, the settle wait, the measurement.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::report::PurgeReport;
use super::{
    Attempt, DROP_CACHES, MAC_PURGE, OSASCRIPT, PKEXEC, PurgeError, SUDO, TimeLimits, parse_failure, try_next,
};
use crate::model::Snapshot;

/// Held while a purge runs; a second purge is refused.
pub struct PurgeLock {
    _file: File,
}

pub fn lock(dir: &Path) -> Result<PurgeLock, PurgeError> {
    let failed =
        |error: std::io::Error| PurgeError::Failed { program: "purge lock".into(), message: error.to_string() };
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join("purge.lock"))
        .map_err(failed)?;
    match file.try_lock() {
        Ok(()) => {
            let _ = file.set_len(0);
            let _ = write!(file, "{}", std::process::id());
            Ok(PurgeLock { _file: file })
        }
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            Err(PurgeError::AlreadyRunning(pid.trim().to_owned()))
        }
        Err(TryLockError::Error(error)) => Err(failed(error)),
    }
}

/// When the last purge finished, from `purge.last` in the data directory.
pub fn since_last(dir: &Path) -> Option<Duration> {
    let modified = std::fs::metadata(last_path(dir)).ok()?.modified().ok()?;
    modified.elapsed().ok()
}

fn last_path(dir: &Path) -> PathBuf {
    dir.join("purge.last")
}

fn mark_done(dir: &Path) {
    // Its modification time is the record; the content says what wrote it.
    let _ = std::fs::write(last_path(dir), format!("pid {}\n", std::process::id()));
}

/// Runs the attempts in order until one works; returns how it ran.
pub fn execute(attempts: &[Attempt], limits: TimeLimits) -> Result<String, PurgeError> {
    let mut last = PurgeError::NeedsRights;
    for attempt in attempts {
        match execute_one(attempt, limits.for_attempt(attempt)) {
            Ok(()) => return Ok(attempt.describe()),
            Err(error) if try_next(&error) => {
                tracing::info!(%error, attempt = attempt.describe(), "purge attempt failed; trying the next");
                last = error;
            }
            Err(error) => return Err(error),
        }
    }
    Err(match last {
        PurgeError::NotPermitted(_) => PurgeError::NeedsRights,
        other => other,
    })
}

fn execute_one(attempt: &Attempt, timeout: Duration) -> Result<(), PurgeError> {
    match attempt {
        Attempt::DropCachesDirect { value } => {
            // SAFETY: sync(2) takes no arguments and cannot fail; it flushes dirty pages so that
            // drop_caches can drop them (it only drops clean ones).
            #[cfg(unix)]
            unsafe {
                libc::sync()
            };
            std::fs::write(DROP_CACHES, format!("{value}\n")).map_err(|error| match error.kind() {
                std::io::ErrorKind::PermissionDenied => PurgeError::NotPermitted(format!("{DROP_CACHES}: {error}")),
                _ => PurgeError::Failed { program: DROP_CACHES.into(), message: error.to_string() },
            })
        }
        Attempt::SudoNoPassword { program, args } => {
            let mut full = vec!["-n", program];
            full.extend(args.iter().map(String::as_str));
            if !Path::new(SUDO).exists() {
                return Err(PurgeError::NeedsRights);
            }
            spawn(attempt, SUDO, &full, timeout)
        }
        Attempt::Pkexec { program, args } => {
            let mut full = vec![*program];
            full.extend(args.iter().map(String::as_str));
            if !Path::new(PKEXEC).exists() {
                return Err(PurgeError::NeedsRights);
            }
            spawn(attempt, PKEXEC, &full, timeout)
        }
        Attempt::PurgeDirect => spawn(attempt, MAC_PURGE, &[], timeout),
        Attempt::AdminPrompt => {
            // A fixed script: nothing from input or config is spliced into it.
            let script = format!("do shell script \"{MAC_PURGE}\" with administrator privileges");
            spawn(attempt, OSASCRIPT, &["-e", &script], timeout)
        }
    }
}

fn spawn(attempt: &Attempt, program: &str, args: &[&str], timeout: Duration) -> Result<(), PurgeError> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| PurgeError::Failed { program: program.into(), message: error.to_string() })?;
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = stderr.as_mut() {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PurgeError::TimedOut { program: program.into(), seconds: timeout.as_secs() });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => return Err(PurgeError::Failed { program: program.into(), message: error.to_string() }),
        }
    };
    let text = reader.join().unwrap_or_default();
    if status.success() { Ok(()) } else { Err(parse_failure(attempt, status.code(), &text)) }
}

/// The whole purge after the guards passed: run, settle, measure, and remember when it ran.
pub fn purge(
    dir: &Path,
    before: &Snapshot,
    attempts: &[Attempt],
    limits: TimeLimits,
    read: impl FnMut() -> Option<Snapshot>,
) -> Result<PurgeReport, PurgeError> {
    let started = Instant::now();
    let method = execute(attempts, limits)?;
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    mark_done(dir);
    let after = super::settle::settle(before, read).unwrap_or_else(|| before.clone());
    Ok(PurgeReport::new(method, before, &after, duration_ms))
}

/// The purge with its guards: the lock, critical pressure, the cool-down (unless `force`), then [`purge`].
pub fn guarded(
    dir: &Path,
    before: &Snapshot,
    attempts: &[Attempt],
    settings: &crate::config::Purge,
    force: bool,
    read: impl FnMut() -> Option<Snapshot>,
) -> Result<PurgeReport, PurgeError> {
    let _lock = lock(dir)?;
    super::check_guards(before, since_last(dir), settings.cooldown.duration(), force)?;
    purge(dir, before, attempts, TimeLimits::from_settings(settings), read)
}

/// Writes the purge, with its before and after, into the history's events.
pub fn record(dir: &Path, boot_id: &str, report: &PurgeReport) {
    let event = crate::history::Event {
        at: time::OffsetDateTime::now_utc(),
        boot_id: Some(boot_id.to_owned()),
        kind: "purge".to_owned(),
        detail: serde_json::to_value(report).unwrap_or_default(),
    };
    if let Err(error) = crate::history::append_event(dir, event) {
        tracing::warn!(%error, "the purge was not written to the history");
    }
}

/// True when this process runs as root.
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Whether a password prompt can be shown (a desktop session, not SSH or CI).
pub fn graphical() -> bool {
    if std::env::var_os("SSH_CONNECTION").is_some() || std::env::var_os("CI").is_some() {
        return false;
    }
    cfg!(target_os = "macos") || std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_purge_is_refused_while_one_holds_the_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = lock(dir.path()).expect("first");
        assert_eq!(lock(dir.path()).err(), Some(PurgeError::AlreadyRunning(std::process::id().to_string())));
        drop(first);
        assert!(lock(dir.path()).is_ok());
    }

    #[test]
    fn the_last_purge_time_is_remembered() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(since_last(dir.path()), None);
        mark_done(dir.path());
        assert!(since_last(dir.path()).is_some_and(|ago| ago < Duration::from_secs(60)));
    }

    #[cfg(unix)]
    #[test]
    fn a_hung_program_is_stopped() {
        let attempt = Attempt::PurgeDirect;
        let started = Instant::now();
        let error = spawn(&attempt, "/bin/sleep", &["5"], Duration::from_millis(200)).unwrap_err();
        assert_eq!(error, PurgeError::TimedOut { program: "/bin/sleep".into(), seconds: 0 });
        assert!(started.elapsed() < Duration::from_secs(4));
    }
}
