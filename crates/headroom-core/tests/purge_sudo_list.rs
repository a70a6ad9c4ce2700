//! `sudo -ll` read on recorded listings (tests/fixtures/sudo-ll/SOURCES.md): the last matching entry decides the password.

use headroom_core::purge::sudo_list::{Match, Verdict, command_matches, decide, parse, runs_as_root};

const DEBIAN_DROP_IN_LAST: &str = include_str!("fixtures/sudo-ll/debian12-drop-in-last.txt");
const DEBIAN_SUDO_AFTER: &str = include_str!("fixtures/sudo-ll/debian12-sudo-rule-after.txt");
const MACOS_DROP_IN_LAST: &str = include_str!("fixtures/sudo-ll/macos-drop-in-last.txt");
const MACOS_ADMIN_AFTER: &str = include_str!("fixtures/sudo-ll/macos-admin-rule-after.txt");
const MACOS_NOT_INCLUDED: &str = include_str!("fixtures/sudo-ll/macos-not-included.txt");
const SUDO_1_9_15_MATCHED: &str = include_str!("fixtures/sudo-ll/sudo-1.9.15-command-matched.txt");

fn purge() -> Vec<String> {
    vec!["/usr/sbin/purge".to_owned()]
}

fn sysctl() -> Vec<String> {
    ["/usr/sbin/sysctl", "-q", "vm.drop_caches=1"].map(str::to_owned).to_vec()
}

#[test]
fn the_listing_is_read_entry_by_entry() {
    let listing = parse(DEBIAN_SUDO_AFTER);
    assert_eq!(listing.entries.len(), 4);
    assert_eq!(listing.entries[0].runas_users, vec!["ALL"]);
    assert!(listing.entries[0].options.is_empty());
    assert_eq!(listing.entries[0].commands, vec!["ALL"]);
    let drop_in = &listing.entries[2];
    assert_eq!(drop_in.header, "Sudoers entry:");
    assert_eq!(drop_in.runas_users, vec!["root"]);
    assert_eq!(drop_in.options, vec!["!authenticate"]);
    assert_eq!(drop_in.commands, vec![r"/usr/sbin/sysctl -q vm.drop_caches\=1"]);
    assert_eq!(listing.matched, None);
    // The Defaults were wrapped at 80 columns and are joined back; `\:` stays inside its value.
    assert_eq!(
        listing.defaults,
        vec![
            "env_reset",
            "mail_badpass",
            "use_pty",
            r"secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin",
            r#"env_check-="LANG LC_*""#,
            r#"env_delete+="LANG LC_*""#,
        ]
    );
    let mac = parse(MACOS_DROP_IN_LAST);
    assert_eq!(mac.defaults.len(), 15, "{:?}", mac.defaults);
    assert_eq!(mac.defaults[4], r#"env_keep+="CHARSET LANG LANGUAGE LC_ALL LC_COLLATE LC_CTYPE""#);
    assert_eq!(mac.defaults[14], "!log_allowed");
}

/// The drop-in after the admins' rule: it is the last match, NOPASSWD, so no password.
#[test]
fn a_nopasswd_rule_after_the_admin_rule_needs_no_password() {
    assert!(
        matches!(decide(&parse(MACOS_DROP_IN_LAST), &purge()), Verdict::NoPassword(e) if e.starts_with("entry 2 of 2"))
    );
    assert!(
        matches!(decide(&parse(DEBIAN_DROP_IN_LAST), &sysctl()), Verdict::NoPassword(e) if e.starts_with("entry 3 of 3"))
    );
}

/// `%admin ALL = (ALL) ALL` after the drop-in: the admins' rule is the last match and asks for a
/// password, although `sudo -l /usr/sbin/purge` says the command is allowed.
#[test]
fn the_admin_rule_after_the_nopasswd_rule_needs_a_password() {
    assert_eq!(decide(&parse(MACOS_ADMIN_AFTER), &purge()), Verdict::Password("entry 3 of 3 (`ALL` as ALL)".into()));
    assert_eq!(decide(&parse(DEBIAN_SUDO_AFTER), &sysctl()), Verdict::Password("entry 4 of 4 (`ALL` as ALL)".into()));
}

/// The drop-in ignored (no include): only the admins' rule matches, and it asks for a password.
#[test]
fn an_ignored_drop_in_leaves_the_password() {
    assert!(matches!(decide(&parse(MACOS_NOT_INCLUDED), &purge()), Verdict::Password(_)));
    // Another command than the rule's: the drop-in does not match, the admins' rule does.
    let other = ["/usr/sbin/sysctl", "-q", "vm.drop_caches=3"].map(str::to_owned).to_vec();
    assert!(
        matches!(decide(&parse(DEBIAN_DROP_IN_LAST), &other), Verdict::Password(e) if e.starts_with("entry 2 of 3"))
    );
}

/// sudo 1.9.15 and later name the entry they matched themselves.
#[test]
fn the_entry_sudo_matched_decides() {
    let listing = parse(SUDO_1_9_15_MATCHED);
    assert_eq!(listing.matched.as_deref(), Some("/usr/sbin/purge"));
    assert_eq!(listing.entries[0].header, "Sudoers entry: /etc/sudoers.d/headroom-purge");
    assert!(
        matches!(decide(&listing, &purge()), Verdict::NoPassword(e) if e == "entry 1 of 1, from /etc/sudoers.d/headroom-purge (`/usr/sbin/purge` as root)")
    );
    let admins = SUDO_1_9_15_MATCHED
        .replace("/etc/sudoers.d/headroom-purge", "/etc/sudoers")
        .replace("    RunAsUsers: root\n    Options: !authenticate\n", "    RunAsUsers: ALL\n")
        .replace("\t/usr/sbin/purge\n", "\tALL\n");
    assert!(matches!(decide(&parse(&admins), &purge()), Verdict::Password(_)));
}

#[test]
fn defaults_tags_negation_and_nothing_listed() {
    let entry = |runas: &str, options: Option<&str>, commands: &[&str]| {
        let options = options.map(|o| format!("    Options: {o}\n")).unwrap_or_default();
        let commands: String = commands.iter().map(|c| format!("\t{c}\n")).collect();
        format!("\nSudoers entry:\n    RunAsUsers: {runas}\n{options}    Commands:\n{commands}")
    };
    let header = "User bob may run the following commands on mac:\n";
    // A global `Defaults !authenticate` makes an untagged entry passwordless; the entry's tag wins over it.
    let global = format!("Matching Defaults entries for bob on mac:\n    env_reset, !authenticate\n\n{header}");
    assert!(matches!(
        decide(&parse(&format!("{global}{}", entry("ALL", None, &["ALL"]))), &purge()),
        Verdict::NoPassword(_)
    ));
    let tagged = entry("ALL", Some("setenv, authenticate"), &["ALL"]);
    assert!(matches!(decide(&parse(&format!("{global}{tagged}")), &purge()), Verdict::Password(_)));
    // A command-specific Defaults may change it: not known.
    let bound =
        format!("Runas and Command-specific defaults for bob:\n    Defaults!/usr/sbin/purge !authenticate\n\n{header}");
    assert!(matches!(
        decide(&parse(&format!("{bound}{}", entry("ALL", None, &["ALL"]))), &purge()),
        Verdict::Unknown(_)
    ));
    // A later `!/usr/sbin/purge` forbids it.
    let denied = format!(
        "{header}{}{}",
        entry("root", Some("!authenticate"), &["/usr/sbin/purge"]),
        entry("ALL", None, &["ALL", "!/usr/sbin/purge"])
    );
    assert!(matches!(decide(&parse(&denied), &purge()), Verdict::Denied(_)));
    // Only as another user, or only other commands: not listed.
    let elsewhere = format!(
        "{header}{}{}",
        entry("www-data", None, &["ALL"]),
        entry("root", Some("!authenticate"), &["/usr/bin/true"])
    );
    assert_eq!(decide(&parse(&elsewhere), &purge()), Verdict::NotListed);
    assert_eq!(decide(&parse("User bob is not allowed to run sudo on mac.\n"), &purge()), Verdict::NotListed);
    // A run-as group or a pattern after the drop-in: cannot be matched for sure, nothing is claimed.
    let group = format!(
        "{header}{}{}",
        entry("root", Some("!authenticate"), &["/usr/sbin/purge"]),
        entry("%wheel", None, &["ALL"])
    );
    assert!(matches!(decide(&parse(&group), &purge()), Verdict::Unknown(w) if w.contains("run-as group")));
    let pattern = format!(
        "{header}{}{}",
        entry("root", Some("!authenticate"), &["/usr/sbin/purge"]),
        entry("ALL", None, &["/usr/sbin/*"])
    );
    assert!(matches!(decide(&parse(&pattern), &purge()), Verdict::Unknown(w) if w.contains("pattern")));
    // A wrapped command line (sudo indents the rest by 8) is joined back.
    let wrapped = format!(
        "{header}\nSudoers entry:\n    RunAsUsers: root\n    Options: !authenticate\n    Commands:\n\t/usr/sbin/sysctl -q\n        vm.drop_caches\\=1\n"
    );
    assert!(matches!(decide(&parse(&wrapped), &sysctl()), Verdict::NoPassword(_)));
}

#[test]
fn commands_and_run_as_users_match_as_in_sudoers() {
    let yes = (false, Match::Yes);
    let no = (false, Match::No);
    assert_eq!(command_matches("ALL", &purge()), yes);
    assert_eq!(command_matches("!ALL", &purge()), (true, Match::Yes));
    assert_eq!(command_matches("/usr/sbin/purge", &purge()), yes);
    assert_eq!(command_matches("/usr/sbin/", &purge()), yes, "a directory");
    assert_eq!(command_matches("/usr/bin/", &purge()), no);
    assert_eq!(command_matches(r#"/usr/sbin/purge """#, &purge()), yes, "\"\" means no arguments");
    assert_eq!(command_matches(r#"/usr/sbin/sysctl """#, &sysctl()), no);
    assert_eq!(command_matches(r"/usr/sbin/sysctl -q vm.drop_caches\=1", &sysctl()), yes);
    assert_eq!(command_matches(r"/usr/sbin/sysctl -q vm.drop_caches\=3", &sysctl()), no);
    assert_eq!(command_matches("/usr/sbin/sysctl", &sysctl()), yes, "no arguments listed: any");
    assert_eq!(command_matches("/usr/bin/true", &purge()), no);
    assert!(matches!(command_matches("/sbin/purge", &purge()), (false, Match::Maybe(_))), "may be a link");
    assert!(matches!(command_matches("sha256:abcd /usr/sbin/purge", &purge()), (false, Match::Maybe(_))));
    assert!(matches!(command_matches("^/usr/sbin/.*$", &purge()), (false, Match::Maybe(_))));
    let users = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(runs_as_root(&users(&["ALL"])), Match::Yes);
    assert_eq!(runs_as_root(&users(&["root"])), Match::Yes);
    assert_eq!(runs_as_root(&users(&["#0"])), Match::Yes);
    assert_eq!(runs_as_root(&users(&["bob"])), Match::No, "runas groups only: the user themself");
    assert_eq!(runs_as_root(&users(&["ALL", "!root"])), Match::No);
    assert!(matches!(runs_as_root(&users(&["%admin"])), Match::Maybe(_)));
}
