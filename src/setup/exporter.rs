//! `headroom export` as a per-user service: the systemd user unit (Linux) or the LaunchAgent (macOS), from packaging/.

use std::path::{Path, PathBuf};

/// The shipped systemd user unit; its `ExecStart=/usr/bin/headroom` is replaced by the installed program.
pub const USER_UNIT_TEMPLATE: &str = include_str!("../../packaging/systemd/headroom-exporter.user.service");
/// The shipped LaunchAgent; its `/usr/local/bin/headroom` is replaced by the installed program.
pub const LAUNCH_AGENT_TEMPLATE: &str = include_str!("../../packaging/macos/app.headroom.exporter.plist");
/// The unit's name for `systemctl --user`.
pub const UNIT_NAME: &str = "headroom-exporter.service";
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
        if cfg!(target_os = "macos") { Manager::Launchd } else { Manager::SystemdUser }
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

/// A path as one word of a systemd command line (systemd.service(5) "Command lines"): quoted, with
/// `\` and `"` escaped and `%` doubled so no specifier is expanded.
pub fn systemd_quote(path: &Path) -> String {
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

    #[test]
    fn install_and_remove_round_trip() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = Manager::SystemdUser.path(dir.path(), &dir.path().join(".config"));
        crate::setup::file::write(&path, "x").expect("install");
        assert!(crate::setup::file::remove(&path).expect("remove"));
        assert!(!crate::setup::file::remove(&path).expect("second remove"));
    }
}
