//! Launch at login: the Linux XDG autostart entry and the macOS LaunchAgent, their content and where they go.

use std::io;
use std::path::{Path, PathBuf};

/// The bundle identifier, also the LaunchAgent's label.
pub const BUNDLE_ID: &str = "app.headroom.Headroom";

/// The XDG autostart template (`@EXEC@` stands for the program) and the LaunchAgent template
/// (`@EXECUTABLE@`), shipped in resources/ and used as they are by the menu and `headroom setup login`.
pub const AUTOSTART_TEMPLATE: &str = include_str!("../../resources/linux/headroom-autostart.desktop");
pub const LAUNCH_AGENT_TEMPLATE: &str = include_str!("../../resources/macos/LaunchAgent.plist");

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
    let escaped = exe.display().to_string().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    LAUNCH_AGENT_TEMPLATE.replace("@EXECUTABLE@", &escaped)
}

/// Where the login item lives on this platform, if there is a home directory.
pub fn login_item_path() -> Option<PathBuf> {
    let dirs = directories::BaseDirs::new()?;
    if cfg!(target_os = "macos") {
        Some(dirs.home_dir().join("Library/LaunchAgents").join(format!("{BUNDLE_ID}.plist")))
    } else {
        Some(dirs.config_dir().join("autostart/headroom.desktop"))
    }
}

pub fn is_enabled() -> bool {
    login_item_path().is_some_and(|path| path.exists())
}

/// Writes the login item for `exe`.
pub fn enable(exe: &Path) -> io::Result<PathBuf> {
    let path = login_item_path().ok_or_else(|| io::Error::other("no home directory"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let content = if cfg!(target_os = "macos") { launch_agent(exe) } else { desktop_entry(exe) };
    std::fs::write(&path, content)?;
    Ok(path)
}

/// Removes the login item; removing one that is not there is not an error.
pub fn disable() -> io::Result<()> {
    let Some(path) = login_item_path() else { return Ok(()) };
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
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
}
