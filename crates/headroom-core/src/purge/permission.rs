//! Whether passwordless purge works here: sudoers includes the drop-in's directory, and sudo runs the command without a password.
//!
//! Used after `headroom setup purge` installs its rule and by `headroom doctor`. `sudo -l COMMAND`
//! alone only says whether the command is allowed, not whether it asks for a password (sudo's
//! `display_cmnd_check` ignores NOPASSWD, and every admin is allowed everything by
//! `%admin ALL = (ALL) ALL`); so the decisive answer is read from sudo's long listing (`sudo -ll`,
//! see `sudo_list.rs`): the last entry that matches the command must have `!authenticate`. When the
//! listing cannot be read or settled, nothing is claimed. The include check says why a rule is ignored.

use std::path::Path;
use std::process::{Command, Stdio};

use super::SUDO;
use super::sudo_list::{self, Verdict};
use super::sudoers::{Include, allowed_command, include_line, includes, includes_dir};
use crate::model::Platform;

/// The main sudoers file sudo reads (macOS: /etc is /private/etc).
pub const SUDOERS: &str = "/etc/sudoers";

/// Does the sudoers file include the directory the rule was written to?
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeStatus {
    Included,
    /// Read, and no include of the directory in it or in the files it includes.
    Missing,
    /// Could not be read (only root can read /etc/sudoers); the reason.
    Unreadable(String),
}

/// Does sudo allow the purge command without a password?
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SudoStatus {
    /// Allowed, and the last sudoers entry that matches it has NOPASSWD (`!authenticate`).
    Allowed,
    /// Refused, or allowed only with a password; sudo's own words or the entry that decides.
    Refused(String),
    /// Not known: sudo could not run, or its listing could not be read or settled; why.
    Unavailable(String),
}

/// Both answers, for one user and one drop-in directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionCheck {
    pub include: IncludeStatus,
    pub sudo: SudoStatus,
}

impl PermissionCheck {
    /// True when purge runs without a password.
    pub fn ok(&self) -> bool {
        self.sudo == SudoStatus::Allowed
    }

    /// What is wrong and what to do, one line each; empty when all is well.
    pub fn problems(&self, platform: Platform, dir: &Path, user: Option<&str>, drop_caches: u8) -> Vec<String> {
        let mut lines = Vec::new();
        if self.include == IncludeStatus::Missing {
            lines.push(format!(
                "{SUDOERS} does not include {}, so sudo ignores the rule there. Run `sudo visudo` and add this line at its end: {}",
                dir.display(),
                include_line(platform, &dir.to_string_lossy())
            ));
        }
        let command = allowed_command(platform, drop_caches).join(" ");
        let who = user.map(|user| format!("`{user}`")).unwrap_or_else(|| "you".to_owned());
        match &self.sudo {
            SudoStatus::Allowed => {}
            SudoStatus::Refused(words) => {
                let said = if words.is_empty() { String::new() } else { format!(" (sudo: {words})") };
                lines.push(format!(
                    "sudo does not let {who} run {command} without a password yet{said}. Check `sudo -ll{}`: a rule \
                     that comes later in the sudoers files and matches the same user (e.g. `%admin ALL=(ALL) ALL` \
                     placed after the include) wins over Headroom's",
                    user.map(|user| format!(" -U {user}")).unwrap_or_default()
                ));
            }
            SudoStatus::Unavailable(why) => {
                lines.push(format!("cannot tell whether sudo lets {who} run {command} without a password: {why}"))
            }
        }
        lines
    }
}

/// Checks both for `user` (None: the user running this) and the drop-in directory `dir`.
pub fn check(platform: Platform, dir: &Path, user: Option<&str>, drop_caches: u8) -> PermissionCheck {
    PermissionCheck {
        include: check_include(Path::new(SUDOERS), dir, platform),
        sudo: check_sudo(platform, user, drop_caches),
    }
}

/// Whether `sudoers` (or a file it includes, a few levels deep) includes `dir`.
pub fn check_include(sudoers: &Path, dir: &Path, platform: Platform) -> IncludeStatus {
    let dir = dir.to_string_lossy();
    let mut pending = vec![(sudoers.to_path_buf(), 0)];
    let mut first = true;
    while let Some((file, depth)) = pending.pop() {
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) if first => {
                let hint =
                    if error.kind() == std::io::ErrorKind::PermissionDenied { " (only root can read it)" } else { "" };
                return IncludeStatus::Unreadable(format!("{}: {error}{hint}", file.display()));
            }
            // An included file that is missing is skipped by sudo too.
            Err(_) => continue,
        };
        first = false;
        if includes_dir(&text, &dir, platform) {
            return IncludeStatus::Included;
        }
        if depth < 4 {
            pending.extend(includes(&text).into_iter().filter_map(|include| match include {
                Include::File(path) => Some((Path::new(&path).to_path_buf(), depth + 1)),
                Include::Dir(_) => None,
            }));
        }
    }
    IncludeStatus::Missing
}

/// The arguments of `sudo` that ask, without a password, whether the purge command is allowed:
/// `-ll` so that sudo 1.9.15 and later also print the entry they matched, with its options.
pub(crate) fn sudo_list_args(platform: Platform, user: Option<&str>, drop_caches: u8) -> Vec<String> {
    let mut args = listing_args(user);
    args.extend(allowed_command(platform, drop_caches));
    args
}

/// The arguments of `sudo` that print the user's whole long listing (None: the user running this).
/// A user may list their own entries without a password when one of them has NOPASSWD (sudoers'
/// default `listpw=any`: `sudoers_lookup_pseudo` in sudo 1.9.13's plugins/sudoers/parse.c), which
/// is the case whenever Headroom's rule is read.
pub(crate) fn listing_args(user: Option<&str>) -> Vec<String> {
    let mut args = vec!["-n".to_owned(), "-ll".to_owned()];
    if let Some(user) = user {
        // Only root (or a user allowed to list others) may ask about another user.
        args.extend(["-U".to_owned(), user.to_owned()]);
    }
    args
}

/// Asks sudo whether the purge command runs without a password: first whether it is allowed at
/// all (sudo's own matching), then which entry decides and whether it has NOPASSWD.
pub(crate) fn check_sudo(platform: Platform, user: Option<&str>, drop_caches: u8) -> SudoStatus {
    let command = allowed_command(platform, drop_caches);
    let first = match ask_sudo(&sudo_list_args(platform, user, drop_caches)) {
        Err(why) => return SudoStatus::Unavailable(why.to_string()),
        Ok(out) if !out.status.success() => return SudoStatus::Refused(said(&out)),
        Ok(out) => sudo_list::parse(&String::from_utf8_lossy(&out.stdout)),
    };
    if first.matched.is_some() {
        return status(sudo_list::decide(&first, &command));
    }
    // sudo before 1.9.15 printed only the command: read every entry.
    let args = listing_args(user);
    match ask_sudo(&args) {
        Err(why) => SudoStatus::Unavailable(why.to_string()),
        Ok(out) if !out.status.success() => SudoStatus::Unavailable(format!(
            "sudo allows it, but `sudo {}` failed ({}), so whether it asks for a password is not known",
            args.join(" "),
            said(&out)
        )),
        Ok(out) => status(sudo_list::decide(&sudo_list::parse(&String::from_utf8_lossy(&out.stdout)), &command)),
    }
}

/// What the listing's verdict means for the check. Only a NOPASSWD last match is "allowed".
pub(crate) fn status(verdict: Verdict) -> SudoStatus {
    match verdict {
        Verdict::NoPassword(_) => SudoStatus::Allowed,
        Verdict::Password(entry) => {
            SudoStatus::Refused(format!("the last sudoers entry that matches it asks for a password: {entry}"))
        }
        Verdict::Denied(entry) => {
            SudoStatus::Refused(format!("the last sudoers entry that matches it forbids it: {entry}"))
        }
        Verdict::NotListed => SudoStatus::Unavailable(
            "sudo allows it, but no entry of its listing matches it for sure, so whether it asks for a password \
             is not known"
                .into(),
        ),
        Verdict::Unknown(why) => {
            SudoStatus::Unavailable(format!("sudo allows it; whether it asks for a password is not known ({why})"))
        }
    }
}

/// sudo could not be started (not installed, not executable).
#[derive(Debug, thiserror::Error)]
#[error("cannot run {SUDO} ({0}); install sudo")]
struct NoSudo(std::io::Error);

/// Runs sudo with the arguments, its words in English: the listing's headers are translated
/// otherwise (`_("Sudoers entry: %s\n")`), and sudo sets its locale from the environment.
fn ask_sudo(args: &[String]) -> Result<std::process::Output, NoSudo> {
    Command::new(SUDO).args(args).env("LC_ALL", "C").stdin(Stdio::null()).output().map_err(NoSudo)
}

/// sudo's own words (stderr, then stdout), on one line.
fn said(out: &std::process::Output) -> String {
    [&out.stderr, &out.stdout]
        .iter()
        .map(|bytes| String::from_utf8_lossy(bytes).trim().to_owned())
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sudo_is_asked_about_the_exact_command() {
        assert_eq!(sudo_list_args(Platform::Macos, None, 1), vec!["-n", "-ll", "/usr/sbin/purge"]);
        assert_eq!(
            sudo_list_args(Platform::Linux, Some("alice"), 1),
            vec!["-n", "-ll", "-U", "alice", "/usr/sbin/sysctl", "-q", "vm.drop_caches=1"]
        );
        assert_eq!(listing_args(Some("alice")), vec!["-n", "-ll", "-U", "alice"]);
    }

    #[test]
    fn includes_are_followed_into_included_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let main = dir.path().join("sudoers");
        let local = dir.path().join("sudoers.local");
        std::fs::write(&local, "@includedir /etc/sudoers.d\n").expect("write");
        std::fs::write(&main, format!("root ALL=(ALL) ALL\n#include {}\n", local.display())).expect("write");
        assert_eq!(check_include(&main, Path::new("/etc/sudoers.d"), Platform::Linux), IncludeStatus::Included);
        assert_eq!(check_include(&main, Path::new("/srv/rules.d"), Platform::Linux), IncludeStatus::Missing);
        assert!(matches!(
            check_include(&dir.path().join("absent"), Path::new("/etc/sudoers.d"), Platform::Linux),
            IncludeStatus::Unreadable(_)
        ));
    }

    #[test]
    fn the_advice_names_the_line_to_add_and_the_override_to_look_for() {
        let check = PermissionCheck { include: IncludeStatus::Missing, sudo: SudoStatus::Refused(String::new()) };
        let lines = check.problems(Platform::Macos, Path::new("/etc/sudoers.d"), Some("bob"), 1);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with("add this line at its end: #includedir /private/etc/sudoers.d"), "{}", lines[0]);
        assert!(
            lines[1].starts_with("sudo does not let `bob` run /usr/sbin/purge without a password yet."),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains("sudo -ll -U bob"), "{}", lines[1]);
        assert!(!check.ok());
        let fine = PermissionCheck { include: IncludeStatus::Included, sudo: SudoStatus::Allowed };
        assert!(fine.ok());
        assert_eq!(fine.problems(Platform::Linux, Path::new("/etc/sudoers.d"), None, 1), Vec::<String>::new());
        let linux = PermissionCheck {
            include: IncludeStatus::Missing,
            sudo: SudoStatus::Refused("a password is required".into()),
        };
        let lines = linux.problems(Platform::Linux, Path::new("/srv/rules.d"), None, 3);
        assert!(lines[0].ends_with("add this line at its end: @includedir /srv/rules.d"), "{}", lines[0]);
        assert!(
            lines[1].starts_with("sudo does not let you run /usr/sbin/sysctl -q vm.drop_caches=3 without a password yet (sudo: a password is required)."),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn only_a_nopasswd_last_match_counts_and_an_unknown_claims_nothing() {
        assert_eq!(status(Verdict::NoPassword("entry 2 of 2".into())), SudoStatus::Allowed);
        let asks = status(Verdict::Password("entry 3 of 3 (`ALL` as ALL)".into()));
        assert_eq!(
            asks,
            SudoStatus::Refused(
                "the last sudoers entry that matches it asks for a password: entry 3 of 3 (`ALL` as ALL)".into()
            )
        );
        assert!(matches!(status(Verdict::Denied("e".into())), SudoStatus::Refused(w) if w.contains("forbids it")));
        assert!(matches!(status(Verdict::NotListed), SudoStatus::Unavailable(_)));
        let unknown = status(Verdict::Unknown("a run-as group".into()));
        assert!(
            matches!(&unknown, SudoStatus::Unavailable(w) if w.contains("not known (a run-as group)")),
            "{unknown:?}"
        );
        // Not known is not "allowed", and the advice says it is not known.
        let check = PermissionCheck { include: IncludeStatus::Included, sudo: unknown };
        assert!(!check.ok());
        let lines = check.problems(Platform::Macos, Path::new("/etc/sudoers.d"), Some("bob"), 1);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("cannot tell whether sudo lets `bob` run /usr/sbin/purge without a password: "),
            "{}",
            lines[0]
        );
    }
}
