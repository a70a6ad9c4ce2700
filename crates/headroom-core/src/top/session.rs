//! Processes that are the desktop session itself: the menu never offers to quit them (quitting
//! `loginwindow` ends the macOS session; the window server, the shell or the Dock take the desktop
//! with them), and Headroom's own row, which has its Quit Headroom item.

/// Names as the top scan groups them (macOS process and app names, Linux `comm`).
const SESSION: &[&str] = &[
    // macOS: the login session, the window server and the system UI.
    "loginwindow",
    "WindowServer",
    "Dock",
    "Finder",
    "SystemUIServer",
    "ControlCenter",
    "launchd",
    "kernel_task",
    // Linux: init, the display servers, the desktop shells and compositors, the session bus.
    "systemd",
    "init",
    "Xorg",
    "Xwayland",
    "Xvfb",
    "gnome-shell",
    "gnome-session-binary",
    "plasmashell",
    "kwin_x11",
    "kwin_wayland",
    "dbus-daemon",
    // Headroom itself.
    "Headroom",
    "headroom",
    "headroom-app",
];

/// Whether `name` is part of the desktop session (or Headroom), so not to be quit from the menu.
pub fn is_session_process(name: &str) -> bool {
    SESSION.contains(&name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_session_is_never_offered_to_quit_and_an_app_is() {
        assert!(super::is_session_process("loginwindow"));
        assert!(super::is_session_process("gnome-shell"));
        assert!(super::is_session_process("headroom-app"));
        assert!(!super::is_session_process("Google Chrome"));
        assert!(!super::is_session_process("docker"), "names are whole, not prefixes");
    }
}
