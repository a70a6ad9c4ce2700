//! `headroom doctor` on a real (private) desktop session: it reports every Linux check with its
//! figure, fails without a notification server or tray host, and passes once dunst and trayer run.
//!
//! Needs the Debian packages `xvfb dbus-x11 dunst trayer`, which `scripts/bootstrap.sh` installs.
#![cfg(target_os = "linux")]

use headroom_testing as common;

use std::time::Duration;

use common::desktop::{Session, wait_for};
use serde_json::Value;

fn doctor(session: &Session, data: &std::path::Path, json: bool) -> (Option<i32>, String, String) {
    let mut command = session.command(env!("CARGO_BIN_EXE_headroom"));
    command.args(["doctor", "--cadence", "3s"]);
    if json {
        command.arg("--json");
    }
    let out = command
        .env("HEADROOM_DATA_DIR", data)
        .env("HEADROOM_CONFIG", data.join("absent-config.toml"))
        .output()
        .expect("headroom runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no `{name}` check in {report}"))
}

#[test]
fn doctor_fails_without_a_notification_server_or_tray_and_passes_with_them() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "dunst", "trayer");
    let data = tempfile::tempdir().expect("tempdir");
    let mut session = Session::start();

    let (code, out, err) = doctor(&session, data.path(), true);
    assert_eq!(code, Some(1), "a failed check exits 1: {out}{err}");
    let report: Value = serde_json::from_str(&out).expect("one JSON object");
    // Every Linux check is there, each with a status and its figure.
    for name in [
        "counters",
        "pressure",
        "boot id",
        "cadence",
        "purge",
        "history",
        "config",
        "tray host",
        "notifications",
        "slabinfo",
    ] {
        let found = check(&report, name);
        assert!(["ok", "warn", "fail"].contains(&found["status"].as_str().unwrap_or_default()), "{found}");
        assert!(found["figure"].as_str().is_some_and(|f| !f.is_empty()), "{found}");
    }
    let notifications = check(&report, "notifications");
    assert_eq!(notifications["status"], "fail");
    assert!(
        notifications["figure"].as_str().is_some_and(|f| f.contains("org.freedesktop.Notifications")),
        "{notifications}"
    );
    assert!(notifications["fix"].as_str().is_some(), "a failure says what to do");
    assert_eq!(check(&report, "tray host")["status"], "fail");
    let failed = report["checks"].as_array().map(|c| c.iter().filter(|c| c["status"] == "fail").count());
    assert_eq!(report["failed"].as_u64().map(|n| n as usize), failed);
    // The figures are the machine's own: the boot id is the kernel's.
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").expect("boot id");
    assert!(check(&report, "boot id")["figure"].as_str().is_some_and(|f| f.starts_with(boot.trim())));
    assert_eq!(check(&report, "cadence")["status"], "ok", "{}", check(&report, "cadence"));

    session.spawn("dunst", &[]);
    wait_for("dunst to answer", Duration::from_secs(10), || session.dunst_displayed());
    session.spawn("trayer", &["--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32"]);
    wait_for("trayer to own the tray", Duration::from_secs(10), || {
        let (_, out, _) = doctor(&session, data.path(), true);
        let report: Value = serde_json::from_str(&out).ok()?;
        (check(&report, "tray host")["status"] == "ok").then_some(())
    });

    let (code, out, err) = doctor(&session, data.path(), false);
    assert_eq!(code, Some(0), "nothing fails with a notification server and a tray: {out}{err}");
    let line = |name: &str| {
        out.lines().find(|l| l.split_whitespace().nth(1) == name.split_whitespace().next()).map(str::to_owned)
    };
    assert!(line("notifications").is_some_and(|l| l.starts_with("ok") && l.contains("dunst")), "{out}");
    assert!(line("tray").is_some_and(|l| l.starts_with("ok") && l.contains("XEmbed tray running")), "{out}");
    assert!(out.lines().last().is_some_and(|l| l.contains("0 failed")), "{out}");
}
