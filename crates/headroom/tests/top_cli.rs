//! `headroom top` run for real against a process that touches 700 MiB and has two children.
#![cfg(target_os = "linux")]

use headroom_testing::hog;

use std::process::Command;

use hog::{Hog, MIB, NAME};
use serde_json::Value;

fn top(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_headroom")).arg("top").args(args).output().expect("top runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn pids(entry: &Value) -> Vec<u64> {
    entry["pids"].as_array().expect("pids").iter().filter_map(Value::as_u64).collect()
}

#[test]
fn the_hog_ranks_in_the_top_three_grouped_with_its_children_and_apart_by_process() {
    let _exclusive = headroom_testing::memory_exclusive();
    let hog = Hog::start();
    let (pid, children) = (u64::from(hog.pid), hog.children.iter().map(|c| u64::from(*c)).collect::<Vec<_>>());

    let grouped = top(&["--json", "-n", "5"]);
    assert_eq!(grouped["grouping"], "by_app");
    let entries = grouped["entries"].as_array().expect("entries");
    let rank =
        entries.iter().position(|e| pids(e).contains(&pid)).unwrap_or_else(|| panic!("hog not listed: {grouped}"));
    assert!(rank < 3, "the hog ranks {} of {grouped}", rank + 1);
    let group = &entries[rank];
    assert_eq!(group["name"], NAME);
    assert_eq!(group["processes"], 3, "{group}");
    assert!(children.iter().all(|c| pids(group).contains(c)), "the children are in its group: {group}");
    assert!(group["bytes"].as_u64().expect("bytes") >= 650 * MIB, "{group}");
    assert!(entries.iter().any(|e| e["kind"] == "kernel" && e["name"] == "Kernel (wired)"), "{grouped}");

    let apart = top(&["--json", "--by-process", "-n", "10000"]);
    assert_eq!(apart["grouping"], "by_process");
    let entries = apart["entries"].as_array().expect("entries");
    let own = entries.iter().find(|e| pids(e) == [pid]).unwrap_or_else(|| panic!("hog not listed alone: {apart}"));
    assert!(own["bytes"].as_u64().expect("bytes") >= 650 * MIB, "{own}");
    assert!(entries.iter().position(|e| pids(e) == [pid]).is_some_and(|r| r < 3), "{apart}");
    for child in &children {
        let row = entries.iter().find(|e| pids(e) == [*child]).unwrap_or_else(|| panic!("child {child} apart"));
        assert_eq!(row["name"], NAME);
        assert!(row["bytes"].as_u64().expect("bytes") < 100 * MIB, "a child shares none of the 700 MiB: {row}");
    }

    let text = Command::new(env!("CARGO_BIN_EXE_headroom")).args(["top", "-n", "5"]).output().expect("top runs");
    let text = String::from_utf8(text.stdout).expect("utf-8");
    assert!(text.starts_with("Top memory by application"), "{text}");
    assert!(text.lines().any(|l| l.contains(&format!("{NAME} — 3 processes — "))), "{text}");
}

#[test]
fn a_bad_count_is_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_headroom")).args(["top", "-n", "many"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn ten_thousand_processes_are_scanned_and_ranked_into_a_few_rows() {
    use headroom_core::sys::top::Scanner;
    use headroom_core::top::rank::Grouping;
    // A /proc of 10,000 processes built from this project's recorded status and cgroup files: a
    // thousand applications of ten processes each, one with an unreadable status.
    let root = tempfile::tempdir().expect("tempdir");
    let status = include_str!("../../headroom-core/tests/fixtures/proc/status-self-debian12.txt");
    let cgroup = include_str!("../../headroom-core/tests/fixtures/proc/cgroup-flatpak-recipes.txt");
    for pid in 1..=10_000u32 {
        let dir = root.path().join(pid.to_string());
        std::fs::create_dir(&dir).expect("pid dir");
        let name = format!("app{}", pid % 1000);
        std::fs::write(dir.join("status"), status.replacen("Name:\t", &format!("Name:\t{name}-"), 1)).expect("status");
        std::fs::write(dir.join("cgroup"), cgroup.replace("org.gnome.Recipes", &format!("org.example.{name}")))
            .expect("cgroup");
    }
    let list = Scanner::at(root.path()).scan(Grouping::ByApp, time::OffsetDateTime::now_utc()).expect("scans");
    let rows = list.top(5, Some(1 << 30));
    assert_eq!(rows.len(), 5, "five rows, whatever the number of processes");
    let by_process =
        Scanner::at(root.path()).scan(Grouping::ByProcess, time::OffsetDateTime::now_utc()).expect("scans");
    assert_eq!(by_process.top(20_000, None).len(), 10_000, "every process read once");
}
