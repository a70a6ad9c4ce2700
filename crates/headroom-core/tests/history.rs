//! The history store on real SQLite files: migration, corruption, retention, clock jumps, faults and the recorder lock.

use std::time::{Duration, Instant};

use headroom_core::config;
use headroom_core::history::{self, Event, EventKind, MIGRATIONS, Recorder, RecorderLock, RecorderNotice, Store};
use headroom_core::model::analyze;
use headroom_core::model::{Pressure, Snapshot};
use rusqlite::Connection;
use time::OffsetDateTime;

const GIB: u64 = 1 << 30;

/// A snapshot with the given wired bytes at `at`, built through the real meminfo path.
fn snapshot(boot: &str, at: OffsetDateTime, wired: u64) -> Snapshot {
    let text = "MemTotal: 16777216 kB\nMemFree: 4194304 kB\nMemAvailable: 8388608 kB\nBuffers: 0 kB\n\
        Cached: 2097152 kB\nAnonPages: 6291456 kB\nShmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
    let mut s = analyze::analyze(text, None, at).expect("fixture");
    s.boot_id = boot.to_owned();
    s.memory.wired = wired;
    s
}

fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid")
}

#[test]
fn migrates_a_version_1_database_forward_and_keeps_its_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    {
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(MIGRATIONS[0]).expect("v1 schema");
        conn.pragma_update(None, "user_version", 1).expect("version");
        conn.execute(
            "INSERT INTO boots VALUES ('b1', 'linux', 1780000000000, 1780000000000, 1073741824, 5368709120)",
            [],
        )
        .expect("boot");
        conn.execute(
            "INSERT INTO samples VALUES ('b1', 0, 0, 1780000000000, 17179869184, 4294967296, 1073741824, 0,
             2147483648, 9663676416, 0, 0, 0, 1073741824, 5368709120, 1)",
            [],
        )
        .expect("sample");
    }
    let (mut store, report) = Store::open(&path).expect("opens");
    assert_eq!(report.migrated_from, 1);
    assert_eq!(report.moved_aside, None);
    let version: u32 =
        Connection::open(&path).expect("open").query_row("PRAGMA user_version", [], |r| r.get(0)).expect("pragma");
    assert_eq!(version, history::current_version());
    let rows = store.rows(0, None).expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].wired, GIB);
    // The table version 2 added works.
    let event = history::store_event_for_test(t0());
    store.insert(&[], std::slice::from_ref(&event)).expect("insert event");
    assert_eq!(store.events(0).expect("events"), vec![event]);
}

#[test]
fn event_kinds_are_stored_as_their_text_and_a_kind_this_version_does_not_know_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    let (mut store, _) = Store::open(&path).expect("opens");
    let events: Vec<Event> =
        EventKind::WRITTEN.into_iter().map(|kind| Event { kind, ..history::store_event_for_test(t0()) }).collect();
    store.insert(&[], &events).expect("insert events");
    let raw = Connection::open(&path).expect("open");
    raw.execute(
        "INSERT INTO events (at_ms, boot_id, kind, detail) VALUES (?1, NULL, 'someday_new', '{}')",
        [history::unix_ms(t0())],
    )
    .expect("a row another writer made");
    let mut statement = raw.prepare("SELECT kind FROM events ORDER BY id").expect("prepare");
    let stored: Vec<String> = statement.query_map([], |r| r.get(0)).expect("query").map(|k| k.expect("kind")).collect();
    assert_eq!(
        stored,
        ["suspect_appeared", "purge", "notification_sent", "notification_snoozed", "baseline_marked", "someday_new"]
    );
    let read: Vec<EventKind> = store.events(0).expect("events").into_iter().map(|e| e.kind).collect();
    let mut want = EventKind::WRITTEN.to_vec();
    want.push(EventKind::Unknown("someday_new".into()));
    assert_eq!(read, want);
}

#[test]
fn a_database_from_a_newer_headroom_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    Connection::open(&path).expect("open").pragma_update(None, "user_version", 99).expect("version");
    let error = Store::open(&path).err().expect("refused");
    assert!(error.to_string().contains("newer Headroom"), "{error}");
    assert!(path.exists(), "not moved or deleted");
}

#[test]
fn a_corrupt_file_is_moved_aside_and_a_new_one_started() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    let garbage = b"this is not a database, just bytes that were here before".repeat(200);
    std::fs::write(&path, &garbage).expect("garbage");
    let (mut store, report) = Store::open(&path).expect("opens anyway");
    let aside = report.moved_aside.expect("moved aside");
    assert!(aside.file_name().expect("name").to_string_lossy().starts_with("history.db.corrupt-"), "{aside:?}");
    assert_eq!(std::fs::read(&aside).expect("kept"), garbage, "the old file is kept byte for byte");
    let s = snapshot("b1", t0(), GIB);
    store.insert(&[history::Row::from_snapshot(&s, 0)], &[]).expect("the new database works");
    assert_eq!(store.rows(0, None).expect("rows").len(), 1);

    // Through the recorder the move is reported once as a notice.
    drop(store);
    std::fs::write(&path, &garbage).expect("garbage again");
    let mut recorder = Recorder::open(&path, &config::History::default());
    let notices = recorder.take_notices();
    assert!(matches!(notices.as_slice(), [RecorderNotice::MovedAside(_)]), "{notices:?}");
}

/// Feeds `days` of samples every `step` seconds through the recorder, with a wired ramp and one spike.
fn fill(recorder: &mut Recorder, days: u64, step: u64) -> u64 {
    let start = Instant::now();
    let mut n = 0;
    for i in 0..(days * 86_400 / step) {
        let at = t0() + time::Duration::seconds((i * step) as i64);
        let wired = if i == 5 { 9 * GIB } else { GIB + i * 1024 };
        recorder.record(&snapshot("b1", at, wired), start + Duration::from_secs(i * step));
        n += 1;
    }
    recorder.flush_at(start + Duration::from_secs(days * 86_400), t0() + time::Duration::days(days as i64));
    n
}

/// Three days at 10 s, aged by retention: raw 1 h, minutes 1 d, ten minutes 2 d. Returns the sample count too.
fn three_days_retained() -> (Recorder, u64) {
    let settings = config::History {
        raw_for: config::Span::hours(1),
        minute_for: config::Span::days(1),
        ten_minute_for: config::Span::days(2),
        flush_every: config::Span::secs(60),
    };
    let mut recorder = Recorder::with_store(Store::open_in_memory().expect("memory"), &settings);
    let total = fill(&mut recorder, 3, 10);
    recorder.flush_at(Instant::now() + Duration::from_secs(10 * 86_400), t0() + time::Duration::days(3));
    (recorder, total)
}

#[test]
fn retention_downsamples_with_age_and_keeps_the_baseline() {
    let (recorder, total) = three_days_retained();
    assert_eq!(total, 25_920);
    let store = recorder.store().expect("store");
    let [raw, minute, ten] = store.counts().expect("counts");
    // t0 = 2026-05-28 20:26:40 UTC; now = t0 + 3 days. Cut-offs fall on bucket boundaries:
    // raw kept from align_60(now − 1 h) = 05-31 19:26:00 to the last sample at 20:26:30: 364 rows at 10 s;
    // minute rows from align_600(now − 1 d) = 05-30 20:20:00 up to 19:26:00: 23 h 06 min = 1386 rows;
    // ten-minute rows from the first bucket at or after now − 2 d (05-29 20:30) up to 05-30 20:20: 143 rows.
    assert_eq!([raw, minute, ten], [364, 1386, 143]);
    let rows = store.rows(0, None).expect("rows");
    assert!(rows.iter().all(|r| r.at >= t0() + time::Duration::days(1)), "nothing older than the horizon");
    // Sequence order is time order here, and resolutions go coarse → fine.
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!(rows.windows(2).all(|w| w[0].resolution_s >= w[1].resolution_s));
    // A ten-minute row is the mean of 60 samples and keeps their maximum.
    let ten_row = rows.iter().find(|r| r.resolution_s == 600).expect("a ten-minute row");
    assert_eq!(ten_row.count, 60);
    let first_i = (ten_row.at - t0()).whole_seconds() as u64 / 10;
    let mean = GIB + (first_i * 2 + 59) * 1024 / 2;
    assert!(ten_row.wired.abs_diff(mean) <= 1, "mean {} vs {mean}", ten_row.wired);
    assert_eq!(ten_row.wired_max, GIB + (first_i + 59) * 1024);
    // The boot's baseline (its first sample, including the spike's neighbourhood) survives every pass.
    let (at, wired, _) = store.baseline("b1").expect("query").expect("baseline kept");
    assert_eq!(at, t0());
    assert_eq!(wired, GIB);
}

#[test]
fn a_spike_survives_downsampling_as_a_maximum() {
    let settings = config::History {
        raw_for: config::Span::minutes(10),
        minute_for: config::Span::days(1),
        ten_minute_for: config::Span::days(30),
        flush_every: config::Span::secs(60),
    };
    let mut recorder = Recorder::with_store(Store::open_in_memory().expect("memory"), &settings);
    fill(&mut recorder, 2, 10);
    let rows = recorder.store().expect("store").rows(0, None).expect("rows");
    let first = &rows[0];
    assert_eq!(first.resolution_s, 600);
    assert_eq!(first.wired_max, 9 * GIB, "the 9 GiB spike at sample 5 is kept as the bucket's max");
    assert!(first.wired < 2 * GIB, "while the mean stays near 1 GiB");
}

#[test]
fn a_clock_jump_neither_reorders_nor_drops_samples() {
    let mut recorder = Recorder::with_store(Store::open_in_memory().expect("memory"), &config::History::default());
    let start = Instant::now();
    let times = [0i64, 2, 4, -3600, -3598, 6];
    for (i, offset) in times.iter().enumerate() {
        let at = t0() + time::Duration::seconds(*offset);
        recorder.record(&snapshot("b1", at, GIB + i as u64), start);
    }
    recorder.flush_at(start, t0());
    let rows = recorder.store().expect("store").rows(0, Some("b1")).expect("rows");
    let wired: Vec<u64> = rows.iter().map(|r| r.wired - GIB).collect();
    assert_eq!(wired, vec![0, 1, 2, 3, 4, 5], "recorded order, whatever the wall clock said");
}

#[test]
fn sequence_continues_across_recorder_restarts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    for round in 0..3u64 {
        let mut recorder = Recorder::open(&path, &config::History::default());
        for i in 0..4u64 {
            let at = t0() + time::Duration::seconds((round * 10 + i) as i64);
            recorder.record(&snapshot("b1", at, GIB), Instant::now());
        }
    } // dropped: flushed at exit
    let (store, _) = Store::open(&path).expect("open");
    let seqs: Vec<i64> = store.rows(0, None).expect("rows").iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (0..12).collect::<Vec<_>>());
}

#[test]
fn an_unwritable_location_keeps_samples_in_memory_and_says_so_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The database's directory is a plain file, so nothing can be created there (true even for root).
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a directory").expect("blocker");
    let path = blocker.join("history.db");
    let mut recorder = Recorder::open(&path, &config::History::default());
    let start = Instant::now();
    for i in 0..5u64 {
        let at = t0() + time::Duration::seconds(i as i64 * 2);
        recorder.record(&snapshot("b1", at, GIB), start + Duration::from_secs(i * 120));
    }
    let notices = recorder.take_notices();
    assert_eq!(notices.len(), 1, "said once: {notices:?}");
    assert!(matches!(&notices[0], RecorderNotice::Unwritable(m) if m.contains("in memory")), "{notices:?}");
    assert_eq!(recorder.pending(), 5, "nothing lost");

    // The location becomes usable: the backlog is written and the recovery is said.
    std::fs::remove_file(&blocker).expect("unblock");
    recorder.record(&snapshot("b1", t0() + time::Duration::seconds(12), GIB), start + Duration::from_secs(999));
    assert_eq!(recorder.pending(), 0);
    assert_eq!(recorder.take_notices(), vec![RecorderNotice::WritableAgain]);
    assert_eq!(recorder.store().expect("open now").rows(0, None).expect("rows").len(), 6);
}

#[test]
fn a_second_recorder_is_refused_with_the_first_ones_pid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = RecorderLock::acquire(dir.path()).expect("first");
    let error = RecorderLock::acquire(dir.path()).expect_err("second refused");
    assert_eq!(error.to_string(), format!("already recording (pid {})", std::process::id()));
    drop(first);
    RecorderLock::acquire(dir.path()).expect("free again once the first is gone");
}

#[test]
fn rows_serialise_with_the_status_field_names() {
    let row = history::Row::from_snapshot(&snapshot("b1", t0(), GIB), 7);
    let value = serde_json::to_value(&row).expect("json");
    for key in headroom_core::model::snapshot::JSON_FIELDS {
        assert!(value.get(key).is_some(), "{key}");
    }
    assert_eq!(value["pressure"], serde_json::json!(Pressure::Normal));
}

#[test]
fn explained_bytes_are_stored_and_survive_downsampling_as_a_maximum() {
    let settings = config::History {
        raw_for: config::Span::minutes(10),
        minute_for: config::Span::days(1),
        ten_minute_for: config::Span::days(30),
        flush_every: config::Span::secs(60),
    };
    let mut recorder = Recorder::with_store(Store::open_in_memory().expect("memory"), &settings);
    let start = Instant::now();
    for i in 0..120u64 {
        // A VM runs for ten seconds in the first minute only.
        recorder.set_explained(if (2..3).contains(&i) { 4 * GIB } else { 0 });
        let at = t0() + time::Duration::seconds(i as i64 * 5);
        recorder.record(&snapshot("b1", at, GIB), start + Duration::from_secs(i * 5));
    }
    recorder.flush_at(start + Duration::from_secs(3600), t0() + time::Duration::hours(1));
    let rows = recorder.store().expect("store").rows(0, None).expect("rows");
    // Ten minutes of samples starting at :40 s touch eleven clock minutes.
    assert_eq!(rows.len(), 11, "minute rows: {rows:?}");
    assert_eq!(rows[0].explained, 4 * GIB, "the minute the VM ran is marked");
    assert!(rows[1..].iter().all(|r| r.explained == 0));
}

#[test]
fn the_minute_series_has_one_mean_point_per_minute_across_resolutions() {
    let (recorder, _) = three_days_retained();
    let store = recorder.store().expect("store");
    let points = store.minutes(0, "b1").expect("minutes");
    // 143 ten-minute rows, 1386 minute rows, and 364 raw rows at 10 s = 61 minutes (the last one partial).
    assert_eq!(points.len(), 143 + 1386 + 61);
    assert!(
        points.windows(2).all(|w| w[0].at.unix_timestamp() / 60 < w[1].at.unix_timestamp() / 60),
        "one per minute, in order"
    );
    // A raw minute is the mean of its six 10-second samples: wired = GIB + i·1024.
    let last_full = points[points.len() - 2];
    let first_i = (last_full.at - t0()).whole_seconds() as u64 / 10;
    let mean = GIB + (first_i * 6 + 15) * 1024 / 6;
    assert!(last_full.wired.abs_diff(mean) <= 1, "mean {} vs {mean}", last_full.wired);
    assert_eq!(last_full.total, 16 * GIB);
    assert!(store.minutes(0, "another boot").expect("minutes").is_empty());
}

#[test]
fn a_version_3_database_gains_the_headroom_column_old_rows_null_new_rows_kept_and_downsampled_to_the_lowest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    {
        let conn = Connection::open(&path).expect("open");
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).expect("schema up to v3");
        }
        conn.pragma_update(None, "user_version", 3).expect("version");
        conn.execute(
            "INSERT INTO boots VALUES ('old', 'linux', 1780000000000, 1780000000000, 1073741824, 5368709120)",
            [],
        )
        .expect("boot");
        conn.execute(
            "INSERT INTO samples VALUES ('old', 0, 0, 1780000000000, 17179869184, 4294967296, 1073741824, 0,
             2147483648, 9663676416, 0, 0, 0, 1073741824, 5368709120, 1, 0)",
            [],
        )
        .expect("a v3 sample, which has no headroom");
    }
    let (store, report) = Store::open(&path).expect("opens");
    assert_eq!(report.migrated_from, 3);
    let rows = store.rows(0, None).expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].headroom, None, "an old row has no headroom, not a made-up one");
    let json = serde_json::to_value(&rows[0]).expect("json");
    assert!(json["headroom"].is_null(), "{json}");

    // New samples carry it (MemAvailable of the fixture: 8 GiB), and a minute keeps its lowest.
    let settings = config::History {
        raw_for: config::Span::minutes(10),
        minute_for: config::Span::days(1),
        ten_minute_for: config::Span::days(30),
        flush_every: config::Span::secs(60),
    };
    let mut recorder = Recorder::with_store(store, &settings);
    let start = Instant::now();
    for i in 0..24u64 {
        let mut s = snapshot("new", t0() + time::Duration::seconds(i as i64 * 5), GIB);
        assert_eq!(s.headroom.map(|h| h.bytes), Some(8 * GIB));
        if i == 3 {
            s.headroom = s.headroom.map(|h| headroom_core::model::Headroom { bytes: 2 * GIB, ..h });
        }
        recorder.record(&s, start + Duration::from_secs(i * 5));
    }
    recorder.flush_at(start + Duration::from_secs(120), t0() + time::Duration::minutes(2));
    let raw = recorder.store().expect("store").rows(0, Some("new")).expect("rows");
    assert_eq!(raw.len(), 24);
    assert_eq!(raw[3].headroom, Some(2 * GIB));
    assert!(raw.iter().enumerate().all(|(i, r)| i == 3 || r.headroom == Some(8 * GIB)));
    // An hour later (a flush writes something, so retention runs): the first minutes are folded.
    let later = t0() + time::Duration::minutes(59);
    recorder.record(&snapshot("new", later, GIB), start + Duration::from_secs(3540));
    recorder.flush_at(start + Duration::from_secs(3600), t0() + time::Duration::hours(1));
    let rows = recorder.store().expect("store").rows(0, Some("new")).expect("rows");
    let minutes: Vec<_> = rows.iter().filter(|r| r.resolution_s == 60).collect();
    assert_eq!(minutes.len(), 3, "two minutes from :40 s touch three clock minutes: {rows:?}");
    assert_eq!(minutes[0].headroom, Some(2 * GIB), "the minute with the dip keeps it");
    let lowest = minutes.iter().filter_map(|r| r.headroom).min();
    assert_eq!(lowest, Some(2 * GIB), "the dip survives downsampling as the row's lowest");
}
