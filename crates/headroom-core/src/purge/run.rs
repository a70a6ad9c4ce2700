//! Runs a purge: the lock, the attempts in order with a time limit, the settle wait, the measurement.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::report::PurgeReport;
use super::{
    Attempt, DROP_CACHES, MAC_PURGE, OSASCRIPT, PKEXEC, PurgeError, SUDO, TimeLimits, admin_prompt_args, parse_failure,
    try_next,
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
pub(crate) fn execute(attempts: &[Attempt], limits: TimeLimits) -> Result<String, PurgeError> {
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
            let args = admin_prompt_args();
            spawn(attempt, OSASCRIPT, &args.iter().map(String::as_str).collect::<Vec<_>>(), timeout)
        }
    }
}

/// Runs one fixed program with a time limit; stderr is kept for the error. Past the limit the
/// program is stopped if it can be; if it cannot (it runs as root), the time-out is reported at
/// once and the program is reaped on a thread of its own when it ends (see [`stop`]).
pub fn spawn(attempt: &Attempt, program: &str, args: &[&str], timeout: Duration) -> Result<(), PurgeError> {
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
                let stopped = stop(&mut child);
                if !stopped {
                    reap_later(child, program);
                }
                // The stderr reader ends when the pipe closes; it is not waited for.
                return Err(PurgeError::TimedOut { program: program.into(), seconds: timeout.as_secs(), stopped });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => return Err(PurgeError::Failed { program: program.into(), message: error.to_string() }),
        }
    };
    let text = reader.join().unwrap_or_default();
    if status.success() { Ok(()) } else { Err(parse_failure(attempt, status.code(), &text)) }
}

/// How long a program told to stop (SIGTERM) gets to end before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(2);
/// How long a killed program gets to be gone before it is left to [`reap_later`].
const KILL_GRACE: Duration = Duration::from_millis(500);

/// Stops a program past its time; true when it ended and was reaped.
///
/// SIGTERM first: sudo relays it to the command it runs, while SIGKILL "cannot be caught and thus
/// will not be relayed" (sudo(8), "Signal handling"), so killing sudo outright would leave the root
/// purge running. Then SIGKILL. Both fail with EPERM when the program has become root entirely:
/// pkexec calls `setreuid (0, 0)` and then executes the command in the same process
/// (polkit-org/polkit, src/programs/pkexec.c), and sudo before 1.9.4 did `setuid(ROOT_UID)` "so user
/// cannot kill us" (src/sudo.c; removed by sudo commit b2ccbb3a, November 2020; Apple's own sudo has
/// it up to tag sudo-94, sudo 1.8.31, in apple-oss-distributions/sudo). Later sudo keeps the user's
/// real uid, so it can be signalled, and relays the SIGTERM.
fn stop(child: &mut Child) -> bool {
    // The pid is ours until the child is reaped (only `try_wait`/`wait` below reap it), so the
    // signal cannot reach a process that took the number over.
    let term = i32::try_from(child.id()).is_ok_and(|pid| {
        // SAFETY: kill(2) with a pid of our own unreaped child and a valid signal number.
        unsafe { libc::kill(pid, libc::SIGTERM) == 0 }
    });
    if term && ended_within(child, STOP_GRACE) {
        return true;
    }
    child.kill().is_ok() && ended_within(child, KILL_GRACE)
}

fn ended_within(child: &mut Child, limit: Duration) -> bool {
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) | Err(_) => return false,
        }
    }
}

/// Waits, on a thread of its own, for a program that could not be stopped, so that it does not
/// stay a zombie once it ends; the purge itself has already returned and released its lock.
fn reap_later(mut child: Child, program: &str) {
    let program = program.to_owned();
    let spawned = std::thread::Builder::new().name("purge-reaper".into()).spawn(move || {
        let status = child.wait();
        tracing::info!(program, ?status, "a purge program that outlived its time limit has ended");
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "no thread to wait for the purge program: it stays a zombie until Headroom exits");
    }
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
        kind: crate::history::EventKind::Purge,
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
    // A Mac always has its desktop; elsewhere it is an X or Wayland display.
    crate::sys::PLATFORM == crate::Platform::Macos
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some()
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

    #[test]
    fn a_hung_program_is_stopped() {
        let attempt = Attempt::PurgeDirect;
        let started = Instant::now();
        let error = spawn(&attempt, "/bin/sh", &["-c", "exec sleep 5"], Duration::from_millis(200)).unwrap_err();
        assert_eq!(error, PurgeError::TimedOut { program: "/bin/sh".into(), seconds: 0, stopped: true });
        assert!(started.elapsed() < Duration::from_secs(2), "SIGTERM ended it: {:?}", started.elapsed());
    }

    /// A program that ignores SIGTERM (as a command may while sudo relays it) is killed after the grace.
    #[test]
    fn a_program_that_ignores_the_stop_signal_is_killed() {
        let started = Instant::now();
        let script = "trap '' TERM; exec sleep 5";
        let error = spawn(&Attempt::PurgeDirect, "/bin/sh", &["-c", script], Duration::from_millis(200)).unwrap_err();
        assert_eq!(error, PurgeError::TimedOut { program: "/bin/sh".into(), seconds: 0, stopped: true });
        let took = started.elapsed();
        assert!(took >= STOP_GRACE && took < STOP_GRACE + Duration::from_secs(2), "{took:?}");
    }
}
