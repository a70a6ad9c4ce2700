//! History costs: insert per sample (batched as the recorder does), a simulated year's database size,
//! and the time of the `history --since 14d` query and command. Run: `cargo bench --bench history`.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion};
use headroom_core::config;
use headroom_core::history::{Recorder, Store};
use headroom_core::model::Snapshot;
use headroom_core::model::analyze;
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

/// Records a year of 2-second samples through the real recorder (batches, retention passes),
/// with the clock simulated, ending now. Returns how long that took.
fn simulate_year(path: &Path) -> Duration {
    let started = Instant::now();
    let mut recorder = Recorder::open(path, &config::History::default());
    let mut snapshot = base_snapshot();
    let end = OffsetDateTime::now_utc();
    let start = end - time::Duration::seconds(YEAR_S as i64);
    let clock = Instant::now();
    let wired0 = snapshot.memory.wired;
    for i in 0..YEAR_S / INTERVAL_S {
        let offset = i * INTERVAL_S;
        snapshot.at = start + time::Duration::seconds(offset as i64);
        // A slow creep with a daily wave, so the means and maxima are not constant.
        snapshot.memory.wired = wired0 + (offset / 60) * 64 + (offset % 86_400) * 16;
        recorder.record(&snapshot, clock + Duration::from_secs(offset));
    }
    recorder.flush_at(clock + Duration::from_secs(YEAR_S + 600), end);
    if let Some(store) = recorder.store() {
        store.checkpoint().expect("checkpoint");
    }
    started.elapsed()
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
    let took = simulate_year(&path);
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
