//! `headroom report` end to end: a replayed week recorded into a history, the page written by the real binary, then loaded in real headless Chromium.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use headroom_core::config;
use headroom_core::history::{AppRow, Event, EventKind, HolderRow, Recorder, Store};
use headroom_core::model::analyze;
use headroom_core::report::{html, markers};
use headroom_core::sampling::replay::Replay;
use serde_json::json;
use time::OffsetDateTime;

const MEMINFO: &str = include_str!("../../headroom-core/tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
const XSS: &str = "<img src=x onerror=alert(1)>";

/// A week of replayed samples (every 20 s) into `dir`, the boot restarted after day 3, plus one event of each kind.
fn record_week(dir: &Path) -> OffsetDateTime {
    let end = OffsetDateTime::now_utc();
    let base = analyze::analyze(MEMINFO, None, end).expect("fixture");
    let replay = Replay::new(base, time::Duration::days(7), time::Duration::seconds(20), end);
    let path = dir.join("history.db");
    let mut recorder = Recorder::open(&path, &config::History::default());
    let clock = Instant::now();
    let start = end - time::Duration::days(7);
    for mut snapshot in replay {
        if snapshot.at - start > time::Duration::days(3) {
            snapshot.boot_id = "replay-second-boot".into();
        }
        let offset = Duration::try_from(snapshot.at - start).expect("forward");
        recorder.record(&snapshot, clock + offset);
    }
    recorder.flush_at(clock + Duration::from_secs(8 * 86_400), end);
    drop(recorder);
    let (mut store, _) = Store::open(&path).expect("open");
    let at = |hours: i64| start + time::Duration::hours(hours);
    let boot = Some("replay-second-boot".to_owned());
    let events = vec![
        Event {
            at: at(5),
            boot_id: None,
            kind: EventKind::SuspectAppeared,
            detail: json!({"kind": "vm", "name": "UTM `qemu-system-aarch64`"}),
        },
        Event {
            at: at(30),
            boot_id: None,
            kind: EventKind::SuspectAppeared,
            detail: json!({"kind": "kernel extension", "name": "com.example.filter"}),
        },
        Event {
            at: at(50),
            boot_id: None,
            kind: EventKind::SuspectAppeared,
            detail: json!({"kind": "vm", "name": XSS}),
        },
        Event {
            at: at(100),
            boot_id: boot.clone(),
            kind: EventKind::Purge,
            detail: json!({"method": "purge", "before": {"cached_files": 4_400_000_000u64}, "after": {"cached_files": 1_400_000_000u64}, "cached_files_freed": 3_000_000_000u64}),
        },
        Event {
            at: at(120),
            boot_id: boot,
            kind: EventKind::NotificationSent,
            detail: json!({"kind": "jump", "title": "Wired memory jumped", "body": "1.5 GB more than an hour ago", "delivered_by": "dunst"}),
        },
    ];
    store.insert(&[], &events).expect("events");
    // Who held wired memory: a driver that grows through the week, and a holder named like markup.
    let holder = |hours: i64, kind: &str, name: &str, mib: u64| HolderRow {
        at: at(hours),
        boot_id: "replay-second-boot".into(),
        kind: kind.into(),
        name: name.into(),
        bytes: mib << 20,
    };
    let holders: Vec<HolderRow> = (0..7)
        .map(|day| holder(day * 24, "kernel", "IOKit drivers", 400 + 100 * day as u64))
        .chain([holder(60, "locked", XSS, 300), holder(90, "locked", XSS, 0)])
        .collect();
    store.insert_holders(&holders).expect("holders");
    // Who used memory: an app that grows for a day, and one named like markup.
    let app = |hours: i64, name: &str, mib: u64| AppRow {
        at: at(hours),
        boot_id: "replay-second-boot".into(),
        name: name.into(),
        bytes: mib << 20,
    };
    let apps: Vec<AppRow> =
        (0..24).map(|h| app(100 + h, "Raycast", 200 + 300 * h as u64)).chain([app(110, XSS, 900)]).collect();
    store.insert_apps(&apps).expect("apps");
    end
}

struct Chart {
    from_ms: f64,
    to_ms: f64,
    left: f64,
    right: f64,
    body: String,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..].split('"').next()?.to_owned())
}

fn chart(dom: &str, id: &str) -> Chart {
    let start = dom.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no {id} in the DOM"));
    let open = dom[..start].rfind('<').expect("tag start");
    let tag_end = start + dom[start..].find('>').expect("tag end");
    let tag = &dom[open..tag_end];
    let number = |name: &str| {
        attribute(tag, name).and_then(|v| v.parse::<f64>().ok()).unwrap_or_else(|| panic!("{name} on {id}"))
    };
    let end = tag_end + dom[tag_end..].find("</figure>").expect("figure end");
    Chart {
        from_ms: number("data-from-ms"),
        to_ms: number("data-to-ms"),
        left: number("data-plot-left"),
        right: number("data-plot-right"),
        body: dom[tag_end..end].to_owned(),
    }
}

/// The x extent (in ms) of the data elements `element` of colour `colour` in a chart: polygon/polyline points or rect spans.
fn extent(chart: &Chart, element: &str, colour: &str) -> (f64, f64) {
    let mut xs: Vec<f64> = Vec::new();
    for piece in chart.body.split(&format!("<{element} ")).skip(1) {
        let tag = &format!(" {}", &piece[..piece.find('>').expect("closed")]);
        if !tag.contains(colour) {
            continue;
        }
        if element == "rect" {
            let x: f64 = attribute(tag, "x").and_then(|v| v.parse().ok()).expect("x");
            let w: f64 = attribute(tag, "width").and_then(|v| v.parse().ok()).expect("width");
            xs.extend([x, x + w]);
        } else {
            let points: Vec<f64> = attribute(tag, "points")
                .expect("points")
                .split_whitespace()
                .filter_map(|p| p.split(',').next()?.parse().ok())
                .collect();
            // Legend samples are a few pixels wide; data runs across the plot.
            let (lo, hi) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
            if hi - lo > 40.0 {
                xs.extend(points);
            }
        }
    }
    assert!(!xs.is_empty(), "no {element} of {colour}");
    let (lo, hi) = xs.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    let to_ms = |x: f64| chart.from_ms + (x - chart.left) / (chart.right - chart.left) * (chart.to_ms - chart.from_ms);
    (to_ms(lo), to_ms(hi))
}

/// URLs the page itself asked for, from Chromium's net log: requests started on behalf of a
/// `file://` document (the browser's own background fetches carry no such network isolation key).
fn page_requests(net_log: &Path) -> Vec<String> {
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(net_log).expect("net log written")).expect("JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_i64().expect("event type");
    let mut urls: Vec<String> = log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["type"].as_i64() == Some(start_job))
        .filter(|e| e["params"]["network_isolation_key"].as_str().is_some_and(|k| k.contains("file://")))
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_owned))
        .filter(|url| !url.starts_with("file://"))
        .collect();
    urls.dedup();
    urls
}

#[test]
fn a_recorded_week_renders_in_chromium_with_every_event_and_no_request() {
    headroom_testing::require!("chromium", "identify");
    let dir = tempfile::tempdir().expect("tempdir");
    let end = record_week(dir.path());
    let page = dir.path().join("report.html");
    // The replay leaks 100 MiB a day, exactly the default threshold; half of it makes the verdict clear.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[growth]\ncreep_min_per_day = \"50M\"\n").expect("config written");
    let out = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["report", "--since", "8d", "--boot", "all", "--out"])
        .arg(&page)
        .env("HEADROOM_DATA_DIR", dir.path())
        .env("HEADROOM_CONFIG", &config)
        .env("TZ", "UTC")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&page).expect("written");
    assert!(written.len() < 2 << 20, "{} bytes", written.len());

    // The page in real Chromium: its DOM after load, every network request in a net log, a screenshot.
    let url = format!("file://{}", page.display());
    let net_log = dir.path().join("net-log.json");
    let dumped = headroom_testing::chromium::run(
        &[&format!("--log-net-log={}", net_log.display()), "--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom", &url],
        &dir.path().join("profile-dom"),
    );
    let dom = String::from_utf8(dumped.stdout).expect("utf-8");
    assert!(dom.contains("<h1>Memory history</h1>"), "stderr: {}", String::from_utf8_lossy(&dumped.stderr));

    // No request outside the file: nothing in the page could ask for one, and Chromium's own net
    // log of this load names no URL but the file's.
    let lower = dom.to_lowercase();
    for forbidden in ["url(", "@import"] {
        assert!(!lower.contains(forbidden), "{forbidden} in the page");
    }
    // Every element (text is escaped, so each '<' opens one): none that fetches, no attribute that points anywhere.
    for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or_default()) {
        let name = tag.split_whitespace().next().unwrap_or_default();
        assert!(!["script", "link", "iframe", "img", "object", "embed", "image", "use"].contains(&name), "<{tag}>");
        assert!(![" src=", " href=", "xlink:href", " on"].iter().any(|a| tag.contains(a)), "<{tag}>");
    }
    assert!(dom.contains("default-src 'none'"), "the page forbids every fetch");
    assert_eq!(page_requests(&net_log), Vec::<String>::new(), "the page asked for something");
    // The same watch on a page that does fetch, so a silent net log cannot pass for a clean one.
    let control = dir.path().join("control.html");
    std::fs::write(&control, "<!DOCTYPE html><p>x<img src=\"http://example.invalid/x.png\"></p>").expect("written");
    let control_log = dir.path().join("control-net-log.json");
    headroom_testing::chromium::run(
        &[
            &format!("--log-net-log={}", control_log.display()),
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--dump-dom",
            &format!("file://{}", control.display()),
        ],
        &dir.path().join("profile-control"),
    );
    assert_eq!(page_requests(&control_log), vec!["http://example.invalid/x.png".to_owned()]);

    // Each chart's data spans the history's time range (within two pixel columns).
    let (store, _) = Store::open(&dir.path().join("history.db")).expect("open");
    let rows = store.rows(0, None).expect("rows");
    let first = rows.iter().map(|r| r.at_ms()).min().expect("rows") as f64;
    let last = rows.iter().map(|r| r.at_ms()).max().expect("rows") as f64;
    assert!(last - first > 6.9 * 86_400_000.0, "a week recorded");
    let column_ms = (last - first) / 1000.0;
    for (id, element, colour) in [
        ("chart-memory", "polygon", "#009E73"),
        ("chart-memory", "polygon", "#D55E00"),
        ("chart-wired", "polyline", "#D55E00"),
        ("chart-pressure", "rect", "#34A853"),
    ] {
        let chart = chart(&dom, id);
        assert_eq!((chart.from_ms, chart.to_ms), (first, last), "{id} spans the record");
        let (lo, hi) = extent(&chart, element, colour);
        assert!((lo - first).abs() <= 2.0 * column_ms, "{id} {colour} starts at {lo}, history at {first}");
        assert!((hi - last).abs() <= 2.0 * column_ms, "{id} {colour} ends at {hi}, history at {last}");
    }
    let pressure = chart(&dom, "chart-pressure");
    for (level, colour) in [("warn", "#F2A900"), ("critical", "#DB3236")] {
        assert!(pressure.body.contains(colour), "the replay's {level} pressure is on the strip");
    }

    // Every event is a marker with its text; the process named like markup shows as text.
    let events = store.events(0).expect("events");
    assert_eq!(events.len(), 5);
    let markers_chart = chart(&dom, "chart-events");
    let listed = dom.matches("<li id=\"event-").count();
    assert!(listed >= events.len() + 2, "events, plus both boots' baselines: {listed}");
    let texts = headroom_testing::chromium::svg_texts(&markers_chart.body);
    for n in 1..=listed {
        assert!(texts.contains(&n.to_string().as_str()), "marker {n} drawn: {texts:?}");
    }
    for event in &events {
        let text = html::escape(&markers::describe(event, time::UtcOffset::UTC).text);
        let item = format!("data-at-ms=\"{}\"", event.at.unix_timestamp_nanos() / 1_000_000);
        let at = dom.find(&item).unwrap_or_else(|| panic!("no marker at {}", event.at));
        let line = &dom[at..at + dom[at..].find("</li>").expect("li end")];
        assert!(line.contains(&text), "{line} lacks {text}");
    }
    assert!(dom.contains("virtual machine started: &lt;img src=x onerror=alert(1)&gt;"));
    // Who held wired memory: a line per holder, its name in the key as text.
    let holders = chart(&dom, "chart-holders");
    assert!(holders.body.contains("kernel: IOKit drivers"), "the key names the driver");
    assert!(holders.body.contains("locked: &lt;img src=x onerror=alert(1)&gt;"), "the key escapes a holder's name");
    let apps = chart(&dom, "chart-apps");
    assert!(apps.body.contains("Raycast") && apps.body.contains("&lt;img src=x onerror=alert(1)&gt;"), "the apps' key");
    let (lo, hi) = extent(&holders, "polyline", "#0072B2");
    assert!(lo <= first + 2.0 * column_ms && hi >= last - 2.0 * column_ms, "the driver's line spans the week");
    assert!(!dom.contains(XSS), "markup from a process name became an element");
    assert!(dom.contains("creeping "), "the replay's leak is found creeping in the boots table");
    assert!(dom.matches("<tr><td>replay-").count() == 2, "two boots in the table");
    assert!(dom.matches("<td>not known</td>").count() == 2, "a replay does not know when its boots began");
    assert!(end > OffsetDateTime::UNIX_EPOCH);

    // The screenshot is a picture, not a blank page: many distinct colours.
    let shot = headroom_testing::source("target/report-screenshot.png");
    headroom_testing::chromium::screenshot(&page, &shot, (1280, 1500), &dir.path().join("profile-shot"));
    let colours = Command::new("identify").args(["-format", "%k"]).arg(&shot).output().expect("identify (imagemagick)");
    let colours: u32 = String::from_utf8_lossy(&colours.stdout).trim().parse().expect("a count");
    assert!(colours > 50, "only {colours} colours: a blank page?");
}
