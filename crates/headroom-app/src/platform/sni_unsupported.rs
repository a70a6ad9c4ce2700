//! Where there are no StatusNotifierItems (macOS: the menu bar's status item is tray-icon's).

use headroom_core::ui::icon::{IconState, Rgba};
use headroom_core::ui::menu::Item;

/// Never made here: `start` says there is no host, and tray-icon's icon is used.
pub enum SniTray {}

impl SniTray {
    pub fn start(
        _items: Vec<Item>,
        _icon: &Rgba,
        _proxy: tao::event_loop::EventLoopProxy<crate::events::UserEvent>,
    ) -> Option<SniTray> {
        None
    }

    pub fn show(&mut self, _items: Vec<Item>) {
        match *self {}
    }

    pub fn show_icon(&self, _image: &Rgba, _state: IconState) {
        match *self {}
    }

    pub fn show_tooltip(&self, _text: &str) {
        match *self {}
    }
}
