//! The tray icon and its muda menu: maps the pure menu model onto muda items, then changes
//! labels, checks and the icon in place, touching only what changed (rebuilt when rows come or go).
//! Where the desktop hosts StatusNotifierItems, Headroom's own item shows instead (platform::sni).

use std::collections::HashMap;

use anyhow::Context;
use tray_icon::menu::{CheckMenuItem, IconMenuItem, IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{TrayIcon, TrayIconBuilder};

use super::ids::{escape, id_text};
use super::platform;
use headroom_core::ui::icon::{self, IconState, Rgba};
use headroom_core::ui::menu::{Item, ItemId, Kind};

/// The muda item behind each model item, so labels change in place instead of rebuilding the menu.
enum Handle {
    Text(MenuItem),
    Check(CheckMenuItem),
    Image(IconMenuItem),
    Submenu(Submenu),
}

pub struct Tray {
    /// tray-icon's icon, unless the desktop's StatusNotifierItem host shows ours (`sni`).
    icon: Option<TrayIcon>,
    sni: Option<platform::sni::SniTray>,
    handles: HashMap<ItemId, Handle>,
    shown: HashMap<ItemId, Item>,
    /// The rows in order (None for a separator), to tell a label change from a change of rows.
    layout: Vec<Option<ItemId>>,
    icon_state: IconState,
    title: Option<String>,
    tooltip: String,
    /// Icons drawn lately, by what they show: memory use often moves back and forth by a percent,
    /// and the anti-aliased dial takes ~0.2 ms to draw (docs/benchmarks.md).
    drawn: HashMap<IconState, Rgba>,
}

/// Icons kept drawn; past this the cache starts again (a few hundred KiB at most).
const DRAWN_ICONS: usize = 16;

impl Tray {
    /// Builds the menu from `items` and puts the icon in the menu bar (on macOS: at `StartCause::Init`).
    pub fn create(
        items: Vec<Item>,
        state: IconState,
        sparkline: &Rgba,
        proxy: tao::event_loop::EventLoopProxy<crate::events::UserEvent>,
    ) -> anyhow::Result<Tray> {
        let layout = layout_of(&items);
        let tooltip = "Headroom".to_owned();
        if let Some(sni) = platform::sni::SniTray::start(items.clone(), &draw_icon(state), proxy) {
            let (handles, shown, drawn) = (HashMap::new(), HashMap::new(), HashMap::new());
            let sni = Some(sni);
            return Ok(Tray {
                icon: None,
                sni,
                handles,
                shown,
                layout,
                icon_state: state,
                title: None,
                tooltip,
                drawn,
            });
        }
        let (menu, handles, shown) = build_menu(items, sparkline)?;
        let builder = TrayIconBuilder::new().with_menu(Box::new(menu)).with_tooltip("Headroom");
        let builder = platform::with_icon(builder, icon_image(state)?, state.template);
        let icon = Some(builder.build().context("tray-icon")?);
        let drawn = HashMap::new();
        Ok(Tray { icon, sni: None, handles, shown, layout, icon_state: state, title: None, tooltip, drawn })
    }

    /// Shows `items`: in place when the same rows are there, else (a row came or went: a
    /// suspect found, a GPU line, a different number of top processes) the menu is built anew.
    pub fn show(&mut self, items: Vec<Item>, sparkline: impl FnOnce() -> Rgba) {
        if let Some(sni) = &mut self.sni {
            sni.show(items);
            return;
        }
        if layout_of(&items) == self.layout {
            self.show_items(items);
            return;
        }
        self.layout = layout_of(&items);
        match build_menu(items, &sparkline()) {
            Ok((menu, handles, shown)) => {
                if let Some(icon) = &self.icon {
                    icon.set_menu(Some(Box::new(menu)));
                }
                self.handles = handles;
                self.shown = shown;
            }
            Err(error) => tracing::warn!(%error, "cannot rebuild the menu"),
        }
    }

    /// Updates labels, enabled and checked state in place, submenus' items too; only what changed is touched.
    fn show_items(&mut self, items: Vec<Item>) {
        for item in flatten(items) {
            let Some(id) = item.id else { continue };
            if self.shown.get(&id) == Some(&item) {
                continue;
            }
            match (self.handles.get(&id), &item.kind) {
                (Some(Handle::Text(handle)), _) => {
                    handle.set_text(escape(&item.label));
                    handle.set_enabled(item.enabled);
                }
                (Some(Handle::Check(handle)), Kind::Check(checked)) => {
                    handle.set_text(escape(&item.label));
                    handle.set_checked(*checked);
                }
                (Some(Handle::Image(handle)), _) => {
                    handle.set_text(escape(&item.label));
                    handle.set_enabled(item.enabled);
                }
                (Some(Handle::Submenu(handle)), _) => {
                    handle.set_text(escape(&item.label));
                    handle.set_enabled(item.enabled);
                }
                // The top suspect line appears only once there is one; the menu was built without it.
                _ => {}
            }
            self.shown.insert(id, item);
        }
    }

    /// Redraws the icon only when what it shows changed (whole percent, pressure).
    pub fn show_icon(&mut self, state: IconState) {
        if self.icon_state == state {
            return;
        }
        if self.drawn.len() >= DRAWN_ICONS && !self.drawn.contains_key(&state) {
            self.drawn.clear();
        }
        let image = self.drawn.entry(state).or_insert_with(|| draw_icon(state)).clone();
        self.icon_state = state;
        let Some(icon) = &self.icon else {
            if let Some(sni) = &self.sni {
                sni.show_icon(&image, state);
            }
            return;
        };
        match tray_icon::Icon::from_rgba(image.pixels, image.width, image.height) {
            Ok(image) => {
                if let Err(error) = platform::set_icon(icon, image, state.template) {
                    tracing::warn!(%error, "cannot update the tray icon");
                }
            }
            Err(error) => tracing::warn!(%error, "cannot draw the tray icon"),
        }
    }

    /// The figures on hover, where the platform shows a tooltip (macOS, a StatusNotifierItem host;
    /// tray-icon has none for Linux's AppIndicator); set only when the text changed.
    pub fn show_tooltip(&mut self, text: String) {
        if text == self.tooltip {
            return;
        }
        if let Some(sni) = &self.sni {
            sni.show_tooltip(&text);
        }
        if let Some(icon) = &self.icon {
            if let Err(error) = icon.set_tooltip(Some(&text)) {
                tracing::debug!(%error, "cannot set the tooltip");
            }
            // The same words for a screen reader (macOS: the status item's accessibility value).
            platform::set_accessible_figures(icon, &text);
        }
        self.tooltip = text;
    }

    /// Whether the desktop's StatusNotifierItem host shows Headroom's own item (it has a tooltip).
    pub fn is_status_notifier(&self) -> bool {
        self.sni.is_some()
    }

    /// The text beside the icon (a StatusNotifierItem's title stays "Headroom": hosts show it as
    /// the item's name, not beside it).
    pub fn show_title(&mut self, title: Option<String>) {
        if let (true, Some(icon)) = (title != self.title, &self.icon) {
            icon.set_title(title.as_deref());
            self.title = title;
        }
    }

    /// Opens the dropdown as a click on the icon does (macOS; tray-icon cannot on Linux, where the
    /// tray host opens it).
    pub fn open_menu(&self) {
        if let Some(icon) = &self.icon {
            icon.show_menu();
        }
    }

    pub fn show_sparkline(&self, image: &Rgba) {
        if let Some(Handle::Image(item)) = self.handles.get(&ItemId::Sparkline) {
            item.set_icon(menu_icon(image));
        }
    }
}

type Built = (Menu, HashMap<ItemId, Handle>, HashMap<ItemId, Item>);

/// One muda item per model item, each keeping its handle so its label can change in place.
fn build_menu(items: Vec<Item>, sparkline: &Rgba) -> anyhow::Result<Built> {
    let menu = Menu::new();
    let mut handles = HashMap::new();
    let mut shown = HashMap::new();
    for item in items {
        add(item, &|muda_item| menu.append(muda_item), sparkline, &mut handles, &mut shown)?;
    }
    Ok((menu, handles, shown))
}

/// Makes `item` (a submenu with its items), hands it to `append`, and keeps its handle.
fn add(
    item: Item,
    append: &dyn Fn(&dyn IsMenuItem) -> tray_icon::menu::Result<()>,
    sparkline: &Rgba,
    handles: &mut HashMap<ItemId, Handle>,
    shown: &mut HashMap<ItemId, Item>,
) -> anyhow::Result<()> {
    let label = escape(&item.label);
    match (&item.kind, item.id) {
        (Kind::Separator, _) | (_, None) => append(&PredefinedMenuItem::separator())?,
        (Kind::Check(checked), Some(id)) => {
            let check = CheckMenuItem::with_id(id_text(id), label, item.enabled, *checked, None);
            append(&check)?;
            handles.insert(id, Handle::Check(check));
        }
        (Kind::Image, Some(id)) => {
            let image = IconMenuItem::with_id(id_text(id), label, item.enabled, menu_icon(sparkline), None);
            append(&image)?;
            handles.insert(id, Handle::Image(image));
        }
        (Kind::Submenu(children), Some(id)) => {
            let submenu = Submenu::with_id(id_text(id), label, item.enabled);
            for child in children.clone() {
                add(child, &|muda_item| submenu.append(muda_item), sparkline, handles, shown)?;
            }
            append(&submenu)?;
            handles.insert(id, Handle::Submenu(submenu));
        }
        (_, Some(id)) => {
            let text = MenuItem::with_id(id_text(id), label, item.enabled, None);
            append(&text)?;
            handles.insert(id, Handle::Text(text));
        }
    }
    if let Some(id) = item.id {
        // A submenu is kept without its items (they are kept under their own ids), so a change of
        // one item's label is not a change of the row that holds it.
        let mut kept = item;
        if let Kind::Submenu(children) = &mut kept.kind {
            children.clear();
        }
        shown.insert(id, kept);
    }
    Ok(())
}

/// The items with each submenu's items after it, the submenu itself without them: what is
/// compared and changed in place, item by item.
fn flatten(items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len() + 16);
    for mut item in items {
        let children = match &mut item.kind {
            Kind::Submenu(children) => std::mem::take(children),
            _ => Vec::new(),
        };
        out.push(item);
        out.extend(flatten(children));
    }
    out
}

/// The rows in order, submenus' rows included: a change here is a change of rows, rebuilt.
fn layout_of(items: &[Item]) -> Vec<Option<ItemId>> {
    let mut layout = Vec::with_capacity(items.len());
    for item in items {
        layout.push(if item.kind == Kind::Separator { None } else { item.id });
        if let Kind::Submenu(children) = &item.kind {
            layout.extend(layout_of(children));
        }
    }
    layout
}

fn icon_image(state: IconState) -> anyhow::Result<tray_icon::Icon> {
    let image = draw_icon(state);
    tray_icon::Icon::from_rgba(image.pixels, image.width, image.height).context("icon image")
}

/// The canvas and the artwork inside it are per OS (macOS: 18 pt of artwork in the 22 pt item).
fn draw_icon(state: IconState) -> Rgba {
    icon::render_in_canvas(state, platform::ICON_CANVAS_PX, platform::ICON_ARTWORK_PX)
}

fn menu_icon(image: &Rgba) -> Option<tray_icon::menu::Icon> {
    tray_icon::menu::Icon::from_rgba(image.pixels.clone(), image.width, image.height).ok()
}
