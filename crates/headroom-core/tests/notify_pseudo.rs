//! The pseudo-locale proves every notification's words come through the catalog: with each letter
//! of the catalog's text made fullwidth, no plain ASCII letter may remain in a title or body outside
//! the values put in (app names, sizes' units, the `apps.ceiling` key a person would edit).

use std::sync::Arc;

use headroom_core::config::Config;
use headroom_core::i18n::{Catalog, with_catalog};
use headroom_core::model::Pressure;
use headroom_core::model::paging::Paging;
use headroom_core::notify::watch::Watch;
use headroom_core::notify::{self, Kind, Notification, State};
use headroom_core::top::{Entry, EntryKind, Grouping, TopList};
use headroom_testing::*;

const VALUES: [&str; 6] = ["apps.ceiling", "Raycast", "Xcode", "GiB", "GB", "MB"];

fn top(at: time::OffsetDateTime, apps: &[(&str, u64)]) -> TopList {
    let entry = |(name, bytes): &(&str, u64)| Entry {
        name: (*name).into(),
        kind: EntryKind::App,
        bytes: *bytes,
        processes: 1,
        pids: vec![1],
        measure: None,
    };
    TopList {
        at,
        grouping: Grouping::ByApp,
        scanned: apps.len(),
        unreadable: 0,
        entries: apps.iter().map(entry).collect(),
    }
}

/// Every kind of alert, as the app's watch and the verdict series send them.
fn every_alert() -> Vec<Notification> {
    let config = Config::default();
    let mut out = Vec::new();
    // Creeping and the wired level (a slow leak), an explained jump (a VM starting).
    let mut decide = |replayed: &[(i64, headroom_core::model::Snapshot, headroom_core::verdict::Verdicts)]| {
        let mut state = State::default();
        for (_, s, v) in replayed {
            out.extend(notify::decide(&mut state, v, s, &config.notifications, s.at));
        }
    };
    decide(&replay(&leak_series(2 * DAY, 14 * DAY, 7), 16 * GIB, 60, 60, |_| quiet(t0())));
    let running = |m: i64| (30 * 60..34 * 60).contains(&m);
    let points = series(
        3 * DAY,
        |m| if running(m) { 6_500 * MIB } else { 2_500 * MIB },
        |m| if running(m) { 4 * GIB } else { 0 },
    );
    let vm_start = t0() + time::Duration::minutes(30 * 60);
    decide(&replay(&points, 16 * GIB, 60, 10, |m| if running(m) { with_vm(vm_start, 4 * GIB) } else { quiet(t0()) }));
    decide(&replay(&series(60, |_| 6 * GIB, |_| 0), 16 * GIB, 0, 1, |_| quiet(t0())));

    // The app's watch, every 10 s for 12 minutes: Raycast grows 10 MiB/s, Xcode holds 9 GB (over
    // half of RAM), swap grows, pressure turns amber at 4 minutes, then the machine pages heavily under normal pressure.
    let mut config = config;
    config.apps.leak_window = headroom_core::config::Span::minutes(3);
    config.apps.leak_min_growth = headroom_core::config::Size(300 << 20);
    let mut watch = Watch::new(Vec::new(), State::default());
    let mut counters = Paging::default();
    for step in 0..72i64 {
        let at = t0() + time::Duration::seconds(10 * step);
        let raycast = (200 + 100 * step as u64) << 20;
        out.extend(watch.observe_top(
            &top(at, &[("Xcode", 9 << 30), ("Raycast", raycast)]),
            "b",
            16 << 30,
            &config,
            at,
        ));
        let mut s = snapshot(16 * GIB, 2 * GIB, at);
        s.swap_used = (step as u64) << 26;
        s.pressure = if (24..48).contains(&step) { Pressure::Warn } else { Pressure::Normal };
        if step >= 54 {
            counters.swapped_in += 80 << 20;
            counters.swapped_out += 80 << 20;
        }
        s.paging = Some(counters);
        let suspects = quiet(at);
        let verdict = headroom_core::verdict::wired_level(2 * GIB, s.memory.total, &suspects, &config.wired, None);
        out.extend(watch.observe(&s, &suspects, &verdict, &config, at));
    }
    // What answers a click, and the daily digest.
    let mut state = State::default();
    out.extend(notify::purge_result(&mut state, &config.notifications, "", t0()));
    out.push(notify::test_notification(Some(&snapshot(16 * GIB, 2 * GIB, t0()))));
    let mut digest_config = config.notifications.clone();
    digest_config.daily_digest = true;
    let mut state = State::default();
    for (_, s, v) in replay(&series(60, |_| 6 * GIB, |_| 0), 16 * GIB, 0, 1, |_| quiet(t0())) {
        notify::decide(&mut state, &v, &s, &digest_config, s.at);
    }
    out.extend(notify::digest_due(&mut state, t0() + time::Duration::days(30)));
    out
}

#[test]
fn every_notification_comes_through_the_catalog() {
    let alerts = with_catalog(Arc::new(Catalog::pseudo()), every_alert);
    let kinds: std::collections::BTreeSet<String> = alerts.iter().map(|n| format!("{:?}", n.kind)).collect();
    for kind in [
        Kind::Creeping,
        Kind::Jump,
        Kind::WiredLevel,
        Kind::Pressure,
        Kind::SwapGrowth,
        Kind::AppLeak,
        Kind::Runaway,
        Kind::Thrashing,
        Kind::PurgeResult,
        Kind::Test,
        Kind::Digest,
    ] {
        assert!(kinds.contains(&format!("{kind:?}")), "no {kind:?} alert among {kinds:?}");
    }
    let mut plain = Vec::new();
    for n in &alerts {
        for text in [&n.title, &n.body] {
            let mut rest = text.clone();
            for value in VALUES {
                rest = rest.replace(value, "");
            }
            if rest.chars().any(|c| c.is_ascii_alphabetic()) {
                plain.push(format!("{:?}: {text}", n.kind));
            }
        }
    }
    assert!(plain.is_empty(), "words not from the catalog:\n{}", plain.join("\n"));
    // The same alerts in English read as before.
    let english = every_alert();
    assert!(english.iter().any(|n| n.title == "Raycast keeps growing"), "{english:?}");
}
