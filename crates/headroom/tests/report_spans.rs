//! `headroom report` over three spans a user meets — two minutes, a day, a year — recorded, written by
//! the real binary and loaded in real headless Chromium: every axis label fits its span and no two of
//! an axis read the same, and each page is screenshotted (target/report-<span>.png) to be looked at.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use headroom_core::config;
use headroom_core::history::Recorder;
use headroom_core::model::analyze;
use headroom_core::sampling::replay::Replay;
use headroom_testing::chromium;
use time::OffsetDateTime;

const MEMINFO: &str = include_str!("../../headroom-core/tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");

/// Records `span` of replayed samples every `step` into `dir`'s history, a new boot every
/// `boot_every` (each boot a replay of its own: a restart resets the replay's slow leak, as it would wired memory).
fn record(dir: &Path, span: time::Duration, step: time::Duration, boot_every: time::Duration) {
    let end = OffsetDateTime::now_utc();
    let base = analyze::analyze(MEMINFO, None, end).expect("fixture");
    let start = end - span;
    let mut recorder = Recorder::open(&dir.join("history.db"), &config::History::default());
    let clock = Instant::now();
    let mut boot_start = start;
    for boot in 0.. {
        if boot_start >= end {
            break;
        }
        let boot_end = (boot_start + boot_every).min(end);
        for mut snapshot in Replay::new(base.clone(), boot_end - boot_start, step, boot_end) {
            snapshot.boot_id = format!("replay-boot-{boot}");
            recorder.record(&snapshot, clock + Duration::try_from(snapshot.at - start).expect("forward"));
        }
        boot_start = boot_end;
    }
    let after = Duration::try_from(span).expect("forward") + Duration::from_secs(600);
    assert!(recorder.flush_at(clock + after, end), "the replay is written");
}

/// A label's shape: digits as 9, letters as a ("20:26:40" → "99:99:99", "May 28" → "aaa 99").
fn shape(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            }
        })
        .collect()
}

/// The body of the `<figure>` holding chart `id`.
fn figure<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no {id} in the DOM"));
    &dom[start..start + dom[start..].find("</figure>").expect("figure end")]
}

/// Records, reports and loads one span; checks its axes; returns the page's size in bytes.
fn span_page(
    name: &str,
    span: time::Duration,
    step: time::Duration,
    boot_every: time::Duration,
    since: &str,
    time_shape: &str,
) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    record(dir.path(), span, step, boot_every);
    let page = dir.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["report", "--since", since, "--boot", "all", "--out"])
        .arg(&page)
        .env("HEADROOM_DATA_DIR", dir.path())
        .env("HEADROOM_CONFIG", dir.path().join("none.toml"))
        .env("TZ", "UTC")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    let dom = chromium::dom(&page, &dir.path().join("profile-dom"));
    assert!(dom.contains("<h1>Memory history</h1>"), "{name}: the page loaded");

    for id in ["chart-memory", "chart-wired", "chart-swap"] {
        let texts = chromium::svg_texts(figure(&dom, id));
        let times: Vec<&str> = texts.iter().copied().filter(|t| shape(t) == time_shape).collect();
        assert!(times.len() >= 4, "{name} {id}: time labels shaped {time_shape}: {texts:?}");
        let mut distinct = times.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), times.len(), "{name} {id}: two time labels read the same: {times:?}");
        // The value axis: numbers only, each once (never "0, 0, 0, 1, 1, 1").
        let values: Vec<&str> = texts.iter().copied().filter(|t| t.parse::<f64>().is_ok()).collect();
        assert!(values.len() >= 3, "{name} {id}: value labels: {texts:?}");
        let mut unique = values.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), values.len(), "{name} {id}: two value labels read the same: {values:?}");
    }
    let boots = dom.matches("<tr><td>replay-boot-").count() as i64;
    let expected = (span.whole_seconds() + boot_every.whole_seconds() - 1) / boot_every.whole_seconds();
    assert!((expected..=expected + 1).contains(&boots), "{name}: {boots} boots in the table, {expected} replayed");

    let shot = headroom_testing::source(&format!("target/report-{name}.png"));
    chromium::screenshot(&page, &shot, (1280, 1500), &dir.path().join("profile-shot"));
    std::fs::metadata(&page).expect("written").len() as usize
}

#[test]
fn two_minutes_a_day_and_a_year_each_label_their_axes_for_their_span() {
    headroom_testing::require!("chromium");
    let minute = time::Duration::MINUTE;
    span_page("2-minutes", 2 * minute, time::Duration::seconds(2), time::Duration::DAY, "3m", "99:99:99");
    span_page("day", time::Duration::DAY, time::Duration::seconds(20), 2 * time::Duration::DAY, "25h", "99:99");
    let year = span_page("year", 365 * time::Duration::DAY, 10 * minute, 30 * time::Duration::DAY, "400d", "aaa 99");
    // One column per pixel keeps a year's page small enough to mail.
    assert!(year < 400 << 10, "a year's page is {year} bytes");
}
