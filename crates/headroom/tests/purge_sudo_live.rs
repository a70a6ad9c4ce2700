//! `headroom setup purge` against the real sudo as root (as CI runs): "no password" only when the last matching rule says NOPASSWD.
//!
//! It drops the page cache through sudo to see what sudo really asks, which would disturb
//! `purge_cli`'s measured purge if both ran at once: that one is a test binary of its own (cargo
//! runs test binaries one after another).
#![cfg(target_os = "linux")]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SUDOERS_D: &str = "/etc/sudoers.d";
const RULE: &str = "/usr/sbin/sysctl -q vm.drop_caches=1";

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A throwaway user and the sudoers files written for it, removed when the test ends, even by a panic.
struct Throwaway {
    user: String,
    files: Vec<PathBuf>,
}

impl Throwaway {
    fn new() -> Throwaway {
        let user = format!("hrtest{}", std::process::id());
        let made = Command::new("useradd").args(["-M", "-s", "/usr/sbin/nologin", &user]).output().expect("useradd");
        assert!(made.status.success(), "useradd: {}", String::from_utf8_lossy(&made.stderr));
        // Headroom's drop-in is removed too: `setup purge` writes it below.
        Throwaway { user, files: vec![Path::new(SUDOERS_D).join("headroom-purge")] }
    }

    /// Writes a sudoers drop-in (mode 0440, checked by visudo) that lets the user run everything with a password.
    fn admin_rule(&mut self, name: &str) -> PathBuf {
        let path = Path::new(SUDOERS_D).join(name);
        self.files.push(path.clone());
        std::fs::write(&path, format!("{} ALL=(ALL:ALL) ALL\n", self.user)).expect("write the rule");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o440)).expect("chmod");
        let check = Command::new("/usr/sbin/visudo").args(["-cf"]).arg(&path).output().expect("visudo");
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
        path
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        for file in &self.files {
            let _ = std::fs::remove_file(file);
        }
        let _ = Command::new("userdel").arg(&self.user).output();
    }
}

fn setup_purge(user: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["setup", "purge", "--sudoers-dir", SUDOERS_D, "--user", user])
        .env("HEADROOM_CONFIG", "/nonexistent/headroom.toml")
        .output()
        .expect("runs")
}

/// What sudo itself does when the user runs the purge command without a password.
fn sudo_as(user: &str, list_only: bool) -> Output {
    let mut args = vec!["-u", user, "--", "/usr/bin/sudo", "-n"];
    if list_only {
        args.push("-l");
    }
    args.extend(RULE.split(' '));
    Command::new("runuser").args(args).env("LC_ALL", "C").output().expect("runuser (util-linux)")
}

#[test]
fn setup_purge_says_no_password_only_when_the_last_matching_rule_has_nopasswd() {
    headroom_testing::require!("root", "sudo", "/usr/sbin/visudo", "runuser", "useradd", "userdel");
    assert!(is_root(), "this test adds a user and sudoers rules and must run as root (CI does)");
    assert!(Path::new("/usr/bin/sudo").exists(), "sudo is needed (Debian: apt-get install -y sudo; CI has it)");
    let installed = Path::new(SUDOERS_D).join("headroom-purge");
    assert!(!installed.exists(), "{} exists already; this test would replace it", installed.display());
    let mut throwaway = Throwaway::new();
    let user = throwaway.user.clone();

    // The user's "admin" rule before Headroom's drop-in (sudo reads the directory in name order).
    let before = throwaway.admin_rule(&format!("00-headroom-test-{user}"));
    let out = setup_purge(&user);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains(&format!("checked: sudo now lets `{user}` run {RULE} without a password")), "{said}");
    let ran = sudo_as(&user, false);
    assert!(ran.status.success(), "sudo itself agrees: {}", String::from_utf8_lossy(&ran.stderr));

    // The same rule after it: sudo uses the last match, which asks for a password.
    std::fs::remove_file(&before).expect("remove");
    throwaway.admin_rule(&format!("zz-headroom-test-{user}"));
    let out = setup_purge(&user);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains(&format!("sudo does not let `{user}` run {RULE} without a password yet")), "{said}");
    assert!(said.contains("the last sudoers entry that matches it asks for a password"), "{said}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("checked:"), "no claim");
    let ran = sudo_as(&user, false);
    assert!(!ran.status.success());
    assert!(String::from_utf8_lossy(&ran.stderr).contains("a password is required"), "sudo itself asks");
    // What the check asked before: `sudo -l COMMAND` still says yes here, so it could not tell.
    assert!(sudo_as(&user, true).status.success(), "sudo -n -l allows the command although it needs a password");
}
