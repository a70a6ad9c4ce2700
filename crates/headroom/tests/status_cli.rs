//! `headroom status` on this Linux machine, checked against /proc/meminfo and `free -b` read independently.
#![cfg(target_os = "linux")]

use std::process::Command;

use serde_json::Value;

fn status_json() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_headroom")).args(["status", "--json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn meminfo_kb(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/meminfo").expect("readable");
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/meminfo"))
}

fn bytes(value: &Value, key: &str) -> u64 {
    value[key].as_u64().unwrap_or_else(|| panic!("{key} is integer bytes in {value}"))
}

#[test]
fn total_is_memtotal_and_the_categories_add_up() {
    let value = status_json();
    assert_eq!(value["platform"], "linux");
    assert_eq!(bytes(&value, "total"), meminfo_kb("MemTotal") * 1024);
    assert_eq!(value["total_estimated"], false);
    let parts = ["app", "wired", "compressed", "cached_files", "free"].map(|k| bytes(&value, k));
    let sum: u64 = parts.iter().sum();
    // The residual (wired) is floored at zero; when it is positive the five categories are the whole of RAM.
    if bytes(&value, "wired") > 0 {
        assert_eq!(sum, bytes(&value, "total"));
    } else {
        assert!(sum >= bytes(&value, "total"));
    }
    assert!(["normal", "warn", "critical"].contains(&value["pressure"].as_str().expect("string")));
    let boot_id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").expect("boot id");
    assert_eq!(value["boot_id"], boot_id.trim());
    let wired_parts = value["wired_parts"].as_object().expect("wired_parts on Linux");
    let parts_sum: u64 = wired_parts.values().map(|v| v.as_u64().expect("bytes")).sum();
    assert!(parts_sum >= bytes(&value, "wired"), "the parts (with `other`) cover wired");
}

/// `free -b`'s Mem: row: total, used, free, shared, buff/cache, available.
fn free_b() -> Vec<u64> {
    let out = Command::new("free").arg("-b").output().expect("`free` from procps is installed");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let row = text.lines().find(|l| l.starts_with("Mem:")).expect("Mem: row");
    row.split_whitespace().skip(1).map(|n| n.parse().expect("number")).collect()
}

#[test]
fn agrees_with_free_taken_in_the_same_second() {
    let value = status_json();
    let free = free_b();
    let total = bytes(&value, "total");
    assert_eq!(free[0], total, "free -b total");
    let tolerance = total as f64 * 0.02;
    // procps 4 reports used = total − available; Headroom's Memory Used is App + Wired + Compressed.
    let used = bytes(&value, "app") + bytes(&value, "wired") + bytes(&value, "compressed");
    let used_diff = (used as f64 - free[1] as f64).abs();
    assert!(used_diff <= tolerance, "used {used} vs free's {}: off by {used_diff} > 2 % of {total}", free[1]);
    // free's buff/cache = Buffers + Cached + SReclaimable; Cached Files leaves Shmem out (it is App memory).
    let cache_diff = (bytes(&value, "cached_files") as f64 - free[4] as f64).abs();
    assert!(cache_diff <= tolerance, "cached {} vs buff/cache {}", bytes(&value, "cached_files"), free[4]);
}

#[test]
fn human_table_names_every_category() {
    let out = Command::new(env!("CARGO_BIN_EXE_headroom")).arg("status").output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for label in [
        "Memory Pressure",
        "Physical Memory",
        "Memory Used",
        "App Memory",
        "Wired Memory",
        "Compressed",
        "Cached Files",
        "Free",
        "Swap Used",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
}

#[test]
fn the_headroom_figure_is_memavailable() {
    // MemAvailable moves a little under the test: take the sample between two equal readings.
    for _ in 0..50 {
        let before = meminfo_kb("MemAvailable");
        let value = status_json();
        if meminfo_kb("MemAvailable") != before {
            continue;
        }
        assert_eq!(bytes(&value, "headroom"), before * 1024, "{value}");
        assert_eq!(value["headroom_source"], "mem_available");
        let percent = value["headroom_percent"].as_f64().expect("a number");
        let expected = before as f64 * 100.0 / meminfo_kb("MemTotal") as f64;
        assert!((percent - expected).abs() < 1e-9, "{percent} vs {expected}");
        return;
    }
    panic!("MemAvailable never held still across one `headroom status` in 50 tries");
}
