//! `headroom config` and how the other commands behave with valid, broken and misspelt config files.

use std::path::Path;
use std::process::{Command, Output};

fn headroom(config_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .env_remove("HEADROOM_CONFIG")
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(target_os = "linux")]
#[test]
fn path_init_check_and_never_overwrite() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = headroom(home.path(), &["config", "path"]);
    let path = home.path().join("headroom/config.toml");
    assert_eq!(text(&out.stdout).trim(), path.display().to_string());

    let out = headroom(home.path(), &["config", "check"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("no file; the defaults apply"));

    let out = headroom(home.path(), &["config", "init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&path).expect("written");
    assert_eq!(written, headroom_core::config::DEFAULT_FILE);

    std::fs::write(&path, "# mine\nsample_interval = \"5s\"\n").expect("edit");
    let out = headroom(home.path(), &["config", "init"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("already exists; it was not overwritten"));
    assert_eq!(std::fs::read_to_string(&path).expect("still there"), "# mine\nsample_interval = \"5s\"\n");

    let out = headroom(home.path(), &["config", "check"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).ends_with(": OK\n"));
}

#[test]
fn check_names_the_line_column_and_key_of_a_bad_value() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("bad.toml");
    std::fs::write(&file, "[wired]\nnormal_max = 0.19\nhigh = \"very\"\n").expect("write");
    let out = headroom(home.path(), &["config", "check", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&format!("{}:3:8: `wired.high`:", file.display())), "{stderr}");
    assert!(stderr.contains("using its default until it is fixed"), "{stderr}");
}

#[test]
fn check_warns_about_unknown_keys_but_passes() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("typo.toml");
    std::fs::write(&file, "[notifications]\nenabeld = false\n").expect("write");
    let out = headroom(home.path(), &["config", "check", file.to_str().expect("utf-8")]);
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("typo.toml:2: `notifications.enabeld`: unknown key"), "{}", text(&out.stderr));
}

#[cfg(target_os = "linux")]
#[test]
fn a_broken_config_never_stops_status_and_is_never_rewritten() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().join("headroom/config.toml");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    let broken = "units = \"GiB\"\n[wired\n";
    std::fs::write(&path, broken).expect("write");
    let out = headroom(home.path(), &["status"]);
    assert!(out.status.success(), "status runs on defaults");
    assert!(text(&out.stderr).contains("config.toml:2:"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(" GB"), "defaults (GB) apply while the file is broken");
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), broken);
}

#[cfg(target_os = "linux")]
#[test]
fn a_valid_config_is_applied() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().join("headroom/config.toml");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    std::fs::write(&path, "units = \"GiB\"\n").expect("write");
    let out = headroom(home.path(), &["status"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Physical Memory") && text(&out.stdout).contains(" GiB"));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn a_prompt_timeout_too_short_to_type_a_password_is_refused() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("prompt.toml");
    std::fs::write(&file, "[purge]\nprompt_timeout = \"3s\"\n").expect("write");
    let out = headroom(home.path(), &["config", "check", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("prompt.toml:2:1: `purge.prompt_timeout`: 3s is shorter than 10s"), "{stderr}");
}

/// The interval rule differs per platform: a half-second sample suits Linux's /proc; macOS refuses
/// it because host_statistics64 would answer from a cached copy (config/validate.rs).
#[test]
fn a_half_second_sample_interval_follows_the_platforms_rule() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("fast.toml");
    std::fs::write(&file, "sample_interval = \"500ms\"\n").expect("write");
    let out = headroom(home.path(), &["config", "check", file.to_str().expect("utf-8")]);
    if cfg!(target_os = "macos") {
        assert_eq!(out.status.code(), Some(1));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("`sample_interval`: 500ms is under 1s: macOS rate-limits"), "{stderr}");
    } else {
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
}
