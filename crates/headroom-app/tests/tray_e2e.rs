//! The menu-bar app as a person uses it: a real X session (Xvfb, D-Bus, trayer), a click on the icon,
//! the dropdown read back by OCR and compared with `headroom status --json`, then Quit.
//!
//! Needs the Debian packages `xvfb trayer xdotool x11-utils imagemagick dbus-x11 tesseract-ocr`,
//! which `scripts/check.sh` installs. The screenshots are kept in `target/e2e/`.
#![cfg(target_os = "linux")]

use headroom_testing as common;
use headroom_testing::hog;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::desktop::{Session, wait_for};
use common::menu::{MENU_WINDOW, drawn, find_window, menu_visible};
use serde_json::Value;

/// Children of `parent` that ended and were never waited for (`Z` in /proc/PID/stat), by name.
fn zombies_of(parent: u32) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("stat")).ok())
        .filter_map(|stat| {
            // "pid (name) state ppid …": the name may hold spaces, so split after its closing parenthesis.
            let (name, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
            let mut fields = rest.split_whitespace();
            let (state, ppid) = (fields.next()?, fields.next()?.parse::<u32>().ok()?);
            (ppid == parent && state == "Z").then(|| name.to_owned())
        })
        .collect()
}

/// The figure after `label` in the OCR text, in GB ("Wired Memory: 1.1 GB", "Free: 716 MB"),
/// tolerating OCR's O-for-0.
fn figure(text: &str, label: &str) -> Option<f64> {
    let line = text.lines().find(|l| l.contains(label))?;
    let rest: String = line[line.find(label)? + label.len()..]
        .chars()
        .map(|c| if c == 'O' || c == 'o' { '0' } else { c })
        .skip_while(|c| !c.is_ascii_digit())
        .collect();
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let unit = rest[number.len()..].trim_start();
    let scale = if unit.starts_with("MB") || unit.starts_with("MiB") { 1.0 / 1024.0 } else { 1.0 };
    number.parse::<f64>().ok().map(|n| n * scale)
}

/// Samples stored in the history so far (0 before the file has its table).
fn stored_samples(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .and_then(|conn| conn.query_row("SELECT count(*) FROM samples", [], |r| r.get(0)))
        .unwrap_or(0)
}

#[test]
fn the_dropdown_shows_the_live_figures_and_quit_exits_0() {
    if !headroom_testing::have(&headroom_testing::menu::TOOLS) {
        return;
    }
    // The hog's 700 MiB must not meet another test's allocation in the figures.
    let _exclusive = headroom_testing::memory_exclusive();
    let (mut session, artifacts) = headroom_testing::menu::tray_session();
    let home = tempfile::tempdir().expect("tempdir");
    // Samples reach the history within a second, so the test can wait for the first ones.
    std::fs::write(home.path().join("config.toml"), "[history]\nflush_every = \"1s\"\n").expect("config");

    // A process holding 700 MiB, started before the app: the Top memory section must name it.
    let hog = hog::Hog::start();
    // No browser for Show History…: the user's default for HTML names a handler that is not
    // installed (xdg-mime reads $XDG_CONFIG_HOME/mimeapps.list first) and BROWSER fails, so xdg-open
    // fails and the app must say where the page is. Reports go under the test's own cache directory.
    let xdg_config = home.path().join("xdg-config");
    std::fs::create_dir_all(&xdg_config).expect("dir");
    std::fs::write(
        xdg_config.join("mimeapps.list"),
        "[Default Applications]\ntext/html=headroom-test-no-such-browser.desktop\n",
    )
    .expect("mimeapps.list");
    let mut app = session.app(home.path());
    app.env("BROWSER", "/bin/false")
        .env("XDG_CONFIG_HOME", &xdg_config)
        .env("XDG_CACHE_HOME", home.path().join("cache"));
    session.children.push(app.spawn().expect("the app starts"));

    // The icon: the XEmbed window trayer shows (appindicator falls back to it without a watcher).
    let (w, h, x, y) =
        wait_for("the tray icon window", Duration::from_secs(20), || find_window(&session, "tray-icon tray app"));
    let db = home.path().join("data/history.db");
    wait_for("two samples in the history", Duration::from_secs(20), || (stored_samples(&db) >= 2).then_some(()));
    session.tool("xdotool", &["mousemove", &(x + w / 2).to_string(), &(y + h / 2).to_string(), "click", "1"]);
    wait_for("the menu shown", Duration::from_secs(10), || menu_visible(&session).then_some(()));
    let (mw, mh, mx, my) = wait_for("the open menu", Duration::from_secs(10), || find_window(&session, MENU_WINDOW));
    wait_for("the menu drawn", Duration::from_secs(10), || drawn(&session, &artifacts));
    // The pointer off the menu: the row under it is drawn highlighted, white on blue, which OCR
    // misreads (once "22.53" for "22.3") and which the screenshot would show.
    session.tool("xdotool", &["mousemove", "10", "700"]);
    wait_for("the menu drawn again", Duration::from_secs(10), || drawn(&session, &artifacts));
    let status: Value = serde_json::from_slice(
        &Command::new(headroom_testing::binary("headroom"))
            .args(["status", "--json"])
            .env("HEADROOM_CONFIG", home.path().join("config.toml"))
            .output()
            .expect("status")
            .stdout,
    )
    .expect("status json");

    let shot = artifacts.join("dropdown.png");
    let menu = artifacts.join("dropdown-menu.png");
    session.tool("import", &["-window", "root", shot.to_str().expect("utf-8")]);
    let crop = format!("{mw}x{mh}+{mx}+{my}");
    // The menu cut out of the screenshot, grey, thresholded and enlarged for OCR, then read.
    let read = |out: &Path, threshold: &str, resize: &str| {
        let (shot, out) = (shot.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
        let args = [shot, "-crop", &crop, "-colorspace", "Gray", "-threshold", threshold, "-resize", resize, out];
        session.tool("convert", &args);
        String::from_utf8(session.tool("tesseract", &[out, "stdout", "--psm", "6"]).stdout).expect("utf-8")
    };
    let text = read(&menu, "85%", "400%");
    std::fs::write(artifacts.join("dropdown.txt"), &text).expect("keep the OCR text");
    // A second reading of the same screenshot, thresholded and scaled differently: OCR now and
    // then misreads a digit of one ("8631 MB" for "831 MB"); a figure must match in either.
    let second_text = read(&artifacts.join("dropdown-menu-2.png"), "70%", "300%");
    let gib = |key: &str| status[key].as_u64().expect("bytes") as f64 / f64::from(1u32 << 30);
    // One decimal on screen, and up to one sample of drift between the menu and `status`.
    let tolerance = 0.25;
    for (label, key) in [
        // The first line: "Headroom 22.1 GB — 94 % of RAM".
        ("Headroom", "headroom"),
        ("App Memory", "app"),
        ("Wired Memory", "wired"),
        ("Compressed", "compressed"),
        ("Cached Files", "cached_files"),
        ("Free", "free"),
        ("Swap Used", "swap_used"),
    ] {
        let readings = [figure(&text, label), figure(&second_text, label)];
        assert!(readings.iter().any(Option::is_some), "{label} not read from the menu:\n{text}");
        assert!(
            readings.iter().flatten().any(|shown| (shown - gib(key)).abs() <= tolerance),
            "{label}: menu {readings:?} GB, status {:.2} GB\n{text}\n{second_text}",
            gib(key)
        );
    }
    assert!(text.contains("Memory Pressure"), "{text}");
    assert!(text.contains("Top memory"), "{text}");
    assert!(text.lines().any(|l| l.contains(hog::NAME)), "the hog in the Top memory rows: {text}");
    drop(hog);
    assert!(text.contains("Quit Headroom"), "{text}");
    // The sparkline row on Linux is the trend in words, over the span really recorded.
    assert!(
        text.lines().any(|l| (l.contains("Last") && l.contains("wired") && l.contains("used")) || l.contains("Trend: starting")),
        "the text sparkline: {text}"
    );

    // A second app in the same session says the first one runs, and exits 0.
    let mut second = session.command(headroom_testing::binary("headroom"));
    second.env("HEADROOM_DATA_DIR", home.path().join("data")).env("XDG_RUNTIME_DIR", home.path());
    let second = second.output().expect("second instance runs");
    assert_eq!(second.status.code(), Some(0));
    let said = String::from_utf8_lossy(&second.stdout);
    assert!(said.starts_with("Headroom is already running (pid "), "{said}");

    // Items by their words in the OCR boxes, relative to the menu's top-left corner (the OCR image is 4× larger).
    let tsv = String::from_utf8(
        session.tool("tesseract", &[menu.to_str().expect("utf-8"), "stdout", "--psm", "6", "tsv"]).stdout,
    )
    .expect("utf-8");
    // The last box reading `needle` when `last`, else the first ("Quit" is also the first word of
    // the apps' submenu row; Quit Headroom is the last row).
    let find = |needle: &str, last: bool| {
        let mut found = tsv.lines().filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f.len() == 12 && f[11].trim() == needle).then(|| {
                let (left, top, width, height): (i32, i32, i32, i32) =
                    (f[6].parse().ok()?, f[7].parse().ok()?, f[8].parse().ok()?, f[9].parse().ok()?);
                Some(((left + width / 2) / 4, (top + height / 2) / 4))
            })?
        });
        let hit = if last { found.next_back() } else { found.next() };
        hit.unwrap_or_else(|| panic!("no {needle} in the OCR boxes:\n{tsv}"))
    };
    let word = |needle: &str| find(needle, false);
    let (quit_x, quit_y) = find("Quit", true);
    let (test_x, test_y) = word("Test");

    // Send Test Notification: the app's notification worker shows it through dunst.
    session.tool("xdotool", &["mousemove", &(mx + test_x).to_string(), &(my + test_y).to_string(), "click", "1"]);
    wait_for("dunst to show the test notification", Duration::from_secs(10), || {
        (session.dunst_displayed() == Some(1)).then_some(())
    });
    let shown = session.dunst_close_all_and_history();
    assert!(
        shown.iter().any(|(app, summary, body)| app == "Headroom"
            && summary == "Headroom test notification"
            && body.starts_with("Notifications reach you.")),
        "{shown:?}"
    );

    // About and Show History… answer where the user looks: a notification (Linux has no About
    // panel; no browser opens here, so the answer names the page, written private to the user).
    let click_in_menu = |session: &Session, (item_x, item_y): (i32, i32)| {
        wait_for("the menu closed", Duration::from_secs(10), || (!menu_visible(session)).then_some(()));
        session.tool("xdotool", &["mousemove", &(x + w / 2).to_string(), &(y + h / 2).to_string(), "click", "1"]);
        wait_for("the menu shown again", Duration::from_secs(10), || menu_visible(session).then_some(()));
        wait_for("the menu drawn again", Duration::from_secs(10), || drawn(session, &artifacts));
        let (_, _, mx, my) = wait_for("the open menu", Duration::from_secs(10), || find_window(session, MENU_WINDOW));
        session.tool("xdotool", &["mousemove", &(mx + item_x).to_string(), &(my + item_y).to_string(), "click", "1"]);
    };
    click_in_menu(&session, word("About"));
    wait_for("the About answer", Duration::from_secs(10), || session.dunst_displayed().filter(|n| *n >= 1));
    let shown = session.dunst_close_all_and_history();
    assert!(
        shown.iter().any(|(_, summary, body)| summary.starts_with("Headroom 0.") && body.contains("Settings: ")),
        "{shown:?}"
    );
    click_in_menu(&session, word("Show"));
    wait_for("the Show History answer", Duration::from_secs(30), || session.dunst_displayed().filter(|n| *n >= 1));
    let shown = session.dunst_close_all_and_history();
    let (_, _, body) = shown
        .iter()
        .find(|(_, summary, _)| summary == "Could not show the history")
        .unwrap_or_else(|| panic!("no answer to Show History…: {shown:?}"));
    let page = Path::new(body.rsplit("The page is at ").next().expect("a path").trim());
    assert!(page.starts_with(home.path().join("cache")), "{body}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(page).expect("the page is there").permissions().mode() & 0o777, 0o600, "{body}");
    let app_pid = session.children.last().expect("app").id();
    assert_eq!(zombies_of(app_pid), Vec::<String>::new(), "every opener the app started was reaped");

    // Quit: open the menu again, click it, and expect a clean exit.
    wait_for("the menu closed", Duration::from_secs(10), || (!menu_visible(&session)).then_some(()));
    session.tool("xdotool", &["mousemove", &(x + w / 2).to_string(), &(y + h / 2).to_string(), "click", "1"]);
    wait_for("the menu shown again", Duration::from_secs(10), || menu_visible(&session).then_some(()));
    wait_for("the menu drawn again", Duration::from_secs(10), || drawn(&session, &artifacts));
    let (_, _, mx, my) = wait_for("the open menu", Duration::from_secs(10), || find_window(&session, MENU_WINDOW));
    let (qx, qy) = (mx + quit_x, my + quit_y);
    let reopened = artifacts.join("reopened.png");
    session.tool("import", &["-window", "root", reopened.to_str().expect("utf-8")]);
    session.tool("xdotool", &["mousemove", &qx.to_string(), &qy.to_string(), "click", "1"]);
    let app = session.children.last_mut().expect("app");
    let status = wait_for("the app to exit", Duration::from_secs(10), || app.try_wait().ok().flatten());
    assert_eq!(status.code(), Some(0), "Quit exits with status 0");
    assert!(home.path().join("data/history.db").exists(), "the history was written at exit");
    // The test notification is in the history's events, with who showed it.
    let listed = Command::new(headroom_testing::binary("headroom"))
        .args(["notify", "--json"])
        .env("HEADROOM_DATA_DIR", home.path().join("data"))
        .output()
        .expect("notify --json");
    let events: Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    let sent: Vec<&Value> =
        events.as_array().expect("array").iter().filter(|e| e["kind"] == "notification_sent").collect();
    assert_eq!(sent.len(), 1, "{events}");
    assert!(sent[0]["detail"]["delivered_by"].as_str().is_some_and(|by| by.starts_with("dunst")), "{events}");
}
