//! `headroom analyze` on recorded vm_stat and /proc/meminfo captures: byte values computed here by hand from the formulas.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const GIB: u64 = 1 << 30;

fn fixture(name: &str) -> PathBuf {
    headroom_testing::fixture(name)
}

fn headroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom")).args(args).output().expect("the binary runs")
}

fn analyze_json(name: &str, extra: &[&str]) -> Value {
    let path = fixture(name);
    let mut args = vec!["analyze", path.to_str().expect("utf-8 path"), "--json"];
    args.extend_from_slice(extra);
    let out = headroom(&args);
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// The macOS formula (docs/formulas.md), written out by hand for one capture.
struct HandComputed {
    total: u64,
    app: u64,
    wired: u64,
    compressed: u64,
    cached_files: u64,
}

fn assert_macos(value: &Value, want: &HandComputed, estimated: bool) {
    assert_eq!(value["platform"], "macos");
    assert_eq!(value["total"], want.total);
    assert_eq!(value["app"], want.app);
    assert_eq!(value["wired"], want.wired);
    assert_eq!(value["compressed"], want.compressed);
    assert_eq!(value["cached_files"], want.cached_files);
    let free = want.total - want.app - want.wired - want.compressed - want.cached_files;
    assert_eq!(value["free"], free);
    assert_eq!(value["total_estimated"], estimated);
}

#[test]
fn m1_pro_capture_matches_the_hand_computed_formula() {
    let page = 16384;
    let want = HandComputed {
        total: 17_179_869_184,
        app: (247_311 - 630) * page,
        wired: 159_117 * page,
        compressed: 454_496 * page,
        cached_files: (141_843 + 630) * page,
    };
    for ram in ["16G", "16GiB", "17179869184"] {
        assert_macos(&analyze_json("vm_stat/m1pro-16g-2026-05-28.txt", &["--ram", ram]), &want, false);
    }
    // The same machine's `top` said "2497M wired, 7090M compressor": the same figures within rounding.
    assert_eq!(want.wired / (1 << 20), 2486);
    assert_eq!(want.compressed / (1 << 20), 7101);
    // Without --ram the page counts give 15.4 GiB on the queues, rounded up to the 16 GiB installed.
    assert_macos(&analyze_json("vm_stat/m1pro-16g-2026-05-28.txt", &[]), &want, true);
}

#[test]
fn m1_pro_capture_is_under_warn_pressure_by_the_kernels_rule() {
    // A = 194947 + 191193 + 4518 + 3014 = 393672; C = 454496; warn below 0.5 × (A + C) = 424084.
    let value = analyze_json("vm_stat/m1pro-16g-2026-05-28.txt", &["--ram", "16G"]);
    assert_eq!(value["pressure"], "warn");
}

#[test]
fn intel_capture_with_4k_pages() {
    let page = 4096;
    let want = HandComputed {
        total: 32 * GIB,
        app: (464_333 - 11_820) * page,
        wired: 715_958 * page,
        compressed: 0,
        cached_files: (1_080_348 + 11_820) * page,
    };
    let value = analyze_json("vm_stat/intel-4k-wazuh-22113.txt", &["--ram", "32G"]);
    assert_macos(&value, &want, false);
    assert_eq!(value["pressure"], "normal");
}

#[test]
fn hmcl_capture_estimates_24_gib() {
    let page = 16384;
    // Queued pages: 3857 + 1075 + 446206 + 443760 + 0 + 181483 + 442179 = 1518560 pages = 23.2 GiB → 24 GiB.
    let want = HandComputed {
        total: 24 * GIB,
        app: (596_147 - 17_340) * page,
        wired: 181_483 * page,
        compressed: 442_179 * page,
        cached_files: (294_894 + 17_340) * page,
    };
    assert_macos(&analyze_json("vm_stat/apple-silicon-hmcl-4876.txt", &[]), &want, true);
}

#[test]
fn a_line_added_by_a_newer_macos_changes_nothing() {
    let plain = analyze_json("vm_stat/m1pro-16g-2026-05-28.txt", &["--ram", "16G"]);
    let newer = analyze_json("vm_stat/m1pro-16g-with-macos27-line.txt", &["--ram", "16G"]);
    for key in ["total", "app", "wired", "compressed", "cached_files", "free", "pressure"] {
        assert_eq!(plain[key], newer[key], "{key}");
    }
}

#[test]
fn removing_a_needed_line_exits_2_and_names_it() {
    let text = std::fs::read_to_string(fixture("vm_stat/m1pro-16g-2026-05-28.txt")).expect("fixture");
    for label in [
        "Pages free",
        "Pages active",
        "Pages inactive",
        "Pages speculative",
        "Pages wired down",
        "Pages purgeable",
        "File-backed pages",
        "Anonymous pages",
        "Pages occupied by compressor",
    ] {
        let cut: String =
            text.lines().filter(|l| !l.starts_with(&format!("{label}:"))).map(|l| format!("{l}\n")).collect();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vm_stat.txt");
        std::fs::write(&path, cut).expect("write");
        let out = headroom(&["analyze", path.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(2), "without {label}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("missing line `{label}`")), "without {label}: {stderr}");
        assert!(stderr.contains("vm_stat.txt"), "names the file: {stderr}");
        assert!(out.stdout.is_empty(), "no half breakdown on stdout");
    }
}

#[test]
fn unreadable_and_unknown_input_exit_2() {
    let out = headroom(&["analyze", "/nonexistent/vm_stat.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/vm_stat.txt"));

    let out = headroom(&[
        "analyze",
        headroom_testing::source("crates/headroom/tests/analyze_cli.rs").to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither `vm_stat` output nor /proc/meminfo"));
}

#[test]
fn bad_ram_is_a_usage_error() {
    let path = fixture("vm_stat/m1pro-16g-2026-05-28.txt");
    let out = headroom(&["analyze", path.to_str().expect("utf-8"), "--ram", "sixteen"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--ram"));
}

#[test]
fn reads_standard_input() {
    let text = std::fs::read(fixture("vm_stat/intel-4k-wazuh-22113.txt")).expect("fixture");
    let mut child = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["analyze", "-", "--json", "--ram", "32G"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    child.stdin.take().expect("stdin").write_all(&text).expect("writes");
    let out = child.wait_with_output().expect("finishes");
    assert!(out.status.success());
    let value: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(value["wired"], 715_958u64 * 4096);
}

#[test]
fn meminfo_capture_matches_the_linux_formula() {
    let value = analyze_json("meminfo/zfs-64g-htop-1559.txt", &[]);
    let kib = 1024u64;
    let total = 65_710_420 * kib;
    // AnonPages + Shmem exceed the anon LRU lists (Active(anon) 3183452 kB) by more than Unevictable
    // (3136 kB): all of it is locked anon, Wired rather than App.
    let app = (2_899_384 + 287_252 - 3_136) * kib;
    let cached_files = (867_748 + 15_599_856 - 287_252 + 818_376) * kib;
    let free = 10_564_240 * kib;
    let wired = total - free - app - cached_files;
    assert_eq!(value["platform"], "linux");
    assert_eq!(value["total"], total);
    assert_eq!(value["app"], app);
    assert_eq!(value["cached_files"], cached_files);
    assert_eq!(value["compressed"], 0);
    assert_eq!(value["free"], free);
    assert_eq!(value["wired"], wired);
    assert_eq!(value["swap_total"], 8_388_604 * kib);
    assert_eq!(value["swap_used"], 0);
    // MemAvailable 26828796 of 65710420 kB is 40.8 %: normal.
    assert_eq!(value["pressure"], "normal");
    let parts = &value["wired_parts"];
    assert_eq!(parts["slab_unreclaimable"], 1_935_784 * kib);
    assert_eq!(parts["page_tables"], 57_072 * kib);
    let known = (1_935_784 + 24_576 + 57_072 + 71_232 + 3_136) * kib;
    assert_eq!(parts["other"], wired - known, "the ZFS ARC lands in 'drivers and other kernel'");
}

#[test]
fn own_machine_meminfo_capture_sums_to_total() {
    let value = analyze_json("meminfo/debian12-vm-24g-2026-11-22.txt", &[]);
    let sum: u64 = ["app", "wired", "compressed", "cached_files", "free"]
        .iter()
        .map(|k| value[k].as_u64().expect("integer bytes"))
        .sum();
    assert_eq!(sum, value["total"].as_u64().expect("total"));
    assert_eq!(value["total"], 24_684_084u64 * 1024);
}

#[test]
fn human_table_for_a_capture() {
    let path = fixture("vm_stat/m1pro-16g-2026-05-28.txt");
    let out = headroom(&["analyze", path.to_str().expect("utf-8"), "--ram", "16G"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Physical Memory    16.0 GB"), "{text}");
    assert!(text.contains("  Wired Memory      2.4 GB"), "{text}");
    assert!(text.contains("  Compressed        6.9 GB"), "{text}");
    assert!(text.contains("Memory Pressure       warn"), "{text}");
    assert!(text.contains("Swap Used          unknown"), "{text}");
}

#[test]
fn ram_smaller_than_the_pages_counted_exits_2_with_both_figures() {
    // The M1 Pro capture counts about 15.5 GiB of pages in RAM; 1 GiB cannot hold them.
    let out =
        headroom(&["analyze", fixture("vm_stat/m1pro-16g-2026-05-28.txt").to_str().expect("utf-8"), "--ram", "1G"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--ram 1.0 GiB (1073741824 bytes) is less than the"), "{stderr}");
    let counted = analyze_json("vm_stat/m1pro-16g-2026-05-28.txt", &[]);
    assert_eq!(counted["total_estimated"], true);
    assert!(stderr.contains("bytes) the vm_stat text counts in RAM"), "the counted figure is named: {stderr}");
    assert!(out.stdout.is_empty(), "no '446 % used' breakdown: {}", String::from_utf8_lossy(&out.stdout));
    // The installed RAM is accepted.
    let fine =
        headroom(&["analyze", fixture("vm_stat/m1pro-16g-2026-05-28.txt").to_str().expect("utf-8"), "--ram", "16G"]);
    assert_eq!(fine.status.code(), Some(0));
}

#[test]
fn a_cut_off_paste_names_every_missing_line_at_once() {
    let text = std::fs::read_to_string(fixture("vm_stat/m1pro-16g-2026-05-28.txt")).expect("fixture");
    // Cut off right after "Pages speculative": five needed lines never arrived.
    let end = text.find("Pages throttled").expect("the capture has the line");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cut.txt");
    std::fs::write(&path, &text[..end]).expect("write");
    let out = headroom(&["analyze", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing 5 lines"), "{stderr}");
    for label in
        ["Pages wired down", "Pages purgeable", "File-backed pages", "Anonymous pages", "Pages occupied by compressor"]
    {
        assert!(stderr.contains(&format!("`{label}`")), "{label}: {stderr}");
    }
}
