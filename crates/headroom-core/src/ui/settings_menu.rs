//! The dropdown's Settings submenu: the common choices (what the menu bar shows, units, the sample
//! interval, each kind of notification) as check items, each the config.toml key and value it
//! writes. The file stays the one source of truth: a choice is saved there, and the app's live
//! reload reads it back.

use super::menu::{Item, ItemId, Kind};
use crate::config::{Config, MenuBarTitle, SettingValue, Span, Units};

/// One choice of the Settings submenu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingChoice {
    Title(MenuBarTitle),
    Units(Units),
    /// Seconds between samples.
    Interval(u8),
    /// A notification kind, by its index in [`KINDS`]: on or off.
    Kind(u8),
}

/// The submenus under Settings, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingsGroup {
    Title,
    Units,
    Interval,
    Notify,
}

/// A label in the reader's language (`tr!` takes literal ids, so each label is a function).
type Label = fn() -> String;

const TITLES: [(MenuBarTitle, &str, Label); 5] = [
    (MenuBarTitle::None, "none", || crate::tr!("settings-title-none")),
    (MenuBarTitle::UsedPercent, "used-percent", || crate::tr!("settings-title-used")),
    (MenuBarTitle::WiredGb, "wired-gb", || crate::tr!("settings-title-wired")),
    (MenuBarTitle::Headroom, "headroom", || crate::tr!("settings-title-headroom")),
    (MenuBarTitle::Swap, "swap", || crate::tr!("settings-title-swap")),
];

const INTERVALS: [u8; 4] = [1, 2, 5, 10];

type Flag = fn(&mut crate::config::NotificationKinds) -> &mut bool;

/// Each notification kind: its key under `notifications.kinds`, its label, and its flag.
pub const KINDS: [(&str, Label, Flag); 9] = [
    ("creeping", || crate::tr!("kind-creeping"), |k| &mut k.creeping),
    ("jump", || crate::tr!("kind-jump"), |k| &mut k.jump),
    ("wired_level", || crate::tr!("kind-wired-level"), |k| &mut k.wired_level),
    ("pressure", || crate::tr!("kind-pressure"), |k| &mut k.pressure),
    ("swap_growth", || crate::tr!("kind-swap-growth"), |k| &mut k.swap_growth),
    ("thrashing", || crate::tr!("kind-thrashing"), |k| &mut k.thrashing),
    ("app_leak", || crate::tr!("kind-app-leak"), |k| &mut k.app_leak),
    ("runaway", || crate::tr!("kind-runaway"), |k| &mut k.runaway),
    ("purge_result", || crate::tr!("kind-purge-result"), |k| &mut k.purge_result),
];

impl SettingChoice {
    /// Every choice, in menu order.
    pub fn all() -> Vec<SettingChoice> {
        let mut all: Vec<SettingChoice> = TITLES.iter().map(|(t, _, _)| SettingChoice::Title(*t)).collect();
        all.extend([Units::Gb, Units::Gib].map(SettingChoice::Units));
        all.extend(INTERVALS.map(SettingChoice::Interval));
        all.extend((0..KINDS.len() as u8).map(SettingChoice::Kind));
        all
    }

    /// A stable name for the menu's id ("title-used-percent", "units-GiB", "interval-5", "kind-jump").
    pub fn name(self) -> String {
        match self {
            SettingChoice::Title(title) => format!("title-{}", title_entry(title).1),
            SettingChoice::Units(units) => format!("units-{}", units.label()),
            SettingChoice::Interval(seconds) => format!("interval-{seconds}"),
            SettingChoice::Kind(index) => format!("kind-{}", KINDS.get(usize::from(index)).map_or("?", |k| k.0)),
        }
    }

    pub fn from_name(name: &str) -> Option<SettingChoice> {
        SettingChoice::all().into_iter().find(|choice| choice.name() == name)
    }

    fn group(self) -> SettingsGroup {
        match self {
            SettingChoice::Title(_) => SettingsGroup::Title,
            SettingChoice::Units(_) => SettingsGroup::Units,
            SettingChoice::Interval(_) => SettingsGroup::Interval,
            SettingChoice::Kind(_) => SettingsGroup::Notify,
        }
    }

    fn label(self) -> String {
        match self {
            SettingChoice::Title(title) => (title_entry(title).2)(),
            SettingChoice::Units(Units::Gb) => crate::tr!("settings-units-gb"),
            SettingChoice::Units(Units::Gib) => crate::tr!("settings-units-gib"),
            SettingChoice::Interval(seconds) => crate::tr!("settings-every", seconds = seconds),
            SettingChoice::Kind(index) => KINDS.get(usize::from(index)).map_or_else(|| "?".to_owned(), |k| (k.1)()),
        }
    }

    /// Whether `settings` has this choice (a kind: whether it is on).
    pub fn is_set(self, settings: &Config) -> bool {
        match self {
            SettingChoice::Title(title) => settings.menu_bar.title == title,
            SettingChoice::Units(units) => settings.units == units,
            SettingChoice::Interval(seconds) => settings.sample_interval == Span::secs(u64::from(seconds)),
            SettingChoice::Kind(index) => {
                let mut kinds = settings.notifications.kinds.clone();
                KINDS.get(usize::from(index)).is_some_and(|(_, _, flag)| *flag(&mut kinds))
            }
        }
    }

    /// What a click does: the settings with it applied, and the config.toml key and value to write.
    pub fn apply(self, settings: &Config) -> (Config, &'static str, SettingValue) {
        let mut changed = settings.clone();
        let (key, value) = match self {
            SettingChoice::Title(title) => {
                changed.menu_bar.title = title;
                ("menu_bar.title", SettingValue::Text(title_entry(title).1.to_owned()))
            }
            SettingChoice::Units(units) => {
                changed.units = units;
                ("units", SettingValue::Text(units.label().to_owned()))
            }
            SettingChoice::Interval(seconds) => {
                changed.sample_interval = Span::secs(u64::from(seconds));
                ("sample_interval", SettingValue::Text(format!("{seconds}s")))
            }
            SettingChoice::Kind(index) => {
                let (key, _, flag) = KINDS[usize::from(index).min(KINDS.len() - 1)];
                let on = !*flag(&mut changed.notifications.kinds);
                *flag(&mut changed.notifications.kinds) = on;
                (kind_key(key), SettingValue::Bool(on))
            }
        };
        (changed, key, value)
    }
}

fn title_entry(title: MenuBarTitle) -> (MenuBarTitle, &'static str, Label) {
    TITLES.into_iter().find(|(t, _, _)| *t == title).unwrap_or(TITLES[0])
}

/// `notifications.kinds.<key>`, as a static string (the menu's keys are fixed).
fn kind_key(key: &str) -> &'static str {
    match key {
        "creeping" => "notifications.kinds.creeping",
        "jump" => "notifications.kinds.jump",
        "wired_level" => "notifications.kinds.wired_level",
        "pressure" => "notifications.kinds.pressure",
        "swap_growth" => "notifications.kinds.swap_growth",
        "thrashing" => "notifications.kinds.thrashing",
        "app_leak" => "notifications.kinds.app_leak",
        "runaway" => "notifications.kinds.runaway",
        _ => "notifications.kinds.purge_result",
    }
}

/// The Settings row and its submenus, checks showing `settings`.
pub(crate) fn item(settings: &Config) -> Item {
    let groups = [
        (SettingsGroup::Title, crate::tr!("settings-menu-bar")),
        (SettingsGroup::Units, crate::tr!("settings-units")),
        (SettingsGroup::Interval, crate::tr!("settings-interval")),
        (SettingsGroup::Notify, crate::tr!("settings-notify")),
    ];
    let mut children: Vec<Item> = groups
        .into_iter()
        .map(|(group, label)| {
            let choices = SettingChoice::all()
                .into_iter()
                .filter(|choice| choice.group() == group)
                .map(|choice| Item {
                    id: Some(ItemId::Setting(choice)),
                    label: choice.label(),
                    enabled: true,
                    kind: Kind::Check(choice.is_set(settings)),
                })
                .collect();
            Item { id: Some(ItemId::SettingsGroup(group)), label, enabled: true, kind: Kind::Submenu(choices) }
        })
        .collect();
    children.push(Item { id: None, label: String::new(), enabled: false, kind: Kind::Separator });
    children.push(Item {
        id: Some(ItemId::OpenSettings),
        label: crate::tr!("settings-open-file"),
        enabled: true,
        kind: Kind::Action,
    });
    Item { id: Some(ItemId::SettingsMenu), label: crate::tr!("settings"), enabled: true, kind: Kind::Submenu(children) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_has_a_name_that_leads_back_to_it_and_writes_what_it_shows() {
        let settings = Config::default();
        for choice in SettingChoice::all() {
            assert_eq!(SettingChoice::from_name(&choice.name()), Some(choice), "{}", choice.name());
            let (changed, key, value) = choice.apply(&settings);
            // What the file will say, loaded back, is what the menu now shows.
            let text = match &value {
                SettingValue::Bool(on) => on.to_string(),
                SettingValue::Text(text) => format!("\"{text}\""),
            };
            let (table, leaf) = key.rsplit_once('.').map_or((None, key), |(t, l)| (Some(t), l));
            let toml = match table {
                Some(table) => format!("[{table}]\n{leaf} = {text}\n"),
                None => format!("{leaf} = {text}\n"),
            };
            let loaded = crate::config::load_str(&toml, std::path::Path::new("config.toml"));
            assert_eq!(loaded.errors, Vec::new(), "{toml}");
            assert_eq!(loaded.config, changed, "{toml}");
            if matches!(choice, SettingChoice::Kind(_)) {
                assert!(!choice.is_set(&changed), "a kind's check turns off");
            } else {
                assert!(choice.is_set(&changed), "{}", choice.name());
            }
        }
        assert_eq!(SettingChoice::all().len(), 5 + 2 + 4 + 9);
    }
}
