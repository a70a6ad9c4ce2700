//! The dropdown's "Top memory" section: a heading and five rows of the largest memory users, the
//! kernel among them, each opening a submenu: its growth over the last hour, Quit, Show in Report.

use super::menu::{Item, ItemId, Kind, TopPart};
use crate::history::AppRow;
use crate::top::rank::row_label;
use crate::top::{Entry, EntryKind, TopList};

/// The section's rows, in order.
pub const TOP_ROWS: [ItemId; 5] = [ItemId::Top1, ItemId::Top2, ItemId::Top3, ItemId::Top4, ItemId::Top5];

/// The rows the menu shows from `list`, in the order it shows them (the kernel's row among them):
/// what a click on row `n`'s submenu refers to.
pub fn shown_rows(list: &TopList, wired: Option<u64>) -> Vec<Entry> {
    list.top(TOP_ROWS.len(), wired)
}

/// What the section is made from: the last scan, the recorded apps, the leak verdicts.
pub(crate) struct Lists<'a> {
    pub top: Option<&'a TopList>,
    pub apps: &'a [AppRow],
    pub leaks: &'a [crate::verdict::AppLeak],
    /// Each row opens its own submenu (macOS); else (GTK, whose submenu rows cannot change their
    /// text in place) the rows are plain and their actions are listed in one submenu after them.
    pub rows_as_submenus: bool,
}

/// "Top memory" and five rows ("Google Chrome — 31 processes — 4.1 GB", "Kernel (wired) — 2.4 GB"),
/// always five, each with the same three submenu items, so the tray can update each in place; the
/// rows a scan did not fill read "—" and their items are disabled.
pub(crate) fn push(items: &mut Vec<Item>, lists: Lists<'_>, wired: Option<u64>, size: &dyn Fn(u64) -> String) {
    let Lists { top, apps, leaks, rows_as_submenus } = lists;
    let mut heading = match top {
        None => crate::tr!("top-heading-looking"),
        Some(list) if list.unreadable > 0 => crate::tr!("top-heading-unreadable", count = list.unreadable),
        Some(_) => crate::tr!("top-heading"),
    };
    // A leak is named where the rows are, in the heading (changed in place, never a row that comes
    // and goes): "Top memory — keeps growing: Raycast +9.1 GB in 3.0 h".
    if let Some(leak) = leaks.first() {
        let hours = top.map_or(0.0, |list| (list.at - leak.since).as_seconds_f64() / 3600.0).max(0.0);
        heading = crate::tr!(
            "top-keeps-growing",
            heading = heading,
            name = crate::suspects::shown(&leak.name),
            growth = size(leak.growth),
            hours = crate::i18n::localize_number(format!("{hours:.1}"))
        );
        if leaks.len() > 1 {
            heading = crate::tr!("top-and-more", heading = heading, count = (leaks.len() - 1));
        }
    }
    items.push(Item::info(ItemId::TopHeading, heading));
    let rows = top.map(|list| shown_rows(list, wired)).unwrap_or_default();
    let hour_ago = top.map(|list| list.at - time::Duration::HOUR);
    let grown = hour_ago.map(|since| crate::history::app_growth(apps, since)).unwrap_or_default();
    let mut actions = Vec::new();
    for (index, id) in TOP_ROWS.into_iter().enumerate() {
        let row = rows.get(index);
        let label = row.map_or_else(|| "—".to_owned(), |row| format!("  {}", row_label(row, size)));
        let growth = grown.iter().find(|g| row.is_some_and(|r| r.name == g.name)).map(|g| g.from);
        let mut children = submenu(index as u8, row, growth, size);
        if rows_as_submenus {
            items.push(Item { id: Some(id), label, enabled: true, kind: Kind::Submenu(children) });
            continue;
        }
        items.push(Item::info(id, label));
        // Listed together, each part says which app it is about.
        if let Some(row) = row {
            // The kernel's row by its name in the reader's language; an app's as the system gives it.
            let name = if row.kind == EntryKind::Kernel {
                crate::tr!("top-kernel")
            } else {
                crate::suspects::shown(&row.name)
            };
            for child in &mut children {
                match child.id {
                    Some(ItemId::TopPart(_, TopPart::Growth)) => {
                        child.label =
                            crate::tr!("top-growth-named", name = name.as_str(), growth = child.label.as_str())
                    }
                    Some(ItemId::TopPart(_, TopPart::Report)) => {
                        child.label = crate::tr!("top-report-named", name = name.as_str())
                    }
                    _ => {}
                }
            }
        }
        if index > 0 {
            actions.push(Item { id: None, label: String::new(), enabled: false, kind: Kind::Separator });
        }
        actions.extend(children);
    }
    if !rows_as_submenus {
        items.push(Item {
            id: Some(ItemId::TopActions),
            label: crate::tr!("top-actions"),
            enabled: true,
            kind: Kind::Submenu(actions),
        });
    }
}

/// A row's submenu: its growth over the last hour (from its recorded figure an hour ago, or when it
/// was first recorded since, to now), Quit with what it gives back, and Show in Report.
fn submenu(row: u8, entry: Option<&Entry>, hour_ago: Option<u64>, size: &dyn Fn(u64) -> String) -> Vec<Item> {
    let part = |part: TopPart, label: String, enabled: bool, kind: Kind| Item {
        id: Some(ItemId::TopPart(row, part)),
        label,
        enabled,
        kind,
    };
    let Some(entry) = entry else {
        return vec![
            part(TopPart::Growth, "—".into(), false, Kind::Info),
            part(TopPart::Quit, crate::tr!("top-quit-empty"), false, Kind::Action),
            part(TopPart::Report, crate::tr!("top-report"), false, Kind::Action),
        ];
    };
    let (growth, quit, can_quit) = if entry.kind == EntryKind::Kernel {
        (crate::tr!("top-kernel-growth"), crate::tr!("top-kernel-quit"), false)
    } else if crate::top::session::is_session_process(&entry.name) {
        (crate::tr!("top-session-growth"), crate::tr!("top-session-quit"), false)
    } else {
        let growth = match hour_ago {
            None => crate::tr!("top-last-hour-unknown"),
            Some(from) => {
                let change = i128::from(entry.bytes) - i128::from(from);
                let moved = size(u64::try_from(change.unsigned_abs()).unwrap_or(u64::MAX));
                let sign = if change < 0 { "−" } else { "+" };
                let change = format!("{sign}{moved}");
                crate::tr!("top-last-hour", change = change, from = size(from), to = size(entry.bytes))
            }
        };
        let name = crate::suspects::shown(&entry.name);
        (growth, crate::tr!("top-quit", name = name, size = size(entry.bytes)), true)
    };
    vec![
        part(TopPart::Growth, growth, true, Kind::Info),
        part(TopPart::Quit, quit, can_quit, Kind::Action),
        part(TopPart::Report, crate::tr!("top-report"), true, Kind::Action),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Snapshot;
    use crate::ui::menu::{self, Kind, MenuState};

    fn snapshot() -> Snapshot {
        super::super::fixture_snapshot()
    }

    #[test]
    fn the_top_memory_section_ranks_apps_with_the_kernel_and_says_what_was_unreadable() {
        use crate::top::{Grouping, Measure, Process};
        let s = snapshot();
        let process = |pid: u32, name: &str, app: Option<&str>, mib: Option<u64>| Process {
            pid,
            name: name.into(),
            app: app.map(str::to_owned),
            size: mib.map(|m| (m << 20, Measure::Footprint)),
        };
        let list = TopList::build(
            vec![
                process(1, "Google Chrome", Some("Google Chrome"), Some(3000)),
                process(2, "Google Chrome Helper (Renderer)", Some("Google Chrome"), Some(1200)),
                process(3, "python3", None, Some(700)),
                process(4, "WindowServer", None, None),
            ],
            Grouping::ByApp,
            s.at,
        );
        // Chrome was recorded at 1 GB two hours ago; python3 never was.
        let apps = [crate::history::AppRow {
            at: s.at - time::Duration::hours(2),
            boot_id: "b".into(),
            name: "Google Chrome".into(),
            bytes: 1 << 30,
        }];
        let leaks = [crate::verdict::AppLeak {
            name: "Google Chrome".into(),
            from: 1 << 30,
            to: 4200 << 20,
            growth: 3 << 30,
            since: s.at - time::Duration::minutes(90),
            rate_per_hour: 2 << 30,
        }];
        let state = MenuState {
            snapshot: Some(&s),
            units: "GB",
            top: Some(&list),
            apps: &apps,
            leaks: &leaks,
            top_rows_as_submenus: true,
            ..MenuState::default()
        };
        let items = menu::build(&state);
        let label = |id: ItemId| items.iter().find(|i| i.id == Some(id)).map(|i| i.label.clone()).expect("item");
        assert_eq!(
            label(ItemId::TopHeading),
            "Top memory (1 process of another user not readable) — keeps growing: Google Chrome +3.0 GB in 1.5 h"
        );
        assert_eq!(label(ItemId::Top1), "  Google Chrome — 2 processes — 4.1 GB");
        assert_eq!(label(ItemId::Top2), "  Kernel (wired) — 2.4 GB");
        assert_eq!(label(ItemId::Top3), "  python3 — 700 MB");
        assert_eq!((label(ItemId::Top4), label(ItemId::Top5)), ("—".to_owned(), "—".to_owned()));
        let children = |id: ItemId| match items.iter().find(|i| i.id == Some(id)).map(|i| &i.kind) {
            Some(Kind::Submenu(children)) => children.clone(),
            other => panic!("{id:?} is {other:?}"),
        };
        let labels = |id: ItemId| children(id).into_iter().map(|i| (i.label, i.enabled)).collect::<Vec<_>>();
        assert_eq!(
            labels(ItemId::Top1),
            [
                ("Last hour: +3.1 GB (1.0 GB → 4.1 GB)".to_owned(), true),
                ("Quit Google Chrome… (gives back about 4.1 GB)".to_owned(), true),
                ("Show in Report…".to_owned(), true)
            ]
        );
        assert_eq!(labels(ItemId::Top2)[1], ("A restart is the only reset (see “Held by” below)".to_owned(), false));
        assert_eq!(labels(ItemId::Top3)[0], ("Last hour: not recorded yet".to_owned(), true));
        assert!(labels(ItemId::Top5).iter().all(|(_, enabled)| !enabled), "an empty row offers nothing");
        // The same ids under every row, whatever it holds: the tray changes them in place.
        for (row, id) in TOP_ROWS.into_iter().enumerate() {
            let ids: Vec<Option<ItemId>> = children(id).into_iter().map(|i| i.id).collect();
            let part = |p| Some(ItemId::TopPart(row as u8, p));
            assert_eq!(ids, [part(TopPart::Growth), part(TopPart::Quit), part(TopPart::Report)]);
        }
        // Where a submenu row cannot change its text (GTK): plain rows, and their parts together
        // under one submenu, each naming its app.
        let flat = menu::build(&MenuState { top_rows_as_submenus: false, ..state });
        assert!(TOP_ROWS.iter().all(|id| flat.iter().any(|i| i.id == Some(*id) && i.kind == Kind::Info)));
        let Some(Kind::Submenu(parts)) = flat.iter().find(|i| i.id == Some(ItemId::TopActions)).map(|i| i.kind.clone())
        else {
            panic!("no actions submenu")
        };
        let labels: Vec<&str> = parts.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(
            &labels[..4],
            [
                "Google Chrome: Last hour: +3.1 GB (1.0 GB → 4.1 GB)",
                "Quit Google Chrome… (gives back about 4.1 GB)",
                "Show Google Chrome in Report…",
                ""
            ]
        );
    }
}
