//! History costs: insert per sample (batched as the recorder does), a simulated year's database size,
//! and the time of the `history --since 14d` query and command. Run: `cargo bench --bench history`.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion};
use headroom_core::config;
use headroom_core::history::{Recorder, Recording, Store};
use headroom_core::model::Snapshot;
use headroom_core::model::analyze;
use headroom_core::model::paging::Paging;
use headroom_core::top::{Entry, EntryKind, Grouping, TopList};
use time::OffsetDateTime;

const MEMINFO: &str = include_str!("../tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
const BOOT: &str = "bench-boot";
const INTERVAL_S: u64 = 2;
const YEAR_S: u64 = 365 * 86_400;

fn base_snapshot() -> Snapshot {
    let mut snapshot = analyze::analyze(MEMINFO, None, OffsetDateTime::UNIX_EPOCH).expect("fixture parses");
    snapshot.boot_id = BOOT.to_owned();
    snapshot
}

/// Records a year of 2-second samples (with their paging counters) and a top scan every 10 s
/// through the real recording (batches timed by the samples, retention passes, the apps' change
/// log), ending now. Returns how long that took.
fn simulate_year(dir: &Path) -> Duration {
    let started = Instant::now();
    let mut recording = Recording::start(dir, &config::Config::default(), |_| {}).expect("recording");
    recording.use_sample_clock();
    let mut snapshot = base_snapshot();
    let end = OffsetDateTime::now_utc();
    let start = end - time::Duration::seconds(YEAR_S as i64);
    let wired0 = snapshot.memory.wired;
    for i in 0..YEAR_S / INTERVAL_S {
        let offset = i * INTERVAL_S;
        snapshot.at = start + time::Duration::seconds(offset as i64);
        // A slow creep with a daily wave, so the means and maxima are not constant.
        snapshot.memory.wired = wired0 + (offset / 60) * 64 + (offset % 86_400) * 16;
        // Paging: a few MB swapped out each working hour, half of it read back.
        let out = (offset / 3600) * (3 << 20);
        snapshot.paging = Some(Paging { swapped_in: out / 2, swapped_out: out });
        recording.record(&snapshot);
        if offset.is_multiple_of(SCAN_S) {
            recording.note_apps(&apps_at(snapshot.at, offset));
        }
    }
    recording.finish();
    let (store, _) = Store::open(&dir.join("history.db")).expect("open");
    store.checkpoint().expect("checkpoint");
    started.elapsed()
}

/// The top scan's cadence while recording.
const SCAN_S: u64 = 10;

/// A desktop's apps at `offset` seconds into the year: seven steady ones (a few % of noise), a
/// browser swinging ±10 % over the hour, an app that leaks 100 MiB an hour and is restarted each
/// day, and one that runs an hour a day.
fn apps_at(at: OffsetDateTime, offset: u64) -> TopList {
    let mib = |m: u64| m << 20;
    let wave = |period_s: u64, amplitude: f64| {
        let phase = (offset % period_s) as f64 / period_s as f64 * std::f64::consts::TAU;
        1.0 + amplitude * phase.sin()
    };
    let second_of_day = offset % 86_400;
    let mut apps: Vec<(String, u64)> = (0..7u32)
        .map(|n| (format!("steady app {n}"), (f64::from(300 + 200 * n) * wave(1800 + 97 * u64::from(n), 0.02)) as u64))
        .collect();
    apps.push(("Browser".into(), (2500.0 * wave(3600, 0.10)) as u64));
    apps.push(("Leaky".into(), 200 + second_of_day * 100 / 3600));
    if (9 * 3600..10 * 3600).contains(&second_of_day) {
        apps.push(("Hourly job".into(), 900));
    }
    let mut entries: Vec<Entry> = apps
        .into_iter()
        .map(|(name, size)| Entry {
            name,
            kind: EntryKind::App,
            bytes: mib(size),
            processes: 1,
            pids: vec![1],
            measure: None,
        })
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.bytes));
    TopList { at, grouping: Grouping::ByApp, scanned: entries.len(), unreadable: 0, entries }
}

fn file_size(path: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).map_or(0, |m| m.len()))
        .sum()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.db");
    let took = simulate_year(dir.path());
    if let Some(keep) = std::env::var_os("HEADROOM_BENCH_KEEP_DB") {
        // For profiling by hand: a copy of the simulated year.
        std::fs::copy(&path, keep).expect("copy the database");
    }
    let (store, _) = Store::open(&path).expect("open");
    let [raw, minute, ten] = store.counts().expect("counts");
    println!(
        "year simulation: {} samples at {INTERVAL_S} s recorded in {:.1} s",
        YEAR_S / INTERVAL_S,
        took.as_secs_f64()
    );
    println!("rows kept: raw {raw}, per-minute {minute}, per-10-minute {ten}");
    println!("database size after a year: {:.2} MiB", file_size(&path) as f64 / f64::from(1 << 20));
    let app_rows = store.apps(0).expect("apps").len();
    println!("app rows kept: {app_rows}");
    let bare = dir.path().join("no-apps.db");
    std::fs::copy(&path, &bare).expect("copy");
    let conn = rusqlite::Connection::open(&bare).expect("open the copy");
    // Rollback journal on the copies, so a VACUUM leaves no WAL file beside them to count.
    conn.execute_batch("PRAGMA journal_mode = DELETE; DELETE FROM apps; VACUUM;").expect("without apps");
    let vacuumed = dir.path().join("vacuumed.db");
    std::fs::copy(&path, &vacuumed).expect("copy");
    rusqlite::Connection::open(&vacuumed)
        .expect("open")
        .execute_batch("PRAGMA journal_mode = DELETE; VACUUM;")
        .expect("vacuum");
    println!(
        "VACUUMed: {:.2} MiB with the apps, {:.2} MiB without: the apps take {:.2} MiB",
        file_size(&vacuumed) as f64 / f64::from(1 << 20),
        file_size(&bare) as f64 / f64::from(1 << 20),
        (file_size(&vacuumed) as f64 - file_size(&bare) as f64) / f64::from(1 << 20)
    );

    // The `headroom history --since 14d` command as a user runs it, on the year's database.
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/headroom");
    if binary.exists() {
        for format in [&[][..], &["--json"][..]] {
            let runs: Vec<Duration> = (0..11)
                .map(|_| {
                    let t = Instant::now();
                    let out = Command::new(&binary)
                        .args(["history", "--since", "14d", "--boot", "all"])
                        .args(format)
                        .env("HEADROOM_DATA_DIR", dir.path())
                        .output()
                        .expect("runs");
                    assert!(out.status.success());
                    t.elapsed()
                })
                .collect();
            println!(
                "`headroom history --since 14d --boot all {}`: median {:.1} ms over 11 runs",
                format.join(" "),
                median(runs).as_secs_f64() * 1000.0
            );
        }
    } else {
        println!("(build with `cargo build --release` to time the history command itself)");
    }

    let mut criterion = Criterion::default().configure_from_args();
    let since_14d = (OffsetDateTime::now_utc() - time::Duration::days(14)).unix_timestamp() * 1000;
    criterion.bench_function("history query --since 14d (year database)", |b| {
        b.iter(|| black_box(store.rows(black_box(since_14d), None).expect("rows")).len())
    });

    // One flush as the recorder does it: 30 samples (60 s at 2 s) in one transaction, on a file database.
    let insert_dir = tempfile::tempdir().expect("tempdir");
    let mut recorder = Recorder::open(&insert_dir.path().join("history.db"), &config::History::default());
    let mut snapshot = base_snapshot();
    let clock = Instant::now();
    let mut tick = 0u64;
    criterion.bench_function("record + flush a batch of 30 samples", |b| {
        b.iter_batched(
            || (),
            |()| {
                for _ in 0..30 {
                    tick += 1;
                    snapshot.at = OffsetDateTime::now_utc();
                    // Only the 30th sample is due for flushing (60 s after the last flush).
                    recorder.record(&snapshot, clock + Duration::from_secs(tick * 2));
                }
            },
            BatchSize::SmallInput,
        )
    });
    criterion.final_summary();
}
