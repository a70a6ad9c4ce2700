//! `headroom explain` live on this Linux machine, with a real process named like a VM started by the test.
#![cfg(target_os = "linux")]

use std::process::{Child, Command};

use serde_json::Value;

/// Kills the fake VM whatever happens in the test.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn explain(args: &[&str], data: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .arg("explain")
        .args(args)
        .env("HEADROOM_DATA_DIR", data)
        .env("HEADROOM_CONFIG", data.join("none.toml"))
        .output()
        .expect("runs")
}

#[test]
fn a_running_qemu_is_a_suspect_with_its_memory_and_the_advice_to_quit_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A real executable under a VM's name: `sleep`, copied as qemu-system-x86_64.
    let fake = dir.path().join("qemu-system-x86_64");
    std::fs::copy("/bin/sleep", &fake).expect("copy sleep");
    // Another test thread forking at the moment of the copy can hold the file open for writing
    // until its exec (ETXTBSY); that passes within milliseconds, so retry briefly.
    let mut attempts = 0;
    let child = loop {
        match Command::new(&fake).arg("120").spawn() {
            Err(error) if error.kind() == std::io::ErrorKind::ExecutableFileBusy && attempts < 50 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.expect("starts"),
        }
    };
    let vm = Reaper(child);
    let pid = vm.0.id();

    let out = explain(&["--json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(value["suspects"]["vms"]["status"], "found");
    let vms = value["suspects"]["vms"]["value"].as_array().expect("list");
    let ours = vms.iter().find(|vm| vm["pid"] == pid).unwrap_or_else(|| panic!("pid {pid} not in {vms:?}"));
    assert_eq!(ours["name"], "qemu-system-x86_64", "the full name, not /proc's 15-character comm");
    assert_eq!(ours["kind"], "QEMU");
    assert!(ours["resident"].as_u64().is_some_and(|bytes| bytes > 0));
    assert!(ours["started"].is_string());
    let advice: Vec<&str> = value["advice"].as_array().expect("advice").iter().filter_map(Value::as_str).collect();
    assert!(
        advice.iter().any(|a| a.contains(&format!("(pid {pid})")) && a.starts_with("Quit the QEMU VM")),
        "{advice:?}"
    );
    assert!(advice.last().is_some_and(|a| a.starts_with("No app — Headroom included — can free wired memory")));
    for key in ["pressure", "wired_level", "creeping"] {
        assert!(value["verdicts"].get(key).is_some(), "{key}");
    }

    let text = explain(&[], dir.path());
    let text = String::from_utf8(text.stdout).expect("utf-8");
    assert!(text.contains(&format!("QEMU `qemu-system-x86_64` (pid {pid})")), "{text}");
    assert!(text.contains("Wired memory   "), "{text}");
    assert!(text.contains("no history recorded yet"), "no history in a fresh data dir: {text}");
}

#[test]
fn without_a_vm_the_process_list_is_empty_not_unknown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = explain(&["--json"], dir.path());
    let value: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(value["suspects"]["vms"]["status"], "found");
    // This machine has no amdgpu card, so no GTT counters; and no LLM runtime runs here.
    assert_eq!(value["suspects"]["gpu"]["status"], "not_applicable");
    assert_eq!(value["suspects"]["llms"]["status"], "found");
    assert_eq!(value["suspects"]["llms"]["value"].as_array().map(Vec::len), Some(0));
    // Each source says what it cost to read, for `headroom doctor` and the logs.
    let costs = value["suspects"]["costs"].as_array().expect("costs");
    let sources: Vec<&str> = costs.iter().filter_map(|c| c["source"].as_str()).collect();
    assert_eq!(
        sources,
        [
            "/proc (VM and LLM processes)",
            "amdgpu GTT (sysfs)",
            "/proc/modules",
            "/proc/slabinfo",
            "/proc and cgroups (wired holders)",
            "/proc fds (GPU clients, every 10 min)"
        ]
    );
    assert!(costs.iter().all(|c| c["took_ms"].as_f64().is_some_and(|ms| ms >= 0.0) && c["at"].is_string()));
    let text = String::from_utf8(explain(&[], dir.path()).stdout).expect("utf-8");
    assert!(text.contains("  Time to look         /proc (VM and LLM processes) "), "{text}");
    // Swap written since boot (/proc/vmstat pswpout) and per day, once the machine has been up an hour.
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|t| t.split_whitespace().next()?.parse().ok())
        .expect("/proc/uptime");
    let written = &value["swap_written"];
    if uptime >= 3600.0 {
        let (since_boot, per_day) =
            (written["since_boot"].as_f64().expect("bytes"), written["per_day"].as_f64().expect("bytes"));
        assert!((per_day - since_boot * 86_400.0 / uptime).abs() <= since_boot * 0.01 + 4096.0, "{written}");
        assert!(text.contains("Swap written "), "{text}");
    } else {
        assert!(written.is_null(), "under an hour of uptime: {written}");
    }
    assert!(!text.contains("GPU memory") && !text.contains("LLM runtimes"), "nothing to say: {text}");
}

#[test]
fn the_previous_boots_trend_is_reported_so_a_returning_leak_shows() {
    use headroom_core::history::{Row, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(&dir.path().join("history.db")).expect("db");
    // A previous boot that leaked 150 MiB a day for 3 days, one sample every 10 minutes, ending an hour ago.
    let text =
        std::fs::read_to_string(headroom_testing::fixture("meminfo/debian12-vm-24g-2026-11-22.txt")).expect("fixture");
    let end = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    let samples = 3 * 24 * 6;
    let rows: Vec<Row> = (0..samples)
        .map(|i| {
            let at = end - time::Duration::minutes(10 * (samples - i) as i64);
            let mut s = headroom_core::model::analyze::analyze(&text, None, at).expect("parses");
            s.boot_id = "previous-boot".into();
            s.memory.wired = (2u64 << 30) + (150u64 << 20) * i / (24 * 6);
            Row::from_snapshot(&s, i as i64)
        })
        .collect();
    store.insert(&rows, &[]).expect("insert");
    drop(store);

    let out = explain(&["--json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(value["previous_boot"]["state"], "creeping", "{}", value["previous_boot"]);
    let rate = value["previous_boot"]["rate_per_day"].as_i64().expect("rate");
    assert!((rate - (150 << 20)).abs() < (5 << 20), "rate {rate}");
    let text = String::from_utf8(explain(&[], dir.path()).stdout).expect("utf-8");
    assert!(text.contains("Last boot      was creeping at its end"), "{text}");
}

#[test]
fn a_jump_is_paired_with_the_kernel_extension_that_appeared_with_it() {
    use headroom_core::history::{Event, EventKind, Row, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(&dir.path().join("history.db")).expect("db");
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").expect("boot id").trim().to_owned();
    let text =
        std::fs::read_to_string(headroom_testing::fixture("meminfo/debian12-vm-24g-2026-11-22.txt")).expect("fixture");
    // Two hours of minutes on this boot; wired steps up by 2 GiB 70 minutes ago and stays.
    let now = time::OffsetDateTime::now_utc();
    let step = now - time::Duration::minutes(70);
    let rows: Vec<Row> = (0..120)
        .map(|i| {
            let at = now - time::Duration::minutes(120 - i);
            let mut s = headroom_core::model::analyze::analyze(&text, None, at).expect("parses");
            s.boot_id = boot.clone();
            s.memory.wired = if at >= step { 3u64 << 30 } else { 1u64 << 30 };
            Row::from_snapshot(&s, i)
        })
        .collect();
    let event = Event {
        at: step + time::Duration::minutes(2),
        boot_id: Some(boot.clone()),
        kind: EventKind::SuspectAppeared,
        detail: serde_json::json!({"kind": "kernel extension", "name": "com.example.leakyfilter"}),
    };
    store.insert(&rows, &[event]).expect("insert");
    drop(store);

    let out = explain(&["--json"], dir.path());
    let value: Value = serde_json::from_slice(&out.stdout).expect("json");
    let jump = &value["verdicts"]["jump"];
    assert!(jump.is_object(), "the 2 GiB step is a jump: {}", value["verdicts"]);
    let appeared: Vec<&str> = jump["appeared"].as_array().expect("list").iter().filter_map(Value::as_str).collect();
    assert!(appeared.iter().any(|a| a.contains("kernel extension com.example.leakyfilter")), "{appeared:?}");
    let advice = value["advice"].to_string();
    assert!(advice.contains("jumped by 2.0 GB"), "{advice}");
}

#[test]
fn a_process_named_to_inject_shows_literally_and_harmlessly() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A VM-looking executable whose name carries markup, an ampersand, a newline, a right-to-left
    // override and a terminal escape (ESC c resets a terminal), padded towards the 255-byte limit.
    let name = format!("qemu-system-<img src=x onerror=alert(1)> & \n\u{202E}\u{1b}c{}", "x".repeat(180));
    let fake = dir.path().join(&name);
    std::fs::copy("/bin/sleep", &fake).expect("copy sleep");
    let mut attempts = 0;
    let child = loop {
        match Command::new(&fake).arg("120").spawn() {
            Err(error) if error.kind() == std::io::ErrorKind::ExecutableFileBusy && attempts < 50 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.expect("starts"),
        }
    };
    let vm = Reaper(child);

    // JSON keeps every character, escaped by the JSON encoder.
    let out = explain(&["--json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).expect("valid JSON whatever the name");
    let vms = value["suspects"]["vms"]["value"].as_array().expect("list");
    let ours = vms.iter().find(|v| v["pid"] == vm.0.id()).unwrap_or_else(|| panic!("not found in {vms:?}"));
    assert_eq!(ours["name"].as_str(), Some(name.as_str()), "literal in JSON");

    // The text for a terminal: the markup literal, no escape sequence, no override, no broken line.
    let out = explain(&[], dir.path());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("qemu-system-<img src=x onerror=alert(1)> & "), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202E}'), "{text:?}");
    let line = text.lines().find(|l| l.contains("onerror")).expect("the VM's line");
    assert!(line.contains("(pid "), "the name stays on its own line: {line:?}");
    assert!(line.chars().count() < 400, "cut to length: {}", line.chars().count());
}

#[test]
fn the_holder_that_grew_most_over_the_creep_window_is_named() {
    use headroom_core::history::{HolderRow, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(&dir.path().join("history.db")).expect("a history");
    let now = time::OffsetDateTime::now_utc();
    let row = |hours_ago: i64, name: &str, mib: u64| HolderRow {
        at: now - time::Duration::hours(hours_ago),
        boot_id: "b".into(),
        kind: "kernel".into(),
        name: name.into(),
        bytes: mib << 20,
    };
    // A driver's memory climbing over three days (the default creep window); another steady beside it.
    store
        .insert_holders(&[
            row(80, "IOKit drivers", 900),
            row(80, "kernel zones", 600),
            row(74, "IOKit drivers", 1100),
            row(2, "IOKit drivers", 2300),
            row(2, "kernel zones", 620),
        ])
        .expect("written");
    drop(store);
    let out = explain(&["--json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let grew = &json["holder_grew"];
    assert_eq!(grew["name"], "IOKit drivers", "{json}");
    assert_eq!(grew["from"], 1100u64 << 20, "its figure when the 3-day window began");
    assert_eq!(grew["to"], 2300u64 << 20);
    let text = String::from_utf8(explain(&[], dir.path()).stdout).expect("utf-8");
    let line = text.lines().find(|l| l.starts_with("Grew most")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("kernel IOKit drivers: 1.1 GB → 2.2 GB since"), "{line}");
}
