//! Settings that apply at once, as a person meets them: the dropdown shows GB; config.toml is
//! saved with `units = "GiB"` and, without a restart, the dropdown shows GiB; the Settings submenu
//! switches back to GB and writes it into the file, its comment kept; a broken edit keeps GB and
//! puts the error's line at the top of the dropdown. Read back by OCR under Xvfb.
#![cfg(target_os = "linux")]

use std::time::Duration;

use headroom_testing::desktop::wait_for;
use headroom_testing::menu::{find_window, find_word, open_menu, read_dropdown};

#[test]
fn a_saved_config_applies_without_a_restart_and_a_broken_one_says_where() {
    if !headroom_testing::have(&headroom_testing::menu::TOOLS) {
        return;
    }
    let (mut session, artifacts) = headroom_testing::menu::tray_session();
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "# chosen by hand\nunits = \"GB\"\n").expect("config");
    let app = session.app(home.path()).spawn().expect("the app starts");
    session.children.push(app);
    let icon =
        wait_for("the tray icon window", Duration::from_secs(20), || find_window(&session, "tray-icon tray app"));
    let read = |session: &headroom_testing::desktop::Session| read_dropdown(session, icon, &artifacts);
    let shows = |text: &str, unit: &str| text.lines().any(|l| l.contains("Wired Memory") && l.contains(unit));
    let first = read(&session);
    assert!(shows(&first, " GB") || shows(&first, " MB"), "{first}");

    std::fs::write(&config, "# chosen by hand\nunits = \"GiB\"\n").expect("config");
    let applied = wait_for("GiB in the dropdown", Duration::from_secs(30), || {
        let text = read(&session);
        (shows(&text, "GiB") || shows(&text, "MiB")).then_some(text)
    });
    assert!(applied.contains("Memory Pressure"), "{applied}");

    // Settings › Units › GB, with the keyboard once the Settings row is open: Right enters its
    // first group (Menu Bar Shows), Down moves to Units, Right opens it at GB, Return picks it.
    let menu = open_menu(&session, icon, &artifacts);
    let row = find_word(&session, menu, "Settings", &artifacts).expect("the Settings row");
    session.tool("xdotool", &["mousemove", &row.0.to_string(), &row.1.to_string(), "click", "1"]);
    std::thread::sleep(Duration::from_millis(500));
    session.tool("xdotool", &["key", "Right", "Down", "Right"]);
    std::thread::sleep(Duration::from_millis(500));
    let shot = artifacts.join("settings-submenu.png");
    session.tool("import", &["-window", "root", shot.to_str().expect("utf-8")]);
    session.tool("xdotool", &["key", "Return"]);
    let written = wait_for("units = GB in the file", Duration::from_secs(10), || {
        let text = std::fs::read_to_string(&config).ok()?;
        text.contains("units = \"GB\"").then_some(text)
    });
    assert_eq!(written, "# chosen by hand\nunits = \"GB\"\n", "only the value changed");
    wait_for("GB in the dropdown", Duration::from_secs(30), || {
        let text = read(&session);
        (shows(&text, " GB") || shows(&text, " MB")).then_some(text)
    });

    // A broken edit: the last good settings stay and the first row says where.
    std::fs::write(&config, "# chosen by hand\nunits = \"GB\"\nsample_interval = \n").expect("config");
    let broken = wait_for("the error row", Duration::from_secs(30), || {
        let text = read(&session);
        text.contains("Settings file has an error on line 3").then_some(text)
    });
    assert!(shows(&broken, " GB") || shows(&broken, " MB"), "the last good units stay: {broken}");
    assert_eq!(
        std::fs::read_to_string(&config).expect("config"),
        "# chosen by hand\nunits = \"GB\"\nsample_interval = \n",
        "a broken file is never rewritten"
    );
}
