//! The dropdown's content as plain data, built from state: labels, enabled state and order, testable without a display.

use crate::model::Snapshot;
use crate::suspects::{Suspects, gpu};
use crate::units::{format_adaptive, format_gb_as};
use crate::verdict::LevelVerdict;

/// Which item is which, so the tray layer can update each in place and route clicks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemId {
    /// While config.toml does not parse: where, and a click opens it (only then is the row there).
    SettingsProblem,
    /// The product's first line: what apps can still take.
    Headroom,
    Pressure,
    App,
    Wired,
    Compressed,
    CachedFiles,
    Free,
    Swap,
    /// "Top memory" (with what could not be read), then the five largest users.
    TopHeading,
    Top1,
    Top2,
    Top3,
    Top4,
    Top5,
    /// A part of a Top memory row's submenu: the row (0–4) and which part.
    TopPart(u8, TopPart),
    /// Where the rows cannot be submenus (GTK): the one submenu that holds every row's parts.
    TopActions,
    /// The Settings submenu, its groups, and each choice in them.
    SettingsMenu,
    SettingsGroup(super::settings_menu::SettingsGroup),
    Setting(super::settings_menu::SettingChoice),
    WiredVerdict,
    /// Who holds wired memory in bytes, the three largest (rows only when there are holders).
    Holder1,
    Holder2,
    Holder3,
    TopSuspect,
    GpuBudget,
    Sparkline,
    ShowHistory,
    Purge,
    MarkBaseline,
    CompareBaseline,
    Notifications,
    TestNotification,
    Snooze,
    OpenSettings,
    LaunchAtLogin,
    About,
    Quit,
}

/// The parts of a Top memory row's submenu, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TopPart {
    /// Its growth over the last hour (the kernel's row: what it is instead).
    Growth,
    /// "Quit Firefox… (gives back about 2.1 GB)", after a confirmation; never for the kernel's row.
    Quit,
    /// The report, at its apps-over-time chart.
    Report,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Information: enabled, so AppKit and GTK draw it as legible text rather than dimmed grey
    /// (a disabled item reads as "unavailable"), yet no action: a click closes the menu and the
    /// app's state ignores the id (`AppState::on_menu`), as the information rows of Stats or
    /// iStat Menus behave.
    Info,
    /// An action.
    Action,
    /// A toggle with its state.
    Check(bool),
    /// The sparkline image.
    Image,
    /// A row that opens a submenu of these items (the same ids every time, so they change in place).
    Submenu(Vec<Item>),
    Separator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: Option<ItemId>,
    pub label: String,
    pub enabled: bool,
    pub kind: Kind,
}

impl Item {
    pub(crate) fn info(id: ItemId, label: String) -> Item {
        Item { id: Some(id), label, enabled: true, kind: Kind::Info }
    }
    fn action(id: ItemId, label: &str, enabled: bool) -> Item {
        Item { id: Some(id), label: label.to_owned(), enabled, kind: Kind::Action }
    }
    fn separator() -> Item {
        Item { id: None, label: String::new(), enabled: false, kind: Kind::Separator }
    }
}

/// The snooze item: the kind of the last notification sent, and until when it is snoozed, if it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnoozeItem {
    /// e.g. "wired-jump", or "Raycast's app-leak" (one app's alerts of a kind)
    pub kind: String,
    /// Local time the snooze ends ("14:05"), when it is snoozed.
    pub until: Option<String>,
}

/// Everything the menu shows.
#[derive(Debug, Clone, Default)]
pub struct MenuState<'a> {
    pub snapshot: Option<&'a Snapshot>,
    pub level: Option<&'a LevelVerdict>,
    pub suspects: Option<&'a Suspects>,
    pub units: &'a str,
    pub notifications: bool,
    pub launch_at_login: bool,
    /// Why purge cannot run now, if it cannot; the item then says so and is disabled.
    pub purge_unavailable: Option<String>,
    /// True while a purge runs.
    pub purging: bool,
    /// The last purge's measured result (or why it failed), shown on the item.
    pub purge_result: Option<String>,
    pub has_baseline: bool,
    /// What changed since the baseline, once compared; shown in place of "Compare with Baseline".
    pub comparison: Option<String>,
    /// How long the sparkline really covers ("2 min", "6 h").
    pub sparkline_span: String,
    /// The sparkline as text, where the menu cannot show the image at its size (GTK).
    pub sparkline_text: Option<String>,
    /// How the last test notification went ("shown by dunst 1.9.0", "not shown: …").
    pub notification_test: Option<String>,
    /// What "Snooze" would silence: the last kind sent (None until something was sent).
    pub snooze: Option<SnoozeItem>,
    /// The last scan of who uses memory (None until the first).
    pub top: Option<&'a crate::top::TopList>,
    /// Bytes swapped in and out per second between the last two samples.
    pub paging: Option<(f64, f64)>,
    /// Who used memory lately, as recorded (oldest first): each Top memory row's growth over the last hour.
    pub apps: &'a [crate::history::AppRow],
    /// Apps that keep growing (the leak verdict), named in the Top memory heading.
    pub leaks: &'a [crate::verdict::AppLeak],
    /// "Settings file has an error on line 12 — click to open", while it has.
    pub settings_problem: Option<&'a str>,
    /// The settings in use, for the Settings submenu's checks (without them, a plain Open Settings).
    pub settings: Option<&'a crate::config::Config>,
    /// Each Top memory row opens its own submenu (where submenu rows change their text in place).
    pub top_rows_as_submenus: bool,
}

/// The menu, top to bottom.
pub fn build(state: &MenuState<'_>) -> Vec<Item> {
    let units = if state.units.is_empty() { "GB" } else { state.units };
    let size = |bytes: u64| format_gb_as(bytes, units);
    let mut items = Vec::with_capacity(24);
    // Every item is always there, so the tray can update each in place; before the first sample
    // the figures read "—".
    let snapshot = state.snapshot;
    let figure = |value: Option<u64>| value.map_or_else(|| "—".to_owned(), size);
    let pressure = match snapshot {
        Some(s) => {
            let m = &s.memory;
            let used = crate::units::percent(m.used(), m.total);
            crate::tr!("menu-pressure", level = s.pressure.title(), used = used)
        }
        None => crate::tr!("menu-pressure-reading"),
    };
    let headroom = match snapshot {
        Some(s) => match &s.headroom {
            Some(h) => super::render::headroom_phrase(h, units),
            None => crate::tr!("menu-headroom-unknown"),
        },
        None => crate::tr!("menu-headroom-reading"),
    };
    if let Some(problem) = state.settings_problem {
        items.push(Item::action(ItemId::SettingsProblem, problem, true));
    }
    items.push(Item::info(ItemId::Headroom, headroom));
    items.push(Item::info(ItemId::Pressure, pressure));
    items.push(Item::separator());
    let m = snapshot.map(|s| s.memory);
    items.push(Item::info(ItemId::App, crate::tr!("menu-app", size = figure(m.map(|m| m.app)))));
    items.push(Item::info(ItemId::Wired, crate::tr!("menu-wired", size = figure(m.map(|m| m.wired)))));
    items.push(Item::info(ItemId::Compressed, crate::tr!("menu-compressed", size = figure(m.map(|m| m.compressed)))));
    items.push(Item::info(ItemId::CachedFiles, crate::tr!("menu-cached", size = figure(m.map(|m| m.cached_files)))));
    items.push(Item::info(ItemId::Free, crate::tr!("menu-free", size = figure(m.map(|m| m.free)))));
    // Paging rides on the swap row, changed in place: a row of its own that came and went as
    // paging started and stopped would rebuild the menu each time.
    let mut swap = crate::tr!("menu-swap", size = figure(snapshot.map(|s| s.swap_used)));
    if let Some((swap_in, swap_out)) = state.paging.filter(|(i, o)| *i >= 1.0 || *o >= 1.0) {
        let rate = |bytes: f64| size(bytes as u64);
        swap = crate::tr!("menu-paging", swap = swap, out = rate(swap_out), back = rate(swap_in));
    }
    items.push(Item::info(ItemId::Swap, swap));
    items.push(Item::separator());
    super::top_section::push(
        &mut items,
        super::top_section::Lists {
            top: state.top,
            apps: state.apps,
            leaks: state.leaks,
            rows_as_submenus: state.top_rows_as_submenus,
        },
        snapshot.map(|s| s.memory.wired),
        &size,
    );
    items.push(Item::separator());
    let verdict = state.level.map_or_else(|| crate::tr!("menu-wired-judging"), |level| wired_line(level, units));
    items.push(Item::info(ItemId::WiredVerdict, verdict));
    push_holders(&mut items, state.suspects, snapshot, &size);
    let holder = top_suspect(state.suspects).unwrap_or_else(|| match state.suspects {
        Some(_) => crate::tr!("menu-holding-none"),
        None => crate::tr!("menu-holding-looking"),
    });
    items.push(Item::info(ItemId::TopSuspect, holder));
    let source = snapshot.map_or_else(gpu::GpuSource::here, |s| gpu::GpuSource::of(s.platform));
    let ram = m.map_or(0, |m| m.total);
    if let Some(line) = gpu::menu_line(state.suspects.map(|s| &s.gpu), source, ram, gpu::APPLE_SILICON, size) {
        items.push(Item::info(ItemId::GpuBudget, line));
    }
    items.push(match &state.sparkline_text {
        // Where the trend can only be words (GTK), a plain information row: muda's GTK image item
        // kept its first label when changed in place.
        Some(text) => Item::info(ItemId::Sparkline, text.clone()),
        None => Item {
            id: Some(ItemId::Sparkline),
            label: crate::tr!("menu-sparkline", span = state.sparkline_span.as_str()),
            // Enabled for the same reason as the information rows: a disabled image item is drawn dimmed.
            enabled: true,
            kind: Kind::Image,
        },
    });
    items.push(Item::separator());
    let purge = match (&state.purge_unavailable, state.purging, &state.purge_result) {
        (Some(why), _, _) => {
            Item::action(ItemId::Purge, &crate::tr!("menu-purge-unavailable", why = why.as_str()), false)
        }
        (None, true, _) => Item::action(ItemId::Purge, &crate::tr!("menu-purging"), false),
        (None, false, Some(result)) => {
            Item::action(ItemId::Purge, &crate::tr!("menu-purge-last", result = result.as_str()), true)
        }
        (None, false, None) => {
            let label = snapshot.map_or_else(
                || crate::tr!("menu-purge"),
                |s| crate::tr!("menu-purge-estimate", size = size(s.memory.cached_files)),
            );
            Item::action(ItemId::Purge, &label, true)
        }
    };
    items.push(purge);
    items.push(Item::action(ItemId::MarkBaseline, &crate::tr!("menu-mark-baseline"), state.snapshot.is_some()));
    let compare = state.comparison.clone().unwrap_or_else(|| crate::tr!("menu-compare-baseline"));
    items.push(Item::action(ItemId::CompareBaseline, &compare, state.has_baseline));
    items.push(Item::separator());
    items.push(Item {
        id: Some(ItemId::Notifications),
        label: crate::tr!("menu-notifications"),
        enabled: true,
        kind: Kind::Check(state.notifications),
    });
    let test = match &state.notification_test {
        Some(result) => crate::tr!("menu-test-notification-last", result = result.as_str()),
        None => crate::tr!("menu-test-notification"),
    };
    items.push(Item::action(ItemId::TestNotification, &test, true));
    items.push(match &state.snooze {
        None => Item::action(ItemId::Snooze, &crate::tr!("menu-snooze-nothing"), false),
        Some(SnoozeItem { kind, until: None }) => {
            Item::action(ItemId::Snooze, &crate::tr!("menu-snooze", kind = kind.as_str()), state.notifications)
        }
        Some(SnoozeItem { kind, until: Some(until) }) => Item::action(
            ItemId::Snooze,
            &crate::tr!("menu-snoozed", kind = kind.as_str(), until = until.as_str()),
            false,
        ),
    });
    items.push(Item::action(ItemId::ShowHistory, &crate::tr!("menu-show-history"), true));
    match state.settings {
        Some(settings) => items.push(super::settings_menu::item(settings)),
        None => items.push(Item::action(ItemId::OpenSettings, &crate::tr!("menu-open-settings"), true)),
    }
    items.push(Item {
        id: Some(ItemId::LaunchAtLogin),
        label: crate::tr!("menu-launch-at-login"),
        enabled: true,
        kind: Kind::Check(state.launch_at_login),
    });
    items.push(Item::separator());
    items.push(Item::action(ItemId::About, &crate::tr!("menu-about"), true));
    items.push(Item::action(ItemId::Quit, &crate::tr!("menu-quit"), true));
    items
}

/// "Wired 2.4 GB — normal for 16.0 GB (1.4–3.0 GB)", or "… explained by …".
pub(crate) fn wired_line(level: &LevelVerdict, units: &str) -> String {
    let size = |bytes: u64| format_gb_as(bytes, units);
    let range = crate::units::format_pair(level.expected_min, level.expected_max, "–", units);
    let line = crate::tr!(
        "menu-wired-verdict",
        wired = size(level.wired),
        level = level.level.word(),
        total = size(level.total),
        range = range
    );
    match level.explained_by.first() {
        Some((what, _)) => crate::tr!("menu-wired-explained", line = line, what = what.as_str()),
        None => line,
    }
}

/// The rows for the three largest holders of wired memory, reconciled with the sample shown:
/// "Held by: locked by `postgres` (pid 812) — 2.0 GB", then the next two indented.
fn push_holders(
    items: &mut Vec<Item>,
    suspects: Option<&Suspects>,
    snapshot: Option<&Snapshot>,
    size: &dyn Fn(u64) -> String,
) {
    let (Some(suspects), Some(snapshot)) = (suspects, snapshot) else { return };
    let owners = suspects.holders.reconcile(snapshot.memory.wired, snapshot.wired_parts.as_ref());
    for (index, (id, owner)) in HOLDER_ROWS.into_iter().zip(&owners.owners).enumerate() {
        let (owner, size) = (owner.describe(), size(owner.bytes));
        let label = if index == 0 {
            crate::tr!("menu-held-by", owner = owner, size = size)
        } else {
            crate::tr!("menu-held-by-more", owner = owner, size = size)
        };
        items.push(Item::info(id, label));
    }
}

/// The holder rows, largest first.
pub const HOLDER_ROWS: [ItemId; 3] = [ItemId::Holder1, ItemId::Holder2, ItemId::Holder3];

fn top_suspect(suspects: Option<&Suspects>) -> Option<String> {
    let suspects = suspects?;
    if let Some(holder) = suspects.largest_holder(format_adaptive) {
        return Some(crate::tr!("menu-holding", holder = holder));
    }
    let kext = suspects.kernel_extensions.found()?.iter().max_by_key(|k| k.size)?;
    Some(crate::tr!("menu-holding-loaded", name = crate::suspects::shown(&kext.name), why = kext.why.as_str()))
}

#[cfg(test)]
mod pseudo_tests;
#[cfg(test)]
mod tests;
