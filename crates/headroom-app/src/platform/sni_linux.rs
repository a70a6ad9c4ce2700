//! The tray as a StatusNotifierItem of Headroom's own, where the desktop hosts one (KDE Plasma,
//! GNOME with the AppIndicator extension, Waybar, XFCE's and LXQt's trays): it says "Headroom" and
//! the figures, which tray-icon's AppIndicator item cannot.
//!
//! Why not tray-icon's: through libayatana-appindicator its item's `Title` is the process name, its
//! `IconAccessibleDesc` is tray-icon's fixed "icon" (tray-icon 0.26 src/platform_impl/gtk/mod.rs),
//! it has no `ToolTip` at all (libayatana-appindicator3 exports no tooltip call), and its icon is a
//! PNG in a shared /tmp directory. ksni (also tray-icon's own optional backend,
//! src/platform_impl/ksni/mod.rs) exports the item over D-Bus with a title, a tooltip and the icon's
//! pixels, and the menu as `com.canonical.dbusmenu`, which the host draws. Where no host is running
//! (a bare X session with trayer, stalonetray or an old XEmbed tray), `start` says so and the app
//! keeps tray-icon, whose GtkStatusIcon fallback those trays show.

use ksni::blocking::TrayMethods;
use ksni::menu::{CheckmarkItem, StandardItem, SubMenu};
use tao::event_loop::EventLoopProxy;
use tray_icon::menu::{MenuEvent, MenuId};

use crate::events::UserEvent;
use crate::ids::id_text;
use headroom_core::ui::icon::{IconState, Rgba};
use headroom_core::ui::menu::{Item, Kind};

/// The item's name on the bus and in the host (`Id` and `Title`).
const NAME: &str = "Headroom";

/// What the host reads, kept by ksni's service thread; the app changes it through `update`.
struct Shown {
    tooltip: String,
    icon: Vec<ksni::Icon>,
    items: Vec<Item>,
    proxy: EventLoopProxy<UserEvent>,
}

pub struct SniTray {
    handle: ksni::blocking::Handle<Shown>,
    /// The menu last handed over: most samples change no row, and an update blocks the UI thread
    /// on ksni's service and has it rebuild and diff every item.
    items: Vec<Item>,
}

impl SniTray {
    /// The item registered with the desktop's StatusNotifierWatcher, or None when there is none or
    /// no host shows items (ksni's `Watcher` and `WontShow` errors): then tray-icon's icon is used.
    pub fn start(items: Vec<Item>, icon: &Rgba, proxy: EventLoopProxy<UserEvent>) -> Option<SniTray> {
        let shown = Shown { tooltip: String::new(), icon: vec![argb(icon)], items: items.clone(), proxy };
        match shown.assume_sni_available(false).spawn() {
            Ok(handle) => Some(SniTray { handle, items }),
            Err(error) => {
                tracing::info!(%error, "no StatusNotifierItem host: the tray icon falls back to tray-icon's");
                None
            }
        }
    }

    /// The menu as it is now, handed over only when a row changed (the host is then told which).
    pub fn show(&mut self, items: Vec<Item>) {
        if items == self.items {
            return;
        }
        self.items.clone_from(&items);
        self.handle.update(move |shown| shown.items = items);
    }

    pub fn show_icon(&self, image: &Rgba, _state: IconState) {
        let icon = argb(image);
        self.handle.update(move |shown| shown.icon = vec![icon]);
    }

    /// The tooltip's text: the figures, which hosts also give screen readers.
    pub fn show_tooltip(&self, text: &str) {
        let text = markup_safe(text);
        self.handle.update(move |shown| shown.tooltip = text);
    }
}

impl Drop for SniTray {
    fn drop(&mut self) {
        self.handle.shutdown().wait();
    }
}

impl ksni::Tray for Shown {
    /// A click on the icon opens the menu (the host does it), as in the macOS menu bar.
    const MENU_ON_ACTIVATE: bool = true;

    fn id(&self) -> String {
        NAME.to_owned()
    }

    fn title(&self) -> String {
        NAME.to_owned()
    }

    fn category(&self) -> ksni::Category {
        ksni::Category::SystemServices
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        self.icon.clone()
    }

    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip { title: NAME.to_owned(), description: self.tooltip.clone(), ..Default::default() }
    }

    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        self.items.iter().map(menu_item).collect()
    }

    /// The menu is about to show: as a click on tray-icon's icon, the app refreshes what it lists.
    fn menu_about_to_show(&mut self) {
        let _ = self.proxy.send_event(UserEvent::MenuOpening);
    }
}

/// One model item as a dbusmenu item; a click sends its id as muda's would, so the app routes it
/// the same way.
fn menu_item(item: &Item) -> ksni::MenuItem<Shown> {
    let Some(id) = item.id else { return ksni::MenuItem::Separator };
    let label = label(&item.label);
    let clicked = move |shown: &mut Shown| {
        let _ = shown.proxy.send_event(UserEvent::Menu(MenuEvent { id: MenuId::new(id_text(id)) }));
    };
    match &item.kind {
        Kind::Separator => ksni::MenuItem::Separator,
        Kind::Check(checked) => CheckmarkItem {
            label,
            enabled: item.enabled,
            checked: *checked,
            activate: Box::new(clicked),
            ..Default::default()
        }
        .into(),
        Kind::Submenu(children) => SubMenu {
            label,
            enabled: item.enabled,
            submenu: children.iter().map(menu_item).collect(),
            ..Default::default()
        }
        .into(),
        Kind::Info | Kind::Action | Kind::Image => {
            StandardItem { label, enabled: item.enabled, activate: Box::new(clicked), ..Default::default() }.into()
        }
    }
}

/// A menu label: one line, cut at a row's length, and a literal underscore doubled (dbusmenu reads
/// a single one as the access key's mark: com.canonical.dbusmenu.xml, the `label` property).
fn label(text: &str) -> String {
    headroom_core::ui::text::one_line(text, headroom_core::ui::text::MENU_ROW_CHARS).replace('_', "__")
}

/// The tooltip may carry a subset of HTML (the StatusNotifierItem specification, "Markup"): the
/// figures are plain text, so the three characters markup reads are written as entities.
fn markup_safe(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// RGBA rows as the ARGB32, network byte order, that `IconPixmap` carries.
fn argb(image: &Rgba) -> ksni::Icon {
    let data = image.pixels.chunks_exact(4).flat_map(|p| [p[3], p[0], p[1], p[2]]).collect();
    ksni::Icon { width: image.width as i32, height: image.height as i32, data }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_turn_argb_labels_keep_their_underscores_and_the_tooltip_is_plain_text() {
        let image = Rgba { width: 1, height: 2, pixels: vec![1, 2, 3, 4, 5, 6, 7, 8] };
        let icon = argb(&image);
        assert_eq!((icon.width, icon.height, icon.data), (1, 2, vec![4, 1, 2, 3, 8, 5, 6, 7]));
        assert_eq!(label("python_worker — 2.0 GB\nx"), "python__worker — 2.0 GB x");
        assert_eq!(markup_safe("a <b> & c"), "a &lt;b&gt; &amp; c");
    }
}
