//! The login items that are files: the Linux XDG autostart entry and the macOS LaunchAgent, their
//! content, where they go, and which program a written one runs.

use std::path::{Path, PathBuf};

use super::choice::Mechanism;

/// The bundle identifier, also the LaunchAgent's label.
pub const BUNDLE_ID: &str = "app.headroom.Headroom";

/// The XDG autostart template (`@EXEC@` stands for the program) and the LaunchAgent template
/// (`@EXECUTABLE@`), shipped in resources/ and used as they are by the menu and `headroom setup login`.
pub const AUTOSTART_TEMPLATE: &str = include_str!("../../../../../resources/linux/headroom-autostart.desktop");
pub const LAUNCH_AGENT_TEMPLATE: &str = include_str!("../../../../../resources/macos/LaunchAgent.plist");

/// The XDG autostart entry that starts `exe` at login (freedesktop Desktop Entry 1.5).
pub fn desktop_entry(exe: &Path) -> String {
    AUTOSTART_TEMPLATE.replace("@EXEC@", &quote_exec(exe))
}

/// Quotes a path for a Desktop Entry Exec line when it has characters the spec reserves.
pub fn quote_exec(exe: &Path) -> String {
    let text = exe.display().to_string();
    if text.chars().any(|c| c.is_whitespace() || "\"'\\><~|&;$*?#()`".contains(c)) {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace('`', "\\`").replace('$', "\\$"))
    } else {
        text
    }
}

/// The LaunchAgent that starts `exe` at login (RunAtLoad), for ~/Library/LaunchAgents.
pub fn launch_agent(exe: &Path) -> String {
    LAUNCH_AGENT_TEMPLATE.replace("@EXECUTABLE@", &crate::setup::file::plist_string(exe))
}

/// Where the file of `mechanism` goes, if there is a home directory; None for `SMAppService`, which is no file of ours.
pub(crate) fn item_path(mechanism: Mechanism) -> Option<PathBuf> {
    let dirs = directories::BaseDirs::new()?;
    match mechanism {
        Mechanism::LaunchAgent => Some(launch_agent_path(dirs.home_dir())),
        Mechanism::XdgAutostart => Some(dirs.config_dir().join("autostart/headroom.desktop")),
        Mechanism::MainAppService => None,
    }
}

/// `~/Library/LaunchAgents/<bundle id>.plist` under `home`.
pub fn launch_agent_path(home: &Path) -> PathBuf {
    home.join("Library/LaunchAgents").join(format!("{BUNDLE_ID}.plist"))
}

/// The program a LaunchAgent runs: the first `<string>` of `ProgramArguments`, unescaped.
pub fn launch_agent_program(plist: &str) -> Option<PathBuf> {
    let after = &plist[plist.find("<key>ProgramArguments</key>")?..];
    let start = after.find("<string>")? + "<string>".len();
    let end = start + after[start..].find("</string>")?;
    let text = after[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    Some(PathBuf::from(text))
}

/// The program an autostart entry runs: its `Exec` line, unquoted as `quote_exec` quotes.
pub fn autostart_program(entry: &str) -> Option<PathBuf> {
    let exec = entry.lines().find_map(|line| line.strip_prefix("Exec="))?.trim();
    let text = match exec.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        Some(quoted) => {
            let mut text = String::new();
            let mut chars = quoted.chars();
            while let Some(c) = chars.next() {
                text.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
            }
            text
        }
        None => exec.to_owned(),
    };
    Some(PathBuf::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desktop_entry_runs_the_binary() {
        let entry = desktop_entry(Path::new("/usr/local/bin/headroom"));
        assert!(entry.starts_with("[Desktop Entry]\nType=Application\n"));
        assert!(entry.contains("\nExec=/usr/local/bin/headroom\n"));
        let spaced = desktop_entry(Path::new("/opt/My Apps/headroom"));
        assert!(spaced.contains("\nExec=\"/opt/My Apps/headroom\"\n"), "{spaced}");
    }

    #[test]
    fn launch_agent_runs_at_load() {
        let plist = launch_agent(Path::new("/Applications/Headroom.app/Contents/MacOS/headroom"));
        assert!(plist.contains(&format!("<key>Label</key>\n\t<string>{BUNDLE_ID}</string>")));
        assert!(plist.contains("<string>/Applications/Headroom.app/Contents/MacOS/headroom</string>"));
        assert!(plist.contains("<key>RunAtLoad</key>\n\t<true/>"));
        assert!(!plist.contains('@'), "every placeholder filled");
        assert!(launch_agent(Path::new("/a&b")).contains("/a&amp;b"));
    }

    #[test]
    fn the_program_of_a_written_item_is_read_back() {
        for exe in ["/Applications/Head & Room.app/Contents/MacOS/headroom-app", "/opt/<odd>/headroom"] {
            assert_eq!(launch_agent_program(&launch_agent(Path::new(exe))), Some(PathBuf::from(exe)));
        }
        for exe in ["/usr/local/bin/headroom", "/opt/My Apps/head\"room$", "/home/a/`x`/headroom"] {
            assert_eq!(autostart_program(&desktop_entry(Path::new(exe))), Some(PathBuf::from(exe)), "{exe}");
        }
        assert_eq!(launch_agent_program("<plist><dict></dict></plist>"), None);
        assert_eq!(autostart_program("[Desktop Entry]\nName=x\n"), None);
    }

    #[test]
    fn files_are_written_and_removed_once() {
        let home = tempfile::tempdir().expect("tempdir");
        let path = launch_agent_path(home.path());
        assert!(path.ends_with("Library/LaunchAgents/app.headroom.Headroom.plist"));
        crate::setup::file::write(&path, "x").expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "x");
        assert!(crate::setup::file::remove(&path).expect("remove"));
        assert!(!crate::setup::file::remove(&path).expect("remove again"), "a missing file is not an error");
    }
}
