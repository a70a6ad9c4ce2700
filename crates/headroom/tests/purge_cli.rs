//! `headroom purge` for real on Linux as root (as CI runs), the cool-down, a non-root user, and `setup purge`;
//! a test binary of its own (Cargo.toml says why).
#![cfg(target_os = "linux")]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const MIB: u64 = 1 << 20;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn purge(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .arg("purge")
        .args(args)
        .env("HEADROOM_DATA_DIR", data)
        .env("HEADROOM_CONFIG", data.join("none.toml"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("runs")
}

/// Cached Files by the design's formula, read here independently of Headroom.
fn cached_files_now() -> u64 {
    let text = std::fs::read_to_string("/proc/meminfo").expect("meminfo");
    let kb = |field: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (kb("Buffers") + kb("Cached") + kb("SReclaimable")).saturating_sub(kb("Shmem")) * 1024
}

#[test]
fn purge_as_root_frees_the_page_cache_and_a_second_one_is_refused() {
    assert!(is_root(), "this test purges the page cache and must run as root (CI does)");
    // Cached Files is compared against /proc/meminfo: no test that moves hundreds of MiB runs beside it.
    let _exclusive = headroom_testing::memory_exclusive();
    let data = tempfile::tempdir().expect("tempdir");
    // Fill the page cache: write 256 MiB, flush it, and read it back.
    let file_path = data.path().join("cache-filler.bin");
    {
        let mut file = std::fs::File::create(&file_path).expect("create");
        let block: Vec<u8> = (0..MIB).map(|i| (i * 31 % 251) as u8).collect();
        for _ in 0..256 {
            file.write_all(&block).expect("write");
        }
        file.sync_all().expect("sync");
    }
    let read_back = std::fs::read(&file_path).expect("read back");
    assert_eq!(read_back.len() as u64, 256 * MIB);
    drop(read_back);
    let independent_before = cached_files_now();

    let out = purge(data.path(), &["--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let independent_after = cached_files_now();
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let freed = report["cached_files_freed"].as_u64().expect("bytes");
    assert!(freed >= 200 * MIB, "freed only {} MiB", freed / MIB);
    // Headroom's before and after agree with /proc/meminfo read by this test around the purge, within
    // what the machine moves meanwhile (this binary runs alone; its other tests copy one binary).
    let tolerance = 128 * MIB;
    let before = report["before"]["cached_files"].as_u64().expect("bytes");
    let after = report["after"]["cached_files"].as_u64().expect("bytes");
    assert!(before.abs_diff(independent_before) <= tolerance, "before {before} vs {independent_before}");
    assert!(after.abs_diff(independent_after) <= tolerance, "after {after} vs {independent_after}");
    assert_eq!(report["method"], "sync, then 1 > /proc/sys/vm/drop_caches");
    assert!(report["wired_change"].as_i64().is_some());

    // Inside the cool-down a second purge is refused, with the reason.
    let again = purge(data.path(), &["--json"]);
    assert_eq!(again.status.code(), Some(1));
    let refused: Value = serde_json::from_slice(&again.stdout).expect("json");
    assert_eq!(refused["kind"], "cooling_down");
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("the cool-down is 10m (`--force` overrides it)"), "{said}");

    // The purge went into the history's events.
    let (store, _) = headroom_core::history::Store::open(&data.path().join("history.db")).expect("history");
    let events = store.events(0).expect("events");
    assert_eq!(events.iter().filter(|e| e.kind == headroom_core::history::EventKind::Purge).count(), 1);
}

#[test]
fn a_user_without_rights_is_told_how_to_get_them() {
    let data = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    // The build directory may sit under a private directory (mktemp -d is 0700): give nobody a copy it can run.
    let binary = data.path().join("headroom");
    std::fs::copy(env!("CARGO_BIN_EXE_headroom"), &binary).expect("copy the binary");
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = Command::new("runuser")
        .args(["-u", "nobody", "--", binary.to_str().expect("utf-8"), "purge"])
        .env("HEADROOM_DATA_DIR", data.path())
        .env("HEADROOM_CONFIG", data.path().join("none.toml"))
        .env("HOME", data.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("runuser (util-linux) runs");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("purging needs administrator rights"), "{said}");
    assert!(said.contains("sudo headroom setup purge"), "{said}");
}

#[test]
fn dry_run_says_what_would_run_and_runs_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = purge(data.path(), &["--dry-run", "--json"]);
    assert!(out.status.success());
    let plan: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(plan["reclaimable"].as_u64().is_some_and(|b| b > 0));
    assert_eq!(
        plan["methods"][0],
        if is_root() {
            "sync, then 1 > /proc/sys/vm/drop_caches"
        } else {
            "/usr/bin/sudo -n /usr/sbin/sysctl -q vm.drop_caches=1"
        }
    );
    assert!(!data.path().join("purge.last").exists(), "nothing ran");
}

#[test]
fn setup_purge_installs_a_rule_visudo_accepts_and_removes_it() {
    assert!(is_root(), "setup purge needs root (CI runs as root)");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_headroom"))
            .args(["setup", "purge", "--sudoers-dir", dir.path().to_str().expect("utf-8")])
            .args(args)
            .env("HEADROOM_CONFIG", dir.path().join("none.toml"))
            .output()
            .expect("runs")
    };
    // A private directory /etc/sudoers does not include: the rule is installed, and the check that
    // follows says sudo ignores it and what to do, and fails.
    let out = run(&["--user", "nobody"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("/etc/sudoers does not include {}", dir.path().display())),
        "the include check names the directory: {said}"
    );
    assert!(said.contains(&format!("add this line at its end: @includedir {}", dir.path().display())), "{said}");
    assert!(
        said.contains("sudo does not let `nobody` run /usr/sbin/sysctl -q vm.drop_caches=1 without a password yet"),
        "sudo's own answer was asked: {said}"
    );
    let rule = dir.path().join("headroom-purge");
    let text = std::fs::read_to_string(&rule).expect("installed");
    assert!(text.ends_with("nobody ALL=(root) NOPASSWD: /usr/sbin/sysctl -q vm.drop_caches=1\n"), "{text}");
    assert_eq!(std::fs::metadata(&rule).expect("meta").permissions().mode() & 0o777, 0o440);
    let check = Command::new("/usr/sbin/visudo")
        .args(["-cf", rule.to_str().expect("utf-8")])
        .output()
        .expect("visudo (sudo) is installed");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));

    let bad = run(&["--user", "bad user"]);
    assert_eq!(bad.status.code(), Some(2));

    let removed = run(&["--remove"]);
    assert!(removed.status.success());
    assert!(!rule.exists());
}

/// This machine's stock /etc/sudoers (Debian 12: `@includedir /etc/sudoers.d`) includes the
/// directory `setup purge` writes to; only root can read it.
#[test]
fn this_machines_sudoers_includes_the_drop_in_directory() {
    use headroom_core::purge::permission::{IncludeStatus, SUDOERS, check_include};
    assert!(is_root(), "only root can read /etc/sudoers (CI runs as root)");
    let dir = Path::new(headroom_core::purge::sudoers::drop_in_dir(headroom_core::model::Platform::Linux));
    assert_eq!(check_include(Path::new(SUDOERS), dir, headroom_core::model::Platform::Linux), IncludeStatus::Included);
}
