//! The app's state and what a sample, a probe result, a finished action or a click does to it.
//!
//! Pure: time is an argument and every outside effect (show a notification, start a purge, write
//! an event, wake the prober) is returned as an [`Effect`] for the event loop to carry out, so the
//! whole behaviour is tested without a display (`tests/app_state.rs`).

use std::collections::VecDeque;

use time::{OffsetDateTime, UtcOffset};

pub use super::effect::{Effect, LoginShown};
use super::spark::SparkSeries;
use super::start::Recorded;
use headroom_core::config::Config;
use headroom_core::model::Snapshot;
use headroom_core::notify::watch::Watch;
use headroom_core::notify::{self, Notification, events};
use headroom_core::suspects::Suspects;
use headroom_core::top::TopList;
use headroom_core::ui::baseline::Baseline;
use headroom_core::ui::menu::{self, Item, ItemId, MenuState, SnoozeItem};
use headroom_core::verdict::{self, LevelVerdict, WiredPoint};

mod clicks;
mod glance;
mod settings;

/// Raw samples kept for smoothing the wired level.
const RECENT_MINUTES: i64 = verdict::LEVEL_SMOOTHING_MINUTES;

/// How long a comparison stays on its menu item: it describes a moment, and a figure left there
/// for hours reads as current.
pub const COMPARISON_SHOWN: time::Duration = time::Duration::minutes(30);

/// How often the login item is read again beside the top scans.
const LOGIN_READ_EVERY: time::Duration = time::Duration::seconds(30);

/// What the app knows and shows. The tray layer reads it; only the methods below change it.
pub struct AppState {
    settings: Config,
    /// Where the settings file is broken, while it is (its last good settings stay in use).
    settings_problem: Option<String>,
    offset: UtcOffset,
    /// Draw the icon as a template in normal times (macOS).
    template_icon: bool,
    top_rows_as_submenus: bool,
    snapshot: Option<Snapshot>,
    /// Bytes swapped in and out per second between the last two samples (the menu's paging row).
    paging: Option<(f64, f64)>,
    suspects: Option<Suspects>,
    /// Stands in for the suspects until the first probe.
    unprobed: Suspects,
    level: Option<LevelVerdict>,
    recent: VecDeque<WiredPoint>,
    spark: SparkSeries,
    launch_at_login: bool,
    login_note: Option<String>,
    /// When the login item was last read again with a top scan.
    login_read_at: Option<OffsetDateTime>,
    baseline: Option<Baseline>,
    purging: bool,
    purge_result: Option<String>,
    /// The last comparison and when it was made: shown on its item for [`COMPARISON_SHOWN`].
    comparison: Option<(String, OffsetDateTime)>,
    /// Decides what to notify, sample by sample.
    watch: Watch,
    /// The last kind notified (what "Snooze" silences) and the last test's outcome.
    last_notified: Option<notify::Kind>,
    /// The app the last alert of each kind was about, where it was about one.
    subjects: std::collections::HashMap<notify::Kind, String>,
    notification_test: Option<String>,
    /// The last scan of who uses memory, for the Top memory section.
    top: Option<TopList>,
    /// Whether the history's seed is in: until then nothing is notified, so a restart does not
    /// repeat what was sent before it.
    seeded: bool,
}

/// How the state starts: settings, what the history says, and the platform's drawing choices.
pub struct Start {
    pub settings: Config,
    pub offset: UtcOffset,
    pub recorded: Recorded,
    /// The history arrives later, through [`AppState::on_seed`] (the app); false when `recorded` is all there is.
    pub awaiting_seed: bool,
    pub launch_at_login: bool,
    /// Sparkline in block characters (Linux: GTK draws item icons at 16 px).
    pub sparkline_as_text: bool,
    /// Each Top memory row opens its own submenu (macOS; GTK lists their actions in one submenu).
    pub top_rows_as_submenus: bool,
    pub template_icon: bool,
    pub now: OffsetDateTime,
}

impl AppState {
    pub fn new(start: Start) -> AppState {
        let Recorded { minutes, wired, notify_state, last_notified, baseline, holders, apps, .. } = start.recorded;
        AppState {
            settings: start.settings,
            settings_problem: None,
            offset: start.offset,
            template_icon: start.template_icon,
            top_rows_as_submenus: start.top_rows_as_submenus,
            snapshot: None,
            paging: None,
            suspects: None,
            unprobed: Suspects::unknown(start.now, "not probed yet"),
            level: None,
            recent: VecDeque::new(),
            spark: SparkSeries::new(minutes, start.sparkline_as_text),
            launch_at_login: start.launch_at_login,
            login_note: None,
            login_read_at: None,
            baseline,
            purging: false,
            purge_result: None,
            comparison: None,
            watch: Watch::new(wired, notify_state).with_holders(holders).with_apps(apps),
            last_notified,
            subjects: std::collections::HashMap::new(),
            notification_test: None,
            top: None,
            seeded: !start.awaiting_seed,
        }
    }

    /// The history's seed, read by the engine after the first sample: the sparkline's earlier
    /// hours, the wired series the verdicts look back over, what was notified and snoozed lately.
    pub fn on_seed(&mut self, recorded: Recorded) {
        let Recorded { minutes, wired, notify_state, last_notified, baseline, holders, apps, .. } = recorded;
        self.spark.seed(minutes);
        self.baseline = self.baseline.take().or(baseline);
        // Nothing was observed before the seed (see `seeded`), so the watch starts afresh from it.
        self.watch = Watch::new(wired, notify_state).with_holders(holders).with_apps(apps);
        self.last_notified = self.last_notified.or(last_notified);
        self.seeded = true;
    }

    pub fn settings(&self) -> &Config {
        &self.settings
    }

    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    pub fn level(&self) -> Option<&LevelVerdict> {
        self.level.as_ref()
    }

    pub fn spark(&self) -> &SparkSeries {
        &self.spark
    }

    /// The notification watch's length, for bounds checks.
    pub fn watched_minutes(&self) -> usize {
        self.watch.len()
    }

    /// A new sample: the level verdict (smoothed, with hysteresis), the notifications it calls
    /// for, the sparkline's minute.
    pub fn on_sample(&mut self, snapshot: Snapshot) -> Vec<Effect> {
        let mut effects = Vec::new();
        let at = snapshot.at;
        let explained = self.suspects.as_ref().map_or(0, Suspects::explained_bytes);
        self.recent.push_back(WiredPoint { at, wired: snapshot.memory.wired, explained });
        while self.recent.front().is_some_and(|p| p.at < at - time::Duration::minutes(RECENT_MINUTES)) {
            self.recent.pop_front();
        }
        if self.spark.push(&snapshot) {
            effects.push(Effect::RedrawSparkline);
        }
        // Per sample: no copies of the recent window and no placeholder suspects built anew.
        let recent = self.recent.make_contiguous();
        let suspects = self.suspects.as_ref().unwrap_or(&self.unprobed);
        let smoothed = verdict::smoothed_wired(snapshot.memory.wired, suspects.explained_bytes(), recent, at);
        let previous = self.level.as_ref().map(|l| l.level);
        let level = verdict::wired_level(smoothed, snapshot.memory.total, suspects, &self.settings.wired, previous);
        if previous.is_some_and(|p| p != level.level) {
            effects.push(Effect::NudgeProber);
        }
        if self.seeded {
            let to_send = self.watch.observe(&snapshot, suspects, &level, &self.settings, at);
            for notification in to_send {
                effects.push(self.notify(notification));
            }
        }
        self.level = Some(level);
        self.paging = self.snapshot.as_ref().and_then(|before| headroom_core::model::paging::rates(before, &snapshot));
        self.snapshot = Some(snapshot);
        effects
    }

    /// A probe's result: who holds wired memory now.
    pub fn on_suspects(&mut self, suspects: Suspects) {
        self.suspects = Some(suspects);
    }

    /// A scan of who uses memory finished. Only the rows the menu shows are kept: on a machine
    /// of 10,000 processes the rest would be held until the next scan for nothing.
    pub fn on_top(&mut self, mut list: TopList) -> Vec<Effect> {
        // An app that keeps growing is told once (the whole list: the history keeps the ten largest).
        let mut leaks = Vec::new();
        if let (true, Some((boot, ram))) =
            (self.seeded, self.snapshot.as_ref().map(|s| (s.boot_id.clone(), s.memory.total)))
        {
            leaks = self.watch.observe_top(&list, &boot, ram, &self.settings, list.at);
        }
        list.keep_first(headroom_core::ui::top_section::TOP_ROWS.len());
        // The scans come every 10 s on Linux, whose tray says nothing when its menu opens: the
        // login item is read again with them, at most every 30 s, so a change made by `headroom
        // setup login` shows within that (macOS reads it as the menu opens, too).
        let due = self.login_read_at.is_none_or(|at| list.at - at >= LOGIN_READ_EVERY);
        let mut effects = if due {
            self.login_read_at = Some(list.at);
            vec![Effect::ReadLogin]
        } else {
            Vec::new()
        };
        for notification in leaks {
            effects.push(self.notify(notification));
        }
        self.top = Some(list);
        effects
    }

    /// The latest scan, if one finished.
    pub fn top(&self) -> Option<&TopList> {
        self.top.as_ref()
    }

    /// The menu is about to open (where the platform says so): refresh the Top memory section and
    /// read the login item again (`headroom setup login` may have changed it meanwhile).
    pub fn on_menu_opening(&mut self) -> Vec<Effect> {
        vec![Effect::RefreshTop, Effect::ReadLogin]
    }

    /// Something a worker has to tell about a click (a file that could not be opened, a setting
    /// that could not be saved): shown as a notification.
    pub fn on_answer(&mut self, answer: Notification) -> Effect {
        self.notify(answer)
    }

    /// A purge ended with this one-line result (or why it did not run).
    pub fn on_purged(&mut self, result: String, now: OffsetDateTime) -> Vec<Effect> {
        self.purging = false;
        let notification = notify::purge_result(&mut self.watch.state, &self.settings.notifications, &result, now);
        self.purge_result = Some(result);
        notification.map(|n| self.notify(n)).into_iter().collect()
    }

    /// A purge could not be started at all.
    pub fn purge_not_started(&mut self) {
        self.purging = false;
    }

    /// The notification worker says what became of a notification.
    pub fn on_notified(&mut self, kind: notify::Kind, outcome: String) {
        if kind == notify::Kind::Test {
            self.notification_test = Some(outcome);
        }
    }

    /// Silences a kind for a day (from the menu or the notification itself) — or, where the last
    /// alert of that kind was about one app (a leak, a runaway app), that app's alerts of it; the
    /// event keeps it across a restart.
    pub fn snooze(&mut self, kind: notify::Kind, now: OffsetDateTime) -> Effect {
        let app = self.subjects.get(&kind).cloned();
        let until = match &app {
            Some(app) => notify::snooze_app(&mut self.watch.state, app, now),
            None => notify::snooze(&mut self.watch.state, kind, now),
        };
        let boot = self.snapshot.as_ref().map(|s| s.boot_id.clone());
        Effect::Record(events::snoozed(kind, app.as_deref(), boot, now, until))
    }

    pub fn set_launch_at_login(&mut self, shown: impl Into<LoginShown>) {
        let shown = shown.into();
        self.launch_at_login = shown.enabled;
        self.login_note = shown.note;
    }

    /// The dropdown's content now.
    pub fn menu_items(&self, now: OffsetDateTime) -> Vec<Item> {
        let state = MenuState {
            snapshot: self.snapshot.as_ref(),
            level: self.level.as_ref(),
            suspects: self.suspects.as_ref(),
            units: self.settings.units.label(),
            notifications: self.settings.notifications.enabled,
            launch_at_login: self.launch_at_login,
            purge_unavailable: None,
            purging: self.purging,
            purge_result: self.purge_result.clone(),
            has_baseline: self.baseline.is_some(),
            comparison: self
                .comparison
                .as_ref()
                .filter(|(_, at)| now - *at < COMPARISON_SHOWN)
                .map(|(line, at)| format!("{line} (compared at {})", self.when(*at, now))),
            sparkline_span: self.spark.span(),
            sparkline_text: self.spark.text().map(str::to_owned),
            notification_test: self.notification_test.clone(),
            snooze: self.last_notified.map(|kind| SnoozeItem {
                kind: self.snooze_target(kind),
                until: self.snoozed_until(kind).filter(|until| *until > now).map(|u| self.when(u, now)),
            }),
            top: self.top.as_ref(),
            paging: self.paging,
            apps: self.watch.apps(),
            leaks: self.watch.leaks(),
            settings_problem: self.settings_problem.as_deref(),
            settings: Some(&self.settings),
            top_rows_as_submenus: self.top_rows_as_submenus,
        };
        let mut items = menu::build(&state);
        if let Some(note) = &self.login_note
            && let Some(login) = items.iter_mut().find(|i| i.id == Some(ItemId::LaunchAtLogin))
        {
            login.label = headroom_core::tr!("menu-launch-at-login-note", note = note.as_str());
        }
        items
    }

    /// Only an alert becomes what "Snooze" silences: a purge result, a test or an answer to a click
    /// is never a snooze target.
    fn notify(&mut self, notification: Notification) -> Effect {
        if notification.kind.snoozable() {
            self.last_notified = Some(notification.kind);
            match &notification.subject {
                Some(app) => self.subjects.insert(notification.kind, app.clone()),
                None => self.subjects.remove(&notification.kind),
            };
        }
        Effect::Notify(notification)
    }

    /// What a snooze of `kind` silences, in words: "wired-jump", or "Raycast's app-leak" where the
    /// last alert of that kind was about one app (then only that app is snoozed).
    fn snooze_target(&self, kind: notify::Kind) -> String {
        match self.subjects.get(&kind) {
            Some(app) => format!("{}'s {}", headroom_core::suspects::shown(app), kind.label()),
            None => kind.label().to_owned(),
        }
    }

    /// Until when `kind` (or the app its last alert was about) is snoozed, if it ever was.
    fn snoozed_until(&self, kind: notify::Kind) -> Option<OffsetDateTime> {
        let state = &self.watch.state;
        match self.subjects.get(&kind) {
            Some(app) => state.snoozed_apps.get(app).copied(),
            None => state.snoozed_until.get(&kind).copied(),
        }
    }

    fn suspect_names(&self) -> Vec<String> {
        self.suspects
            .as_ref()
            .and_then(|s| s.vms.found())
            .into_iter()
            .flatten()
            .map(|vm| format!("{} `{}`", vm.kind, vm.name))
            .collect()
    }

    /// "14:02", "tomorrow 02:21": in the local time zone, the day named unless it is today.
    fn when(&self, at: OffsetDateTime, now: OffsetDateTime) -> String {
        headroom_core::ui::when::moment(at, now, self.offset)
    }
}
