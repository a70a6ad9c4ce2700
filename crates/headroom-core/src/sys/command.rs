//! Runs a fixed system tool with a time limit and returns its output, or why it could not.

use std::ffi::OsStr;
use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The most a tool may print: `kmutil showloaded` with 5,000 kernel extensions is under 1 MiB, so
/// anything near this is a fault, refused rather than held in memory.
pub(crate) const MAX_OUTPUT: u64 = 8 << 20;

/// How a tool ended within its time limit: its exit status and what it printed.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    /// Empty unless asked for ([`run_to_end`]).
    pub stderr: String,
}

/// Why a tool gave no answer. Whatever the reason, no child is left behind unreaped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot run {program}: {source}")]
    Start { program: String, source: std::io::Error },
    /// It outlived its time limit: it was killed and waited for.
    #[error("{program} did not finish within {} s", .limit.as_secs())]
    TimedOut { program: String, limit: Duration },
    #[error("{program} printed more than {} MiB; its output was not used", MAX_OUTPUT >> 20)]
    TooMuchOutput { program: String },
    #[error("{program}: {why}")]
    Wait { program: String, why: String },
    /// It ended with a failure status ([`run`] only; [`run_to_end`] hands the status back).
    #[error("{program} exited with {status}")]
    Failed { program: String, status: ExitStatus },
}

/// Runs `program` (an absolute path) with `args` and returns what it printed; a tool that is
/// missing, fails, outlives `limit` or prints more than [`MAX_OUTPUT`] gives the reason, which the
/// suspects show as "unknown: …".
pub fn run(program: &str, args: &[&str], limit: Duration) -> Result<String, RunError> {
    let finished = spawn_and_wait(program, args, limit, false)?;
    let status = finished.status;
    if status.success() { Ok(finished.stdout) } else { Err(RunError::Failed { program: program.to_owned(), status }) }
}

/// Runs `program` like [`run`] (the same time limit, the same caps, the child always reaped), but
/// keeps its stderr and hands back a failed exit as a [`Finished`], for tools whose complaint says
/// why (osascript). `Err` only when it could not run, outlived `limit` (then it is killed and
/// waited for) or printed too much.
pub fn run_to_end<S: AsRef<OsStr>>(program: &str, args: &[S], limit: Duration) -> Result<Finished, RunError> {
    spawn_and_wait(program, args, limit, true)
}

fn spawn_and_wait<S: AsRef<OsStr>>(
    program: &str,
    args: &[S],
    limit: Duration,
    keep_stderr: bool,
) -> Result<Finished, RunError> {
    let failed = |why: String| RunError::Wait { program: program.to_owned(), why };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(if keep_stderr { Stdio::piped() } else { Stdio::null() })
        .spawn()
        .map_err(|source| RunError::Start { program: program.to_owned(), source })?;
    // Read on threads so a chatty tool cannot block on a full pipe while we wait for it.
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::TimedOut { program: program.to_owned(), limit });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(error) => {
                // Not knowing whether it ended, end it: no child is left unreaped.
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(error.to_string()));
            }
        }
    };
    let output = |reader: Option<std::thread::JoinHandle<(String, bool)>>| match reader.map(|r| r.join()) {
        None => Ok(String::new()),
        Some(Err(_)) => Err(failed("output reader failed".to_owned())),
        Some(Ok((_, true))) => Err(RunError::TooMuchOutput { program: program.to_owned() }),
        Some(Ok((text, false))) => Ok(text),
    };
    let stdout = output(stdout)?;
    let stderr = output(stderr)?;
    Ok(Finished { status, stdout, stderr })
}

/// Reads a pipe to its end on a thread of its own: up to [`MAX_OUTPUT`] kept, the rest drained.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<(String, bool)> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        // One byte past the cap tells "exactly the cap" from "more"; the rest is drained, unkept,
        // so the tool never blocks on a full pipe and ends on its own (or at the time limit).
        let _ = (&mut pipe).take(MAX_OUTPUT + 1).read_to_end(&mut bytes);
        let too_much = bytes.len() as u64 > MAX_OUTPUT;
        if too_much {
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        }
        (String::from_utf8_lossy(&bytes).into_owned(), too_much)
    })
}

/// Why an opener did not hand the file over.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot run {program}: {source}")]
    Start { program: String, source: std::io::Error },
    #[error("{program} exited with {status}")]
    Failed { program: String, status: ExitStatus },
}

/// Starts an opener (`open`, `xdg-open`) and watches it for up to `limit`: a failure status in that
/// time is an error the user must hear of (no browser, a browser that refuses to run as root, no
/// handler for the file); an opener still running then is taken as working (some wait for the
/// program they started) and is reaped by a thread when it ends. No child is left a zombie.
pub fn open_within(command: &mut Command, limit: Duration) -> Result<(), OpenError> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| OpenError::Start { program: program.clone(), source })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(OpenError::Failed { program, status }),
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(25)),
            _ => break,
        }
    }
    // Waited for by a thread, so it does not stay a zombie for the rest of a long-lived app.
    let reaped = std::thread::Builder::new().name("headroom-reaper".into()).spawn(move || {
        let _ = child.wait();
    });
    if let Err(error) = reaped {
        tracing::warn!(%error, program, "cannot start a thread to reap the opener");
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_spawned_opener_is_reaped_without_being_waited_for() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pid_file = dir.path().join("pid");
        let script = format!("echo $$ > {}; sleep 0.3", pid_file.display());
        // Still running when the watch ends: handed to the reaper thread.
        open_within(Command::new("/bin/sh").args(["-c", &script]), Duration::ZERO).expect("counts as working");
        let started = Instant::now();
        let pid = loop {
            if let Some(pid) =
                std::fs::read_to_string(&pid_file).ok().and_then(|t| t.trim().parse::<libc::pid_t>().ok())
            {
                break pid;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "the opener never started");
            std::thread::sleep(Duration::from_millis(20));
        };
        // A zombie still answers signal 0; a reaped child is gone (ESRCH).
        // SAFETY: signal 0 only asks whether the process exists.
        while unsafe { libc::kill(pid, 0) } == 0 {
            assert!(started.elapsed() < Duration::from_secs(10), "pid {pid} was never reaped");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(std::io::Error::last_os_error().raw_os_error(), Some(libc::ESRCH));
    }

    #[test]
    fn an_opener_that_fails_says_so_and_one_that_keeps_running_counts_as_working() {
        let failed = open_within(Command::new("/bin/sh").args(["-c", "exit 3"]), Duration::from_secs(10)).unwrap_err();
        assert!(failed.to_string().contains("exited with exit status: 3"), "{failed}");
        let missing = open_within(&mut Command::new("/nonexistent/xdg-open"), Duration::from_secs(10)).unwrap_err();
        assert!(matches!(missing, OpenError::Start { .. }), "{missing}");
        open_within(Command::new("/bin/sh").args(["-c", "exit 0"]), Duration::from_secs(10)).expect("handed over");
        let started = Instant::now();
        open_within(Command::new("/bin/sleep").arg("30"), Duration::from_millis(100)).expect("still running: working");
        assert!(started.elapsed() < Duration::from_secs(20), "the opener was not waited for to its end");
    }

    #[test]
    fn output_failure_missing_and_timeout() {
        assert_eq!(run("/bin/echo", &["hello"], Duration::from_secs(5)).expect("ran"), "hello\n");
        // /usr/bin/false: where macOS installs false(1) (apple-oss-distributions/shell_cmds: the project's
        // INSTALL_PATH; echo and sleep go to /bin), and on Linux with a merged /usr (Debian 12+).
        let failed = run("/usr/bin/false", &[], Duration::from_secs(5)).unwrap_err();
        assert!(matches!(failed, RunError::Failed { .. }) && failed.to_string().contains("exited with"), "{failed}");
        let missing = run("/nonexistent/tool", &[], Duration::from_secs(5)).unwrap_err();
        assert!(matches!(missing, RunError::Start { .. }) && missing.to_string().contains("cannot run"), "{missing}");
        let started = Instant::now();
        let error = run("/bin/sleep", &["5"], Duration::from_millis(200)).unwrap_err();
        assert!(error.to_string().contains("did not finish"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(4), "the sleeper was killed, not waited for");
    }

    #[test]
    fn fifty_megabytes_of_output_are_refused_not_kept() {
        let error = run("/usr/bin/head", &["-c", "52428800", "/dev/zero"], Duration::from_secs(30)).unwrap_err();
        assert!(error.to_string().contains("more than 8 MiB"), "{error}");
        // Exactly at the cap is fine.
        let cap = MAX_OUTPUT.to_string();
        let text = run("/usr/bin/head", &["-c", &cap, "/dev/zero"], Duration::from_secs(30)).expect("at the cap");
        assert_eq!(text.len() as u64, MAX_OUTPUT);
    }

    #[test]
    fn run_to_end_keeps_stderr_and_the_failed_status_and_still_times_out() {
        let limit = Duration::from_secs(5);
        let finished = run_to_end("/bin/sh", &["-c", "echo out; echo why >&2; exit 3"], limit).expect("ran");
        assert_eq!(
            (finished.status.code(), finished.stdout.as_str(), finished.stderr.as_str()),
            (Some(3), "out\n", "why\n")
        );
        let started = Instant::now();
        let error = run_to_end("/bin/sh", &["-c", "exec sleep 5"], Duration::from_millis(200)).unwrap_err();
        assert!(matches!(error, RunError::TimedOut { .. }), "{error}");
        assert!(matches!(run_to_end::<&str>("/nonexistent/tool", &[], limit), Err(RunError::Start { .. })));
        assert!(started.elapsed() < Duration::from_secs(4), "the hung tool was killed, not waited for");
    }
}
