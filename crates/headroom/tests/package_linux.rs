//! The Debian package, as a user installs it: `scripts/package-linux.sh` builds a .deb of the
//! programs this test run built; its Depends names the indicator library no tool can see; it
//! carries the man page and completions where Debian looks; unpacked into a throwaway root, its
//! `headroom` runs and its menu entry passes `desktop-file-validate`.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_deb_carries_the_programs_man_page_and_completions_and_names_the_indicator() {
    headroom_testing::require!("dpkg-deb", "dpkg-shlibdeps", "desktop-file-validate", "bash");
    // Packing and unpacking the programs writes and then deletes a few hundred MiB of files, whose
    // pages leave the page cache: the purge test compares Cached Files around its purge.
    let _exclusive = headroom_testing::memory_exclusive();
    let bin_dir = headroom_testing::binary("headroom-app").parent().expect("dir").to_owned();
    let script = headroom_testing::source("scripts/package-linux.sh");
    let args = [script.to_str().expect("utf-8"), "--bin-dir", bin_dir.to_str().expect("utf-8"), "--fast"];
    let built = run("bash", &args);
    let deb = headroom_testing::source(built.trim());
    let deb_s = deb.to_str().expect("utf-8");
    let depends = run("dpkg-deb", &["-f", deb_s, "Depends"]);
    assert!(depends.contains("libayatana-appindicator3-1 | libappindicator3-1"), "{depends}");
    assert!(depends.contains("libgtk-3-0") && depends.contains("libc6"), "found by dpkg-shlibdeps: {depends}");
    let listing = run("dpkg-deb", &["-c", deb_s]);
    for path in [
        "./usr/bin/headroom",
        "./usr/bin/headroom-app",
        "./usr/share/man/man1/headroom.1.gz",
        "./usr/share/bash-completion/completions/headroom",
        "./usr/share/zsh/vendor-completions/_headroom",
        "./usr/share/fish/vendor_completions.d/headroom.fish",
        "./usr/share/applications/headroom.desktop",
        "./usr/share/icons/hicolor/256x256/apps/headroom.png",
    ] {
        assert!(listing.lines().any(|l| l.ends_with(path)), "{path} is not in the package:\n{listing}");
    }
    let root = tempfile::tempdir().expect("tempdir");
    run("dpkg-deb", &["-x", deb_s, root.path().to_str().expect("utf-8")]);
    let installed = |relative: &str| root.path().join(relative);
    let data = tempfile::tempdir().expect("tempdir");
    let status = Command::new(installed("usr/bin/headroom"))
        .args(["status", "--json"])
        .env("HEADROOM_DATA_DIR", data.path())
        .env("HEADROOM_CONFIG", data.path().join("none.toml"))
        .output()
        .expect("the installed headroom runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    assert!(json["total"].as_u64().is_some_and(|t| t > 0), "{json}");
    let entry = installed("usr/share/applications/headroom.desktop");
    run("desktop-file-validate", &[entry.to_str().expect("utf-8")]);
    assert!(std::fs::read_to_string(&entry).expect("entry").contains("\nExec=/usr/bin/headroom\n"));
    let man =
        Command::new("gzip").args(["-dc"]).arg(installed("usr/share/man/man1/headroom.1.gz")).output().expect("gzip");
    assert!(String::from_utf8_lossy(&man.stdout).contains(".SH \"HEADROOM STATUS\""));
    assert!(Path::new(&deb).exists());
}
