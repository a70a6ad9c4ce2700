//! The dropdown's "Top memory" section: a heading and five rows of the largest memory users, the kernel among them.

use super::menu::{Item, ItemId};
use crate::top::TopList;
use crate::top::rank::row_label;

/// The section's rows, in order.
pub const TOP_ROWS: [ItemId; 5] = [ItemId::Top1, ItemId::Top2, ItemId::Top3, ItemId::Top4, ItemId::Top5];

/// "Top memory" and five rows ("Google Chrome — 31 processes — 4.1 GB", "Kernel (wired) — 2.4 GB"),
/// always five so the tray can update each in place; the rows a scan did not fill read "—".
pub(crate) fn push(items: &mut Vec<Item>, top: Option<&TopList>, wired: Option<u64>, size: &dyn Fn(u64) -> String) {
    let heading = match top {
        None => "Top memory: looking…".to_owned(),
        Some(list) => match list.unreadable_note() {
            Some(note) => format!("Top memory ({note})"),
            None => "Top memory".to_owned(),
        },
    };
    items.push(Item::info(ItemId::TopHeading, heading));
    let rows = top.map(|list| list.top(TOP_ROWS.len(), wired)).unwrap_or_default();
    for (index, id) in TOP_ROWS.into_iter().enumerate() {
        let label = rows.get(index).map_or_else(|| "—".to_owned(), |row| format!("  {}", row_label(row, size)));
        items.push(Item::info(id, label));
    }
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
        let state = MenuState { snapshot: Some(&s), units: "GB", top: Some(&list), ..MenuState::default() };
        let items = menu::build(&state);
        let label = |id: ItemId| items.iter().find(|i| i.id == Some(id)).map(|i| i.label.clone()).expect("item");
        assert_eq!(label(ItemId::TopHeading), "Top memory (1 process of another user not readable)");
        assert_eq!(label(ItemId::Top1), "  Google Chrome — 2 processes — 4.1 GB");
        assert_eq!(label(ItemId::Top2), "  Kernel (wired) — 2.4 GB");
        assert_eq!(label(ItemId::Top3), "  python3 — 700 MB");
        assert_eq!((label(ItemId::Top4), label(ItemId::Top5)), ("—".to_owned(), "—".to_owned()));
        assert!(TOP_ROWS.iter().all(|id| items.iter().any(|i| i.id == Some(*id) && i.kind == Kind::Info)));
    }
}
