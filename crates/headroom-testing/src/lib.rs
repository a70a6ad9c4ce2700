//! Test support for every crate's integration tests: synthetic series (deterministic noise, snapshots,
//! suspects, replay), a private desktop session, mount namespaces, a memory hog, and where the
//! workspace, its fixtures and its executables are; and the Headroom.app layout (`bundle_layout`).
#![allow(dead_code)]

pub mod bundle_layout;
#[cfg(target_os = "linux")]
pub mod chromium;
#[cfg(target_os = "linux")]
pub mod desktop;
pub mod hog;
#[cfg(target_os = "linux")]
pub mod locked;
#[cfg(target_os = "linux")]
pub mod menu;
#[cfg(target_os = "linux")]
pub mod mount;

use headroom_core::config::Config;
use headroom_core::model::Snapshot;
use headroom_core::model::analyze;
use headroom_core::suspects::{GpuMemory, Probe, Resident, Suspects, VmProcess};
use headroom_core::verdict::{self, Previous, Verdicts, WiredPoint};
use time::OffsetDateTime;

pub const GIB: u64 = 1 << 30;
pub const MIB: u64 = 1 << 20;
pub const DAY: i64 = 24 * 60;

pub fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid")
}

/// Deterministic noise in [-amplitude, amplitude] (a linear congruential generator: same series every run).
pub struct Noise(pub u64);

impl Noise {
    pub fn next(&mut self, amplitude: u64) -> i64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let unit = (self.0 >> 11) as f64 / (1u64 << 53) as f64;
        ((unit * 2.0 - 1.0) * amplitude as f64) as i64
    }
}

pub fn snapshot(total: u64, wired: u64, at: OffsetDateTime) -> Snapshot {
    let text = "MemTotal: 1048576 kB\nMemFree: 524288 kB\nMemAvailable: 786432 kB\nBuffers: 0 kB\nCached: 0 kB\n\
        AnonPages: 0 kB\nShmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
    let mut s = analyze::analyze(text, None, at).expect("fixture");
    s.memory.total = total;
    s.memory.wired = wired;
    s.memory.app = total / 4;
    s.memory.free = total.saturating_sub(wired + total / 4);
    s
}

pub fn quiet(at: OffsetDateTime) -> Suspects {
    Suspects {
        at,
        vms: Probe::Found(Vec::new()),
        gpu: Probe::Found(GpuMemory { in_use: 0, limit: None }),
        llms: Probe::Found(Vec::new()),
        kernel_extensions: Probe::Found(Vec::new()),
        system_extensions: Probe::NotApplicable,
        slabs: Probe::NotApplicable,
        holders: headroom_core::owners::Holders::default(),
        costs: Vec::new(),
    }
}

pub fn with_vm(started: OffsetDateTime, resident: u64) -> Suspects {
    let mut s = quiet(started);
    s.vms = Probe::Found(vec![VmProcess {
        pid: 4242,
        name: "qemu-system-aarch64".into(),
        kind: "QEMU",
        resident: Resident::Bytes(resident),
        started: Some(started),
    }]);
    s
}

pub fn with_gpu(at: OffsetDateTime, in_use: u64) -> Suspects {
    let mut s = quiet(at);
    s.gpu = Probe::Found(GpuMemory { in_use, limit: None });
    s
}

/// A series at one point a minute; `wired` and `explained` say what each minute holds.
pub fn series(
    minutes: i64,
    mut wired: impl FnMut(i64) -> u64,
    mut explained: impl FnMut(i64) -> u64,
) -> Vec<WiredPoint> {
    (0..minutes)
        .map(|m| WiredPoint { at: t0() + time::Duration::minutes(m), wired: wired(m), explained: explained(m) })
        .collect()
}

/// Evaluates the verdicts every `step` minutes from `from` to the end, carrying hysteresis along.
/// Returns each evaluation's minute, snapshot and verdicts.
pub fn replay(
    points: &[WiredPoint],
    total: u64,
    from: i64,
    step: i64,
    mut suspects_at: impl FnMut(i64) -> Suspects,
) -> Vec<(i64, Snapshot, Verdicts)> {
    let config = Config::default();
    let mut previous = Previous::default();
    let mut out = Vec::new();
    let mut minute = from;
    while (minute as usize) < points.len() {
        let now = points[minute as usize].at;
        let s = snapshot(total, points[minute as usize].wired, now);
        let v = verdict::evaluate(&s, &suspects_at(minute), &points[..=minute as usize], previous, &config, now);
        previous = v.as_previous();
        out.push((minute, s, v));
        minute += step;
    }
    out
}

/// Flat at 2 GB until `leak_start`, then a leak of 2 GB over `leak` minutes, with ±150 MB of
/// deterministic noise from `seed`: the slow driver leak the creeping verdict is for.
pub fn leak_series(leak_start: i64, leak: i64, seed: u64) -> Vec<WiredPoint> {
    let mut noise = Noise(seed);
    series(
        leak_start + leak,
        |m| {
            let leaked = if m < leak_start { 0 } else { (2 * GIB) * (m - leak_start) as u64 / leak as u64 };
            (2 * GIB + leaked).saturating_add_signed(noise.next(150 * MIB))
        },
        |_| 0,
    )
}

/// The workspace's root directory (where README.md, Info.plist and packaging/ are).
pub fn workspace_root() -> std::path::PathBuf {
    // This crate is crates/headroom-testing; the root is two levels up.
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace root exists")
}

/// A recorded input under crates/headroom-core/tests/fixtures.
pub fn fixture(relative: &str) -> std::path::PathBuf {
    workspace_root().join("crates/headroom-core/tests/fixtures").join(relative)
}

/// A file of the workspace's source tree, by its path from the root.
pub fn source(relative: &str) -> std::path::PathBuf {
    workspace_root().join(relative)
}

/// One of the workspace's executables (`headroom`, `headroom-app`) as `cargo test` built it: beside
/// the test's own executable's directory (target/<profile>/deps/… → target/<profile>/). Cargo builds
/// every binary of a package that has integration tests before it runs any test, so from the
/// workspace root both are there; a test run of one crate alone may lack the other's, and says so.
pub fn binary(name: &str) -> std::path::PathBuf {
    let test = std::env::current_exe().expect("the test's executable");
    let profile_dir = test.parent().and_then(std::path::Path::parent).expect("target/<profile>/deps/<test>");
    let path = profile_dir.join(name);
    assert!(
        path.is_file(),
        "{} is not built: run `cargo test` from the workspace root (it builds every binary first)",
        path.display()
    );
    path
}

/// Whether what a test needs is here: programs on the PATH (or absolute paths), and "root" for
/// the effective user. When something is missing the test says `skipped: needs …` on stderr and
/// the caller returns — except under CI (`CI=true`), where a missing need is a failure, so CI can
/// never pass by skipping. Use through [`require!`].
pub fn have(needs: &[&str]) -> bool {
    let missing: Vec<&str> = needs.iter().copied().filter(|need| !present(need)).collect();
    if missing.is_empty() {
        return true;
    }
    let said = format!("needs {} (scripts/bootstrap.sh --for-checks installs the tools)", missing.join(", "));
    assert!(std::env::var("CI").as_deref() != Ok("true"), "under CI nothing may be skipped: {said}");
    eprintln!("skipped: {said}");
    false
}

fn present(need: &str) -> bool {
    if need == "root" {
        // SAFETY: geteuid has no preconditions and cannot fail.
        return unsafe { libc::geteuid() } == 0;
    }
    if need.contains('/') {
        return std::path::Path::new(need).is_file();
    }
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(need).is_file()))
}

/// Returns from the test unless everything named is here (see [`have`]): `require!("Xvfb", "root");`.
#[macro_export]
macro_rules! require {
    ($($need:expr),+ $(,)?) => {
        if !$crate::have(&[$($need),+]) {
            return;
        }
    };
}

/// Held by a test that moves or measures hundreds of MiB (the hog, the locker, zram), so the tests
/// of one binary, which run in parallel, never see another's allocation in their figures.
pub fn memory_exclusive() -> std::sync::MutexGuard<'static, ()> {
    static MEMORY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A test that failed while holding it left nothing behind but the lock.
    MEMORY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A python3 script of the tests' own (`python3 -c SCRIPT ARGS…`), stdin and stdout piped: the
/// helpers print their pid or "ready" on a line, and end when their stdin closes.
pub fn python(script: &str, args: &[&str]) -> std::io::Result<std::process::Child> {
    std::process::Command::new("python3")
        .args(["-c", script])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
}

/// The first line a helper prints on its stdout (its pid, or that it is ready).
pub fn first_line(child: &mut std::process::Child) -> std::io::Result<String> {
    use std::io::BufRead;
    let stdout = child.stdout.take().ok_or_else(|| std::io::Error::other("stdout not piped"))?;
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line)?;
    Ok(line)
}

/// What every desktop session needs (`desktop::Session::start`).
pub const DESKTOP: [&str; 2] = ["Xvfb", "dbus-daemon"];

/// A test that finds at run time that it cannot run here (a mount refused, no user namespace): says
/// `skipped: why` — or fails under CI (`CI=true`), where nothing may be skipped.
pub fn skip(why: impl std::fmt::Display) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "under CI nothing may be skipped: {why}");
    eprintln!("skipped: {why}");
}
