//! Storage faults under the recorder: a full database and file system, a read-only directory, a
//! lock held by another connection, the directory deleted while recording, and kill -9 mid-write.
#![cfg(target_os = "linux")]

use headroom_testing as common;

use std::path::Path;
use std::time::{Duration, Instant};

use headroom_core::config;
use headroom_core::history::{self, Recorder, RecorderNotice, Recording};
use headroom_core::model::{Snapshot, analyze};
use rusqlite::Connection;
use time::OffsetDateTime;

const GIB: u64 = 1 << 30;
const MINUTE: Duration = Duration::from_secs(60);

fn snapshot(at: OffsetDateTime, wired: u64) -> Snapshot {
    let text = "MemTotal: 16777216 kB\nMemFree: 4194304 kB\nMemAvailable: 8388608 kB\nBuffers: 0 kB\n\
        Cached: 2097152 kB\nAnonPages: 6291456 kB\nShmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
    let mut s = analyze::analyze(text, None, at).expect("fixture");
    s.boot_id = "b1".to_owned();
    s.memory.wired = wired;
    s
}

fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid")
}

/// Feeds samples `from..to` (2 s apart on the wall clock), each at `now`; wired = GIB + index.
fn feed(recorder: &mut Recorder, from: u64, to: u64, now: Instant) {
    for i in from..to {
        recorder.record(&snapshot(t0() + time::Duration::seconds(2 * i as i64), GIB + i), now);
    }
}

/// The wired offsets stored, in sequence order, and SQLite's own verdict on the file.
fn stored(path: &Path) -> (Vec<u64>, String) {
    let conn = Connection::open(path).expect("open");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check");
    let mut statement = conn.prepare("SELECT wired FROM samples ORDER BY boot_id, seq").expect("query");
    let wired = statement.query_map([], |r| r.get::<_, i64>(0)).expect("rows").map(|w| w.expect("row") as u64 - GIB);
    (wired.collect(), check)
}

fn unwritable_said_once(notices: &[RecorderNotice], reason: &str) {
    assert_eq!(notices.len(), 1, "said once: {notices:?}");
    assert!(
        matches!(&notices[0], RecorderNotice::Unwritable(m) if m.contains(reason) && m.contains("in memory")),
        "{notices:?}"
    );
}

#[test]
fn sqlite_full_keeps_the_samples_in_memory_says_so_once_and_writes_them_when_space_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    let mut recorder = Recorder::open(&path, &config::History::default());
    let start = Instant::now();
    feed(&mut recorder, 0, 10, start);
    assert!(recorder.flush_at(start, t0()), "written");
    // No more pages than the file has now: SQLite answers SQLITE_FULL as on a full disk.
    let cap = recorder.store().expect("open").limit_pages(1).expect("pragma");
    assert!(cap > 1, "the cap is the file's current size: {cap}");
    let mut now = start;
    let mut attempts = 0;
    while recorder.retrying_at().is_none() {
        now += MINUTE;
        feed(&mut recorder, 10 + attempts * 500, 10 + (attempts + 1) * 500, now);
        attempts += 1;
        assert!(attempts < 20, "a capped database never filled up");
    }
    unwritable_said_once(&recorder.take_notices(), "full");
    // More samples and failing attempts: nothing more said, nothing dropped.
    let queued = recorder.pending();
    let mut next = 10 + attempts * 500;
    for _ in 0..5 {
        now = recorder.retrying_at().expect("backing off") + Duration::from_secs(1);
        feed(&mut recorder, next, next + 10, now);
        next += 10;
    }
    assert_eq!(recorder.take_notices(), vec![]);
    assert_eq!(recorder.pending(), queued + 50);

    recorder.store().expect("open").limit_pages(1 << 30).expect("space again");
    assert!(recorder.flush_at(now, t0()), "the backlog is written");
    assert_eq!(recorder.take_notices(), vec![RecorderNotice::WritableAgain]);
    drop(recorder);
    let (wired, check) = stored(&path);
    assert_eq!(check, "ok");
    assert_eq!(wired, (0..next).collect::<Vec<_>>(), "every sample, in order");
}

#[test]
fn a_full_file_system_keeps_the_samples_in_memory_and_writes_them_once_space_is_freed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fs = match common::mount::Tmpfs::mount(&dir.path().join("mnt"), "1m") {
        Ok(fs) => fs,
        Err(why) => return headroom_testing::skip(format!("a real full file system needs a tmpfs: {why}")),
    };
    let path = fs.path.join("data").join("history.db");
    let mut recorder = Recorder::open(&path, &config::History::default());
    let start = Instant::now();
    feed(&mut recorder, 0, 10, start);
    assert!(recorder.flush_at(start, t0()), "written");
    let filler = fs.path.join("filler");
    fs.fill(&filler);
    let mut now = start;
    let mut next = 10;
    while recorder.retrying_at().is_none() {
        now += MINUTE;
        feed(&mut recorder, next, next + 2000, now);
        next += 2000;
        assert!(next < 40_000, "1 MB never filled up");
    }
    unwritable_said_once(&recorder.take_notices(), "full");
    std::fs::remove_file(&filler).expect("free the space");
    now = recorder.retrying_at().expect("backing off");
    feed(&mut recorder, next, next + 1, now);
    next += 1;
    assert_eq!(recorder.pending(), 0, "the backlog is written");
    assert_eq!(recorder.take_notices(), vec![RecorderNotice::WritableAgain]);
    drop(recorder);
    let (wired, check) = stored(&path);
    assert_eq!(check, "ok");
    assert_eq!(wired, (0..next).collect::<Vec<_>>(), "every sample, in order");
}

#[test]
fn a_read_only_data_directory_keeps_the_samples_in_memory_until_it_is_writable_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fs = match common::mount::Tmpfs::mount(&dir.path().join("mnt"), "4m") {
        Ok(fs) => fs,
        // chmod would not do: the tests run as root, which writes through permissions.
        Err(why) => {
            return headroom_testing::skip(format!("a read-only directory for root needs a read-only mount: {why}"));
        }
    };
    let path = fs.path.join("history.db");

    // Read-only from the start: nothing can be created.
    fs.set_read_only(true);
    let mut recorder = Recorder::open(&path, &config::History::default());
    let start = Instant::now();
    feed(&mut recorder, 0, 10, start);
    unwritable_said_once(&recorder.take_notices(), "unable to open database file");
    fs.set_read_only(false);
    let mut now = recorder.retrying_at().expect("backing off");
    feed(&mut recorder, 10, 11, now);
    assert_eq!((recorder.pending(), recorder.take_notices()), (0, vec![RecorderNotice::WritableAgain]));

    // Read-only when the recorder starts again over an existing database. (Made read-only while
    // the database is open cannot happen: the kernel refuses to remount a file system read-only
    // while a file is open for writing on it, EBUSY, which the first try of this test met.)
    drop(recorder);
    fs.set_read_only(true);
    let mut recorder = Recorder::open(&path, &config::History::default());
    now += MINUTE;
    feed(&mut recorder, 11, 20, now);
    let notices = recorder.take_notices();
    assert_eq!(notices.len(), 1, "said once: {notices:?}");
    assert!(matches!(&notices[0], RecorderNotice::Unwritable(_)), "{notices:?}");
    assert_eq!(recorder.pending(), 9);
    fs.set_read_only(false);
    now = recorder.retrying_at().expect("backing off");
    feed(&mut recorder, 20, 21, now);
    assert_eq!((recorder.pending(), recorder.take_notices()), (0, vec![RecorderNotice::WritableAgain]));
    drop(recorder);
    let (wired, check) = stored(&path);
    assert_eq!(check, "ok");
    assert_eq!(wired, (0..21).collect::<Vec<_>>(), "every sample, in order");
}

/// A lock held for minutes behaves as one held across these attempts: each attempt waits the busy
/// timeout (shortened here from 5 s), fails, and spaces the next one out; the recorder's state
/// depends on how many attempts failed, never on how long the lock was held.
#[test]
fn a_database_locked_by_another_connection_is_retried_with_back_off_and_written_when_released() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    let mut recorder = Recorder::open(&path, &config::History::default());
    recorder.set_busy_timeout(Duration::from_millis(20));
    let start = Instant::now();
    feed(&mut recorder, 0, 5, start);
    assert!(recorder.flush_at(start, t0()), "written");

    let holder = Connection::open(&path).expect("a second connection");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("takes the write lock");
    let mut now = start + MINUTE;
    feed(&mut recorder, 5, 6, now);
    unwritable_said_once(&recorder.take_notices(), "locked");
    // Attempts are spaced out 1, 2, 4, 8 … minutes, capped at 10, whatever the samples do meanwhile
    // (even past the 4096 that would otherwise force a write).
    let mut next = 6;
    let mut gaps = Vec::new();
    for _ in 0..6 {
        let due = recorder.retrying_at().expect("backing off");
        gaps.push((due - now).as_secs() / 60);
        feed(&mut recorder, next, next + 1000, due - Duration::from_secs(1));
        next += 1000;
        now = due;
        feed(&mut recorder, next, next + 1, now);
        next += 1;
    }
    assert_eq!(gaps, vec![1, 2, 4, 8, 10, 10]);
    assert_eq!(recorder.take_notices(), vec![], "nothing more said while locked");
    assert_eq!(recorder.pending() as u64, next - 5, "all kept in memory");

    holder.execute_batch("COMMIT").expect("releases the lock");
    now = recorder.retrying_at().expect("backing off");
    feed(&mut recorder, next, next + 1, now);
    next += 1;
    assert_eq!((recorder.pending(), recorder.take_notices()), (0, vec![RecorderNotice::WritableAgain]));
    assert_eq!(recorder.retrying_at(), None);
    drop(recorder);
    let (wired, check) = stored(&path);
    assert_eq!(check, "ok");
    assert_eq!(wired, (0..next).collect::<Vec<_>>(), "every sample, in order");
}

#[test]
fn the_backlog_stays_bounded_when_the_disk_never_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The database's directory is a plain file: nothing can be created there, even by root.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a directory").expect("blocker");
    let mut recorder = Recorder::open(&blocker.join("history.db"), &config::History::default());
    let start = Instant::now();
    let over = Recorder::MAX_PENDING as u64 + 1000;
    for i in 0..over {
        // One sample every 2 s of the recorder's clock: about 28 hours.
        recorder
            .record(&snapshot(t0() + time::Duration::seconds(2 * i as i64), GIB), start + Duration::from_secs(2 * i));
    }
    assert_eq!(recorder.pending(), Recorder::MAX_PENDING, "the oldest were dropped");
    let notices = recorder.take_notices();
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(matches!(notices[0], RecorderNotice::Unwritable(_)));
    assert_eq!(notices[1], RecorderNotice::BacklogTrimmed);
}

#[test]
fn the_data_directory_deleted_while_recording_is_recreated_with_a_new_database_and_the_lock() {
    let parent = tempfile::tempdir().expect("tempdir");
    let dir = parent.path().join("data");
    let settings = config::Config::default();
    let mut recording = Recording::start(&dir, &settings, |notice| eprintln!("{}", notice.line())).expect("starts");
    // Batches timed by the samples: one write a minute of samples, as live.
    recording.use_sample_clock();
    let at = |i: i64| t0() + time::Duration::seconds(2 * i);
    for i in 0..40 {
        recording.record(&snapshot(at(i), GIB + i as u64));
    }
    std::fs::remove_dir_all(&dir).expect("deleted under the recorder");
    for i in 40..100 {
        recording.record(&snapshot(at(i), GIB + i as u64));
    }
    assert!(dir.join(history::DB_FILE).exists(), "a new database where the old one was");
    let error = history::RecorderLock::acquire(&dir).expect_err("the lock was taken again");
    assert!(error.to_string().starts_with("already recording"), "{error}");
    recording.finish();
    let (wired, check) = stored(&dir.join(history::DB_FILE));
    assert_eq!(check, "ok");
    // Samples 0..=30 had been written to the deleted file (its first write and the one a minute
    // later); what was still in memory then, and everything after, is in the new one.
    assert_eq!(wired, (31..100).collect::<Vec<_>>());
}
