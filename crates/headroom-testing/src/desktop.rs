//! A private desktop session for end-to-end tests: Xvfb on its own display and a session bus, killed at drop.

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The session's processes, killed whatever the test's outcome, and the environment that reaches them.
pub struct Session {
    pub env: Vec<(String, String)>,
    pub children: Vec<Child>,
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

impl Session {
    /// Xvfb on a display it picks itself (`-displayfd`: the first free one, written to a pipe once
    /// the server listens, so parallel tests never collide and nothing waits for a socket) and a
    /// D-Bus session bus.
    pub fn start() -> Session {
        let (xvfb, display) = start_xvfb();
        let mut session = Session {
            env: vec![("DISPLAY".into(), display), ("NO_AT_BRIDGE".into(), "1".into())],
            children: vec![xvfb],
            dbus_pid: None,
        };

        // A bus of our own with no service directories: nothing is started on demand, so the test
        // decides which services exist (dunst would otherwise be D-Bus-activated by its .service file).
        // One file per session: tests of one binary run in parallel under the same pid, and one
        // removing its file while another's dbus-daemon still reads it made that daemon fail.
        let display_number = session.env[0].1.trim_start_matches(':').to_owned();
        let config =
            std::env::temp_dir().join(format!("headroom-test-bus-{}-{display_number}.conf", std::process::id()));
        std::fs::write(&config, BUS_CONFIG).expect("write the bus config");
        let config_arg = format!("--config-file={}", config.display());
        let bus = session.tool("dbus-daemon", &[&config_arg, "--print-address=1", "--print-pid=1", "--fork"]);
        let _ = std::fs::remove_file(&config);
        let bus = String::from_utf8(bus.stdout).expect("utf-8");
        let mut lines = bus.lines();
        if let Some(address) = lines.next().filter(|a| a.starts_with("unix:")) {
            session.env.push(("DBUS_SESSION_BUS_ADDRESS".into(), address.to_owned()));
        }
        session.dbus_pid = lines.next().and_then(|pid| pid.trim().parse().ok());
        assert!(session.env.iter().any(|(k, _)| k == "DBUS_SESSION_BUS_ADDRESS"), "dbus-launch said: {bus}");
        session
    }

    /// Ends the session bus (the desktop session ending, or dbus-daemon crashing) and waits until
    /// its socket refuses connections.
    pub fn kill_bus(&mut self) {
        let pid = self.dbus_pid.take().expect("the session has a bus");
        // SAFETY: signalling the session bus this test started.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0, "the bus is signalled");
        wait_for("the bus to go", Duration::from_secs(10), || {
            // SAFETY: signal 0 only asks whether the process still exists.
            (unsafe { libc::kill(pid, 0) } != 0).then_some(())
        });
    }

    /// A command with the session's environment.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }

    /// `headroom ARGS` run in the session, its history in `data` and no config file (the defaults).
    pub fn headroom(&self, data: &std::path::Path, args: &[&str]) -> Output {
        self.command(crate::binary("headroom"))
            .args(args)
            .env("HEADROOM_DATA_DIR", data)
            .env("HEADROOM_CONFIG", data.join("absent-config.toml"))
            .output()
            .expect("headroom runs")
    }

    /// The menu-bar app as the session would start it, everything of its own under `home`: history
    /// in `home/data`, config `home/config.toml` (the defaults unless a test writes it), runtime
    /// directory `home`; its output discarded unless the test asks for it.
    pub fn app(&self, home: &std::path::Path) -> Command {
        let mut app = self.command(crate::binary("headroom"));
        // English unless a test asks for another language: the app speaks the environment's.
        app.env("HEADROOM_DATA_DIR", home.join("data"))
            .env("HEADROOM_CONFIG", home.join("config.toml"))
            .env("XDG_RUNTIME_DIR", home)
            .env("LANG", "C.UTF-8")
            .env_remove("LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        app
    }

    /// Runs a tool in the session and returns its output.
    pub fn tool(&self, name: &str, args: &[&str]) -> Output {
        self.command(name)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{name} is needed for this test (scripts/bootstrap.sh installs it): {e}"))
    }

    /// Starts a long-running program in the session, killed with it.
    pub fn spawn(&mut self, program: &str, args: &[&str]) {
        let child =
            self.command(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap_or_else(|e| {
                panic!("{program} is needed for this test (scripts/bootstrap.sh installs it): {e}")
            });
        self.children.push(child);
    }
}

/// Starts Xvfb with `-displayfd` and returns it with the display it chose (":N"), once it accepts
/// connections (Xvfb writes the number only then: Xserver(1), `-displayfd`).
fn start_xvfb() -> (Child, String) {
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills the two descriptors; without O_CLOEXEC the write end is inherited by Xvfb.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe: {}", std::io::Error::last_os_error());
    let [read_end, write_end] = fds;
    let child = Command::new("Xvfb")
        .args(["-displayfd", &write_end.to_string(), "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is needed (scripts/bootstrap.sh installs it)");
    // SAFETY: the parent's copy of the write end is closed so that a dying Xvfb ends the read with EOF;
    // the read end becomes a File that owns it.
    let reader = unsafe {
        libc::close(write_end);
        <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(read_end)
    };
    // One line ("N\n"): Xvfb may keep the descriptor open, so read up to the newline, not to EOF.
    let mut number = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(reader).take(16), &mut number).ok();
    let number = number.trim().to_owned();
    assert!(!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()), "Xvfb gave no display: {number:?}");
    (child, format!(":{number}"))
}

/// A notification dunst showed or has in its history: (app name, summary, body).
pub type Shown = (String, String, String);

impl Session {
    /// `dunstctl count`'s "Currently displayed" figure, once dunst answers on the bus.
    pub fn dunst_displayed(&self) -> Option<u32> {
        let out = self.tool("dunstctl", &["count"]);
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines().find_map(|l| l.trim().strip_prefix("Currently displayed:")).and_then(|n| n.trim().parse().ok())
    }

    /// Closes what dunst shows and returns its history, newest first.
    pub fn dunst_close_all_and_history(&self) -> Vec<Shown> {
        self.tool("dunstctl", &["close-all"]);
        let out = self.tool("dunstctl", &["history"]);
        let history: serde_json::Value = serde_json::from_slice(&out.stdout).expect("dunstctl history is JSON");
        let field = |n: &serde_json::Value, key: &str| n[key]["data"].as_str().unwrap_or_default().to_owned();
        history["data"][0]
            .as_array()
            .map(|entries| {
                entries.iter().map(|n| (field(n, "appname"), field(n, "summary"), field(n, "body"))).collect()
            })
            .unwrap_or_default()
    }
}

/// A session bus that anyone may use and own names on, and that activates nothing.
const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

pub fn wait_for<T>(what: &str, limit: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}
