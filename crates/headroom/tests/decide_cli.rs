//! `headroom fit` and `headroom advise` as the real binary runs them on this machine: exit statuses,
//! what they name, their JSON; and `advise` on a history written through the real store.

use std::path::Path;
use std::process::{Command, Output};

use headroom_core::history::{Row, Store};
use headroom_core::model::{Platform, Pressure};
use serde_json::Value;

const GIB: u64 = 1 << 30;

fn headroom(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .env("HEADROOM_DATA_DIR", data)
        .env("HEADROOM_CONFIG", data.join("no-config.toml"))
        .output()
        .expect("runs")
}

#[test]
fn fit_exits_0_when_it_fits_1_when_not_naming_the_limit_and_2_on_bad_input() {
    let data = tempfile::tempdir().expect("tempdir");
    let fits = headroom(data.path(), &["fit", "1G"]);
    assert_eq!(fits.status.code(), Some(0), "{}", String::from_utf8_lossy(&fits.stderr));
    assert!(String::from_utf8_lossy(&fits.stdout).starts_with("Fits: 1.0 GB needed, "), "{fits:?}");

    let huge = headroom(data.path(), &["fit", "100T"]);
    let said = String::from_utf8_lossy(&huge.stdout);
    assert_eq!(huge.status.code(), Some(1), "{said}");
    assert!(said.starts_with("Does not fit: 102400.0 GB needed, ") && said.contains(" of headroom ("), "{said}");
    assert!(said.contains("larger than this machine's"), "{said}");

    let bad = headroom(data.path(), &["fit", "lots"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`lots` is neither a size"), "{bad:?}");

    // A sparse 300 GB file: its apparent size is what a loader would read.
    let model = data.path().join("model.gguf");
    std::fs::File::create(&model).and_then(|f| f.set_len(300 * GIB)).expect("sparse file");
    let sparse = headroom(data.path(), &["fit", model.to_str().expect("utf-8"), "--json"]);
    assert_eq!(sparse.status.code(), Some(1));
    let answer: Value = serde_json::from_slice(&sparse.stdout).expect("one JSON object");
    assert_eq!((answer["need"].as_u64(), answer["fits"].as_bool()), (Some(300 * GIB), Some(false)));
    assert_eq!(answer["limit"], "headroom");
    assert!(answer["room"]["headroom"].as_u64().is_some_and(|h| h > 0 && h < 300 * GIB), "{answer}");
    assert_eq!(answer["things"][0]["bytes"].as_u64(), Some(300 * GIB));
}

#[test]
fn advise_after_a_short_record_gives_a_verdict_with_a_size_and_json() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut record = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["record", "--interval", "1s"])
        .env("HEADROOM_DATA_DIR", data.path())
        .env("HEADROOM_CONFIG", data.path().join("no-config.toml"))
        .spawn()
        .expect("record starts");
    std::thread::sleep(std::time::Duration::from_secs(4));
    // SAFETY: signalling the child this test started; record writes what it has and exits on SIGINT.
    assert_eq!(unsafe { libc::kill(record.id() as i32, libc::SIGINT) }, 0);
    assert!(record.wait().expect("record ends").success());

    let text = headroom(data.path(), &["advise", "--since", "1h"]);
    assert_eq!(text.status.code(), Some(0));
    let said = String::from_utf8_lossy(&text.stdout);
    let first = said.lines().next().unwrap_or_default();
    assert!(first.contains(" GB is enough") || first.contains(" GB would have kept"), "a size in: {said}");
    assert!(said.contains("(low confidence"), "{said}");
    let json = headroom(data.path(), &["advise", "--since", "1h", "--json"]);
    let advice: Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    assert!(advice["suggested_ram"].as_u64().is_some_and(|s| s >= advice["ram"].as_u64().unwrap_or(u64::MAX)));
    assert!(advice["samples"].as_u64().is_some_and(|n| n >= 3), "{advice}");
}

/// Three weeks of a 16 GB machine written into a real history: at warn every working afternoon,
/// swapping 6 GB a day; `advise` reads it back and says 24 GB.
#[test]
fn advise_on_a_recorded_history_that_needs_more_ram_names_the_size() {
    let data = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(&data.path().join(headroom_core::history::DB_FILE)).expect("history");
    let start = time::OffsetDateTime::now_utc() - time::Duration::days(21);
    let rows: Vec<Row> = (0..21 * 144)
        .map(|i: i64| {
            let at = start + time::Duration::minutes(10 * i);
            let afternoon = (14..18).contains(&at.hour());
            Row {
                platform: Platform::Macos,
                total: 16 * GIB,
                app: if afternoon { 13 * GIB } else { 6 * GIB },
                wired: 3 * GIB,
                compressed: GIB,
                cached_files: GIB,
                free: 0,
                swap_used: 0,
                swap_total: 0,
                pressure: if afternoon { Pressure::Warn } else { Pressure::Normal },
                at,
                boot_id: "one-boot".into(),
                seq: i,
                resolution_s: 600,
                count: 1,
                wired_max: 3 * GIB,
                used_max: 0,
                explained: 0,
                headroom: None,
                swapped_in: Some(0),
                swapped_out: Some(i as u64 * 6 * GIB / 144),
            }
        })
        .collect();
    store.insert(&rows, &[]).expect("insert");
    drop(store);
    let json = headroom(data.path(), &["advise", "--since", "30d", "--json"]);
    assert_eq!(json.status.code(), Some(0), "{}", String::from_utf8_lossy(&json.stderr));
    let advice: Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    assert_eq!(
        (advice["enough"].as_bool(), advice["suggested_ram"].as_u64()),
        (Some(false), Some(24 * GIB)),
        "{advice}"
    );
    assert_eq!(advice["confidence"], "high");
    let verdict = advice["verdict"].as_str().unwrap_or_default();
    assert!(verdict.starts_with("16.0 GB was at warn or critical 17 % of the time"), "{verdict}");
    assert!(
        verdict.contains("swapped 6.0 GB a day") && verdict.ends_with("about 24.0 GB would have kept pressure normal."),
        "{verdict}"
    );
    // The report leads with the same verdict.
    let page = headroom(data.path(), &["report", "--since", "30d", "--out", "-"]);
    let page = String::from_utf8_lossy(&page.stdout);
    let top = page.split("<p class=\"verdict\" id=\"advice\">").nth(1).unwrap_or_default();
    assert!(top.starts_with(&format!("<strong>{verdict}</strong>")), "{}", &page[..page.len().min(3000)]);
}
