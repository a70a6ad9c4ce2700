//! `headroom watch`: one whole line per sample, and SIGINT or a closed pipe ends it with status 0.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns")
}

fn interrupt(child: &Child) {
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
    // SAFETY: sending a signal to our own child process, which has not been reaped yet.
    let rc = unsafe { libc::kill(pid, libc::SIGINT) };
    assert_eq!(rc, 0, "kill(SIGINT)");
}

#[test]
fn json_lines_until_sigint_then_exit_0() {
    let mut child = spawn(&["watch", "--json", "--interval", "1s"]);
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut times = Vec::new();
    for n in 0..10 {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("reads a line");
        assert!(line.ends_with('\n'), "line {n} is whole: {line:?}");
        let value: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("line {n} {line:?}: {e}"));
        assert_eq!(value["platform"], "linux");
        assert!(value["total"].as_u64().is_some_and(|t| t > 0));
        times.push(value["at"].as_str().expect("at").to_owned());
    }
    let parsed: Vec<time::OffsetDateTime> = times
        .iter()
        .map(|t| time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).expect("RFC 3339"))
        .collect();
    assert!(parsed.windows(2).all(|w| w[0] < w[1]), "samples in order: {times:?}");

    interrupt(&child);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("reads the rest");
    for line in rest.lines() {
        serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("trailing line {line:?}: {e}"));
    }
    assert!(rest.is_empty() || rest.ends_with('\n'), "no half-written line: {rest:?}");
    let status = child.wait().expect("exits");
    assert_eq!(status.code(), Some(0), "SIGINT exits 0");
}

#[test]
fn bare_headroom_without_a_display_says_so_and_watches_in_columns() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .arg("--verbose")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut notice = String::new();
    stderr.read_line(&mut notice).expect("notice");
    assert!(notice.contains("no display") && notice.contains("running `headroom watch` instead"), "{notice:?}");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut header = String::new();
    stdout.read_line(&mut header).expect("header");
    assert!(header.starts_with("time"), "{header:?}");
    assert!(header.contains("wired") && header.contains("cached") && header.contains("headroom"), "{header:?}");
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a sample line");
    assert_eq!(first.split_whitespace().count(), 10, "{first:?}");
    interrupt(&child);
    assert_eq!(child.wait().expect("exits").code(), Some(0));
}

#[test]
fn a_closed_pipe_ends_watch_quietly() {
    let mut child = spawn(&["watch", "--interval", "100ms"]);
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("header");
    drop(stdout); // like `headroom watch | head -1`
    let out = child.wait_with_output().expect("exits");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "no error for a closed pipe: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_bad_interval_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_headroom")).args(["watch", "--interval", "0s"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--interval"));
}
