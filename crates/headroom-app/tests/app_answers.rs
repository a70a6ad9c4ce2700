//! Every click answers where the user looks, and what the user sets in the menu survives a restart.

use crate::app_support;
use headroom_testing as common;

use common::{GIB, quiet, snapshot, t0};
use headroom_app::state::{AppState, COMPARISON_SHOWN, Effect};
use headroom_core::config::{self, Config};
use headroom_core::history::Seed;
use headroom_core::notify::Kind;
use headroom_core::ui::menu::{ItemId, Kind as ItemKind, TopPart};
use time::{Duration, OffsetDateTime};

fn label(app: &AppState, id: ItemId, now: OffsetDateTime) -> String {
    app.menu_items(now).into_iter().find(|i| i.id == Some(id)).map(|i| i.label).expect("the item is there")
}

/// What a user sees at once after a click: a notification, a window or a page, a purge under way,
/// a check mark that changed (for the toggles), or the app leaving.
fn answers_at_once(effects: &[Effect]) -> bool {
    effects.iter().any(|effect| {
        matches!(
            effect,
            Effect::Notify(_)
                | Effect::StartPurge
                | Effect::ShowHistory { .. }
                | Effect::OpenSettings
                | Effect::About
                | Effect::Quit
                | Effect::ToggleLogin { .. }
                | Effect::SaveSetting { .. }
                | Effect::ConfirmQuit(_)
        )
    })
}

#[test]
fn every_enabled_item_that_acts_answers_where_the_user_looks() {
    let at = t0();
    let mut app = app_support::app(Config::default(), at);
    app.on_suspects(quiet(at));
    // Wired well above the typical range from the first sample: an alert, so Snooze has a target.
    let first = app.on_sample(snapshot(16 * GIB, 8 * GIB, at));
    assert!(first.iter().any(|e| matches!(e, Effect::Notify(n) if n.kind == Kind::WiredLevel)), "{first:?}");
    app.on_menu(ItemId::MarkBaseline, at);
    app.on_top(top_list(at));
    let mut clicked = Vec::new();
    // A submenu's row only opens it: its items (and theirs) are what is clicked.
    fn leaves(items: Vec<headroom_core::ui::menu::Item>) -> Vec<headroom_core::ui::menu::Item> {
        items
            .into_iter()
            .flat_map(|item| match item.kind {
                ItemKind::Submenu(children) => leaves(children),
                _ => vec![item],
            })
            .collect()
    }
    for item in leaves(app.menu_items(at)) {
        let Some(id) = item.id else { continue };
        if !item.enabled || matches!(item.kind, ItemKind::Info | ItemKind::Image | ItemKind::Separator) {
            continue;
        }
        // A fresh state per click, so one click's answer cannot stand in for another's.
        let mut fresh = app_support::app(Config::default(), at);
        fresh.on_suspects(quiet(at));
        fresh.on_sample(snapshot(16 * GIB, 8 * GIB, at));
        fresh.on_menu(ItemId::MarkBaseline, at);
        fresh.on_top(top_list(at));
        let effects = fresh.on_menu(id, at + Duration::minutes(1));
        assert!(answers_at_once(&effects), "{id:?} ({}) answers nothing: {effects:?}", item.label);
        clicked.push(id);
    }
    let (quit, report) = (ItemId::TopPart(1, TopPart::Quit), ItemId::TopPart(1, TopPart::Report));
    let gib = ItemId::Setting(headroom_core::ui::settings_menu::SettingChoice::Units(config::Units::Gib));
    assert!(clicked.contains(&gib), "{clicked:?}");
    for id in [
        ItemId::CompareBaseline,
        ItemId::Snooze,
        ItemId::About,
        ItemId::ShowHistory,
        ItemId::OpenSettings,
        quit,
        report,
    ] {
        assert!(clicked.contains(&id), "{id:?} was not among the enabled actions: {clicked:?}");
    }
    // The kernel's row (first: 8 GB wired) offers no Quit.
    assert!(!clicked.contains(&ItemId::TopPart(0, TopPart::Quit)), "{clicked:?}");
    let mut fresh = app_support::app(Config::default(), at);
    fresh.on_sample(snapshot(16 * GIB, 8 * GIB, at));
    fresh.on_top(top_list(at));
    let asked = fresh.on_menu(quit, at);
    assert!(
        matches!(asked.as_slice(), [Effect::ConfirmQuit(r)] if r.name == "Raycast" && r.pids == [41, 42] && r.bytes == 3 * GIB),
        "{asked:?}"
    );
}

/// One app (Raycast, 3 GB in two processes) for the Top memory rows, under the kernel's 8 GB.
fn top_list(at: OffsetDateTime) -> headroom_core::top::TopList {
    use headroom_core::top::{Entry, EntryKind, Grouping, TopList};
    let entry = Entry {
        name: "Raycast".into(),
        kind: EntryKind::App,
        bytes: 3 * GIB,
        processes: 2,
        pids: vec![41, 42],
        measure: None,
    };
    TopList { at, grouping: Grouping::ByApp, scanned: 2, unreadable: 0, entries: vec![entry] }
}

#[test]
fn a_snooze_from_the_menu_says_until_when_naming_the_day() {
    let at = OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid"); // 20:26 UTC
    let mut app = app_support::app(Config::default(), at);
    app.on_suspects(quiet(at));
    app.on_sample(snapshot(16 * GIB, 8 * GIB, at));
    let effects = app.on_menu(ItemId::Snooze, at);
    let said = effects
        .iter()
        .find_map(|e| match e {
            Effect::Notify(n) if n.kind == Kind::Answer => Some(n.body.clone()),
            _ => None,
        })
        .expect("the snooze is answered");
    assert!(said.contains("until tomorrow 20:26"), "{said}");
    assert!(
        label(&app, ItemId::Snooze, at).ends_with("snoozed until tomorrow 20:26"),
        "{}",
        label(&app, ItemId::Snooze, at)
    );
}

#[test]
fn a_comparison_leaves_its_item_once_it_is_old_and_a_new_baseline_clears_it() {
    let at = t0();
    let mut app = app_support::app(Config::default(), at);
    app.on_sample(snapshot(16 * GIB, 2 * GIB, at));
    app.on_menu(ItemId::MarkBaseline, at);
    app.on_menu(ItemId::CompareBaseline, at);
    assert!(label(&app, ItemId::CompareBaseline, at).starts_with("Since"));
    assert_eq!(label(&app, ItemId::CompareBaseline, at + COMPARISON_SHOWN), "Compare with Baseline");
    app.on_menu(ItemId::CompareBaseline, at);
    app.on_menu(ItemId::MarkBaseline, at);
    assert_eq!(label(&app, ItemId::CompareBaseline, at), "Compare with Baseline");
}

#[test]
fn notifications_turned_off_and_the_baseline_survive_a_restart() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("config.toml");
    let at = t0();
    let mut app = app_support::app(Config::default(), at);
    app.on_sample(snapshot(16 * GIB, 2 * GIB, at));
    // What the event loop does with the effects: the setting into the file, the event into the history.
    let mut events = Vec::new();
    for effect in app.on_menu(ItemId::Notifications, at).into_iter().chain(app.on_menu(ItemId::MarkBaseline, at)) {
        match effect {
            Effect::SaveSetting { key, value } => config::save(&path, key, &value).expect("saved"),
            Effect::Record(event) => events.push(event),
            _ => {}
        }
    }
    let loaded = config::load_file(&path);
    assert_eq!(loaded.errors, Vec::new());
    let boot_id = snapshot(16 * GIB, 2 * GIB, at).boot_id;
    let seed = Seed { boot_id, minutes: Vec::new(), events, holders: Vec::new(), apps: Vec::new() };
    let later = at + Duration::minutes(10);
    let mut restarted = app_support::restarted(loaded.config, &seed, later);
    restarted.on_sample(snapshot(16 * GIB, 3 * GIB, later));
    let checked = restarted.menu_items(later).into_iter().find(|i| i.id == Some(ItemId::Notifications)).map(|i| i.kind);
    assert_eq!(checked, Some(ItemKind::Check(false)), "notifications stay off");
    let compared = restarted.on_menu(ItemId::CompareBaseline, later);
    assert!(
        matches!(compared.as_slice(), [Effect::Notify(n)] if n.body.contains("Since 20:26") && n.body.contains("Wired +1.0 GB")),
        "{compared:?}"
    );
}

#[test]
fn starting_with_wired_already_high_alerts_once() {
    let at = t0();
    let mut app = app_support::app(Config::default(), at);
    app.on_suspects(quiet(at));
    let mut alerts = 0;
    for minute in 0..30 {
        let effects = app.on_sample(snapshot(16 * GIB, 8 * GIB, at + Duration::minutes(minute)));
        alerts += effects.iter().filter(|e| matches!(e, Effect::Notify(n) if n.kind == Kind::WiredLevel)).count();
    }
    assert_eq!(alerts, 1);
}

/// A leak alert's Snooze silences that app for a day, across a restart; another app's leak still comes.
#[test]
fn snoozing_a_leak_alert_silences_that_app_only_and_survives_a_restart() {
    use headroom_core::top::{Entry, EntryKind, Grouping, TopList};
    let mut config = Config::default();
    config.apps.leak_window = config::Span::minutes(5);
    config.apps.leak_min_growth = config::Size(300 << 20);
    let at = t0();
    let scan = |step: i64, growers: &[&str]| {
        let entry = |name: &str| Entry {
            name: name.into(),
            kind: EntryKind::App,
            bytes: (200 + 100 * step as u64) << 20,
            processes: 1,
            pids: vec![1],
            measure: None,
        };
        let entries = growers.iter().map(|name| entry(name)).collect();
        TopList { at: at + Duration::seconds(10 * step), grouping: Grouping::ByApp, scanned: 1, unreadable: 0, entries }
    };
    let leak_alerts = |app: &mut AppState, growers: &[&str], steps: std::ops::Range<i64>| {
        let mut told = Vec::new();
        for step in steps {
            app.on_sample(snapshot(16 * GIB, 2 * GIB, at + Duration::seconds(10 * step)));
            for effect in app.on_top(scan(step, growers)) {
                if let Effect::Notify(n) = effect
                    && n.kind == Kind::AppLeak
                {
                    told.push(n.subject.expect("a leak names its app"));
                }
            }
        }
        told
    };
    let mut app = app_support::app(config.clone(), at);
    assert_eq!(leak_alerts(&mut app, &["Raycast"], 0..40), ["Raycast"]);
    let later = at + Duration::seconds(400);
    let said = app.on_menu(ItemId::Snooze, later);
    let Some(Effect::Record(event)) = said.first() else { panic!("{said:?}") };
    assert_eq!(event.detail["app"], "Raycast");
    assert!(label(&app, ItemId::Snooze, later).starts_with("Raycast's app-leak alerts snoozed until"), "{said:?}");

    // After a restart (the snooze restored from its event), Raycast keeps growing and is not told
    // again; Slack, growing beside it, is.
    let seed =
        Seed { boot_id: snapshot(16 * GIB, 2 * GIB, at).boot_id, events: vec![event.clone()], ..Seed::default() };
    let mut restarted = app_support::restarted(config, &seed, later);
    assert_eq!(leak_alerts(&mut restarted, &["Raycast", "Slack"], 41..80), ["Slack"]);
}

/// A saved config.toml applies at once; a broken one keeps the last good settings and says where,
/// first in the dropdown, until it is fixed; that row opens the file.
#[test]
fn saved_settings_apply_at_once_and_a_broken_file_says_where() {
    let at = t0();
    let mut app = app_support::app(Config::default(), at);
    app.on_sample(snapshot(16 * GIB, 2 * GIB, at));
    let path = std::path::Path::new("/home/u/.config/headroom/config.toml");
    let applied = app.on_settings(config::load_str("units = \"GiB\"\nsample_interval = \"5s\"\n", path));
    let [Effect::ApplySettings(settings)] = applied.as_slice() else { panic!("{applied:?}") };
    assert_eq!((settings.units, settings.sample_interval), (config::Units::Gib, config::Span::secs(5)));
    assert_eq!(app.settings().units, config::Units::Gib);
    assert!(
        app.on_settings(config::load_str("units = \"GiB\"\nsample_interval = \"5s\"\n", path)).is_empty(),
        "no change"
    );
    let broken = app.on_settings(config::load_str("units = \"GB\"\nsample_interval = \n", path));
    assert!(broken.is_empty(), "nothing applied: {broken:?}");
    assert_eq!(app.settings().units, config::Units::Gib, "the last good settings stay");
    let first = app.menu_items(at).into_iter().next().expect("a row");
    assert_eq!(
        (first.id, first.label.as_str()),
        (Some(ItemId::SettingsProblem), "Settings file has an error on line 2 — click to open")
    );
    assert_eq!(app.on_menu(ItemId::SettingsProblem, at), vec![Effect::OpenSettings]);
    app.on_settings(config::load_str("units = \"GB\"\n", path));
    assert_eq!(app.settings_problem(), None, "fixed: the row goes");
    assert_eq!(app.settings().units, config::Units::Gb);
}

/// A choice in the Settings submenu is in effect at once, checked in the menu, and written to
/// config.toml (comments kept) for the live reload to read back unchanged.
#[test]
fn a_settings_choice_applies_at_once_and_is_written_to_the_file() {
    use headroom_core::ui::settings_menu::SettingChoice;
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "# mine\nunits = \"GB\"\n").expect("config");
    let at = t0();
    let mut app = app_support::app(Config::default(), at);
    app.on_sample(snapshot(16 * GIB, 2 * GIB, at));
    let choice = SettingChoice::Units(config::Units::Gib);
    let effects = app.on_menu(ItemId::Setting(choice), at);
    let Some(Effect::SaveSetting { key, value }) = effects.first() else { panic!("{effects:?}") };
    config::save(&path, key, value).expect("saved");
    assert!(matches!(effects.get(1), Some(Effect::ApplySettings(s)) if s.units == config::Units::Gib), "{effects:?}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "# mine\nunits = \"GiB\"\n");
    let checked = |app: &AppState, choice: SettingChoice| {
        fn find(items: &[headroom_core::ui::menu::Item], id: ItemId) -> Option<ItemKind> {
            items.iter().find_map(|i| match &i.kind {
                _ if i.id == Some(id) => Some(i.kind.clone()),
                ItemKind::Submenu(children) => find(children, id),
                _ => None,
            })
        }
        find(&app.menu_items(at), ItemId::Setting(choice))
    };
    assert_eq!(checked(&app, choice), Some(ItemKind::Check(true)));
    assert_eq!(checked(&app, SettingChoice::Units(config::Units::Gb)), Some(ItemKind::Check(false)));
    // The live reload reads the file back: the same settings, nothing more to apply.
    assert!(app.on_settings(config::load_file(&path)).is_empty());
    assert!(label(&app, ItemId::Wired, at).ends_with("GiB"), "{}", label(&app, ItemId::Wired, at));
}
