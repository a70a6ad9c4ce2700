//! What the menu bar shows of the state without opening the menu: the icon, the title beside it,
//! the tooltip, the sparkline image.

use super::AppState;
use headroom_core::config::MenuBarTitle;
use headroom_core::ui::icon::IconState;

impl AppState {
    /// The menu-bar icon: fill is memory used, colour the pressure.
    pub fn icon_state(&self) -> IconState {
        match &self.snapshot {
            Some(s) => IconState::new(s.memory.used(), s.memory.total, s.pressure, self.template_icon),
            None => IconState::new(0, 1, headroom_core::model::Pressure::Normal, self.template_icon),
        }
    }

    /// The figures on hover: "Headroom 22.2 GB — 4 % used, pressure normal; wired 150 MB (low)",
    /// in the same words and format as the menu.
    pub fn tooltip(&self) -> String {
        let Some(snapshot) = &self.snapshot else { return headroom_core::tr!("glance-reading") };
        let size = |bytes| headroom_core::units::format_gb_as(bytes, self.settings.units.label());
        let m = &snapshot.memory;
        let headroom = snapshot.headroom.map_or_else(String::new, |h| format!(" {}", size(h.bytes)));
        let level = self.level.as_ref().map_or_else(String::new, |l| format!(" ({})", l.level.word()));
        headroom_core::tr!(
            "glance",
            headroom = headroom,
            used = headroom_core::units::percent(m.used(), m.total),
            pressure = snapshot.pressure.word(),
            wired = size(m.wired),
            level = level
        )
    }

    /// The text beside the icon, as `menu_bar.title` asks.
    pub fn title(&self) -> Option<String> {
        let m = &self.snapshot.as_ref()?.memory;
        match self.settings.menu_bar.title {
            MenuBarTitle::None => None,
            MenuBarTitle::UsedPercent => Some(format!("{} %", headroom_core::units::percent(m.used(), m.total))),
            MenuBarTitle::WiredGb => Some(headroom_core::units::format_gb_as(m.wired, self.settings.units.label())),
            MenuBarTitle::Headroom => {
                let headroom = self.snapshot.as_ref()?.headroom?;
                Some(headroom_core::units::format_gb_as(headroom.bytes, self.settings.units.label()))
            }
            MenuBarTitle::Swap => {
                let swap = self.snapshot.as_ref()?.swap_used;
                let size = headroom_core::units::format_gb_as(swap, self.settings.units.label());
                Some(headroom_core::tr!("title-swap", size = size))
            }
        }
    }

    /// The sparkline as an image (macOS draws it beside its item).
    pub fn sparkline_image(&self) -> headroom_core::ui::icon::Rgba {
        self.spark.image()
    }
}
