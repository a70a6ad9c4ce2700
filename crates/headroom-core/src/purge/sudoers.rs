//! The sudoers drop-in that lets one user run exactly the purge command without a password, and whether sudoers reads it.

use crate::model::Platform;

use super::{MAC_PURGE, SYSCTL, sysctl_args};

/// The drop-in as shipped in resources/ (`@USER@` and `@COMMAND@` are filled in).
pub(crate) const TEMPLATE: &str = include_str!("../../../../resources/sudoers/headroom-purge");

/// Where `headroom setup purge` installs the rule; /etc/sudoers itself is never edited.
#[cfg(test)]
const DROP_IN: &str = "/etc/sudoers.d/headroom-purge";

/// The directory sudoers must include for the drop-in to count, spelt as the stock file spells it
/// (macOS: `/etc` is a symbolic link to `/private/etc`).
pub fn drop_in_dir(platform: Platform) -> &'static str {
    match platform {
        Platform::Macos => "/private/etc/sudoers.d",
        Platform::Linux => "/etc/sudoers.d",
    }
}

/// The command the drop-in allows, as sudo is asked about it (`sudo -l COMMAND…`).
pub fn allowed_command(platform: Platform, drop_caches: u8) -> Vec<String> {
    match platform {
        Platform::Macos => vec![MAC_PURGE.to_owned()],
        Platform::Linux => std::iter::once(SYSCTL.to_owned()).chain(sysctl_args(drop_caches)).collect(),
    }
}

/// An include directive of a sudoers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Include {
    /// `#include FILE` / `@include FILE`.
    File(String),
    /// `#includedir DIR` / `@includedir DIR`: every file in DIR whose name has no `.` and does not end in `~`.
    Dir(String),
}

/// The include directives of a sudoers text, in order, as sudo's lexer reads them
/// (plugins/sudoers/toke.l): `#include` and `#includedir` only at the very start of a line and
/// followed by a blank (so `# includedir …`, with a space, is a comment, and so is `#includedirx`);
/// `@include` and `@includedir` (sudo 1.9.1 and later) after optional blanks; the path is a word in
/// which `\ ` stands for a blank, or a double-quoted string.
pub(crate) fn includes(text: &str) -> Vec<Include> {
    text.lines().filter_map(include_on_line).collect()
}

fn include_on_line(line: &str) -> Option<Include> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let at = line.trim_start_matches([' ', '\t']);
    // `includedir` before `include`: the longer keyword is the one a blank must follow.
    let (rest, dir) = [("#includedir", true), ("#include", false)]
        .iter()
        .find_map(|(keyword, dir)| line.strip_prefix(keyword).map(|rest| (rest, *dir)))
        .or_else(|| {
            [("@includedir", true), ("@include", false)]
                .iter()
                .find_map(|(keyword, dir)| at.strip_prefix(keyword).map(|rest| (rest, *dir)))
        })?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let path = include_path(rest.trim_start_matches([' ', '\t']))?;
    Some(if dir { Include::Dir(path) } else { Include::File(path) })
}

/// The path after an include keyword: a double-quoted string, or a word ended by an unescaped blank.
fn include_path(text: &str) -> Option<String> {
    let mut path = String::new();
    let mut chars = text.chars();
    let quoted = text.starts_with('"');
    if quoted {
        chars.next();
    }
    while let Some(c) = chars.next() {
        match c {
            '\\' => path.push(chars.next()?),
            '"' if quoted => return Some(path),
            ' ' | '\t' if !quoted => break,
            c => path.push(c),
        }
    }
    (!quoted && !path.is_empty()).then_some(path)
}

/// True when `text` includes the directory `dir`, however it is spelt on `platform` (a trailing
/// `/`; on macOS `/etc/…` for `/private/etc/…`).
pub(crate) fn includes_dir(text: &str, dir: &str, platform: Platform) -> bool {
    includes(text).iter().any(|include| match include {
        Include::Dir(path) => same_dir(path, dir, platform),
        Include::File(_) => false,
    })
}

fn same_dir(a: &str, b: &str, platform: Platform) -> bool {
    let canonical = |path: &str| -> String {
        let path = path.trim_end_matches('/');
        match platform {
            // /etc is a symbolic link to /private/etc on macOS.
            Platform::Macos => path.strip_prefix("/private").filter(|rest| rest.starts_with("/etc")).unwrap_or(path),
            Platform::Linux => path,
        }
        .to_owned()
    };
    canonical(a) == canonical(b)
}

/// The line to add to /etc/sudoers (with `sudo visudo`) so that it includes `dir`.
pub(crate) fn include_line(platform: Platform, dir: &str) -> String {
    let dir = dir.trim_end_matches('/');
    match platform {
        // As the stock macOS file spells it (apple-oss-distributions/sudo files/sudoers): /private/etc.
        Platform::Macos if dir == "/etc" || dir.starts_with("/etc/") => format!("#includedir /private{dir}"),
        Platform::Macos => format!("#includedir {dir}"),
        // Debian's spelling since sudo 1.9.1; older sudo needs `#includedir`.
        Platform::Linux => format!("@includedir {dir}"),
    }
}

/// Why a user name is refused: sudoers syntax must not be injected through it.
pub(crate) fn valid_user(user: &str) -> bool {
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

    const MACOS: &str = include_str!("../../tests/fixtures/sudoers/macos-sudo-114.sudoers");
    const DEBIAN12: &str = include_str!("../../tests/fixtures/sudoers/debian12-bookworm.sudoers");
    const DEBIAN10: &str = include_str!("../../tests/fixtures/sudoers/debian10-buster.sudoers");

    #[test]
    fn the_stock_files_include_their_drop_in_directory() {
        assert_eq!(includes(MACOS), vec![Include::Dir("/private/etc/sudoers.d".into())]);
        assert_eq!(includes(DEBIAN12), vec![Include::Dir("/etc/sudoers.d".into())]);
        assert_eq!(includes(DEBIAN10), vec![Include::Dir("/etc/sudoers.d".into())]);
        assert!(includes_dir(MACOS, drop_in_dir(Platform::Macos), Platform::Macos));
        // `headroom setup purge` writes to /etc/sudoers.d, which on macOS is /private/etc/sudoers.d.
        assert!(includes_dir(MACOS, "/etc/sudoers.d", Platform::Macos));
        assert!(includes_dir(MACOS, "/etc/sudoers.d/", Platform::Macos));
        assert!(includes_dir(DEBIAN12, drop_in_dir(Platform::Linux), Platform::Linux));
        assert!(includes_dir(DEBIAN10, "/etc/sudoers.d", Platform::Linux));
        // On Linux /private/etc is nothing special.
        assert!(!includes_dir(MACOS, "/etc/sudoers.d", Platform::Linux));
        assert!(!includes_dir(DEBIAN12, "/tmp/elsewhere", Platform::Linux));
    }

    #[test]
    fn a_hash_and_a_space_is_a_comment_and_the_line_must_start_with_the_hash() {
        // The stock macOS file without its include, as an edited /etc/sudoers may be.
        let removed = MACOS.replace("#includedir /private/etc/sudoers.d", "# includedir /private/etc/sudoers.d");
        assert_eq!(includes(&removed), vec![]);
        assert!(!includes_dir(&removed, "/etc/sudoers.d", Platform::Macos));
        assert_eq!(includes("  #includedir /etc/sudoers.d\n"), vec![], "toke.l anchors #includedir at column 0");
        assert_eq!(includes("#includedirx /etc/sudoers.d\n"), vec![]);
        assert_eq!(includes("#includedir\n"), vec![], "no path");
        assert_eq!(includes("## Read drop-in files from /private/etc/sudoers.d\n"), vec![]);
    }

    #[test]
    fn files_quotes_escapes_and_blanks() {
        let text = "\t@includedir /etc/sudoers.d\r\n#include /etc/sudoers.local\n@include \"/etc/my sudoers\"\n\
                    @includedir /opt/with\\ space # trailing comment\n#includedir\t/x\n";
        assert_eq!(
            includes(text),
            vec![
                Include::Dir("/etc/sudoers.d".into()),
                Include::File("/etc/sudoers.local".into()),
                Include::File("/etc/my sudoers".into()),
                Include::Dir("/opt/with space".into()),
                Include::Dir("/x".into()),
            ]
        );
        assert_eq!(includes("@include \"/unterminated\n"), vec![]);
    }

    #[test]
    fn what_to_add_and_what_sudo_is_asked() {
        assert_eq!(include_line(Platform::Macos, "/etc/sudoers.d"), "#includedir /private/etc/sudoers.d");
        assert_eq!(include_line(Platform::Macos, "/private/etc/sudoers.d/"), "#includedir /private/etc/sudoers.d");
        assert_eq!(include_line(Platform::Linux, "/etc/sudoers.d"), "@includedir /etc/sudoers.d");
        assert_eq!(include_line(Platform::Linux, "/srv/rules.d"), "@includedir /srv/rules.d");
        // The line advised is one the parser (and so sudo) reads as including the directory.
        for platform in [Platform::Macos, Platform::Linux] {
            let dir = DROP_IN.trim_end_matches("/headroom-purge");
            assert!(includes_dir(&include_line(platform, dir), dir, platform), "{platform:?}");
        }
        assert_eq!(allowed_command(Platform::Macos, 1), vec!["/usr/sbin/purge"]);
        assert_eq!(allowed_command(Platform::Linux, 3), vec!["/usr/sbin/sysctl", "-q", "vm.drop_caches=3"]);
    }

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
