//! Notifications reach a real freedesktop notification server: dunst on a private session bus.
//!
//! Needs the Debian packages `dunst xvfb dbus-x11`, which `scripts/bootstrap.sh` installs.
#![cfg(target_os = "linux")]

mod common;

use std::time::Duration;

use common::desktop::{Session, wait_for};
use serde_json::Value;

fn headroom(session: &Session, data: &std::path::Path, args: &[&str]) -> std::process::Output {
    session
        .command(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .env("HEADROOM_DATA_DIR", data)
        .env("HEADROOM_CONFIG", data.join("absent-config.toml"))
        .output()
        .expect("headroom runs")
}

#[test]
fn a_test_notification_is_shown_by_dunst_and_refused_without_a_server() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut session = Session::start(100);

    // A session bus with nobody serving notifications: exit 1 and the reason.
    let absent = headroom(&session, data.path(), &["notify", "--test"]);
    let said = String::from_utf8_lossy(&absent.stderr);
    assert_eq!(absent.status.code(), Some(1), "{said}");
    assert!(said.contains("no notification service"), "{said}");
    assert!(said.contains("org.freedesktop.Notifications"), "the D-Bus reason is kept: {said}");

    session.spawn("dunst", &[]);
    wait_for("dunst to answer", Duration::from_secs(10), || session.dunst_displayed());

    let sent = headroom(&session, data.path(), &["notify", "--test", "--json"]);
    assert_eq!(sent.status.code(), Some(0), "{}", String::from_utf8_lossy(&sent.stderr));
    let sent: Value = serde_json::from_slice(&sent.stdout).expect("one JSON object");
    assert_eq!(sent["title"], "Headroom test notification");
    assert!(sent["body"].as_str().is_some_and(|b| b.starts_with("Notifications reach you.")), "{sent}");
    assert!(sent["delivered_by"].as_str().is_some_and(|by| by.starts_with("dunst")), "{sent}");

    wait_for("dunst to display it", Duration::from_secs(5), || (session.dunst_displayed() == Some(1)).then_some(()));
    let shown: Vec<_> = session.dunst_close_all_and_history().into_iter().filter(|n| n.0 == "Headroom").collect();
    assert_eq!(shown.len(), 1, "exactly one notification from Headroom: {shown:?}");
    assert_eq!(Some(shown[0].1.as_str()), sent["title"].as_str());
    assert_eq!(Some(shown[0].2.as_str()), sent["body"].as_str());

    // Both attempts are in the history's events, the refusal with its reason.
    let listed = headroom(&session, data.path(), &["notify", "--json"]);
    let events: Value = serde_json::from_slice(&listed.stdout).expect("a JSON array");
    let events = events.as_array().expect("array");
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(|e| e["kind"] == "notification_sent" && e["detail"]["kind"] == "test"));
    assert!(events[0]["detail"]["error"].as_str().is_some_and(|e| e.contains("no notification service")));
    assert!(events[1]["detail"]["delivered_by"].as_str().is_some_and(|by| by.starts_with("dunst")));
}
