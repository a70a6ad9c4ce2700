//! The top-processes scan's cost: this machine's /proc as the app reads it, the two Linux measures
//! compared (`/proc/PID/status` vs `/proc/PID/smaps_rollup`), and a 500-process tree recorded from
//! this machine's own status and cgroup files, so the parser's cost is measured at 500 whatever
//! runs here. Run: `cargo bench --bench top`; docs/benchmarks.md quotes it.

use std::hint::black_box;
#[cfg(target_os = "linux")]
use std::path::Path;

use criterion::Criterion;
use headroom_core::sys::top::Scanner;
#[cfg(target_os = "linux")]
use headroom_core::top::{Grouping, TopList};
#[cfg(target_os = "linux")]
use time::OffsetDateTime;

#[cfg(target_os = "linux")]
/// The pid directories of /proc (processes, not kernel threads' absence: those are listed too).
fn pid_dirs(root: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(root)
        .expect("/proc")
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.parse::<u32>().is_ok()))
        .map(|e| e.path())
        .collect()
}

#[cfg(target_os = "linux")]
/// PSS of every process from smaps_rollup (the alternative measure), in kB.
fn pss_scan(root: &Path) -> u64 {
    let mut total = 0;
    for dir in pid_dirs(root) {
        let Ok(text) = std::fs::read_to_string(dir.join("smaps_rollup")) else { continue };
        let pss = text.lines().find_map(|l| l.strip_prefix("Pss:")).and_then(|v| v.split_whitespace().next());
        total += pss.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    }
    total
}

#[cfg(target_os = "linux")]
/// A /proc-like tree of `count` processes, each a copy of a real process's status and cgroup files here.
fn recorded_tree(count: usize) -> tempfile::TempDir {
    let recorded: Vec<(String, String)> = pid_dirs(Path::new("/proc"))
        .into_iter()
        .filter_map(|dir| {
            let status = std::fs::read_to_string(dir.join("status")).ok()?;
            let cgroup = std::fs::read_to_string(dir.join("cgroup")).ok()?;
            // Kernel threads are skipped by the scan after one read; record processes, the costly case.
            status.contains("RssAnon:").then_some((status, cgroup))
        })
        .collect();
    assert!(!recorded.is_empty(), "no process recorded");
    let tree = tempfile::tempdir().expect("tempdir");
    for i in 0..count {
        let (status, cgroup) = &recorded[i % recorded.len()];
        let dir = tree.path().join((100_000 + i).to_string());
        std::fs::create_dir(&dir).expect("pid dir");
        std::fs::write(dir.join("status"), status).expect("status");
        std::fs::write(dir.join("cgroup"), cgroup).expect("cgroup");
    }
    tree
}

#[cfg(target_os = "linux")]
fn scans(c: &mut Criterion) {
    let proc_root = Path::new("/proc");
    let here = Scanner::new().processes().expect("scan").len();
    let mut group = c.benchmark_group("top");
    group.bench_function(format!("scan /proc ({here} processes), first scan: status + cgroup"), |b| {
        b.iter(|| black_box(Scanner::new().processes().expect("scan").len()))
    });
    let mut app_scanner = Scanner::new();
    group.bench_function(format!("scan /proc ({here} processes), the app's repeated scan"), |b| {
        b.iter(|| black_box(app_scanner.processes().expect("scan").len()))
    });
    group.bench_function("measure: /proc/PID/status only", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for dir in pid_dirs(proc_root) {
                if let Ok(text) = std::fs::read_to_string(dir.join("status")) {
                    bytes += headroom_core::top::status::parse(&text).and_then(|s| s.bytes).unwrap_or(0);
                }
            }
            black_box(bytes)
        })
    });
    group.bench_function("measure: /proc/PID/smaps_rollup (PSS)", |b| b.iter(|| black_box(pss_scan(proc_root))));
    let tree = recorded_tree(500);
    group.bench_function("recorded 500-process tree, first scan: status + cgroup", |b| {
        b.iter(|| black_box(Scanner::at(tree.path()).processes().expect("scan").len()))
    });
    let mut tree_scanner = Scanner::at(tree.path());
    group.bench_function("recorded 500-process tree, the app's repeated scan", |b| {
        b.iter(|| black_box(tree_scanner.processes().expect("scan").len()))
    });
    // Criterion's figures are wall time; on a shared machine that includes waiting for a core, so
    // the CPU time the scans themselves took is printed too.
    let runs = 300;
    let before = cpu_time();
    for _ in 0..runs {
        black_box(Scanner::at(tree.path()).processes().expect("scan").len());
    }
    let first = (cpu_time() - before) / runs;
    let before = cpu_time();
    for _ in 0..runs {
        black_box(tree_scanner.processes().expect("scan").len());
    }
    let repeated = (cpu_time() - before) / runs;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "top/recorded 500-process tree: CPU (user + system) per scan: first {:.2} ms, repeated {:.2} ms",
        ms(first),
        ms(repeated)
    );
    let five_hundred = tree_scanner.processes().expect("scan");
    group.bench_function("group + rank 500 processes by app", |b| {
        b.iter(|| {
            let list = TopList::build(black_box(five_hundred.clone()), Grouping::ByApp, OffsetDateTime::UNIX_EPOCH);
            black_box(list.top(5, Some(1 << 30)).len())
        })
    });
    // What a recording adds per scan with the apps' history on: the change log's look at the ten
    // largest apps (a steady desktop records nothing most scans; the writes go with the samples' batch).
    let dir = tempfile::tempdir().expect("tempdir");
    let config = headroom_core::config::Config::default();
    let mut recording = headroom_core::history::Recording::start(dir.path(), &config, |_| {}).expect("recording");
    let meminfo = include_str!("../tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
    let snapshot = headroom_core::model::analyze::analyze(meminfo, None, OffsetDateTime::now_utc()).expect("fixture");
    recording.record(&snapshot);
    group.bench_function("group + rank 500 processes by app, and note the apps in the history", |b| {
        b.iter(|| {
            let list = TopList::build(black_box(five_hundred.clone()), Grouping::ByApp, OffsetDateTime::now_utc());
            recording.note_apps(&list);
            black_box(list.entries.len())
        })
    });
    group.finish();
}

#[cfg(target_os = "linux")]
/// This process's CPU time so far (user + system), from getrusage.
fn cpu_time() -> std::time::Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let micros = |t: libc::timeval| u64::try_from(t.tv_sec * 1_000_000 + t.tv_usec).unwrap_or(0);
    std::time::Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
}

/// macOS: the scan of this machine (three libproc calls per process); the 500-process figure is Linux's.
#[cfg(not(target_os = "linux"))]
fn scans(c: &mut Criterion) {
    let mut scanner = Scanner::new();
    c.bench_function("top/scan this machine", |b| b.iter(|| black_box(scanner.processes().map(|p| p.len()))));
}

criterion::criterion_group!(benches, scans);
criterion::criterion_main!(benches);
