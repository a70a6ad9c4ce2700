//! The user's language, as a person meets it: started with `LANG=de_DE.UTF-8` the dropdown is in
//! German, with Activity Monitor's German words and a decimal comma; `language = "fr"` saved in
//! config.toml turns it French without a restart. Read back by OCR under Xvfb.
#![cfg(target_os = "linux")]

use std::time::Duration;

use headroom_testing::desktop::wait_for;
use headroom_testing::menu::{find_window, read_dropdown};

#[test]
fn the_dropdown_speaks_the_environments_language_and_the_language_setting_at_once() {
    if !headroom_testing::have(&headroom_testing::menu::TOOLS) {
        return;
    }
    let (mut session, artifacts) = headroom_testing::menu::tray_session();
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "units = \"GB\"\n").expect("config");
    let app = session.app(home.path()).env("LANG", "de_DE.UTF-8").spawn().expect("the app starts");
    session.children.push(app);
    let icon =
        wait_for("the tray icon window", Duration::from_secs(20), || find_window(&session, "tray-icon tray app"));
    let read = |session: &headroom_testing::desktop::Session| read_dropdown(session, icon, &artifacts);
    // The first sample's figures (before it, the rows read "wird gelesen…").
    let german = wait_for("the German dropdown with figures", Duration::from_secs(30), || {
        let text = read(&session);
        text.lines().any(|l| l.contains("Komprimiert") && (l.contains(" GB") || l.contains(" MB"))).then_some(text)
    });
    // Kept for a person to look at: the German dropdown as read.
    let _ = std::fs::copy(artifacts.join("read-text.png"), artifacts.join("menu-de.png"));
    assert!(german.contains("Speicherdruck"), "{german}");
    assert!(german.contains("Komprimiert"), "{german}");
    assert!(german.contains("Einstellungen") && german.contains("Headroom beenden"), "{german}");
    // A decimal comma where a figure has a fraction ("3,8 GB"): one row at least of the seven sizes.
    let comma = german
        .split_whitespace()
        .any(|w| w.len() >= 3 && w.contains(',') && w.chars().all(|c| c.is_ascii_digit() || c == ','));
    assert!(comma, "no decimal comma in\n{german}");

    // Saved as French: the next reads are French, with no restart.
    std::fs::write(&config, "units = \"GB\"\nlanguage = \"fr\"\n").expect("config");
    let french = wait_for("the French dropdown", Duration::from_secs(30), || {
        let text = read(&session);
        (text.contains("Compress") && text.contains("Pression")).then_some(text)
    });
    assert!(french.contains("Quitter Headroom"), "{french}");
    assert!(!french.contains("Speicherdruck"), "{french}");
}
