//! The menu-bar app as a person uses it: a real X session (Xvfb, D-Bus, trayer), a click on the icon,
//! the dropdown read back by OCR and compared with `headroom status --json`, then Quit.
//!
//! Needs the Debian packages `xvfb trayer xdotool x11-utils imagemagick dbus-x11 tesseract-ocr`,
//! which `scripts/check.sh` installs. The screenshots are kept in `target/e2e/`.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Children that are killed whatever the test's outcome.
struct Session {
    children: Vec<Child>,
    dbus_pid: Option<i32>,
}

impl Drop for Session {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(pid) = self.dbus_pid {
            // SAFETY: signalling the session bus this test started.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
    }
}

fn tool(name: &str, args: &[&str], env: &[(String, String)]) -> Output {
    let mut command = Command::new(name);
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap_or_else(|e| panic!("{name} is needed for this test (scripts/check.sh installs it): {e}"))
}

fn wait_for<T>(what: &str, limit: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A window line of `xwininfo -root -tree` whose names contain `needle`: (width, height, x, y) absolute.
fn find_window(env: &[(String, String)], needle: &str) -> Option<(i32, i32, i32, i32)> {
    let tree = String::from_utf8(tool("xwininfo", &["-root", "-tree"], env).stdout).ok()?;
    tree.lines().filter(|line| line.contains(needle)).find_map(|line| {
        // ... ("class" "Class")  393x261+630+31  +630+31
        let mut fields = line.split_whitespace().rev();
        let absolute = fields.next()?;
        let geometry = fields.next()?;
        let (size, _) = geometry.split_once('+')?;
        let (w, h) = size.split_once('x')?;
        let mut coords = absolute.trim_start_matches('+').split('+');
        let (x, y) = (coords.next()?.parse().ok()?, coords.next()?.parse().ok()?);
        let (w, h): (i32, i32) = (w.parse().ok()?, h.parse().ok()?);
        (w > 20 && h > 20 && x >= 0).then_some((w, h, x, y))
    })
}

/// The GB figure after `label` in the OCR text ("Wired Memory: 0.1 GB"), tolerating OCR's O-for-0.
fn figure(text: &str, label: &str) -> Option<f64> {
    let line = text.lines().find(|l| l.contains(label))?;
    let rest = &line[line.find(label)? + label.len()..];
    let number: String = rest
        .chars()
        .map(|c| if c == 'O' || c == 'o' { '0' } else { c })
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    number.parse().ok()
}

#[test]
fn the_dropdown_shows_the_live_figures_and_quit_exits_0() {
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&artifacts).expect("artifact dir");
    let home = tempfile::tempdir().expect("tempdir");
    let display = format!(":{}", 40 + std::process::id() % 50);
    let mut env: Vec<(String, String)> = vec![("DISPLAY".into(), display.clone()), ("NO_AT_BRIDGE".into(), "1".into())];
    let mut session = Session { children: Vec::new(), dbus_pid: None };

    session.children.push(
        Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is needed (scripts/check.sh installs it)"),
    );
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{}", &display[1..]));
    wait_for("the X server", Duration::from_secs(10), || socket.exists().then_some(()));

    let bus = String::from_utf8(tool("dbus-launch", &["--sh-syntax"], &env).stdout).expect("utf-8");
    for line in bus.lines() {
        if let Some(rest) = line.strip_prefix("DBUS_SESSION_BUS_ADDRESS='") {
            env.push(("DBUS_SESSION_BUS_ADDRESS".into(), rest.split('\'').next().unwrap_or_default().to_owned()));
        }
        if let Some(rest) = line.strip_prefix("DBUS_SESSION_BUS_PID=") {
            session.dbus_pid = rest.trim_end_matches(';').parse().ok();
        }
    }
    let mut trayer = Command::new("trayer");
    trayer.args(["--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32"]);
    for (key, value) in &env {
        trayer.env(key, value);
    }
    session.children.push(trayer.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("trayer"));
    std::thread::sleep(Duration::from_secs(1));

    let mut app = Command::new(env!("CARGO_BIN_EXE_headroom"));
    app.env("HEADROOM_DATA_DIR", home.path().join("data"))
        .env("HEADROOM_CONFIG", home.path().join("config.toml"))
        .env("XDG_RUNTIME_DIR", home.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (key, value) in &env {
        app.env(key, value);
    }
    session.children.push(app.spawn().expect("the app starts"));

    // The icon: the XEmbed window trayer shows (appindicator falls back to it without a watcher).
    let (w, h, x, y) =
        wait_for("the tray icon window", Duration::from_secs(20), || find_window(&env, "tray-icon tray app"));
    std::thread::sleep(Duration::from_secs(3)); // the first samples arrive
    tool("xdotool", &["mousemove", &(x + w / 2).to_string(), &(y + h / 2).to_string(), "click", "1"], &env);
    let (mw, mh, mx, my) =
        wait_for("the open menu", Duration::from_secs(10), || find_window(&env, "(\"headroom\" \"Headroom\")"));
    std::thread::sleep(Duration::from_millis(800));
    let status: Value = serde_json::from_slice(
        &Command::new(env!("CARGO_BIN_EXE_headroom"))
            .args(["status", "--json"])
            .env("HEADROOM_CONFIG", home.path().join("config.toml"))
            .output()
            .expect("status")
            .stdout,
    )
    .expect("status json");

    let shot = artifacts.join("dropdown.png");
    let menu = artifacts.join("dropdown-menu.png");
    tool("import", &["-window", "root", shot.to_str().expect("utf-8")], &env);
    let crop = format!("{mw}x{mh}+{mx}+{my}");
    tool(
        "convert",
        &[
            shot.to_str().expect("utf-8"),
            "-crop",
            &crop,
            "-colorspace",
            "Gray",
            "-threshold",
            "85%",
            "-resize",
            "400%",
            menu.to_str().expect("utf-8"),
        ],
        &env,
    );
    let text =
        String::from_utf8(tool("tesseract", &[menu.to_str().expect("utf-8"), "stdout", "--psm", "6"], &env).stdout)
            .expect("utf-8");
    std::fs::write(artifacts.join("dropdown.txt"), &text).expect("keep the OCR text");

    let gib = |key: &str| status[key].as_u64().expect("bytes") as f64 / f64::from(1u32 << 30);
    // One decimal on screen, and up to one sample of drift between the menu and `status`.
    let tolerance = 0.25;
    for (label, key) in [
        ("App Memory", "app"),
        ("Wired Memory", "wired"),
        ("Compressed", "compressed"),
        ("Cached Files", "cached_files"),
        ("Free", "free"),
        ("Swap Used", "swap_used"),
    ] {
        let shown = figure(&text, label).unwrap_or_else(|| panic!("{label} not read from the menu:\n{text}"));
        assert!((shown - gib(key)).abs() <= tolerance, "{label}: menu {shown} GB, status {:.2} GB\n{text}", gib(key));
    }
    assert!(text.contains("Memory Pressure"), "{text}");
    assert!(text.contains("Quit Headroom"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("Used") && l.contains("Wired")), "the text sparkline: {text}");

    // A second app in the same session says the first one runs, and exits 0.
    let mut second = Command::new(env!("CARGO_BIN_EXE_headroom"));
    second.env("HEADROOM_DATA_DIR", home.path().join("data")).env("XDG_RUNTIME_DIR", home.path());
    for (key, value) in &env {
        second.env(key, value);
    }
    let second = second.output().expect("second instance runs");
    assert_eq!(second.status.code(), Some(0));
    let said = String::from_utf8_lossy(&second.stdout);
    assert!(said.starts_with("Headroom is already running (pid "), "{said}");

    // Quit: find its line in the OCR boxes, click it, and expect a clean exit.
    let tsv = String::from_utf8(
        tool("tesseract", &[menu.to_str().expect("utf-8"), "stdout", "--psm", "6", "tsv"], &env).stdout,
    )
    .expect("utf-8");
    let (qx, qy) = tsv
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f.len() == 12 && f[11].trim() == "Quit").then(|| {
                let (left, top, width, height): (i32, i32, i32, i32) =
                    (f[6].parse().ok()?, f[7].parse().ok()?, f[8].parse().ok()?, f[9].parse().ok()?);
                Some((mx + (left + width / 2) / 4, my + (top + height / 2) / 4))
            })?
        })
        .next()
        .unwrap_or_else(|| panic!("no Quit in the OCR boxes:\n{tsv}"));
    tool("xdotool", &["mousemove", &qx.to_string(), &qy.to_string(), "click", "1"], &env);
    let app = session.children.last_mut().expect("app");
    let status = wait_for("the app to exit", Duration::from_secs(10), || app.try_wait().ok().flatten());
    assert_eq!(status.code(), Some(0), "Quit exits with status 0");
    assert!(home.path().join("data/history.db").exists(), "the history was written at exit");
}
