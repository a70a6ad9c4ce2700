//! The pseudo-locale proves every dropdown row's words come through the catalog: with each letter
//! of the catalog's text made fullwidth, no plain ASCII letter may remain outside the values put in
//! (names from the system, sizes' units, the menu bar's own "%").

use std::sync::Arc;

use super::*;
use crate::i18n::{Catalog, with_catalog};
use crate::owners::{OwnerKind, WiredOwner};
use crate::top::{Grouping, Measure, Process, TopList};

/// Outside text and units the fixture puts into the rows: what is left of a label without them
/// must have no ASCII letter.
const VALUES: [&str; 11] =
    ["Firefox", "python3", "docker.service", "pgbench", "amdgpu", "GiB", "MiB", "GB", "MB", "min", "h"];

fn plain_letters(label: &str) -> Option<String> {
    let mut rest = label.to_owned();
    for value in VALUES {
        rest = rest.replace(value, "");
    }
    rest.chars().any(|c| c.is_ascii_alphabetic()).then_some(rest)
}

fn every_label(items: &[Item], out: &mut Vec<String>) {
    for item in items {
        if item.kind != Kind::Separator && item.label != "—" {
            out.push(item.label.clone());
        }
        if let Kind::Submenu(children) = &item.kind {
            every_label(children, out);
        }
    }
}

fn rows(catalog: Catalog, as_submenus: bool) -> Vec<String> {
    let s = crate::ui::fixture_snapshot();
    let mut suspects = Suspects::unknown(s.at, "t");
    let owner = |kind, name: &str, pid, mib: u64| WiredOwner { kind, name: name.into(), pid, bytes: mib << 20 };
    suspects.holders.found = vec![
        owner(OwnerKind::Cgroup, "system.slice/docker.service", None, 300),
        owner(OwnerKind::Locked, "pgbench", Some(8717), 200),
        owner(OwnerKind::Gpu, "amdgpu", None, 100),
    ];
    let process = |pid: u32, name: &str, app: Option<&str>, mib: u64| Process {
        pid,
        name: name.into(),
        app: app.map(str::to_owned),
        size: Some((mib << 20, Measure::Footprint)),
    };
    let list = TopList::build(
        vec![process(1, "Firefox", Some("Firefox"), 3000), process(2, "Firefox", Some("Firefox"), 900)]
            .into_iter()
            .chain([process(3, "python3", None, 700)])
            .collect(),
        Grouping::ByApp,
        s.at,
    );
    let apps = [crate::history::AppRow {
        at: s.at - time::Duration::hours(2),
        boot_id: "b".into(),
        name: "Firefox".into(),
        bytes: 1 << 30,
    }];
    let leaks = [crate::verdict::AppLeak {
        name: "Firefox".into(),
        from: 1 << 30,
        to: 3900 << 20,
        growth: 2900 << 20,
        since: s.at - time::Duration::minutes(90),
        rate_per_hour: 2 << 30,
    }];
    let settings = crate::config::Config::default();
    with_catalog(Arc::new(catalog), || {
        let level = crate::verdict::wired_level(s.memory.wired, s.memory.total, &suspects, &settings.wired, None);
        let problem = crate::tr!("menu-settings-problem", place = crate::tr!("menu-settings-problem-line", line = 3));
        let state = MenuState {
            snapshot: Some(&s),
            level: Some(&level),
            suspects: Some(&suspects),
            units: "GB",
            sparkline_span: "2 min".into(),
            snooze: Some(SnoozeItem { kind: crate::tr!("kind-jump"), until: Some("14:05".into()) }),
            top: Some(&list),
            paging: Some((4e6, 1e6)),
            apps: &apps,
            leaks: &leaks,
            settings_problem: Some(&problem),
            settings: Some(&settings),
            top_rows_as_submenus: as_submenus,
            ..MenuState::default()
        };
        let mut labels = Vec::new();
        every_label(&build(&state), &mut labels);
        labels
    })
}

#[test]
fn every_row_of_the_dropdown_comes_through_the_catalog() {
    for as_submenus in [true, false] {
        let labels = rows(Catalog::pseudo(), as_submenus);
        assert!(labels.len() > 60, "{labels:?}");
        let plain: Vec<String> =
            labels.iter().filter_map(|l| plain_letters(l).map(|rest| format!("{l} ({rest})"))).collect();
        assert!(plain.is_empty(), "rows with words not from the catalog:\n{}", plain.join("\n"));
    }
    // And English reads as English (the transform is the pseudo-locale's only).
    let english = rows(Catalog::of("en"), true);
    assert!(english.iter().any(|l| l == "Settings"), "{english:?}");
}

#[test]
fn the_dropdown_speaks_german_with_activity_monitors_words_and_a_decimal_comma() {
    let labels = rows(Catalog::of("de"), true);
    let has = |start: &str| labels.iter().find(|l| l.starts_with(start)).cloned().unwrap_or_default();
    assert_eq!(has("Speicherdruck"), "Speicherdruck: Warnung — 82 % belegt");
    assert_eq!(has("Komprimiert"), "Komprimiert: 6,9 GB");
    assert_eq!(has("App-Speicher"), "App-Speicher: 3,8 GB");
    assert_eq!(has("Die Einstellungsdatei"), "Die Einstellungsdatei hat einen Fehler in Zeile 3 — zum Öffnen klicken");
    assert!(labels.contains(&"Einstellungen".to_owned()) && labels.contains(&"Alle 5 s".to_owned()), "{labels:?}");
}
