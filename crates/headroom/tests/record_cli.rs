//! `headroom record`, `watch --record` and `history` end to end on this Linux machine, in a private data directory.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

fn command(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_headroom"));
    command.args(args).env("HEADROOM_DATA_DIR", data).env("HEADROOM_CONFIG", data.join("no-config.toml"));
    command
}

fn run(data: &Path, args: &[&str]) -> Output {
    command(data, args).output().expect("runs")
}

/// Starts `record` and waits for its "recording to …" line, so the lock is surely held.
fn start_recorder(data: &Path) -> (Child, BufReader<std::process::ChildStderr>) {
    let mut child = command(data, &["record", "--interval", "100ms"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawns");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("a line");
    assert!(line.contains("recording to"), "{line:?}");
    (child, stderr)
}

/// Kills the child if a test fails before it is interrupted, so no recorder outlives its test.
struct Reaper(Option<Child>);

impl Drop for Reaper {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn interrupt(child: &mut Child) -> i32 {
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: signalling our own unreaped child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    child.wait().expect("exits").code().expect("exit code")
}

#[test]
fn record_then_history_and_a_second_recorder_is_refused() {
    let data = tempfile::tempdir().expect("tempdir");
    let (recorder, _stderr) = start_recorder(data.path());
    let mut reaper = Reaper(Some(recorder));
    let recorder = reaper.0.as_mut().expect("child");

    let second = run(data.path(), &["record"]);
    assert_eq!(second.status.code(), Some(1));
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(said.contains(&format!("already recording (pid {})", recorder.id())), "{said}");
    let watching = run(data.path(), &["watch", "--record"]);
    assert_eq!(watching.status.code(), Some(1), "watch --record is refused too");

    std::thread::sleep(std::time::Duration::from_millis(600));
    assert_eq!(interrupt(recorder), 0);
    reaper.0 = None;

    let out = run(data.path(), &["history", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let rows = rows.as_array().expect("array");
    assert!(rows.len() >= 3, "every sample was flushed at exit: {}", rows.len());
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").expect("boot id");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["boot_id"], boot.trim());
        assert_eq!(row["seq"], i as u64);
        assert_eq!(row["resolution_s"], 0);
        assert!(row["total"].as_u64().is_some_and(|t| t > 0));
    }

    let csv = run(data.path(), &["history", "--csv", "--boot", "all"]);
    let csv = String::from_utf8(csv.stdout).expect("utf-8");
    assert!(csv.starts_with("at,boot_id,seq,resolution_s,"));
    assert_eq!(csv.lines().count(), rows.len() + 1);

    // The boot's row says when the machine booted: the kernel's btime, not when recording began.
    let stat = std::fs::read_to_string("/proc/stat").expect("/proc/stat");
    let btime: i64 =
        stat.lines().find_map(|l| l.strip_prefix("btime ")).and_then(|v| v.trim().parse().ok()).expect("a btime line");
    let (store, _) = headroom_core::history::Store::open(&data.path().join("history.db")).expect("open");
    let boots = store.boots().expect("boots");
    assert_eq!(boots.len(), 1);
    let booted = boots[0].booted.expect("the boot time was noted");
    assert!((booted.unix_timestamp() - btime).abs() <= 1, "{booted} against btime {btime}");
    assert!(boots[0].first_seen > booted, "recording began after the boot");
}

#[test]
fn watch_record_records_what_it_prints() {
    let data = tempfile::tempdir().expect("tempdir");
    let child = command(data.path(), &["watch", "--record", "--json", "--interval", "100ms"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut reaper = Reaper(Some(child));
    let child = reaper.0.as_mut().expect("child");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut printed = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("line");
        let value: Value = serde_json::from_str(&line).expect("json");
        printed.push(value["at"].as_str().expect("at").to_owned());
    }
    assert_eq!(interrupt(child), 0);
    reaper.0 = None;
    let out = run(data.path(), &["history", "--json"]);
    let rows: Value = serde_json::from_slice(&out.stdout).expect("json");
    // Stored at millisecond precision (and RFC 3339 drops trailing zeros: ".480" is written ".48"),
    // so compare the instants in whole milliseconds; every printed sample is there.
    let millis = |text: &str| {
        let at = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).expect("RFC 3339");
        at.unix_timestamp_nanos() / 1_000_000
    };
    let stored: Vec<i128> =
        rows.as_array().expect("array").iter().map(|r| millis(r["at"].as_str().expect("at"))).collect();
    for at in &printed {
        assert!(stored.contains(&millis(at)), "{at} not in {stored:?}");
    }
}

#[test]
fn a_corrupt_database_is_moved_aside_when_recording_starts() {
    let data = tempfile::tempdir().expect("tempdir");
    std::fs::write(data.path().join("history.db"), b"garbage, not SQLite".repeat(100)).expect("garbage");
    let child =
        command(data.path(), &["record", "--interval", "100ms"]).stderr(Stdio::piped()).spawn().expect("spawns");
    let mut reaper = Reaper(Some(child));
    let child = reaper.0.as_mut().expect("child");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut warning = String::new();
    stderr.read_line(&mut warning).expect("warning");
    assert!(warning.starts_with("headroom: warning: the history database was corrupt; it was moved to"), "{warning}");
    assert_eq!(interrupt(child), 0);
    reaper.0 = None;
    let names: Vec<String> = std::fs::read_dir(data.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("history.db.corrupt-")), "{names:?}");
    assert!(names.iter().any(|n| n == "history.db"), "{names:?}");
}

#[test]
fn history_without_a_database_says_how_to_start_one() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = run(data.path(), &["history"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("headroom record"));
}
