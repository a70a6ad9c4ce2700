//! The menu-bar app driven headless: snapshots, probe results and clicks go into `AppState`; the
//! menu model, the icon state and the effects (notifications, purge, snooze events) come out.

use crate::app_support;
use headroom_testing as common;

use common::{DAY, GIB, leak_series, quiet, snapshot, t0, with_vm};
use headroom_app::state::{AppState, Effect};
use headroom_core::config::{Config, SettingValue};
use headroom_core::history::EventKind;
use headroom_core::model::Pressure;
use headroom_core::notify::Kind;
use headroom_core::ui::menu::{Item, ItemId, Kind as ItemKind};
use time::{Duration, OffsetDateTime};

fn start(settings: Config, now: OffsetDateTime) -> AppState {
    app_support::app(settings, now)
}

fn label(items: &[Item], id: ItemId) -> String {
    items.iter().find(|i| i.id == Some(id)).map(|i| i.label.clone()).unwrap_or_else(|| panic!("no {id:?} item"))
}

fn notified(effects: &[Effect]) -> Vec<Kind> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Notify(n) => Some(n.kind),
            _ => None,
        })
        .collect()
}

#[test]
fn a_leak_sampled_through_the_app_shows_in_the_menu_and_notifies_creeping_once() {
    let (leak_start, leak) = (DAY, 6 * DAY);
    let points = leak_series(leak_start, leak, 11);
    let mut app = start(Config::default(), t0());
    let mut creeping = Vec::new();
    let mut kinds = Vec::new();
    let mut sparkline_redraws = 0;
    for (m, point) in points.iter().enumerate().step_by(5) {
        if m % 30 == 0 {
            app.on_suspects(quiet(point.at));
        }
        let effects = app.on_sample(snapshot(16 * GIB, point.wired, point.at));
        sparkline_redraws += effects.iter().filter(|e| **e == Effect::RedrawSparkline).count();
        for kind in notified(&effects) {
            kinds.push(kind);
            if kind == Kind::Creeping {
                creeping.push(m as i64);
            }
        }
        // The watch and the sparkline stay bounded however long the app runs.
        assert!(app.watched_minutes() <= (3 * 24 + 1) * 60 / 5 + 2, "watch: {}", app.watched_minutes());
        assert!(app.spark().len() <= 6 * 60, "sparkline: {}", app.spark().len());
    }
    assert_eq!(creeping.len(), 1, "one creeping notification across six days: {creeping:?}");
    assert!((creeping[0] - leak_start) < 3 * DAY, "found {} minutes into the leak", creeping[0] - leak_start);
    assert_eq!(sparkline_redraws, points.len().div_ceil(5), "every sample here starts a new minute");

    // The dropdown shows the last sample in Activity Monitor's words, and the verdict with it.
    let last = points.iter().step_by(5).next_back().expect("points");
    let items = app.menu_items(last.at);
    let wired_gb = last.wired as f64 / GIB as f64;
    assert_eq!(label(&items, ItemId::Wired), format!("Wired Memory: {wired_gb:.1} GB"));
    // The verdict judges the median of the last 15 minutes, so it is within the noise of the last sample.
    let level = app.level().expect("judged");
    assert!(level.wired.abs_diff(last.wired) < 300 << 20, "{} vs {}", level.wired, last.wired);
    let judged_gb = level.wired as f64 / GIB as f64;
    let verdict = label(&items, ItemId::WiredVerdict);
    assert!(verdict.starts_with(&format!("Wired {judged_gb:.1} GB — high for 16.0 GB")), "{verdict}");
    // Snooze offers the last kind notified: the level crossing "high" came after the creeping alert.
    assert_eq!(kinds.last(), Some(&Kind::WiredLevel), "{kinds:?}");
    assert_eq!(label(&items, ItemId::Snooze), format!("Snooze {} alerts for a day", Kind::WiredLevel.label()));
    let spark = items.iter().find(|i| i.id == Some(ItemId::Sparkline)).expect("sparkline item");
    // The trend in words, over what it covers: 6 hours at most, however sparse the points.
    assert!(spark.label.starts_with("Last 5 h 55 min: wired "), "text sparkline on this platform: {}", spark.label);

    // The icon: fill is memory used, a template in normal times.
    let icon = app.icon_state();
    let s = app.snapshot().expect("sampled");
    assert_eq!(u64::from(icon.used_percent), s.memory.used() * 100 / s.memory.total);
    assert_eq!((icon.pressure, icon.template), (Pressure::Normal, true));
}

#[test]
fn a_vm_explains_wired_memory_and_a_level_change_wakes_the_prober() {
    let at = t0();
    let mut app = start(Config::default(), at);
    // 3 GB of 16 GB is normal; then 7 GB for a quarter of an hour is high.
    let mut effects = Vec::new();
    for m in 0..20 {
        effects = app.on_sample(snapshot(16 * GIB, 3 * GIB, at + Duration::minutes(m)));
    }
    assert!(!effects.contains(&Effect::NudgeProber));
    let mut nudged = false;
    for m in 20..40 {
        let effects = app.on_sample(snapshot(16 * GIB, 7 * GIB, at + Duration::minutes(m)));
        nudged |= effects.contains(&Effect::NudgeProber);
    }
    assert!(nudged, "the level rose: the prober is asked to look now");
    let items = app.menu_items(at + Duration::minutes(40));
    assert!(
        label(&items, ItemId::WiredVerdict).contains("high for 16.0 GB"),
        "{}",
        label(&items, ItemId::WiredVerdict)
    );

    // The probe finds a VM holding 5 GB: the verdict says so and the top suspect names it.
    app.on_suspects(with_vm(at + Duration::minutes(39), 5 * GIB));
    for m in 40..60 {
        app.on_sample(snapshot(16 * GIB, 7 * GIB, at + Duration::minutes(m)));
    }
    let items = app.menu_items(at + Duration::minutes(60));
    assert!(label(&items, ItemId::WiredVerdict).contains("explained by"), "{}", label(&items, ItemId::WiredVerdict));
    assert!(label(&items, ItemId::TopSuspect).contains("qemu-system-aarch64"), "{}", label(&items, ItemId::TopSuspect));
}

#[test]
fn clicks_become_effects_and_their_results_show_in_the_menu() {
    let at = t0();
    let mut app = start(Config::default(), at);
    app.on_sample(snapshot(16 * GIB, 2 * GIB, at));

    // Purge: one at a time; the result is shown and notified.
    assert_eq!(app.on_menu(ItemId::Purge, at), vec![Effect::StartPurge]);
    assert_eq!(app.on_menu(ItemId::Purge, at), vec![], "a second click while purging does nothing");
    assert_eq!(label(&app.menu_items(at), ItemId::Purge), "Purging…");
    let effects = app.on_purged("Cached Files 4.1 → 1.3 GB, freed 2.8 GB".into(), at);
    assert_eq!(notified(&effects), vec![Kind::PurgeResult]);
    assert!(label(&app.menu_items(at), ItemId::Purge).ends_with("last: Cached Files 4.1 → 1.3 GB, freed 2.8 GB"));

    // Test notification: "sending…" until the worker answers.
    assert_eq!(notified(&app.on_menu(ItemId::TestNotification, at)), vec![Kind::Test]);
    assert!(label(&app.menu_items(at), ItemId::TestNotification).contains("sending…"));
    app.on_notified(Kind::Test, "shown by dunst".into());
    assert!(label(&app.menu_items(at), ItemId::TestNotification).contains("shown by dunst"));

    // A purge result answers a click: it is never what "Snooze" silences.
    assert!(label(&app.menu_items(at), ItemId::Snooze).contains("nothing sent yet"));
    assert_eq!(app.on_menu(ItemId::Snooze, at), vec![]);

    // Baseline: mark (answered, and kept in the history), change, compare (answered, and on the item).
    let marked = app.on_menu(ItemId::MarkBaseline, at);
    assert!(marked.iter().any(|e| matches!(e, Effect::Record(event) if event.kind == EventKind::BaselineMarked)));
    assert_eq!(notified(&marked), vec![Kind::Answer]);
    app.on_sample(snapshot(16 * GIB, 3 * GIB + GIB / 5, at + Duration::minutes(5)));
    let compared = app.on_menu(ItemId::CompareBaseline, at + Duration::minutes(5));
    match compared.as_slice() {
        [Effect::Notify(n)] => assert!(n.kind == Kind::Answer && n.body.contains("Wired +1.2 GB"), "{n:?}"),
        other => panic!("compare: {other:?}"),
    }
    let compared = label(&app.menu_items(at + Duration::minutes(6)), ItemId::CompareBaseline);
    assert!(compared.contains("Wired +1.2 GB") && compared.contains("compared at"), "{compared}");

    // Toggles: notifications in the state; login asks the shell and shows what it reports.
    let checked = |app: &AppState, id| app.menu_items(at).into_iter().find(|i| i.id == Some(id)).map(|i| i.kind);
    assert_eq!(checked(&app, ItemId::Notifications), Some(ItemKind::Check(true)));
    assert_eq!(
        app.on_menu(ItemId::Notifications, at),
        vec![Effect::SaveSetting { key: "notifications.enabled", value: SettingValue::Bool(false) }]
    );
    assert_eq!(checked(&app, ItemId::Notifications), Some(ItemKind::Check(false)));
    assert_eq!(app.on_menu(ItemId::LaunchAtLogin, at), vec![Effect::ToggleLogin { enable: true }]);
    app.set_launch_at_login(true);
    assert_eq!(checked(&app, ItemId::LaunchAtLogin), Some(ItemKind::Check(true)));
    assert_eq!(app.on_menu(ItemId::Quit, at), vec![Effect::Quit]);
}

#[test]
fn the_title_and_a_critical_icon_follow_the_settings_and_the_sample() {
    let at = t0();
    let mut settings = Config::default();
    settings.menu_bar.title = headroom_core::config::MenuBarTitle::WiredGb;
    let mut app = start(settings, at);
    assert_eq!(app.title(), None, "nothing to say before the first sample");
    let mut s = snapshot(16 * GIB, 5 * GIB, at);
    s.pressure = Pressure::Critical;
    app.on_sample(s);
    assert_eq!(app.title().as_deref(), Some("5.0 GB"));
    let icon = app.icon_state();
    assert_eq!((icon.pressure, icon.template), (Pressure::Critical, false), "critical is drawn in colour");
}

#[test]
fn the_menu_opening_asks_for_a_fresh_top_list_and_login_state_and_the_list_fills_the_section() {
    use headroom_core::top::{Grouping, Measure, Process, TopList};
    let mut app = start(Config::default(), t0());
    // The login item is read again too: `headroom setup login` may have changed it meanwhile.
    assert_eq!(app.on_menu_opening(), vec![Effect::RefreshTop, Effect::ReadLogin]);
    let label = |app: &AppState, id: ItemId| label(&app.menu_items(t0()), id);
    assert_eq!(label(&app, ItemId::TopHeading), "Top memory: looking…");
    let hog =
        Process { pid: 9, name: "headroomhog".into(), app: None, size: Some((700 << 20, Measure::AnonShmemSwap)) };
    // The scan also has the login item read again (Linux's tray says nothing when its menu opens), at most every 30 s.
    assert_eq!(app.on_top(TopList::build(vec![hog], Grouping::ByApp, t0())), vec![Effect::ReadLogin]);
    assert_eq!(label(&app, ItemId::TopHeading), "Top memory");
    assert_eq!(label(&app, ItemId::Top1), "  headroomhog — 700 MB");
    assert!(app.top().is_some());
    // A machine of thousands of processes: the state keeps the five rows the menu shows.
    let many = (0..3000)
        .map(|pid| Process {
            pid,
            name: format!("worker-{pid}"),
            app: None,
            size: Some((u64::from(pid + 1) << 20, Measure::AnonShmemSwap)),
        })
        .collect();
    assert_eq!(app.on_top(TopList::build(many, Grouping::ByApp, t0())), vec![], "read 0 s ago");
    let kept = app.top().expect("a list");
    assert_eq!((kept.entries.len(), kept.scanned), (5, 3000));
    assert_eq!(label(&app, ItemId::Top1), "  worker-2999 — 2.9 GB");
    assert_eq!(label(&app, ItemId::Top5), "  worker-2995 — 2.9 GB");
}

#[test]
fn a_refused_login_item_says_why_on_its_menu_item_until_the_next_change() {
    use headroom_app::state::LoginShown;
    let now = OffsetDateTime::UNIX_EPOCH;
    let mut app = start(Config::default(), now);
    let login = |app: &AppState| {
        let items = app.menu_items(now);
        let item = items.into_iter().find(|i| i.id == Some(ItemId::LaunchAtLogin)).expect("the item");
        (item.label, item.kind)
    };
    app.set_launch_at_login(LoginShown { enabled: false, note: Some("move Headroom to Applications first".into()) });
    assert_eq!(login(&app), ("Launch at Login — move Headroom to Applications first".into(), ItemKind::Check(false)));
    app.set_launch_at_login(true);
    assert_eq!(login(&app), ("Launch at Login".into(), ItemKind::Check(true)));
}
