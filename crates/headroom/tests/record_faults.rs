//! `headroom record` as a real process under faults: kill -9 at random moments, 20 times over one
//! database, and a history that cannot be opened (said once, not per sample).
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;

/// What a recorder said on stderr, line by line, as it says it.
struct Recorder {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Recorder {
    /// `record --interval 100ms` with `flush_every = 1s`, logging each sample it queues.
    fn start(data: &Path) -> Recorder {
        let config = data.join("config.toml");
        std::fs::write(&config, "[history]\nflush_every = \"1s\"\n").expect("config");
        let mut child = Command::new(env!("CARGO_BIN_EXE_headroom"))
            .args(["record", "--interval", "100ms"])
            .env("HEADROOM_DATA_DIR", data)
            .env("HEADROOM_CONFIG", &config)
            .env("HEADROOM_LOG", "warn,headroom_core::history::recording=trace")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Recorder { child, lines }
    }

    /// Waits for `n` queued samples; returns everything said meanwhile.
    fn until_queued(&self, n: usize) -> Vec<String> {
        let mut said = Vec::new();
        while said.iter().filter(|l: &&String| l.contains("sample queued")).count() < n {
            let line = self.lines.recv_timeout(Duration::from_secs(30)).expect("the recorder keeps sampling");
            said.push(line);
        }
        said
    }

    /// Everything said until the process ended (its stderr closed).
    fn rest(&self) -> Vec<String> {
        self.lines.iter().collect()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn queued(lines: &[String]) -> usize {
    lines.iter().filter(|l| l.contains("sample queued")).count()
}

/// (rows, their sequence numbers per boot are 0..n, integrity_check's answer).
fn inspect(db: &Path) -> (usize, bool, String) {
    let conn = Connection::open(db).expect("open");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check");
    let mut statement = conn.prepare("SELECT seq FROM samples ORDER BY boot_id, seq").expect("query");
    let seqs: Vec<i64> = statement.query_map([], |r| r.get(0)).expect("rows").map(|s| s.expect("row")).collect();
    let contiguous = seqs.iter().enumerate().all(|(i, s)| *s == i as i64);
    (seqs.len(), contiguous, check)
}

/// A deterministic spread of kill points (a linear congruential generator): same run every time.
fn spread(seed: &mut u64, from: usize, to: usize) -> usize {
    *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    from + (*seed >> 33) as usize % (to - from)
}

/// Each round kills the recorder after a varying number of samples: at 100 ms a sample and a
/// write each second, some kills land in a write, most between two. Whatever the moment, the
/// file passes integrity_check, nothing written before is lost, and what is lost is at most the
/// unwritten batch: flush_every / interval + 1 = 11 samples.
#[test]
fn kill_9_twenty_times_loses_at_most_one_batch_each_time_and_never_corrupts() {
    let data = tempfile::tempdir().expect("tempdir");
    let db = data.path().join("history.db");
    let mut seed = 18;
    let mut stored = 0;
    let mut losses = Vec::new();
    for round in 0..20 {
        let recorder = Recorder::start(data.path());
        let mut said = recorder.until_queued(spread(&mut seed, 1, 25));
        // SIGKILL: no handler, no flush at exit.
        unsafe { libc::kill(recorder.child.id() as i32, libc::SIGKILL) };
        said.extend(recorder.rest());
        let (rows, contiguous, check) = inspect(&db);
        assert_eq!(check, "ok", "round {round}");
        assert!(contiguous, "round {round}: sequence numbers 0..{rows} without a hole");
        assert!(rows >= stored, "round {round}: {stored} rows written before, {rows} now");
        let lost = queued(&said) - (rows - stored);
        losses.push(lost);
        stored = rows;
        assert!(said.iter().all(|l| !l.contains("warning")), "round {round}: {said:?}");
    }
    eprintln!("samples lost per kill: {losses:?}");
    assert!(losses.iter().all(|lost| *lost <= 11), "samples lost per kill: {losses:?}");
    assert!(stored > 0, "the recorder wrote something in 20 rounds");
}

#[test]
fn a_history_that_cannot_be_opened_is_said_once_while_recording_goes_on() {
    let data = tempfile::tempdir().expect("tempdir");
    // A directory where the database file should be: SQLite cannot open it, even as root.
    std::fs::create_dir(data.path().join("history.db")).expect("blocker");
    let mut recorder = Recorder::start(data.path());
    // 4 seconds of samples: attempts at the first sample, 1 s and 3 s later.
    let mut said = recorder.until_queued(40);
    unsafe { libc::kill(recorder.child.id() as i32, libc::SIGINT) };
    said.extend(recorder.rest());
    let warnings: Vec<_> = said.iter().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "said once: {warnings:?}");
    assert!(warnings[0].contains("keeping samples in memory"), "{warnings:?}");
    let status = recorder.child.wait().expect("ends");
    assert_eq!(status.code(), Some(0), "Ctrl-C ends it normally: {said:?}");
}
