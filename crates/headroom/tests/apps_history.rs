//! Who grew, end to end: while `headroom record` runs, a real process grows about 10 MiB/s for
//! 80 s; the history names it first in `headroom top --since 2m` and `explain` calls it leaking,
//! while a sawtooth of the same peak and a one-time step of 800 MiB beside it are not.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;

use headroom_testing::MIB;
use headroom_testing::hog::{GROWER, Grower, SAWTOOTH, STEP, Shape, Shaped};
use serde_json::Value;

fn headroom(dir: &std::path::Path, args: &[&str]) -> std::process::Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_headroom"));
    command.args(args).env("HEADROOM_DATA_DIR", dir).env("HEADROOM_CONFIG", dir.join("config.toml"));
    command
}

fn json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = headroom(dir, args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn a_process_growing_10_mib_a_second_is_first_in_top_since_and_leaking_in_explain() {
    headroom_testing::require!("python3");
    let _exclusive = headroom_testing::memory_exclusive();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), "[apps]\nleak_window = \"1m\"\nleak_min_growth = \"300M\"\n")
        .expect("config");
    let mut record = headroom(dir.path(), &["record", "--interval", "1s"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    let grower = Grower::start(10, 80);
    // The step falls inside the last minute's window, where the leak verdict looks.
    let (saw, step) = (Shaped::start(Shape::Sawtooth), Shaped::start(Shape::Step { delay_s: 55 }));
    // The growth, and one more scan (every 10 s while recording) to see where it ended.
    std::thread::sleep(Duration::from_secs(92));
    // SAFETY: signalling our own unreaped child.
    assert_eq!(unsafe { libc::kill(libc::pid_t::try_from(record.id()).expect("pid"), libc::SIGINT) }, 0);
    assert!(record.wait().expect("exits").success());

    let top = json(dir.path(), &["top", "--since", "2m", "--json"]);
    let first = &top["apps"][0];
    assert_eq!(first["name"], GROWER, "{top}");
    assert!(first["growth"].as_i64().expect("growth") >= 600 * MIB as i64, "{first}");

    let explained = json(dir.path(), &["explain", "--json"]);
    let leaks = explained["app_leaks"].as_array().expect("a list");
    let leak = leaks.iter().find(|l| l["name"] == GROWER).unwrap_or_else(|| panic!("not leaking: {leaks:?}"));
    assert!(leak["growth"].as_u64().expect("growth") >= 300 * MIB, "{leak}");
    for not_a_leak in [SAWTOOTH, STEP] {
        assert!(leaks.iter().all(|l| l["name"] != not_a_leak), "{not_a_leak} called leaking: {leaks:?}");
    }
    // Both were recorded: the verdict saw them and judged them.
    let recorded = json(dir.path(), &["top", "--since", "3m", "--json"]);
    for shaped in [SAWTOOTH, STEP] {
        let app = recorded["apps"].as_array().expect("apps").iter().find(|a| a["name"] == shaped);
        assert!(app.is_some_and(|a| a["peak"].as_u64().unwrap_or(0) >= 600 * MIB), "{shaped}: {recorded}");
    }
    // And among what grew in the last ten minutes, what `explain` offers when pressure rose.
    let lately = explained["grew_lately"].as_array().expect("a list");
    assert_eq!(lately.first().map(|g| &g["name"]), Some(&Value::from(GROWER)), "{lately:?}");
    let text = String::from_utf8(headroom(dir.path(), &["explain"]).output().expect("runs").stdout).expect("utf-8");
    assert!(text.contains(&format!("Leaking        {GROWER} +")), "{text}");
    assert!(text.contains(&format!("Grew lately    {GROWER} +")), "{text}");
    drop((grower, saw, step));
}
