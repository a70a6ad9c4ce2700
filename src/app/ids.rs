//! The menu items' muda ids and label escaping: the only text that crosses from the menu model to muda.

use crate::ui::menu::ItemId;

/// Each model item's muda id; a click comes back as this text.
const IDS: &[(ItemId, &str)] = &[
    (ItemId::Headroom, "headroom"),
    (ItemId::Pressure, "pressure"),
    (ItemId::App, "app"),
    (ItemId::Wired, "wired"),
    (ItemId::Compressed, "compressed"),
    (ItemId::CachedFiles, "cached"),
    (ItemId::Free, "free"),
    (ItemId::Swap, "swap"),
    (ItemId::WiredVerdict, "wired-verdict"),
    (ItemId::TopSuspect, "top-suspect"),
    (ItemId::Sparkline, "sparkline"),
    (ItemId::ShowHistory, "show-history"),
    (ItemId::Purge, "purge"),
    (ItemId::MarkBaseline, "mark-baseline"),
    (ItemId::CompareBaseline, "compare-baseline"),
    (ItemId::Notifications, "notifications"),
    (ItemId::TestNotification, "test-notification"),
    (ItemId::Snooze, "snooze"),
    (ItemId::OpenSettings, "open-settings"),
    (ItemId::LaunchAtLogin, "launch-at-login"),
    (ItemId::About, "about"),
    (ItemId::Quit, "quit"),
];

pub fn id_text(id: ItemId) -> &'static str {
    IDS.iter().find(|(item, _)| *item == id).map_or("unknown", |(_, text)| text)
}

pub fn id_from_text(text: &str) -> Option<ItemId> {
    IDS.iter().find(|(_, name)| *name == text).map(|(id, _)| *id)
}

/// Menu labels are mnemonic strings: a literal '&' is written '&&'.
pub fn escape(label: &str) -> String {
    label.replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::menu::{self, MenuState};

    #[test]
    fn every_item_id_round_trips_through_its_menu_id() {
        for (id, text) in IDS {
            assert_eq!(id_from_text(text), Some(*id));
            assert_eq!(id_text(*id), *text);
        }
        // Every item the menu can show has a menu id of its own, or its clicks would be lost.
        let built: Vec<ItemId> = menu::build(&MenuState::default()).into_iter().filter_map(|i| i.id).collect();
        assert_eq!(built.len(), IDS.len());
        assert!(built.iter().all(|id| id_text(*id) != "unknown"), "{built:?}");
        assert_eq!(escape("Tom & Jerry"), "Tom && Jerry");
    }
}
