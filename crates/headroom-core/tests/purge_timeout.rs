//! `purge.timeout` against a program Headroom cannot stop: it became root (as pkexec does), Headroom runs unprivileged.
//!
//! Run as root (as CI does): the test copies util-linux's setpriv as a setuid-root program, which
//! becomes root entirely (`--reuid=0`: setresuid) and executes the command in the same process, the
//! way pkexec does (polkit's src/programs/pkexec.c: `setreuid (0, 0)`, then `execv`). It then runs
//! its own copy as `nobody` (the ignored test below), which times that program out: kill(2) fails
//! with EPERM there, as it does for the app with pkexec or with sudo before 1.9.4.
#![cfg(target_os = "linux")]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use headroom_core::purge::run::{lock, spawn};
use headroom_core::purge::{Attempt, PurgeError};

const HELPER: &str = "HEADROOM_TIMEOUT_TEST_DIR";
const NOBODY: u32 = 65534;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A directory for a setuid program: not on a file system mounted nosuid, and open to nobody.
fn setuid_capable_dir() -> tempfile::TempDir {
    for base in [std::env::temp_dir(), PathBuf::from("/var/tmp")] {
        let Ok(dir) = tempfile::tempdir_in(&base) else { continue };
        let path = std::ffi::CString::new(dir.path().as_os_str().as_encoded_bytes()).expect("no NUL");
        // SAFETY: a valid C path and a zeroed out-structure for statvfs(3) to fill.
        let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
        let nosuid = unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 || stat.f_flag & libc::ST_NOSUID != 0;
        if !nosuid {
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
            return dir;
        }
    }
    panic!("no temporary directory outside a nosuid mount (tried $TMPDIR and /var/tmp)");
}

#[test]
fn a_root_program_past_its_time_is_left_to_finish_and_reaped_later() {
    headroom_testing::require!("root");
    assert!(is_root(), "this test makes a setuid-root program and must run as root (CI does)");
    let setpriv = Path::new("/usr/bin/setpriv");
    assert!(setpriv.exists(), "setpriv (util-linux) is needed");
    let dir = setuid_capable_dir();
    let root_program = dir.path().join("setpriv-root");
    std::fs::copy(setpriv, &root_program).expect("copy setpriv");
    std::fs::set_permissions(&root_program, std::fs::Permissions::from_mode(0o4755)).expect("setuid");
    // nobody's lock directory, and a copy of this test binary nobody can run (the build directory may be private).
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let me = dir.path().join("purge_timeout");
    std::fs::copy(std::env::current_exe().expect("this test"), &me).expect("copy the test binary");
    std::fs::set_permissions(&me, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let out = Command::new(&me)
        .args(["--exact", "purge_timeout::unprivileged_side", "--ignored", "--nocapture", "--test-threads=1"])
        .env(HELPER, dir.path())
        .uid(NOBODY)
        .gid(NOBODY)
        .output()
        .expect("runs as nobody");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("measured:") && said.contains("1 passed"), "the helper ran: {said}");
    println!("{}", said.lines().find(|line| line.contains("measured:")).unwrap_or_default());
}

/// The unprivileged side: the purge machinery times out a program running as root.
#[test]
#[ignore = "run as nobody by a_root_program_past_its_time_is_left_to_finish_and_reaped_later"]
fn unprivileged_side() {
    let dir = PathBuf::from(std::env::var_os(HELPER).expect("started by the root test"));
    // SAFETY: geteuid has no preconditions.
    assert_ne!(unsafe { libc::geteuid() }, 0, "runs unprivileged");
    let pid_file = dir.join("sleeper.pid");
    let program = dir.join("setpriv-root");
    let program = program.to_str().expect("utf-8");
    // Root writes its pid, then becomes a 3-second sleep in the same process.
    let script = format!("echo $$ > {}; exec sleep 3", pid_file.display());
    let args = ["--reuid=0", "--regid=0", "--clear-groups", "--", "/bin/sh", "-c", &script];
    let timeout = Duration::from_millis(500);

    let held = lock(&dir.join("data")).expect("the purge lock");
    let started = Instant::now();
    let error = spawn(&Attempt::PurgeDirect, program, &args, timeout).expect_err("it outlives its time");
    let returned = started.elapsed();
    drop(held);

    assert_eq!(error, PurgeError::TimedOut { program: program.into(), seconds: 0, stopped: false });
    assert!(error.to_string().contains("timed out after 0 s and could not be stopped"), "{error}");
    // At the time limit (EPERM is immediate: no grace for a signal that was not delivered).
    assert!(returned >= timeout && returned < timeout + Duration::from_millis(500), "returned after {returned:?}");
    assert!(lock(&dir.join("data")).is_ok(), "the lock is free again");

    let pid: i32 = std::fs::read_to_string(&pid_file).expect("pid written").trim().parse().expect("a pid");
    // SAFETY: kill(2) with signal 0 only checks permission.
    let denied =
        unsafe { libc::kill(pid, 0) } == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    assert!(denied, "nobody cannot signal the sleeper");
    let state = proc_state(pid).expect("still running");
    assert!(state == 'S' || state == 'R', "alive, not a zombie: {state}");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    assert!(
        status.lines().any(|line| line.split_whitespace().collect::<Vec<_>>() == ["Uid:", "0", "0", "0", "0"]),
        "{status}"
    );

    // It ends about 3 s after it started; the reaper thread waits for it, so no zombie stays.
    let mut seen = vec![state];
    let gone = loop {
        match proc_state(pid) {
            None => break started.elapsed(),
            Some(now) => {
                if seen.last() != Some(&now) {
                    seen.push(now);
                }
                assert!(started.elapsed() < Duration::from_secs(10), "still there after 10 s, states {seen:?}");
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    };
    assert!(gone >= Duration::from_millis(2500), "it ran to its end: {gone:?}");
    println!(
        "measured: returned after {returned:?} (limit {timeout:?}) while pid {pid} ran as root in state {state}; \
         it ended and was reaped {gone:?} after the start (states {seen:?})"
    );
}

/// sudo since 1.9.4 keeps the caller's real uid, so it can be signalled; SIGKILL would end sudo
/// alone and leave its root command running (it cannot be relayed), SIGTERM is relayed (sudo(8),
/// "Signal handling"). Root runs sudo here; the relay is the same for any caller.
#[test]
fn a_command_run_by_sudo_past_its_time_ends_with_sudo() {
    headroom_testing::require!("root");
    assert!(is_root(), "root may run any command through sudo without a password (CI runs as root)");
    assert!(Path::new("/usr/bin/sudo").exists(), "sudo is needed (Debian: apt-get install -y sudo; CI has it)");
    let dir = tempfile::tempdir().expect("tempdir");
    let pid_file = dir.path().join("command.pid");
    let script = format!("echo $$ > {}; exec sleep 10", pid_file.display());
    let started = Instant::now();
    let error =
        spawn(&Attempt::PurgeDirect, "/usr/bin/sudo", &["-n", "/bin/sh", "-c", &script], Duration::from_millis(500))
            .expect_err("it outlives its time");
    let returned = started.elapsed();
    assert_eq!(error, PurgeError::TimedOut { program: "/usr/bin/sudo".into(), seconds: 0, stopped: true });
    assert!(returned < Duration::from_millis(2500), "SIGTERM, not the kill after the grace: {returned:?}");
    let pid: i32 = std::fs::read_to_string(&pid_file).expect("pid written").trim().parse().expect("a pid");
    assert_eq!(proc_state(pid), None, "the command behind sudo ended too");
}

/// The state letter of /proc/PID/stat (after the parenthesised name), or None once the process is gone.
fn proc_state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}
