//! Notifications reach a real freedesktop notification server: dunst on a private session bus.
//!
//! Needs the Debian packages `dunst xvfb dbus-x11`, which `scripts/bootstrap.sh` installs.
#![cfg(target_os = "linux")]

use headroom_testing as common;

use std::time::Duration;

use common::desktop::{Session, wait_for};
use serde_json::Value;

#[test]
fn a_test_notification_is_shown_by_dunst_and_refused_without_a_server() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "dunst", "dunstctl");
    let data = tempfile::tempdir().expect("tempdir");
    let mut session = Session::start();

    // A session bus with nobody serving notifications: exit 1 and the reason.
    let absent = session.headroom(data.path(), &["notify", "--test"]);
    let said = String::from_utf8_lossy(&absent.stderr);
    assert_eq!(absent.status.code(), Some(1), "{said}");
    assert!(said.contains("no notification service"), "{said}");
    assert!(said.contains("org.freedesktop.Notifications"), "the D-Bus reason is kept: {said}");

    session.spawn("dunst", &[]);
    wait_for("dunst to answer", Duration::from_secs(10), || session.dunst_displayed());

    let sent = session.headroom(data.path(), &["notify", "--test", "--json"]);
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
    let listed = session.headroom(data.path(), &["notify", "--json"]);
    let events: Value = serde_json::from_slice(&listed.stdout).expect("a JSON array");
    let events = events.as_array().expect("array");
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(|e| e["kind"] == "notification_sent" && e["detail"]["kind"] == "test"));
    assert!(events[0]["detail"]["error"].as_str().is_some_and(|e| e.contains("no notification service")));
    assert!(events[1]["detail"]["delivered_by"].as_str().is_some_and(|by| by.starts_with("dunst")));
}

#[test]
fn snooze_picked_on_a_notification_reaches_the_app_with_its_kind() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "dunst", "dunstctl");
    use headroom_core::notify::{Kind, Notification, deliver};

    let dir = tempfile::tempdir().expect("tempdir");
    // dunst's context menu runs `dmenu` with one line per action; this stand-in picks the first
    // and keeps the list, as a person choosing "Snooze for a day" would.
    let menu_seen = dir.path().join("menu.txt");
    let picker = dir.path().join("pick.sh");
    std::fs::write(&picker, format!("#!/bin/sh\ntee {} | head -n 1\necho\n", menu_seen.display())).expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&picker, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let config = dir.path().join("dunstrc");
    std::fs::write(&config, format!("[global]\n    dmenu = {}\n", picker.display())).expect("write");

    let mut session = Session::start();
    session.spawn("dunst", &["-config", config.to_str().expect("utf-8")]);
    wait_for("dunst to answer", Duration::from_secs(10), || session.dunst_displayed());
    let bus = session.env.iter().find(|(k, _)| k == "DBUS_SESSION_BUS_ADDRESS").expect("bus").1.clone();
    // SAFETY of the environment change: the library connects to the session bus named here; the
    // other test in this binary passes its own bus to every process it starts.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", bus) };

    let (picked, snoozed) = std::sync::mpsc::channel();
    let picked = std::sync::Mutex::new(picked);
    let on_snooze: deliver::OnSnooze = std::sync::Arc::new(move |kind| {
        let _ = picked.lock().map(|p| p.send(kind));
    });
    // A test notification offers no snooze; an alert does.
    deliver::send_with_snooze(&headroom_core::notify::test_notification(None), on_snooze.clone()).expect("shown");
    let jump = Notification {
        subject: None,
        kind: Kind::Jump,
        title: "Wired memory jumped by 2.0 GB".into(),
        body: "2.4 GB → 4.4 GB and it stayed.".into(),
    };
    deliver::send_with_snooze(&jump, on_snooze).expect("shown");
    wait_for("both shown", Duration::from_secs(5), || (session.dunst_displayed() == Some(2)).then_some(()));

    session.tool("dunstctl", &["context"]);
    let kind = snoozed.recv_timeout(Duration::from_secs(10)).expect("the snooze action came back");
    assert_eq!(kind, Kind::Jump);
    let menu = std::fs::read_to_string(&menu_seen).expect("dunst ran the menu");
    assert!(menu.contains("Snooze for a day (Wired memory jumped by 2.0 GB)"), "{menu}");
    assert!(!menu.contains("Headroom test notification"), "the test notification has no action: {menu}");
}
