//! What notifications the verdict series send: one per condition, never noise (table-driven over the replays).

use headroom_testing as common;

use common::*;
use headroom_core::config::Config;
use headroom_core::model::Pressure;
use headroom_core::notify::{self, Kind, Notification, State};

fn sent(
    replayed: &[(i64, headroom_core::model::Snapshot, headroom_core::verdict::Verdicts)],
) -> Vec<(i64, Notification)> {
    let config = Config::default().notifications;
    let mut state = State::default();
    let mut out = Vec::new();
    for (minute, snapshot, verdicts) in replayed {
        for n in notify::decide(&mut state, verdicts, snapshot, &config, snapshot.at) {
            out.push((*minute, n));
        }
    }
    out
}

fn of_kind(all: &[(i64, Notification)], kind: Kind) -> Vec<&Notification> {
    all.iter().filter(|(_, n)| n.kind == kind).map(|(_, n)| n).collect()
}

#[test]
fn a_slow_leak_sends_one_creeping_notification_not_one_per_sample() {
    let (leak_start, leak) = (2 * DAY, 14 * DAY);
    let points = leak_series(leak_start, leak, 7);
    let all = sent(&replay(&points, 16 * GIB, 60, 60, |_| quiet(t0())));
    let creeping = of_kind(&all, Kind::Creeping);
    assert_eq!(creeping.len(), 1, "{all:#?}");
    assert!(creeping[0].body.contains("a restart resets it"), "{}", creeping[0].body);
    assert!(creeping[0].body.contains("/day"));
}

#[test]
fn a_vm_start_sends_an_explained_jump_at_most_once() {
    let (start, stop) = (30 * 60, 34 * 60);
    let running = |m: i64| (start..stop).contains(&m);
    let points = series(
        3 * DAY,
        |m| if running(m) { 6_500 * MIB } else { 2_500 * MIB },
        |m| if running(m) { 4 * GIB } else { 0 },
    );
    let vm_start = t0() + time::Duration::minutes(start);
    let all =
        sent(&replay(&points, 16 * GIB, 60, 10, |m| if running(m) { with_vm(vm_start, 4 * GIB) } else { quiet(t0()) }));
    let jumps = of_kind(&all, Kind::Jump);
    assert_eq!(jumps.len(), 1, "{all:#?}");
    assert!(jumps[0].body.contains("A VM or GPU work that started then explains it"), "{}", jumps[0].body);
    assert!(of_kind(&all, Kind::WiredLevel).is_empty(), "explained, so the level never rose: {all:#?}");
}

#[test]
fn a_pressure_spike_shorter_than_the_minimum_sends_nothing_and_a_long_one_sends_one() {
    let config = Config::default().notifications; // pressure_min_duration = 2m
    let mut state = State::default();
    let mut all = Vec::new();
    // Every 10 s for 20 minutes: warn from 60 s to 150 s (a 90 s spike), then from 600 s to 1000 s.
    for step in 0..120 {
        let at = t0() + time::Duration::seconds(step * 10);
        let mut s = snapshot(16 * GIB, 2 * GIB, at);
        let secs = step * 10;
        s.pressure =
            if (60..150).contains(&secs) || (600..1000).contains(&secs) { Pressure::Warn } else { Pressure::Normal };
        let v = headroom_core::verdict::evaluate(&s, &quiet(at), &[], Default::default(), &Config::default(), at);
        for n in notify::decide(&mut state, &v, &s, &config, at) {
            all.push((secs, n));
        }
    }
    let pressure: Vec<&(i64, Notification)> = all.iter().filter(|(_, n)| n.kind == Kind::Pressure).collect();
    assert_eq!(pressure.len(), 1, "{all:#?}");
    assert_eq!(pressure[0].0, 720, "sent when the second episode reached 2 minutes");
}

#[test]
fn a_flapping_series_sends_nothing_extra() {
    let mut noise = Noise(99);
    let points = series(7 * DAY, |_| (3_113 * MIB).saturating_add_signed(noise.next(400 * MIB)), |_| 0);
    let all = sent(&replay(&points, 16 * GIB, 30, 5, |_| quiet(t0())));
    assert!(of_kind(&all, Kind::WiredLevel).len() <= 1, "{all:#?}");
    assert!(of_kind(&all, Kind::Creeping).is_empty());
    assert!(of_kind(&all, Kind::Jump).is_empty());
}

#[test]
fn rate_limits_snooze_switches_and_the_daily_digest() {
    let mut config = Config::default().notifications;
    // About jumps only: the wired level (elevated from the first verdict on, which alerts once) is off.
    config.kinds.wired_level = false;
    let now = t0();
    // Two different jumps 1 hour apart: the second falls inside min_interval (6 h) and is held back.
    let points = series(
        6 * 60,
        |m| {
            if m >= 60 {
                4 * GIB
            } else if m >= 0 {
                2 * GIB
            } else {
                0
            }
        },
        |_| 0,
    );
    let replayed = replay(&points, 16 * GIB, 100, 10, |_| quiet(now));
    let mut state = State::default();
    let first: Vec<Notification> =
        replayed.iter().flat_map(|(_, s, v)| notify::decide(&mut state, v, s, &config, s.at)).collect();
    assert_eq!(first.iter().filter(|n| n.kind == Kind::Jump).count(), 1);

    // Switched off: nothing.
    config.kinds.jump = false;
    let mut state = State::default();
    assert!(replayed.iter().all(|(_, s, v)| notify::decide(&mut state, v, s, &config, s.at).is_empty()));

    // Snoozed for a day: nothing; the digest collects instead of sending.
    config.kinds.jump = true;
    let mut state = State::default();
    notify::snooze(&mut state, Kind::Jump, now);
    assert!(replayed.iter().all(|(_, s, v)| notify::decide(&mut state, v, s, &config, s.at).is_empty()));
    config.daily_digest = true;
    let mut state = State::default();
    assert!(replayed.iter().all(|(_, s, v)| notify::decide(&mut state, v, s, &config, s.at).is_empty()));
    let digest = notify::digest_due(&mut state, now + time::Duration::hours(7)).expect("a digest");
    assert!(digest.body.contains("Wired memory jumped by 2.0 GB"), "{}", digest.body);
    assert!(notify::digest_due(&mut state, now + time::Duration::hours(8)).is_none(), "once a day");

    // Purge results answer a click: only the switches apply.
    let mut state = State::default();
    assert!(notify::purge_result(&mut state, &config, "freed 2.1 GB", now).is_some());
    assert!(notify::purge_result(&mut state, &config, "freed 0.1 GB", now).is_some(), "no rate limit");
    config.kinds.purge_result = false;
    assert!(notify::purge_result(&mut state, &config, "x", now).is_none());
}

/// The app's path: samples into a `Watch` (its own bounded series, level from the app's verdict),
/// restarted half-way with its state rebuilt from the history's events.
#[test]
fn the_apps_watch_sends_one_creeping_notification_across_a_restart_and_stays_bounded() {
    use headroom_core::notify::events;
    use headroom_core::notify::watch::Watch;

    let config = Config::default();
    let (leak_start, leak) = (DAY, 6 * DAY);
    let step = 5; // minutes between samples
    let points = leak_series(leak_start, leak, 11);
    let mut watch = Watch::new(Vec::new(), notify::State::default());
    let mut recorded = Vec::new();
    let mut creeping = Vec::new();
    let mut level = None;
    let mut restarted = false;
    let bound = (3 * 24 + 1) * 60 / step + 2;
    for (m, point) in points.iter().enumerate().step_by(step) {
        let m = m as i64;
        let s = snapshot(16 * GIB, point.wired, point.at);
        let suspects = quiet(point.at);
        let verdict = headroom_core::verdict::wired_level(point.wired, s.memory.total, &suspects, &config.wired, level);
        level = Some(verdict.level);
        for n in watch.observe(&s, &suspects, &verdict, &config, point.at) {
            recorded.push(events::sent(
                &n,
                Some("b".into()),
                point.at,
                &Ok(notify::deliver::Delivered { by: "test".into() }),
            ));
            if n.kind == Kind::Creeping {
                creeping.push(m);
            }
        }
        assert!(watch.len() <= bound, "the series stays bounded: {} > {bound}", watch.len());
        // An hour after the first creeping notification the app restarts: history and events reload.
        if !restarted && creeping.first().is_some_and(|first| m >= first + 60) {
            restarted = true;
            let history: Vec<_> = points[..=m as usize].iter().step_by(step).copied().collect();
            watch = Watch::new(history, events::restore(&recorded, point.at));
        }
    }
    assert!(restarted, "the leak was found: {creeping:?}");
    assert_eq!(creeping.len(), 1, "one creeping notification, none again after the restart: {creeping:?}");
    let found_after_days = (creeping[0] - leak_start) as f64 / DAY as f64;
    assert!(found_after_days < 3.0, "found {found_after_days:.2} days into the leak");
}

/// The creeping alert names the holder of wired memory that grew with it, from what the watch saw.
#[test]
fn the_creeping_alert_names_the_holder_that_grew() {
    use headroom_core::notify::watch::Watch;
    use headroom_core::owners::{OwnerKind, WiredOwner};

    let config = Config::default();
    let points = leak_series(DAY, 6 * DAY, 11);
    let mut watch = Watch::new(Vec::new(), notify::State::default());
    let mut body = None;
    let mut level = None;
    for point in points.iter().step_by(5) {
        let s = snapshot(16 * GIB, point.wired, point.at);
        let mut suspects = quiet(point.at);
        // A driver holds what wired holds above 1.5 GB: it grows with the leak; a steady holder beside it.
        suspects.holders.found = vec![
            WiredOwner {
                kind: OwnerKind::Kext,
                name: "com.example.driver".into(),
                pid: None,
                bytes: point.wired.saturating_sub(1536 << 20),
            },
            WiredOwner { kind: OwnerKind::Kernel, name: "IOKit drivers".into(), pid: None, bytes: 300 << 20 },
        ];
        let verdict = headroom_core::verdict::wired_level(point.wired, s.memory.total, &suspects, &config.wired, level);
        level = Some(verdict.level);
        if let Some(n) =
            watch.observe(&s, &suspects, &verdict, &config, point.at).into_iter().find(|n| n.kind == Kind::Creeping)
        {
            body = Some(n.body);
            break;
        }
    }
    let body = body.expect("the leak is found");
    assert!(body.contains("Grew most: kext com.example.driver, "), "{body}");
}

/// An app that keeps growing is notified once, with what quitting it gives back; a steady one never.
#[test]
fn an_app_that_keeps_growing_is_notified_once() {
    use headroom_core::notify::watch::Watch;
    use headroom_core::top::{Entry, EntryKind, Grouping, TopList};

    let mut config = Config::default();
    config.apps.leak_window = headroom_core::config::Span::minutes(5);
    config.apps.leak_min_growth = headroom_core::config::Size(300 << 20);
    let mut watch = Watch::new(Vec::new(), notify::State::default());
    let entry = |name: &str, mib: u64| Entry {
        name: name.into(),
        kind: EntryKind::App,
        bytes: mib << 20,
        processes: 1,
        pids: vec![1],
        measure: None,
    };
    let t0 = time::OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid");
    let mut sent = Vec::new();
    // A scan every 10 s for 10 minutes: Raycast grows 10 MiB/s, Safari holds steady.
    for i in 0..60i64 {
        let at = t0 + time::Duration::seconds(10 * i);
        let list = TopList {
            at,
            grouping: Grouping::ByApp,
            scanned: 2,
            unreadable: 0,
            entries: vec![entry("Raycast", 200 + 100 * i as u64), entry("Safari", 900)],
        };
        sent.extend(watch.observe_top(&list, "b", 16 << 30, &config, at));
    }
    let leaks: Vec<&Notification> = sent.iter().filter(|n| n.kind == Kind::AppLeak).collect();
    assert_eq!(leaks.len(), 1, "{sent:?}");
    assert_eq!(leaks[0].title, "Raycast keeps growing");
    assert!(leaks[0].body.contains("Quitting it gives back about"), "{}", leaks[0].body);
    // It stayed under half of the 16 GB of RAM (it reached 6.1 GB): no runaway alert.
    assert!(!sent.iter().any(|n| n.kind == Kind::Runaway), "{sent:?}");
}

/// One app above `apps.ceiling` for a minute is notified once; a brief excursion is not.
#[test]
fn a_runaway_app_is_notified_after_a_minute_above_the_ceiling() {
    use headroom_core::notify::watch::Watch;
    use headroom_core::top::{Entry, EntryKind, Grouping, TopList};

    let config = Config::default(); // apps.ceiling = "50%"
    let mut watch = Watch::new(Vec::new(), notify::State::default());
    let t0 = time::OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid");
    let list = |seconds: i64, gib: u64| TopList {
        at: t0 + time::Duration::seconds(seconds),
        grouping: Grouping::ByApp,
        scanned: 1,
        unreadable: 0,
        entries: vec![Entry {
            name: "Raycast".into(),
            kind: EntryKind::App,
            bytes: gib << 30,
            processes: 1,
            pids: vec![1],
            measure: None,
        }],
    };
    let mut sent = Vec::new();
    // 9 GB of 16 GB for 30 s, back under, then above for good.
    for (seconds, gib) in [(0, 9), (10, 9), (20, 9), (30, 4), (40, 9), (70, 9), (100, 9), (110, 9)] {
        sent.extend(watch.observe_top(
            &list(seconds, gib),
            "b",
            16 << 30,
            &config,
            t0 + time::Duration::seconds(seconds),
        ));
    }
    let runaways: Vec<&Notification> = sent.iter().filter(|n| n.kind == Kind::Runaway).collect();
    assert_eq!(runaways.len(), 1, "{sent:?}");
    assert_eq!(runaways[0].title, "Raycast uses 9.0 GB");
    assert!(runaways[0].body.contains("Quitting it gives back about 9.0 GB"), "{}", runaways[0].body);
}

/// When pressure rises, the alert says what grew in the ten minutes before.
#[test]
fn a_pressure_alert_names_what_grew_just_before() {
    use headroom_core::notify::watch::Watch;
    use headroom_core::top::{Entry, EntryKind, Grouping, TopList};

    let config = Config::default();
    let mut watch = Watch::new(Vec::new(), notify::State::default());
    let t0 = time::OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid");
    let mut sent = Vec::new();
    let mut level = None;
    // Every 10 s for 8 minutes: Xcode grows 4 GB over the first 5, pressure turns amber at 4 minutes.
    for step in 0..48i64 {
        let at = t0 + time::Duration::seconds(10 * step);
        let xcode = 1024 + 4096 * step.min(30) as u64 / 30;
        let list = TopList {
            at,
            grouping: Grouping::ByApp,
            scanned: 1,
            unreadable: 0,
            entries: vec![Entry {
                name: "Xcode".into(),
                kind: EntryKind::App,
                bytes: xcode << 20,
                processes: 1,
                pids: vec![1],
                measure: None,
            }],
        };
        sent.extend(watch.observe_top(&list, "b", 16 << 30, &config, at));
        let mut s = snapshot(16 * GIB, 2 * GIB, at);
        s.pressure = if step >= 24 { Pressure::Warn } else { Pressure::Normal };
        let suspects = quiet(at);
        let verdict = headroom_core::verdict::wired_level(2 * GIB, s.memory.total, &suspects, &config.wired, level);
        level = Some(verdict.level);
        sent.extend(watch.observe(&s, &suspects, &verdict, &config, at));
    }
    let pressure: Vec<&Notification> = sent.iter().filter(|n| n.kind == Kind::Pressure).collect();
    assert_eq!(pressure.len(), 1, "{sent:?}");
    assert!(pressure[0].body.contains("In the last 10 minutes: Xcode +"), "{}", pressure[0].body);
}

/// Pages going out and back in for a minute under "normal" pressure are told once per episode.
#[test]
fn thrashing_under_normal_pressure_is_told_once_per_episode() {
    use headroom_core::model::paging::Paging;
    use headroom_core::notify::watch::Watch;

    let config = Config::default();
    let mut watch = Watch::new(Vec::new(), notify::State::default());
    let t0 = time::OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid");
    let (mut counters, mut sent) = (Paging::default(), Vec::new());
    // Every 2 s for 6 minutes: 8 MiB/s each way in minutes 1–2 (and again in 4–5, with pressure
    // critical then: the pressure alert speaks, not this one), calm between.
    for step in 0..180i64 {
        let at = t0 + time::Duration::seconds(2 * step);
        let minute = step / 30;
        if matches!(minute, 1 | 2 | 4) {
            counters.swapped_in += 16 << 20;
            counters.swapped_out += 16 << 20;
        }
        let mut s = snapshot(16 * GIB, 2 * GIB, at);
        s.paging = Some(counters);
        s.pressure = if minute >= 4 { Pressure::Critical } else { Pressure::Normal };
        let suspects = quiet(at);
        let verdict = headroom_core::verdict::wired_level(2 * GIB, s.memory.total, &suspects, &config.wired, None);
        sent.extend(watch.observe(&s, &suspects, &verdict, &config, at).into_iter().map(|n| (step, n)));
    }
    let told: Vec<&(i64, Notification)> = sent.iter().filter(|(_, n)| n.kind == Kind::Thrashing).collect();
    assert_eq!(told.len(), 1, "{sent:?}");
    let (step, notification) = told[0];
    // Told when the last minute's average reached 4 MiB/s each way (half a minute into the storm),
    // not at its first sample.
    assert_eq!(*step, 44);
    assert!(notification.body.contains("minute 4 MB/s was swapped out and 4 MB/s back in"), "{}", notification.body);
}
