//! Faults of the environment: the notification server killed and restarted, the session bus gone
//! under `notify --test` (under the running app: `app_exit.rs`), and /proc mounted with hidepid=2
//! for an unprivileged user.
//!
//! Needs `dunst xvfb dbus-x11` (scripts/bootstrap.sh) and, for hidepid, root with `unshare -m`.
#![cfg(target_os = "linux")]

use headroom_testing as common;

use std::process::Command;
use std::time::Duration;

use common::desktop::{Session, wait_for};
use headroom_core::notify::{self, deliver};

fn start_dunst(session: &mut Session) {
    session.spawn("dunst", &[]);
    wait_for("dunst to answer", Duration::from_secs(10), || session.dunst_displayed());
}

/// The app keeps one process for days while the notification server may die and come back (a
/// desktop restart, a crash): each notification asks the bus anew, so the first one after the
/// restart arrives. Tried in this long-lived test process, as the app sends, and by the CLI.
#[test]
fn the_notification_server_killed_and_restarted_later_notifications_arrive() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "dunst", "dunstctl");
    let data = tempfile::tempdir().expect("tempdir");
    let mut session = Session::start();
    start_dunst(&mut session);
    let bus = session.env.iter().find(|(k, _)| k == "DBUS_SESSION_BUS_ADDRESS").expect("bus").1.clone();
    // SAFETY of the environment change: the only test in this binary that sends from its own
    // process; the others pass their environment to the processes they start.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", bus) };
    let note = notify::test_notification(None);
    assert!(deliver::send(&note).expect("shown").by.starts_with("dunst"));

    let mut dunst = session.children.pop().expect("dunst was the last one started");
    dunst.kill().expect("kill dunst");
    dunst.wait().expect("reaped");
    let error = deliver::send(&note).expect_err("nobody serves notifications now");
    assert!(matches!(error, deliver::DeliveryError::NoService(_)), "{error}");
    let refused = session.headroom(data.path(), &["notify", "--test"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no notification service"));

    start_dunst(&mut session);
    assert!(deliver::send(&note).expect("shown after the restart").by.starts_with("dunst"));
    let sent = session.headroom(data.path(), &["notify", "--test"]);
    assert_eq!(sent.status.code(), Some(0), "{}", String::from_utf8_lossy(&sent.stderr));
    wait_for("both shown", Duration::from_secs(5), || (session.dunst_displayed() == Some(2)).then_some(()));
}

#[test]
fn without_a_session_bus_notify_test_says_so_and_exits_1() {
    let data = tempfile::tempdir().expect("tempdir");
    for address in [None, Some("unix:path=/nonexistent/headroom-test-bus")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_headroom"));
        command
            .args(["notify", "--test"])
            .env("HEADROOM_DATA_DIR", data.path())
            .env("HEADROOM_CONFIG", data.path().join("absent.toml"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_RUNTIME_DIR", data.path().join("no-runtime-dir"));
        if let Some(address) = address {
            command.env("DBUS_SESSION_BUS_ADDRESS", address);
        }
        let out = command.output().expect("runs");
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{address:?}: {said}");
        assert!(said.contains("no notification service"), "{address:?}: {said}");
    }
}

/// As `nobody` with /proc mounted hidepid=2 in a mount namespace of its own: other users'
/// processes are invisible, so VMs and LLM runners are unknown (with the reason), never "none".
#[test]
fn with_proc_mounted_hidepid_2_suspects_are_unknown_and_nothing_crashes() {
    headroom_testing::require!("root", "unshare");
    let data = tempfile::tempdir().expect("tempdir");
    let probe = Command::new("unshare").args(["-m", "sh", "-c", "mount -t proc -o hidepid=2 proc /proc"]).output();
    match probe {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return headroom_testing::skip(format!(
                "unshare -m with a proc mount refused: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Err(e) => return headroom_testing::skip(format!("no unshare: {e}")),
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    // A copy nobody can run: the build directory may be private (a CI clone in `mktemp -d` is 0700).
    let exe = data.path().join("headroom");
    std::fs::copy(env!("CARGO_BIN_EXE_headroom"), &exe).expect("copy the binary");
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let script = format!(
        "mount -t proc -o hidepid=2 proc /proc && exec setpriv --reuid=65534 --regid=65534 --clear-groups \
         env HEADROOM_DATA_DIR={dir} HEADROOM_CONFIG={dir}/absent.toml {exe} explain --json",
        dir = data.path().display(),
        exe = exe.display()
    );
    let out = Command::new("unshare").args(["-m", "sh", "-c", &script]).output().expect("runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let explained: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for probe in ["vms", "llms"] {
        let found = &explained["suspects"][probe];
        assert_eq!(found["status"], "unknown", "{probe}: {found}");
        assert!(found["value"].as_str().is_some_and(|why| why.contains("hidepid")), "{probe}: {found}");
    }
    assert!(explained["verdicts"]["wired_level"]["wired"].as_u64().is_some_and(|w| w > 0), "figures still read");
}
