//! Whether the menu-bar app can show itself in this login session: the pure decision behind
//! `gui_session`, testable on any OS.

/// The environment variables sshd sets in a login it serves (OpenBSD sshd(8), "ENVIRONMENT").
const SSH_VARIABLES: [&str; 3] = ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"];

/// True when `lookup` finds any of sshd's variables: a hint for the message, never the decision
/// (a shell in Terminal.app can inherit them, and a Mac reached by SSH may have a console login).
pub fn over_ssh(lookup: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    SSH_VARIABLES.iter().any(|name| lookup(name).is_some_and(|value| !value.is_empty()))
}

/// macOS: the app needs a WindowServer session for its status item. `window_server` is whether
/// `CGSessionCopyCurrentDictionary()` returned a dictionary (Apple: NULL "if the caller is not
/// running within a Quartz GUI session or the window server is disabled",
/// https://developer.apple.com/documentation/coregraphics/cgsessioncopycurrentdictionary()).
/// Without one, AppKit cannot reach the WindowServer and the app hangs or aborts
/// (Shufflepuck/cdef#9); the caller falls back to `watch` and prints the returned reason.
pub fn window_server_session(window_server: bool, ssh: bool) -> Result<(), String> {
    match (window_server, ssh) {
        (true, _) => Ok(()),
        (false, true) => Err("no window server session: this is an SSH login, which cannot reach the menu bar".into()),
        (false, false) => {
            Err("no window server session (nobody is logged in at the console, or the window server is off)".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn a_session_dictionary_is_enough_even_over_ssh() {
        assert_eq!(window_server_session(true, false), Ok(()));
        assert_eq!(window_server_session(true, true), Ok(()), "a console user may also have an SSH shell");
    }

    #[test]
    fn without_a_session_the_reason_names_ssh_only_when_it_is_there() {
        let over_ssh = window_server_session(false, true).expect_err("no session");
        assert!(over_ssh.contains("SSH login"), "{over_ssh}");
        let headless = window_server_session(false, false).expect_err("no session");
        assert!(headless.contains("nobody is logged in at the console"), "{headless}");
        assert!(!headless.contains("SSH"), "{headless}");
    }

    #[test]
    fn ssh_is_recognised_by_any_of_sshds_variables_and_empty_values_do_not_count() {
        // As sshd sets them: "client-ip client-port server-ip server-port".
        let connection =
            |name: &str| (name == "SSH_CONNECTION").then(|| OsString::from("192.0.2.7 52144 192.0.2.1 22"));
        assert!(over_ssh(connection));
        assert!(over_ssh(|name: &str| (name == "SSH_TTY").then(|| OsString::from("/dev/ttys004"))));
        assert!(!over_ssh(|_: &str| None));
        assert!(!over_ssh(|name: &str| (name == "SSH_CLIENT").then(OsString::new)));
    }
}
