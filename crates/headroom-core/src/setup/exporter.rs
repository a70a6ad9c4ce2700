//! `headroom export` as a per-user service: the systemd user unit (Linux) or the LaunchAgent (macOS), from packaging/.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The shipped systemd user unit; its `ExecStart=/usr/bin/headroom` is replaced by the installed program.
pub(crate) const USER_UNIT_TEMPLATE: &str =
    include_str!("../../../../packaging/systemd/headroom-exporter.user.service");
/// The shipped LaunchAgent; its `/usr/local/bin/headroom` is replaced by the installed program.
pub const LAUNCH_AGENT_TEMPLATE: &str = include_str!("../../../../packaging/macos/app.headroom.exporter.plist");
/// The unit's name for `systemctl --user`.
pub(crate) const UNIT_NAME: &str = "headroom-exporter.service";
/// The LaunchAgent's label for `launchctl`.
pub const AGENT_LABEL: &str = "app.headroom.exporter";

/// Which service manager the file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    SystemdUser,
    Launchd,
}

impl Manager {
    /// This system's manager.
    pub fn here() -> Manager {
        Manager::of(crate::sys::PLATFORM)
    }

    /// The manager of `platform`: launchd on macOS, the systemd user instance on Linux.
    pub(crate) fn of(platform: crate::Platform) -> Manager {
        match platform {
            crate::Platform::Macos => Manager::Launchd,
            crate::Platform::Linux => Manager::SystemdUser,
        }
    }

    /// Where the file goes: `config_home/systemd/user/` (XDG) or `home/Library/LaunchAgents/`.
    pub fn path(self, home: &Path, config_home: &Path) -> PathBuf {
        match self {
            Manager::SystemdUser => config_home.join("systemd/user").join(UNIT_NAME),
            Manager::Launchd => home.join("Library/LaunchAgents").join(format!("{AGENT_LABEL}.plist")),
        }
    }

    /// The file's content, running `exe`.
    pub fn render(self, exe: &Path) -> String {
        match self {
            Manager::SystemdUser => USER_UNIT_TEMPLATE
                .replace("ExecStart=/usr/bin/headroom ", &format!("ExecStart={} ", systemd_quote(exe))),
            Manager::Launchd => LAUNCH_AGENT_TEMPLATE.replace(
                "<string>/usr/local/bin/headroom</string>",
                &format!("<string>{}</string>", super::file::plist_string(exe)),
            ),
        }
    }
}

/// launchd's tool, by its fixed path.
pub(crate) const LAUNCHCTL: &str = "/bin/launchctl";

/// Starts the service from the file just written, whether or not an older one runs (a second
/// `setup exporter` after an upgrade must run the new binary). `run` runs one command and says
/// whether it succeeded; `pause` waits. On failure, the command that failed.
///
/// launchd: `bootstrap` of a label that is still loaded fails ("Bootstrap failed: 5: Input/output
/// error"), and `bootout` is asynchronous — the old instance may still be draining when it returns
/// (Opendray/opendray#211, tomcounsell/ai#2013) — so: boot out, wait until `launchctl print` no longer
/// knows the label, then bootstrap, retried a few times. systemd: `enable --now` leaves a running
/// unit running the old binary, so `restart` (which starts a stopped unit too).
pub fn start(
    manager: Manager,
    domain: &str,
    path: &Path,
    run: &mut dyn FnMut(&[String]) -> bool,
    pause: &mut dyn FnMut(Duration),
) -> Result<(), Vec<String>> {
    let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<String>>();
    match manager {
        Manager::SystemdUser => {
            for command in [
                words(&["systemctl", "--user", "daemon-reload"]),
                words(&["systemctl", "--user", "enable", UNIT_NAME]),
                words(&["systemctl", "--user", "restart", UNIT_NAME]),
            ] {
                if !run(&command) {
                    return Err(command);
                }
            }
            Ok(())
        }
        Manager::Launchd => {
            let service = format!("{domain}/{AGENT_LABEL}");
            // Not loaded is fine: bootout then fails, and there is nothing to wait for.
            run(&words(&[LAUNCHCTL, "bootout", &service]));
            for _ in 0..40 {
                if !run(&words(&[LAUNCHCTL, "print", &service])) {
                    break;
                }
                pause(Duration::from_millis(250));
            }
            let bootstrap = words(&[LAUNCHCTL, "bootstrap", domain, &path.to_string_lossy()]);
            for attempt in 0..3 {
                if attempt > 0 {
                    pause(Duration::from_secs(1));
                }
                if run(&bootstrap) {
                    return Ok(());
                }
            }
            Err(bootstrap)
        }
    }
}

/// What stops the service, before its file is removed; a failure means it was not running.
pub fn stop_command(manager: Manager, domain: &str) -> Vec<String> {
    match manager {
        Manager::SystemdUser => ["systemctl", "--user", "disable", "--now", UNIT_NAME].map(String::from).to_vec(),
        Manager::Launchd => vec![LAUNCHCTL.into(), "bootout".into(), format!("{domain}/{AGENT_LABEL}")],
    }
}

/// A path as one word of a systemd command line (systemd.service(5) "Command lines"): quoted, with
/// `\` and `"` escaped and `%` doubled so no specifier is expanded.
pub(crate) fn systemd_quote(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "\\\\").replace('"', "\\\"").replace('%', "%%");
    format!("\"{text}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_runs_the_installed_program_quoted() {
        let unit = Manager::SystemdUser.render(Path::new("/home/a b/.cargo/bin/headroom"));
        assert!(
            unit.contains("ExecStart=\"/home/a b/.cargo/bin/headroom\" export --listen 127.0.0.1:9787\n"),
            "{unit}"
        );
        assert!(!unit.contains("/usr/bin/headroom"));
        assert_eq!(systemd_quote(Path::new("/x/100%")), "\"/x/100%%\"");
        let path = Manager::SystemdUser.path(Path::new("/home/a"), Path::new("/home/a/.config"));
        assert_eq!(path, Path::new("/home/a/.config/systemd/user/headroom-exporter.service"));
    }

    #[test]
    fn the_launch_agent_is_a_valid_plist_running_the_installed_program() {
        let agent = Manager::Launchd.render(Path::new("/Applications/Head & Room.app/Contents/MacOS/headroom"));
        let value: plist::Value = plist::from_bytes(agent.as_bytes()).expect("a valid plist");
        let dict = value.as_dictionary().expect("a dictionary");
        assert_eq!(dict["Label"].as_string(), Some(AGENT_LABEL));
        let args: Vec<&str> =
            dict["ProgramArguments"].as_array().expect("array").iter().filter_map(plist::Value::as_string).collect();
        assert_eq!(
            args,
            ["/Applications/Head & Room.app/Contents/MacOS/headroom", "export", "--listen", "127.0.0.1:9787"]
        );
        let path = Manager::Launchd.path(Path::new("/Users/a"), Path::new("/unused"));
        assert_eq!(path, Path::new("/Users/a/Library/LaunchAgents/app.headroom.exporter.plist"));
    }

    /// A fake launchd: the label stays loaded for `draining` prints after a bootout, and the first
    /// `refusals` bootstraps fail as a loaded label makes them fail.
    fn launchd(draining: usize, refusals: usize) -> (Vec<String>, Result<(), Vec<String>>) {
        let (mut log, mut prints, mut bootstraps) = (Vec::new(), 0, 0);
        let mut run = |command: &[String]| {
            log.push(command[1].clone());
            match command[1].as_str() {
                "print" => {
                    prints += 1;
                    prints <= draining
                }
                "bootstrap" => {
                    bootstraps += 1;
                    bootstraps > refusals
                }
                _ => true,
            }
        };
        let result = start(
            Manager::Launchd,
            "gui/501",
            Path::new("/Users/a/Library/LaunchAgents/x.plist"),
            &mut run,
            &mut |_| {},
        );
        (log, result)
    }

    #[test]
    fn a_second_setup_boots_the_old_agent_out_waits_until_it_is_gone_then_bootstraps() {
        assert_eq!(launchd(0, 0), (vec!["bootout".into(), "print".into(), "bootstrap".into()], Ok(())));
        let (log, result) = launchd(3, 1);
        assert_eq!(log, ["bootout", "print", "print", "print", "print", "bootstrap", "bootstrap"]);
        assert_eq!(result, Ok(()));
        let (_, result) = launchd(0, 5);
        let failed = result.expect_err("three refusals");
        assert_eq!(failed, ["/bin/launchctl", "bootstrap", "gui/501", "/Users/a/Library/LaunchAgents/x.plist"]);
    }

    #[test]
    fn systemd_restarts_so_an_upgrade_runs_the_new_binary() {
        let mut log = Vec::new();
        let result = start(
            Manager::SystemdUser,
            "",
            Path::new("/x"),
            &mut |c: &[String]| {
                log.push(c.join(" "));
                true
            },
            &mut |_| {},
        );
        assert_eq!(result, Ok(()));
        assert_eq!(
            log,
            [
                "systemctl --user daemon-reload",
                "systemctl --user enable headroom-exporter.service",
                "systemctl --user restart headroom-exporter.service"
            ]
        );
    }

    #[test]
    fn install_and_remove_round_trip() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = Manager::SystemdUser.path(dir.path(), &dir.path().join(".config"));
        crate::setup::file::write(&path, "x").expect("install");
        assert!(crate::setup::file::remove(&path).expect("remove"));
        assert!(!crate::setup::file::remove(&path).expect("second remove"));
    }
}
