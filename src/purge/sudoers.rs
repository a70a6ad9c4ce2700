//! The sudoers drop-in that lets one user run exactly the purge command without a password.

use crate::model::Platform;

use super::{MAC_PURGE, SYSCTL, sysctl_args};

/// The drop-in as shipped in resources/ (`@USER@` and `@COMMAND@` are filled in).
pub const TEMPLATE: &str = include_str!("../../resources/sudoers/headroom-purge");

/// Where `headroom setup purge` installs the rule; /etc/sudoers itself is never edited.
pub const DROP_IN: &str = "/etc/sudoers.d/headroom-purge";

/// Why a user name is refused: sudoers syntax must not be injected through it.
pub fn valid_user(user: &str) -> bool {
    !user.is_empty()
        && user.len() <= 32
        && user.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        && !user.starts_with('-')
        // Sudoers reads ALL as every user.
        && !user.eq_ignore_ascii_case("ALL")
}

/// The drop-in's text: the one command, for the one user, as root, without a password.
pub fn content(user: &str, platform: Platform, drop_caches: u8) -> Option<String> {
    if !valid_user(user) {
        return None;
    }
    let command = match platform {
        Platform::Macos => MAC_PURGE.to_owned(),
        Platform::Linux => format!("{SYSCTL} {}", sysctl_args(drop_caches).join(" ")),
    };
    Some(TEMPLATE.replace("@USER@", user).replace("@COMMAND@", &command))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_user_one_command() {
        let linux = content("alice", Platform::Linux, 1).expect("valid");
        assert!(linux.ends_with("alice ALL=(root) NOPASSWD: /usr/sbin/sysctl -q vm.drop_caches=1\n"), "{linux}");
        let mac = content("bob", Platform::Macos, 1).expect("valid");
        assert!(mac.ends_with("bob ALL=(root) NOPASSWD: /usr/sbin/purge\n"));
        assert!(mac.starts_with("# Installed by `headroom setup purge`"));
        assert!(!mac.contains('@'), "every placeholder filled: {mac}");
        for bad in ["", "ALL", "a b", "x,y", "root\nALL", "-flag", "a=b", "%admin"] {
            assert!(content(bad, Platform::Linux, 1).is_none(), "{bad:?}");
        }
    }
}
