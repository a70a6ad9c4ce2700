//! The tray as KDE Plasma, GNOME's AppIndicator extension and Waybar host it: a real
//! StatusNotifierItem host (gtk-sni-tray-standalone with its own watcher) under Xvfb; the item is
//! read over D-Bus — its title, tooltip and icon, and its menu (`com.canonical.dbusmenu.GetLayout`)
//! with exact labels, compared with `headroom status --json` — and a click (`Event … clicked`) on
//! Notifications turns it off in config.toml and in the menu.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;

use headroom_testing::desktop::{Session, wait_for};
use serde_json::Value;

const TOOLS: [&str; 4] = ["Xvfb", "dbus-daemon", "gtk-sni-tray-standalone", "gdbus"];

/// `gdbus call` on the session's bus; its GVariant text, or None when the call failed.
fn call(session: &Session, dest: &str, path: &str, method: &str, args: &[&str]) -> Option<String> {
    let mut all = vec!["call", "--session", "--dest", dest, "--object-path", path, "--method", method];
    all.extend_from_slice(args);
    let out = session.tool("gdbus", &all);
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn property(session: &Session, item: &str, name: &str) -> Option<String> {
    let get = "org.freedesktop.DBus.Properties.Get";
    call(session, item, "/StatusNotifierItem", get, &["org.kde.StatusNotifierItem", name])
}

/// One menu row as GetLayout gives it: (id, label, toggle state), in the layout's order.
fn rows(layout: &str) -> Vec<(i32, String, Option<i32>)> {
    layout
        .split("<(")
        .skip(1)
        .filter_map(|chunk| {
            let id = chunk.split(',').next()?.trim().parse().ok()?;
            let label = chunk.split("'label': <'").nth(1).and_then(|rest| rest.split("'>").next()).unwrap_or("");
            let toggle = chunk.split("'toggle-state': <").nth(1).and_then(|rest| rest.split('>').next()?.parse().ok());
            Some((id, label.replace("__", "_"), toggle))
        })
        .collect()
}

fn layout(session: &Session, item: &str) -> Vec<(i32, String, Option<i32>)> {
    let properties = "['label', 'enabled', 'toggle-type', 'toggle-state']";
    let text = call(session, item, "/MenuBar", "com.canonical.dbusmenu.GetLayout", &["0", "--", "-1", properties]);
    rows(&text.unwrap_or_default())
}

/// "App Memory: 3.8 GB" → 3.8 (GB), "Free: 716 MB" → 0.699.
fn figure(rows: &[(i32, String, Option<i32>)], label: &str) -> Option<f64> {
    let text = &rows.iter().find(|(_, l, _)| l.starts_with(label))?.1;
    let (number, unit) = text[label.len()..].trim_start_matches(':').trim().split_once(' ')?;
    let scale = if unit.starts_with("MB") { 1.0 / 1024.0 } else { 1.0 };
    number.parse::<f64>().ok().map(|n| n * scale)
}

#[test]
fn a_status_notifier_host_shows_headroom_by_name_with_its_figures_and_its_menu_answers() {
    if !headroom_testing::have(&TOOLS) {
        return;
    }
    let mut session = Session::start();
    // Its log kept beside the screenshots: what the host said if it did not come up.
    let log = std::fs::File::create(headroom_testing::source("target/e2e/sni-host.log")).expect("log");
    let mut host = session.command("gtk-sni-tray-standalone");
    host.arg("--watcher").stdout(log.try_clone().expect("log")).stderr(log);
    session.children.push(host.spawn().expect("gtk-sni-tray-standalone starts"));
    let watcher = "org.kde.StatusNotifierWatcher";
    let registered = |session: &Session| {
        let get = "org.freedesktop.DBus.Properties.Get";
        call(session, watcher, "/StatusNotifierWatcher", get, &[watcher, "RegisteredStatusNotifierItems"])
    };
    // A minute: the host is a Haskell program whose first start reads its libraries from a cold disk
    // (one run here did not have its watcher up within 20 s; its log is kept in target/e2e).
    wait_for("the host's watcher on the bus", Duration::from_secs(60), || registered(&session));
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "# mine\nunits = \"GB\"\n").expect("config");
    let app = session.app(home.path()).spawn().expect("the app starts");
    let item = format!("org.kde.StatusNotifierItem-{}-1", app.id());
    session.children.push(app);
    wait_for("the item registered", Duration::from_secs(20), || registered(&session)?.contains(&item).then_some(()));

    // The item by name, and the figures in its tooltip once the first sample is in.
    assert_eq!(property(&session, &item, "Title").as_deref(), Some("(<'Headroom'>,)\n"));
    let tooltip = wait_for("the figures in the tooltip", Duration::from_secs(20), || {
        property(&session, &item, "ToolTip").filter(|t| t.contains("% used"))
    });
    assert!(tooltip.contains("'Headroom'") && tooltip.contains("pressure"), "{tooltip}");
    let pixmap = property(&session, &item, "IconPixmap").unwrap_or_default();
    assert!(
        pixmap.starts_with("(<[(") && pixmap.len() > 1000,
        "the icon's pixels: {}",
        &pixmap[..pixmap.len().min(80)]
    );

    // The menu, as the host reads it: exact labels, compared with `status --json`.
    let menu = wait_for("the figures in the menu", Duration::from_secs(20), || {
        let rows = layout(&session, &item);
        figure(&rows, "Compressed").is_some().then_some(rows)
    });
    let status: Value = serde_json::from_slice(
        &Command::new(headroom_testing::binary("headroom"))
            .args(["status", "--json"])
            .env("HEADROOM_CONFIG", &config)
            .output()
            .expect("status")
            .stdout,
    )
    .expect("status json");
    let gib = |key: &str| status[key].as_u64().expect("bytes") as f64 / f64::from(1u32 << 30);
    for (label, key) in [
        ("App Memory", "app"),
        ("Compressed", "compressed"),
        ("Cached Files", "cached_files"),
        ("Swap Used", "swap_used"),
    ] {
        let shown = figure(&menu, label).unwrap_or_else(|| panic!("{label} not in the menu: {menu:?}"));
        assert!((shown - gib(key)).abs() <= 0.25, "{label}: menu {shown} GB, status {:.2} GB", gib(key));
    }
    let labels: Vec<&str> = menu.iter().map(|(_, l, _)| l.as_str()).collect();
    for expected in ["Memory Pressure: ", "Wired Memory: ", "Free: ", "Top memory", "Settings", "Quit Headroom"] {
        assert!(labels.iter().any(|l| l.starts_with(expected)), "{expected} missing: {labels:?}");
    }
    let toggle = |rows: &[(i32, String, Option<i32>)], label: &str| {
        rows.iter().find(|(_, l, _)| l == label).map(|(id, _, state)| (*id, *state))
    };
    assert_eq!(toggle(&menu, "GB (as Activity Monitor)").map(|t| t.1), Some(Some(1)), "{menu:?}");
    assert_eq!(toggle(&menu, "GiB").map(|t| t.1), Some(Some(0)), "{menu:?}");
    let (notifications, on) = toggle(&menu, "Notifications").expect("the Notifications row");
    assert_eq!(on, Some(1));

    // A click, as the host sends it: Notifications off, in the file (the comment kept) and the menu.
    let event = ["--", &notifications.to_string(), "clicked", "<0>", "0"];
    assert!(call(&session, &item, "/MenuBar", "com.canonical.dbusmenu.Event", &event).is_some(), "Event answered");
    let written = wait_for("the setting in config.toml", Duration::from_secs(10), || {
        std::fs::read_to_string(&config).ok().filter(|t| t.contains("enabled = false"))
    });
    assert!(written.starts_with("# mine\nunits = \"GB\"\n"), "{written}");
    wait_for("Notifications unchecked in the menu", Duration::from_secs(10), || {
        (toggle(&layout(&session, &item), "Notifications").map(|t| t.1) == Some(Some(0))).then_some(())
    });
    let shot = headroom_testing::source("target/e2e/sni-host.png");
    session.tool("import", &["-window", "root", shot.to_str().expect("utf-8")]);
}
