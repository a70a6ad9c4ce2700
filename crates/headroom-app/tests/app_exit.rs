//! Every way the menu-bar app can end writes every sample it took and frees the recording lock:
//! Quit in its menu, Ctrl-C (SIGINT), SIGTERM, and the session bus gone — on a real X session
//! (Xvfb, D-Bus, trayer). Each of them leaves tao's loop through `Event::LoopDestroyed`, the one
//! place the app writes its history on the way out, and the one event macOS sends when it quits the
//! app itself at logout, restart or shutdown (AppKit's `applicationWillTerminate:`).
//!
//! Needs the Debian packages `xvfb trayer xdotool x11-utils dbus-x11` (scripts/bootstrap.sh).
#![cfg(target_os = "linux")]

use headroom_testing as common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::desktop::{Session, wait_for};

#[derive(Debug, Clone, Copy)]
enum Ending {
    /// The menu's last item, Quit Headroom, chosen with the keyboard in the open menu.
    Quit,
    Sigint,
    Sigterm,
    /// The desktop session ending or dbus-daemon crashing: GLib's shared bus connection raises
    /// SIGTERM when the bus closes (GDBusConnection:exit-on-close, TRUE for `g_bus_get`
    /// connections, docs.gtk.org/gio), which the app takes as Quit.
    BusGone,
}

/// The app with a 1 s sample and the default flush (every 60 s): every sample this test sees is
/// still only in memory when the app is told to end. It logs each sample it queues for the history.
fn start_app(session: &Session, home: &Path) -> (Child, mpsc::Receiver<String>) {
    std::fs::write(home.join("config.toml"), "sample_interval = \"1s\"\n").expect("config");
    let mut app = session
        .app(home)
        .env("HEADROOM_LOG", "warn,headroom_core::history::recording=trace")
        .stderr(Stdio::piped())
        .spawn()
        .expect("the app starts");
    let stderr = BufReader::new(app.stderr.take().expect("stderr"));
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (app, lines)
}

fn queued(lines: &[String]) -> usize {
    lines.iter().filter(|l| l.contains("sample queued")).count()
}

/// The tray icon's window centre, once trayer shows it (appindicator's XEmbed fallback).
fn icon_centre(session: &Session) -> Option<(i32, i32)> {
    let found = session.tool("xdotool", &["search", "--onlyvisible", "--classname", "^tray-icon tray app"]);
    let id = String::from_utf8(found.stdout).ok()?.lines().next()?.trim().to_owned();
    let geometry = String::from_utf8(session.tool("xdotool", &["getwindowgeometry", "--shell", &id]).stdout).ok()?;
    let field = |key: &str| geometry.lines().find_map(|l| l.strip_prefix(key)?.parse::<i32>().ok());
    Some((field("X=")? + field("WIDTH=")? / 2, field("Y=")? + field("HEIGHT=")? / 2))
}

/// The open dropdown: a visible window whose class is the app's executable name.
fn menu_is_open(session: &Session) -> bool {
    let found = session.tool("xdotool", &["search", "--onlyvisible", "--class", "^headroom-app$"]);
    !String::from_utf8_lossy(&found.stdout).trim().is_empty()
}

fn end(session: &mut Session, app: &Child, how: Ending) {
    match how {
        Ending::Quit => {
            let (x, y) = wait_for("the tray icon", Duration::from_secs(20), || icon_centre(session));
            session.tool("xdotool", &["mousemove", &x.to_string(), &y.to_string(), "click", "1"]);
            wait_for("the open menu", Duration::from_secs(10), || menu_is_open(session).then_some(()));
            // End selects the menu's last item (GtkMenuShell's key binding), Quit Headroom.
            session.tool("xdotool", &["key", "End", "Return"]);
        }
        // SAFETY: signalling the child this test started.
        Ending::Sigint => assert_eq!(unsafe { libc::kill(app.id() as i32, libc::SIGINT) }, 0),
        Ending::Sigterm => assert_eq!(unsafe { libc::kill(app.id() as i32, libc::SIGTERM) }, 0),
        Ending::BusGone => session.kill_bus(),
    }
}

/// Starts the app, lets it take a few samples, ends it `how`, and checks that the history holds
/// exactly the samples it queued, that it exited 0 and that the recording lock is free.
fn every_sample_written_when_ended(how: Ending) {
    let home = tempfile::tempdir().expect("tempdir");
    let mut session = Session::start();
    session.spawn("trayer", &["--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32"]);
    let (mut app, lines) = start_app(&session, home.path());
    let mut said = Vec::new();
    while queued(&said) < 4 {
        said.push(lines.recv_timeout(Duration::from_secs(30)).expect("the app keeps sampling"));
    }
    let data = home.path().join("data");
    let db = data.join(headroom_core::history::DB_FILE);
    assert!(app.try_wait().expect("state").is_none(), "{how:?}: running before it is ended");

    end(&mut session, &app, how);
    let status = wait_for("the app to end", Duration::from_secs(15), || app.try_wait().expect("state"));
    said.extend(lines.iter());
    assert_eq!(status.code(), Some(0), "{how:?} ends it as Quit does: {said:?}");
    assert!(!said.iter().any(|l| l.contains("panicked") || l.contains("warning")), "{how:?}: {said:?}");
    let conn = rusqlite::Connection::open(&db).expect("open the history");
    let rows: i64 = conn.query_row("SELECT count(*) FROM samples", [], |r| r.get(0)).expect("count");
    assert_eq!(rows as usize, queued(&said), "{how:?}: every sample the app queued is in the history");
    headroom_core::history::RecorderLock::acquire(&data).expect("the recording lock is free again");
}

#[test]
fn quit_in_the_menu_writes_every_sample() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "trayer", "xdotool");
    every_sample_written_when_ended(Ending::Quit);
}

#[test]
fn ctrl_c_writes_every_sample() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "trayer", "xdotool");
    every_sample_written_when_ended(Ending::Sigint);
}

#[test]
fn sigterm_writes_every_sample() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "trayer", "xdotool");
    every_sample_written_when_ended(Ending::Sigterm);
}

#[test]
fn the_session_bus_gone_ends_the_app_as_quit_with_every_sample_written() {
    headroom_testing::require!("Xvfb", "dbus-daemon", "trayer", "xdotool");
    every_sample_written_when_ended(Ending::BusGone);
}
