//! Every page once, live on this machine: memory a process mlocks is Wired and not App Memory as
//! well, and zram's pool is Compressed (not in the wired residual) with the swap on it told apart.
//! Both need root (mlock of 200 MiB, zram and a memory cgroup) and undo what they set up.
#![cfg(target_os = "linux")]

use std::process::Command;

use headroom_core::model::RawCounters;
use headroom_testing::MIB;
use headroom_testing::locked::{Locker, PipeHolder, ZramSwap};
use serde_json::Value;

/// `headroom ARGS --json` with no config and a history of its own, parsed.
fn headroom_json(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .arg("--json")
        .env("HEADROOM_DATA_DIR", dir.path())
        .env("HEADROOM_CONFIG", dir.path().join("none.toml"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn status() -> Value {
    headroom_json(&["status"])
}

fn bytes(value: &Value, key: &str) -> i64 {
    value[key].as_i64().unwrap_or_else(|| panic!("no {key} in {value}"))
}

#[test]
fn memory_a_process_locks_is_wired_and_not_app_memory_as_well() {
    headroom_testing::require!("root", "python3");
    let _exclusive = headroom_testing::memory_exclusive();
    let locked = |status: &Value| status["wired_parts"]["unevictable"].as_i64().expect("the parts of wired");
    let before = status();
    let locker = Locker::start(200);
    let during = status();
    // The locked part of wired rose by the 200 MiB (Wired as a whole is a residual that free page
    // reporting moves by ±250 MB on this VM; its locked part does not move).
    let rise = locked(&during) - locked(&before);
    assert!(rise >= 190 * MIB as i64, "the locked part of wired rose only {} MiB", rise / MIB as i64);
    // And App Memory leaves them out, in one read: App is AnonPages + Shmem less the locked pages.
    // (Comparing App before and after would measure whatever else runs beside this test.)
    let snapshot = headroom_core::sys::SystemReader::new().and_then(|mut r| r.read()).expect("a live read");
    let RawCounters::Linux(counters) = &snapshot.raw else { panic!("a Linux read") };
    let anon = (counters.meminfo.anon_pages + counters.meminfo.shmem) * 1024;
    let left_out = anon.saturating_sub(snapshot.memory.app);
    assert!(left_out >= 190 * MIB, "App leaves out only {} MiB of AnonPages + Shmem", left_out / MIB);
    drop(locker);
    let after = locked(&status());
    assert!(after < locked(&before) + 10 * MIB as i64, "still {after} locked after the locker ended");
}

#[test]
fn zrams_pool_is_compressed_memory_and_its_swap_lives_in_ram() {
    headroom_testing::require!("root", "python3", "mkswap", "swapon");
    let _exclusive = headroom_testing::memory_exclusive();
    // 400 MiB filled under a 150 MiB limit: about 250 MiB swapped out into zram, compressed about 4:1.
    let swap = match ZramSwap::start(150, 400) {
        Ok(swap) => swap,
        Err(why) => {
            headroom_testing::skip(why);
            return;
        }
    };
    let now = status();
    let mm_stat = swap.mm_stat();
    let (original, pool) = headroom_core::model::linux::parse_mm_stat(&mm_stat).expect("mm_stat");
    assert!(pool >= 50 * MIB, "the pool is {} MiB: too small to tell (mm_stat {mm_stat})", pool / MIB);
    let compressed = bytes(&now, "compressed") as f64;
    assert!(
        (compressed - pool as f64).abs() <= 0.2 * pool as f64,
        "Compressed {compressed} against the zram pool {pool} (mm_stat {mm_stat})"
    );
    let held = bytes(&now, "compressed_original") as f64;
    assert!((held - original as f64).abs() <= 0.2 * original as f64, "holds {held}, mm_stat {original}");
    let in_ram = bytes(&now, "swap_in_ram");
    assert!(in_ram >= 200 * MIB as i64 && in_ram <= bytes(&now, "swap_used"), "swap in RAM {in_ram}: {now}");
}

fn explain_owners() -> Value {
    headroom_json(&["explain"])["wired_owners"].clone()
}

#[test]
fn a_process_that_locks_memory_is_named_as_its_holder() {
    headroom_testing::require!("root", "python3");
    let _exclusive = headroom_testing::memory_exclusive();
    let locker = Locker::start(200);
    let owners = explain_owners();
    let named = owners["owners"]
        .as_array()
        .expect("owners")
        .iter()
        .find(|o| o["pid"].as_u64() == Some(u64::from(locker.pid)))
        .unwrap_or_else(|| panic!("pid {} is not named: {owners}", locker.pid));
    assert_eq!(named["kind"], "locked");
    assert_eq!(named["name"], headroom_testing::locked::LOCKER);
    assert!(named["bytes"].as_u64().expect("bytes") >= 190 * MIB, "{named}");
    assert!(owners["explained"].as_u64().expect("explained") >= 190 * MIB, "{owners}");
}

#[test]
fn a_cgroup_holding_pipe_buffers_is_named_with_its_kernel_memory() {
    headroom_testing::require!("root", "python3");
    let _exclusive = headroom_testing::memory_exclusive();
    let holder = match PipeHolder::start(250) {
        Ok(holder) => holder,
        Err(why) => panic!("a memory cgroup of our own with pipes in it: {why}"),
    };
    let owners = explain_owners();
    // This machine's memory hierarchy is cgroup v1, whose figure is named beside the owners
    // (it counts reclaimable caches too); on v2 it would be among them.
    let all: Vec<&Value> = ["owners", "mixed"].iter().flat_map(|k| owners[k].as_array().expect("a list")).collect();
    let named = all
        .iter()
        .find(|o| o["name"].as_str() == Some(holder.name().as_str()))
        .unwrap_or_else(|| panic!("{} is not named: {owners}", holder.name()));
    assert!(named["bytes"].as_u64().expect("bytes") >= 200 * MIB, "{named}");
}

#[test]
fn recording_keeps_who_held_wired_memory() {
    headroom_testing::require!("root", "python3");
    let _exclusive = headroom_testing::memory_exclusive();
    let locker = Locker::start(200);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut record = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["record", "--interval", "200ms"])
        .env("HEADROOM_DATA_DIR", dir.path())
        .env("HEADROOM_CONFIG", dir.path().join("none.toml"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    // The prober's first look comes at start; the recorder writes it with its samples at exit.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // SAFETY: signalling our own unreaped child.
    assert_eq!(unsafe { libc::kill(libc::pid_t::try_from(record.id()).expect("pid"), libc::SIGINT) }, 0);
    assert!(record.wait().expect("exits").success());
    drop(locker);
    let (store, _) = headroom_core::history::Store::open(&dir.path().join("history.db")).expect("open");
    let holders = store.holders(0).expect("holders");
    let locked = holders
        .iter()
        .find(|row| row.name == headroom_testing::locked::LOCKER)
        .unwrap_or_else(|| panic!("the locker is not in the history: {holders:?}"));
    assert_eq!(locked.kind, "locked");
    assert!(locked.bytes >= 190 * MIB, "{locked:?}");
}

#[test]
fn as_root_the_largest_vmalloc_callers_are_named_within_what_meminfo_counts() {
    headroom_testing::require!("root");
    let owners = explain_owners();
    let vmalloc: Vec<&Value> =
        owners["mixed"].as_array().expect("a list").iter().filter(|o| o["kind"] == "vmalloc").collect();
    // Kernel stacks are vmalloc'd (kernel_clone, VMAP_STACK): there is always a caller to name.
    assert!(!vmalloc.is_empty(), "{owners}");
    let named: u64 = vmalloc.iter().map(|o| o["bytes"].as_u64().expect("bytes")).sum();
    let meminfo = std::fs::read_to_string("/proc/meminfo").expect("meminfo");
    let used_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("VmallocUsed:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmallocUsed");
    assert!(named <= used_kb * 1024 + 16 * MIB, "{named} named against VmallocUsed {used_kb} kB");
    assert!(
        owners["unknown"].as_array().expect("a list").iter().all(|u| !u.as_str().unwrap_or("").contains("vmalloc"))
    );
}

#[test]
fn a_swap_storm_shows_in_watchs_paging_rates() {
    headroom_testing::require!("root", "python3", "mkswap", "swapon");
    let _exclusive = headroom_testing::memory_exclusive();
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut watch = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["watch", "--json", "--interval", "1s"])
        .env("HEADROOM_DATA_DIR", dir.path())
        .env("HEADROOM_CONFIG", dir.path().join("none.toml"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    let stdout = watch.stdout.take().expect("piped");
    let (lines, rows) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    // zram as swap and 400 MiB filled under a 150 MiB limit: the kernel swaps out as it fills.
    let swap = match ZramSwap::start(150, 400) {
        Ok(swap) => swap,
        Err(why) => {
            let _ = watch.kill();
            let _ = watch.wait();
            headroom_testing::skip(why);
            return;
        }
    };
    let mut fastest = 0.0f64;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        let Ok(line) = rows.recv_timeout(left) else { break };
        let row: Value = serde_json::from_str(&line).expect("a JSON row");
        let rate = |key: &str| row[key].as_f64().unwrap_or(0.0);
        fastest = fastest.max(rate("swap_out_per_s")).max(rate("swap_in_per_s"));
    }
    // Rows written during the fill are already in the channel; the storm is at least 250 MiB.
    let _ = watch.kill();
    let _ = watch.wait();
    drop(swap);
    assert!(fastest > 0.0, "no paging seen in watch --json during the storm");
}

/// A process that keeps touching more than its memory cgroup allows pages out to zram and back in;
/// with the recorder running, `explain` calls it thrashing from the last recorded minute.
#[test]
fn a_process_paging_out_and_back_in_is_called_thrashing() {
    headroom_testing::require!("root", "python3", "mkswap", "swapon");
    let _exclusive = headroom_testing::memory_exclusive();
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[history]\nflush_every = \"1s\"\n").expect("config");
    let headroom = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_headroom"));
        command.args(args).env("HEADROOM_DATA_DIR", dir.path()).env("HEADROOM_CONFIG", &config);
        command
    };
    let mut record =
        headroom(&["record", "--interval", "1s"]).stderr(std::process::Stdio::null()).spawn().expect("spawns");
    let swap = match ZramSwap::churning(150, 400) {
        Ok(swap) => swap,
        Err(why) => {
            let _ = record.kill();
            let _ = record.wait();
            headroom_testing::skip(why);
            return;
        }
    };
    // A minute of churn: the rule reads the last minute and needs 30 s of it.
    std::thread::sleep(std::time::Duration::from_secs(45));
    let out = headroom(&["explain", "--json"]).output().expect("runs");
    drop(swap);
    // SAFETY: signalling our own unreaped child.
    unsafe { libc::kill(libc::pid_t::try_from(record.id()).expect("pid"), libc::SIGINT) };
    let _ = record.wait();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let explained: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rates = &explained["paging_last_minute"];
    let rate = |key: &str| rates[key].as_f64().unwrap_or_else(|| panic!("no {key} in {rates}"));
    eprintln!("paging over the last minute: {rates}");
    assert!(rates["seconds"].as_f64().unwrap_or(0.0) >= 30.0, "{rates}");
    assert!(rate("swap_in_per_s") >= 4.0 * MIB as f64, "{rates}");
    assert_eq!(explained["thrashing"], true, "{rates}");
}
