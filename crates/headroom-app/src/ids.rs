//! The menu items' muda ids and label escaping: the only text that crosses from the menu model to muda.

use headroom_core::ui::menu::{ItemId, TopPart};
use headroom_core::ui::settings_menu::{SettingChoice, SettingsGroup};

/// Each model item's muda id; a click comes back as this text.
const IDS: &[(ItemId, &str)] = &[
    (ItemId::SettingsProblem, "settings-problem"),
    (ItemId::Headroom, "headroom"),
    (ItemId::Pressure, "pressure"),
    (ItemId::App, "app"),
    (ItemId::Wired, "wired"),
    (ItemId::Compressed, "compressed"),
    (ItemId::CachedFiles, "cached"),
    (ItemId::Free, "free"),
    (ItemId::Swap, "swap"),
    (ItemId::TopHeading, "top-heading"),
    (ItemId::Top1, "top-1"),
    (ItemId::Top2, "top-2"),
    (ItemId::Top3, "top-3"),
    (ItemId::Top4, "top-4"),
    (ItemId::Top5, "top-5"),
    (ItemId::TopActions, "top-actions"),
    (ItemId::WiredVerdict, "wired-verdict"),
    (ItemId::Holder1, "holder-1"),
    (ItemId::Holder2, "holder-2"),
    (ItemId::Holder3, "holder-3"),
    (ItemId::TopSuspect, "top-suspect"),
    (ItemId::GpuBudget, "gpu-budget"),
    (ItemId::Sparkline, "sparkline"),
    (ItemId::ShowHistory, "show-history"),
    (ItemId::Purge, "purge"),
    (ItemId::MarkBaseline, "mark-baseline"),
    (ItemId::CompareBaseline, "compare-baseline"),
    (ItemId::Notifications, "notifications"),
    (ItemId::TestNotification, "test-notification"),
    (ItemId::Snooze, "snooze"),
    (ItemId::OpenSettings, "open-settings"),
    (ItemId::SettingsMenu, "settings"),
    (ItemId::SettingsGroup(SettingsGroup::Title), "settings-title"),
    (ItemId::SettingsGroup(SettingsGroup::Units), "settings-units"),
    (ItemId::SettingsGroup(SettingsGroup::Interval), "settings-interval"),
    (ItemId::SettingsGroup(SettingsGroup::Notify), "settings-notify"),
    (ItemId::LaunchAtLogin, "launch-at-login"),
    (ItemId::About, "about"),
    (ItemId::Quit, "quit"),
];

/// The Top memory submenus' parts, as the end of their ids ("top-3-quit").
const TOP_PARTS: [(TopPart, &str); 3] =
    [(TopPart::Growth, "growth"), (TopPart::Quit, "quit"), (TopPart::Report, "report")];

pub fn id_text(id: ItemId) -> String {
    if let ItemId::Setting(choice) = id {
        return format!("setting-{}", choice.name());
    }
    if let ItemId::TopPart(row, part) = id {
        let name = TOP_PARTS.iter().find(|(p, _)| *p == part).map_or("unknown", |(_, name)| name);
        return format!("top-{}-{name}", u32::from(row) + 1);
    }
    IDS.iter().find(|(item, _)| *item == id).map_or("unknown", |(_, text)| text).to_owned()
}

pub fn id_from_text(text: &str) -> Option<ItemId> {
    if let Some(name) = text.strip_prefix("setting-") {
        return SettingChoice::from_name(name).map(ItemId::Setting);
    }
    if let Some((row, part)) = text.strip_prefix("top-").and_then(|rest| rest.split_once('-')) {
        let row = row.parse::<u8>().ok().filter(|row| (1..=5).contains(row))?;
        let part = TOP_PARTS.iter().find(|(_, name)| *name == part).map(|(p, _)| *p)?;
        return Some(ItemId::TopPart(row - 1, part));
    }
    IDS.iter().find(|(_, name)| *name == text).map(|(id, _)| *id)
}

/// Menu labels are mnemonic strings (a literal '&' is written '&&'), and one line: outside text in
/// them (process and extension names) loses controls and bidi overrides and is cut at a row's length.
pub fn escape(label: &str) -> String {
    headroom_core::ui::text::one_line(label, headroom_core::ui::text::MENU_ROW_CHARS).replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use headroom_core::ui::menu::{self, MenuState};

    #[test]
    fn every_item_id_round_trips_through_its_menu_id() {
        for (id, text) in IDS {
            assert_eq!(id_from_text(text), Some(*id));
            assert_eq!(id_text(*id), *text);
        }
        // Every item the menu can show has a menu id of its own, or its clicks would be lost.
        // With GPU memory in use, so the GPU line (shown only then, off Apple Silicon) is built too,
        // and three holders of wired memory, so their rows are.
        let mut suspects = headroom_core::suspects::Suspects::unknown(time::OffsetDateTime::UNIX_EPOCH, "t");
        suspects.gpu =
            headroom_core::suspects::Probe::Found(headroom_core::suspects::GpuMemory { in_use: 1, limit: None });
        let holder = |n: u32| headroom_core::owners::WiredOwner {
            kind: headroom_core::owners::OwnerKind::Cgroup,
            name: format!("c{n}"),
            pid: None,
            bytes: 1 << 20,
        };
        suspects.holders.found = (1..=3).map(holder).collect();
        let text = "MemTotal: 1000000 kB\nMemFree: 100 kB\nBuffers: 1 kB\nCached: 1 kB\nAnonPages: 1 kB\n\
                    Shmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
        let snapshot =
            headroom_core::model::analyze::analyze(text, None, time::OffsetDateTime::UNIX_EPOCH).expect("parses");
        let state = MenuState {
            suspects: Some(&suspects),
            snapshot: Some(&snapshot),
            paging: Some((4096.0, f64::from(1u32 << 20))),
            settings_problem: Some("Settings file has an error on line 2 — click to open"),
            ..MenuState::default()
        };
        let settings = headroom_core::config::Config::default();
        let state = MenuState { settings: Some(&settings), ..state };
        fn every_id(items: &[menu::Item], into: &mut Vec<ItemId>) {
            for item in items {
                into.extend(item.id);
                if let menu::Kind::Submenu(children) = &item.kind {
                    every_id(children, into);
                }
            }
        }
        let mut built: Vec<ItemId> = Vec::new();
        every_id(&menu::build(&state), &mut built);
        // Five rows of three parts each and every settings choice besides the table's ids.
        assert_eq!(built.len(), IDS.len() + 15 + SettingChoice::all().len());
        assert!(
            built.iter().all(|id| id_text(*id) != "unknown" && id_from_text(&id_text(*id)) == Some(*id)),
            "{built:?}"
        );
        assert_eq!(id_text(ItemId::TopPart(2, TopPart::Quit)), "top-3-quit");
        assert_eq!(id_from_text("top-6-quit"), None);
        assert_eq!(id_from_text("top-1-kill"), None);
        assert_eq!(escape("Tom & Jerry"), "Tom && Jerry");
        // A process named to break the menu shows literally, on one row, cut to length.
        let hostile = format!("Holding it: <b>evil</b> & co\n\u{202E}{}", "x".repeat(4096));
        let shown = escape(&hostile);
        assert!(shown.starts_with("Holding it: <b>evil</b> && co "), "{shown}");
        assert!(!shown.contains('\n') && !shown.contains('\u{202E}'));
        assert!(shown.chars().count() <= headroom_core::ui::text::MENU_ROW_CHARS + 2);
    }
}
