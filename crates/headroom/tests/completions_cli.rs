//! `headroom completions` and the man page: a completion script bash loads and that completes the
//! commands, and a page that names every command the CLI has.

use std::process::Command;

fn headroom(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_headroom")).args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn bash_loads_the_completion_script_and_it_completes_the_commands() {
    headroom_testing::require!("bash");
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("headroom.bash");
    std::fs::write(&script, headroom(&["completions", "bash"])).expect("script");
    // As bash would on Tab after "headroom st" and after "headroom top --s".
    let probe = format!(
        "source {}; complete -p headroom; \
         COMP_WORDS=(headroom st); COMP_CWORD=1; _headroom headroom st headroom; echo \"commands: ${{COMPREPLY[*]}}\"; \
         COMP_WORDS=(headroom top --s); COMP_CWORD=2; _headroom headroom --s top; echo \"options: ${{COMPREPLY[*]}}\"",
        script.display()
    );
    let out = Command::new("bash").args(["--norc", "-c", &probe]).output().expect("bash runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.lines().any(|l| l.starts_with("complete ") && l.ends_with("-F _headroom headroom")), "{said}");
    let line = |prefix: &str| said.lines().find(|l| l.starts_with(prefix)).unwrap_or_default().to_owned();
    assert_eq!(line("commands: "), "commands: status", "{said}");
    assert_eq!(line("options: "), "options: --since", "{said}");
    for shell in ["zsh", "fish"] {
        assert!(headroom(&["completions", shell]).contains("headroom"), "{shell}");
    }
}

#[test]
fn the_man_page_has_a_section_for_every_command() {
    let page = headroom(&["man-page"]);
    assert!(page.starts_with(".ie") || page.contains(".TH headroom 1"), "{}", &page[..200.min(page.len())]);
    for command in
        ["STATUS", "WATCH", "EXPLAIN", "TOP", "RECORD", "HISTORY", "REPORT", "PURGE", "DOCTOR", "EXPORT", "COMPLETIONS"]
    {
        assert!(page.contains(&format!(".SH \"HEADROOM {command}\"")), "no section for {command}");
    }
    assert!(!page.contains("MAN\\-PAGE") && !page.contains("HEADROOM MAN"), "the hidden command stays hidden");
    // Options under their command, with their help: `top --since`.
    let top = &page[page.find(".SH \"HEADROOM TOP\"").expect("top")..];
    assert!(top.contains("\\-\\-since"), "{}", &top[..400.min(top.len())]);
}
