//! Per-sample costs against the floor and a peer: one snapshot vs a bare /proc/meminfo read vs
//! sysinfo's `refresh_memory()`, then the verdicts, notification watch, menu model, icon and
//! sparkline work the app does per sample. Run: `cargo bench --bench sampling`; the ratio table
//! at the end is what docs/benchmarks.md quotes.

use std::collections::VecDeque;
use std::hint::black_box;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::Path;

use criterion::Criterion;
use headroom_core::config::Config;
use headroom_core::model::{Pressure, Snapshot};
use headroom_core::notify::watch::Watch;
use headroom_core::suspects::{GpuMemory, Probe, Suspects};
use headroom_core::sys::SystemReader;
use headroom_core::ui::{icon, menu, sparkline};
use headroom_core::verdict::{self, WiredPoint};
use time::OffsetDateTime;

fn quiet(at: OffsetDateTime) -> Suspects {
    Suspects {
        at,
        vms: Probe::Found(Vec::new()),
        gpu: Probe::Found(GpuMemory { in_use: 0, limit: None }),
        llms: Probe::Found(Vec::new()),
        kernel_extensions: Probe::NotApplicable,
        system_extensions: Probe::NotApplicable,
        slabs: Probe::NotApplicable,
        holders: headroom_core::owners::Holders::default(),
        costs: Vec::new(),
    }
}

fn sampling(c: &mut Criterion) {
    let mut group = c.benchmark_group("sample");
    // The floor: one pread of /proc/meminfo into a buffer that is kept (what the reader does for it).
    let file = std::fs::File::open("/proc/meminfo").expect("/proc/meminfo");
    let mut buffer = vec![0u8; 8192];
    group.bench_function("floor: /proc/meminfo pread", |b| {
        b.iter(|| black_box(file.read_at(&mut buffer, 0).expect("read")))
    });
    let mut seeking = std::fs::File::open("/proc/meminfo").expect("/proc/meminfo");
    let mut text = String::with_capacity(8192);
    group.bench_function("floor: /proc/meminfo seek + read_to_string", |b| {
        b.iter(|| {
            text.clear();
            seeking.seek(SeekFrom::Start(0)).expect("seek");
            seeking.read_to_string(&mut text).expect("read");
            black_box(text.len())
        })
    });
    group.bench_function("floor: /proc/meminfo open+read", |b| {
        b.iter(|| black_box(std::fs::read_to_string("/proc/meminfo").expect("read").len()))
    });
    // Where a snapshot's time goes beyond meminfo: the PSI file and the parsing.
    if let Ok(psi) = std::fs::File::open("/proc/pressure/memory") {
        let mut buffer = vec![0u8; 8192];
        group.bench_function("part: /proc/pressure/memory pread", |b| {
            b.iter(|| black_box(psi.read_at(&mut buffer, 0).expect("read")))
        });
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").expect("read");
    group.bench_function("part: parse meminfo", |b| {
        b.iter(|| {
            black_box(headroom_core::model::linux::Meminfo::parse(black_box(&meminfo)).expect("parses").mem_total)
        })
    });
    let mut reader = SystemReader::new().expect("reader");
    group.bench_function("headroom: snapshot (read + compute)", |b| {
        b.iter(|| black_box(reader.read().expect("read").memory.wired))
    });
    let mut system = sysinfo::System::new();
    group.bench_function("sysinfo: refresh_memory", |b| {
        b.iter(|| {
            system.refresh_memory();
            black_box(system.used_memory())
        })
    });
    group.finish();
}

fn per_sample(c: &mut Criterion) {
    let config = Config::default();
    let mut reader = SystemReader::new().expect("reader");
    let snapshot: Snapshot = reader.read().expect("read");
    let now = snapshot.at;
    let suspects = quiet(now);
    let mut group = c.benchmark_group("per sample");

    // The wired level over the 15-minute window of 2-second samples the app keeps.
    let recent: Vec<WiredPoint> = (0..450)
        .map(|i| WiredPoint {
            at: now - time::Duration::seconds(900 - 2 * i),
            wired: snapshot.memory.wired + (i as u64 % 7) * 1_000_000,
            explained: 0,
        })
        .collect();
    group.bench_function("wired level (15 min smoothing)", |b| {
        b.iter(|| {
            let smoothed = verdict::smoothed_wired(snapshot.memory.wired, 0, black_box(&recent), now);
            black_box(verdict::wired_level(smoothed, snapshot.memory.total, &suspects, &config.wired, None))
        })
    });
    let level = verdict::wired_level(snapshot.memory.wired, snapshot.memory.total, &suspects, &config.wired, None);

    // The notification watch with a full 3-day series: a sample inside a minute, and the sample
    // that completes a minute (creeping and jumps re-evaluated).
    let history = (0..3 * 24 * 60).map(|m| WiredPoint {
        at: now - time::Duration::minutes(3 * 24 * 60 - m),
        wired: snapshot.memory.wired + (m as u64 % 13) * 1_000_000,
        explained: 0,
    });
    let mut watch = Watch::new(history, Default::default());
    let mut minute = 0i64;
    group.bench_function("notification watch (within a minute)", |b| {
        b.iter(|| black_box(watch.observe(&snapshot, &suspects, &level, &config, now).len()))
    });
    group.bench_function("notification watch (minute completed)", |b| {
        b.iter(|| {
            minute += 1;
            let mut next = snapshot.clone();
            next.at = now + time::Duration::minutes(minute);
            black_box(watch.observe(&next, &suspects, &level, &config, next.at).len())
        })
    });

    let state = menu::MenuState {
        snapshot: Some(&snapshot),
        level: Some(&level),
        suspects: Some(&suspects),
        units: "GB",
        notifications: true,
        sparkline_span: "6 h".into(),
        ..menu::MenuState::default()
    };
    group.bench_function("menu model", |b| b.iter(|| black_box(menu::build(black_box(&state)).len())));
    let icon_state = icon::IconState::new(snapshot.memory.used(), snapshot.memory.total, Pressure::Normal, false);
    group.bench_function("icon 44 px (only when the percent changes)", |b| {
        b.iter(|| black_box(icon::render(black_box(icon_state), 44).pixels.len()))
    });
    let minutes: VecDeque<(f64, f64)> = (0..360).map(|i| (0.4 + (i % 10) as f64 / 100.0, 0.1)).collect();
    let used: Vec<f64> = minutes.iter().map(|m| m.0).collect();
    let wired: Vec<f64> = minutes.iter().map(|m| m.1).collect();
    group.bench_function("sparkline image 216×36 (once a minute)", |b| {
        b.iter(|| black_box(sparkline::render(&used, &wired, 216, 36).pixels.len()))
    });
    group.bench_function("sparkline text (once a minute)", |b| {
        b.iter(|| black_box(sparkline::blocks(&used, 24).len() + sparkline::blocks(&wired, 24).len()))
    });
    group.finish();
}

/// Criterion's median for one benchmark, from its saved estimates, in nanoseconds.
fn median_ns(group: &str, name: &str) -> Option<f64> {
    // Criterion's directory names: the characters file systems reserve become '_'.
    let dir: String = name.chars().map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/criterion")
        .join(group)
        .join(dir)
        .join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn report() {
    let floor = median_ns("sample", "floor: /proc/meminfo pread");
    let ours = median_ns("sample", "headroom: snapshot (read + compute)");
    let peer = median_ns("sample", "sysinfo: refresh_memory");
    println!("\n| benchmark | median | vs the floor |\n|---|---|---|");
    for (group, name) in [
        ("sample", "floor: /proc/meminfo pread"),
        ("sample", "floor: /proc/meminfo seek + read_to_string"),
        ("sample", "floor: /proc/meminfo open+read"),
        ("sample", "part: /proc/pressure/memory pread"),
        ("sample", "part: parse meminfo"),
        ("sample", "headroom: snapshot (read + compute)"),
        ("sample", "sysinfo: refresh_memory"),
    ] {
        if let (Some(ns), Some(floor)) = (median_ns(group, name), floor) {
            println!("| {name} | {:.2} µs | {:.2}× |", ns / 1000.0, ns / floor);
        }
    }
    if let (Some(ours), Some(peer)) = (ours, peer) {
        println!("\nheadroom snapshot / sysinfo refresh_memory = {:.2}×", ours / peer);
    }
    println!("\n| per-sample work | median |\n|---|---|");
    for name in [
        "wired level (15 min smoothing)",
        "notification watch (within a minute)",
        "notification watch (minute completed)",
        "menu model",
        "icon 44 px (only when the percent changes)",
        "sparkline image 216×36 (once a minute)",
        "sparkline text (once a minute)",
    ] {
        if let Some(ns) = median_ns("per sample", name) {
            println!("| {name} | {:.2} µs |", ns / 1000.0);
        }
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    sampling(&mut criterion);
    per_sample(&mut criterion);
    criterion.final_summary();
    report();
}
