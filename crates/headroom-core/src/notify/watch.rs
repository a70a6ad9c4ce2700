//! The running app's notification watch: a bounded per-minute wired series, the verdicts over it, and what to send.

use std::collections::VecDeque;

use time::OffsetDateTime;

use super::{Kind, Notification, State, decide, digest_due};
use crate::config::Config;
use crate::history::{AppLog, AppRow, HolderLog, HolderRow, grew_most};
use crate::model::Snapshot;
use crate::suspects::Suspects;
use crate::top::TopList;
use crate::verdict::{self, CreepVerdict, Jump, LevelVerdict, Previous, Verdicts, WiredPoint, robust};

/// The creeping verdict before the first minute is completed.
const NOT_EVALUATED: CreepVerdict = CreepVerdict::NotEnoughHistory { hours: 0, needed: 0 };

/// Holds what the notification decision needs between samples. Memory stays flat: one point a
/// minute, and only as many minutes as the longest verdict looks back.
#[derive(Debug)]
pub struct Watch {
    /// One point per minute (the minute's median), oldest first.
    series: VecDeque<WiredPoint>,
    /// The samples of the minute under way: (minute, wired values, explained).
    minute: Option<(i64, Vec<f64>, u64)>,
    /// Creeping and jump are re-evaluated once a minute, when a minute is completed.
    creeping: CreepVerdict,
    jump: Option<Jump>,
    previous: Previous,
    pub state: State,
    /// Who held wired memory, as recorded and as seen since (history/holders.rs's rule), oldest
    /// first: so a creeping or jump alert can name the holder that grew.
    holders: Vec<HolderRow>,
    holder_log: HolderLog,
    /// Who used memory, as recorded and as scanned since (history/apps.rs's rule), oldest first,
    /// and the apps already told about: a leak is notified once per app.
    apps: Vec<AppRow>,
    app_log: AppLog,
    leaks_told: Vec<String>,
    /// The apps leaking as of the last scan (the menu's Top memory heading names them).
    leaks: Vec<verdict::AppLeak>,
    /// Apps above `apps.ceiling`, since when, and those told about (once per app).
    over_ceiling: Vec<(String, OffsetDateTime)>,
    runaways_told: Vec<String>,
    /// This boot's paging counters over the last minute and more (the thrashing rule's window),
    /// and whether the episode under way was judged thrashing already (told once per episode).
    paging: VecDeque<(OffsetDateTime, crate::model::paging::Paging)>,
    thrashing: bool,
}

impl Watch {
    /// Starts from this boot's recorded history (any resolution, oldest first), so a creep that
    /// began before the app started is seen, and from the decision state restored from the events.
    pub fn new(history: impl IntoIterator<Item = WiredPoint>, state: State) -> Watch {
        let mut series: VecDeque<WiredPoint> = VecDeque::new();
        for point in history {
            let minute = point.at.unix_timestamp().div_euclid(60);
            match series.back() {
                Some(last) if last.at.unix_timestamp().div_euclid(60) >= minute => {}
                _ => series.push_back(point),
            }
        }
        Watch {
            series,
            minute: None,
            creeping: NOT_EVALUATED,
            jump: None,
            previous: Previous::default(),
            state,
            holders: Vec::new(),
            holder_log: HolderLog::default(),
            apps: Vec::new(),
            app_log: AppLog::default(),
            leaks_told: Vec::new(),
            leaks: Vec::new(),
            over_ceiling: Vec::new(),
            runaways_told: Vec::new(),
            paging: VecDeque::new(),
            thrashing: false,
        }
    }

    /// Starts from this boot's recorded apps too (the seed's), oldest first.
    pub fn with_apps(mut self, rows: Vec<AppRow>) -> Watch {
        self.apps = rows;
        self
    }

    /// Takes a top scan: an app that keeps growing (`apps.leak_window`, `apps.leak_min_growth`) is
    /// notified, once per app while this runs, within the usual rate limit and snooze.
    pub fn observe_top(
        &mut self,
        list: &TopList,
        boot_id: &str,
        ram: u64,
        config: &Config,
        now: OffsetDateTime,
    ) -> Vec<Notification> {
        let seen = self.app_log.due(list, boot_id);
        self.apps.extend(seen);
        let window = time::Duration::try_from(config.apps.leak_window.duration()).unwrap_or(time::Duration::HOUR);
        let keep = window + time::Duration::hours(7);
        self.apps.retain(|row| row.at >= now - keep);
        let mut send = Vec::new();
        self.leaks = verdict::app_leaks(&self.apps, &config.apps, now);
        for leak in self.leaks.clone() {
            if self.leaks_told.contains(&leak.name)
                || !super::app_awake(&self.state, &leak.name, now)
                || !super::allowed(&self.state, &config.notifications, Kind::AppLeak, now)
            {
                continue;
            }
            let hours = (now - leak.since).as_seconds_f64() / 3600.0;
            let size = |bytes: u64| crate::units::format_gb(bytes);
            send.push(Notification {
                subject: Some(leak.name.clone()),
                kind: Kind::AppLeak,
                title: crate::tr!("notify-leak-title", name = crate::suspects::shown(&leak.name)),
                body: crate::tr!(
                    "notify-leak-body",
                    growth = size(leak.growth),
                    hours = crate::i18n::localize_number(format!("{hours:.1}")),
                    rate = size(u64::try_from(leak.rate_per_hour).unwrap_or(0)),
                    size = size(leak.to)
                ),
            });
            self.state.last_sent.insert(Kind::AppLeak, now);
            self.leaks_told.push(leak.name);
        }
        send.extend(self.runaways(list, ram, config, now));
        send
    }

    /// An app above `apps.ceiling` for a minute, told once per app.
    fn runaways(&mut self, list: &TopList, ram: u64, config: &Config, now: OffsetDateTime) -> Vec<Notification> {
        let ceiling = config.apps.ceiling.bytes(ram);
        let over: Vec<(&str, u64)> = list
            .entries
            .iter()
            .filter(|e| e.kind != crate::top::EntryKind::Kernel && e.bytes > ceiling)
            .map(|e| (e.name.as_str(), e.bytes))
            .collect();
        self.over_ceiling.retain(|(name, _)| over.iter().any(|(n, _)| n == name));
        let mut send = Vec::new();
        for (name, bytes) in over {
            let since = match self.over_ceiling.iter().find(|(n, _)| n == name) {
                Some((_, since)) => *since,
                None => {
                    self.over_ceiling.push((name.to_owned(), now));
                    now
                }
            };
            let told = self.runaways_told.iter().any(|n| n == name);
            if now - since < time::Duration::MINUTE
                || told
                || !super::app_awake(&self.state, name, now)
                || !super::allowed(&self.state, &config.notifications, Kind::Runaway, now)
            {
                continue;
            }
            let size = crate::units::format_gb;
            send.push(Notification {
                subject: Some(name.to_owned()),
                kind: Kind::Runaway,
                title: crate::tr!("notify-runaway-title", name = crate::suspects::shown(name), size = size(bytes)),
                body: crate::tr!(
                    "notify-runaway-body",
                    ceiling = size(ceiling),
                    setting = config.apps.ceiling.to_string(),
                    size = size(bytes)
                ),
            });
            self.state.last_sent.insert(Kind::Runaway, now);
            self.runaways_told.push(name.to_owned());
        }
        send
    }

    /// The apps leaking as of the last scan, largest growth first.
    pub fn leaks(&self) -> &[verdict::AppLeak] {
        &self.leaks
    }

    /// Who used memory lately, as recorded and scanned since (oldest first): the menu's growth per row.
    pub fn apps(&self) -> &[AppRow] {
        &self.apps
    }

    /// Starts from this boot's recorded holders too (the seed's), oldest first.
    pub fn with_holders(mut self, rows: Vec<HolderRow>) -> Watch {
        self.holders = rows;
        self
    }

    /// How many minutes the series holds (for tests and the benchmarks: it must stay bounded).
    pub fn len(&self) -> usize {
        self.series.len()
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Takes one sample and returns the notifications to send now. `level` is the wired-level
    /// verdict the app already computed for its menu (the same smoothing and hysteresis).
    pub fn observe(
        &mut self,
        snapshot: &Snapshot,
        suspects: &Suspects,
        level: &LevelVerdict,
        config: &Config,
        now: OffsetDateTime,
    ) -> Vec<Notification> {
        let minute = snapshot.at.unix_timestamp().div_euclid(60);
        let explained = suspects.explained_bytes();
        let completed = match self.minute.as_mut() {
            Some((current, values, held)) if *current == minute => {
                values.push(snapshot.memory.wired as f64);
                *held = explained;
                None
            }
            _ => self.minute.replace((minute, vec![snapshot.memory.wired as f64], explained)),
        };
        if let Some((done, mut values, held)) = completed {
            let wired = robust::median(&mut values).unwrap_or(0.0);
            let at = OffsetDateTime::from_unix_timestamp(done * 60).unwrap_or(snapshot.at);
            self.series.push_back(WiredPoint { at, wired: wired as u64, explained: held });
            let seen = self.holder_log.due(&suspects.holders.found, snapshot.at, &snapshot.boot_id);
            self.holders.extend(seen);
            self.trim(config, now);
            let points = self.series.make_contiguous();
            self.creeping = verdict::creeping(points, &config.growth, self.previous.creeping, now);
            self.jump = verdict::jump(points, &config.growth, now).map(|mut found| {
                let window =
                    time::Duration::try_from(config.growth.jump_window.duration()).unwrap_or(time::Duration::ZERO);
                verdict::pair_with_suspects(&mut found, suspects, window);
                found
            });
        }
        // The minute's creeping and jump verdicts are lent to the decision and taken back, not
        // cloned: this runs every sample.
        let verdicts = Verdicts {
            pressure: verdict::pressure(snapshot),
            wired_level: level.clone(),
            creeping: std::mem::replace(&mut self.creeping, NOT_EVALUATED),
            jump: self.jump.take(),
        };
        self.previous = verdicts.as_previous();
        let mut send = decide(&mut self.state, &verdicts, snapshot, &config.notifications, now);
        send.extend(self.thrashing(snapshot, config, now));
        self.name_who_grew(&mut send, &verdicts, config, now);
        self.creeping = verdicts.creeping;
        self.jump = verdicts.jump;
        if config.notifications.daily_digest
            && let Some(digest) = digest_due(&mut self.state, now)
        {
            send.push(digest);
        }
        send
    }

    /// Pages going out and back in over the last minute while the kernel's level reads normal (the
    /// pressure alert speaks otherwise): told once per episode, which ends when the rule clears.
    fn thrashing(&mut self, snapshot: &Snapshot, config: &Config, now: OffsetDateTime) -> Option<Notification> {
        use verdict::thrashing;
        let paging = snapshot.paging?;
        if self.paging.back().is_some_and(|(at, before)| {
            *at > snapshot.at || before.swapped_in > paging.swapped_in || before.swapped_out > paging.swapped_out
        }) {
            self.paging.clear();
        }
        self.paging.push_back((snapshot.at, paging));
        while self.paging.front().is_some_and(|(at, _)| *at < snapshot.at - thrashing::WINDOW) {
            self.paging.pop_front();
        }
        let rates = thrashing::rates(self.paging.make_contiguous()).filter(thrashing::PagingRates::thrashing);
        let started = rates.is_some() && !self.thrashing;
        self.thrashing = rates.is_some();
        let rates = rates.filter(|_| started && snapshot.pressure == crate::Pressure::Normal)?;
        if !super::allowed(&self.state, &config.notifications, Kind::Thrashing, now) {
            return None;
        }
        self.state.last_sent.insert(Kind::Thrashing, now);
        let rate = |bytes: f64| crate::units::format_gb(bytes as u64);
        Some(Notification {
            subject: None,
            kind: Kind::Thrashing,
            title: crate::tr!("notify-thrashing-title"),
            body: crate::tr!(
                "notify-thrashing-body",
                out = rate(rates.swap_out_per_s),
                back = rate(rates.swap_in_per_s)
            ),
        })
    }

    /// Adds to a creeping or jump alert the holder that grew most over what it judged: "Grew most:
    /// kernel IOKit drivers, 1.1 → 2.3 GB."
    fn name_who_grew(&self, send: &mut [Notification], verdicts: &Verdicts, config: &Config, now: OffsetDateTime) {
        for notification in send {
            // Pressure rose, or swap grew: what grew in the ten minutes before (apps and holders).
            if matches!(notification.kind, Kind::Pressure | Kind::SwapGrowth | Kind::Thrashing) {
                let since = now - time::Duration::minutes(10);
                let mut grew: Vec<String> = crate::history::app_growth(&self.apps, since)
                    .into_iter()
                    .filter(|g| g.growth >= 64 << 20)
                    .take(2)
                    .map(|g| {
                        crate::tr!(
                            "notify-grew-app",
                            name = crate::suspects::shown(&g.name),
                            size = crate::units::format_gb(g.growth.unsigned_abs())
                        )
                    })
                    .collect();
                if let Some((kind, name, from, to)) =
                    grew_most(&self.holders, since).filter(|(.., f, t)| t - f >= 64 << 20)
                {
                    grew.push(crate::tr!(
                        "notify-grew-holder",
                        kind = kind.to_string(),
                        name = crate::suspects::shown(&name),
                        size = crate::units::format_gb(to - from)
                    ));
                }
                if !grew.is_empty() {
                    notification.body.push_str(&crate::tr!("notify-grew-recently", list = grew.join(", ")));
                }
                continue;
            }
            let since = match (notification.kind, &verdicts.creeping, &verdicts.jump) {
                (Kind::Creeping, CreepVerdict::Creeping(c), _) => c.since,
                (Kind::Jump, _, Some(jump)) => {
                    jump.at
                        - time::Duration::try_from(config.growth.jump_window.duration()).unwrap_or(time::Duration::HOUR)
                }
                _ => continue,
            };
            if let Some((kind, name, from, to)) = grew_most(&self.holders, since) {
                let shown = crate::suspects::shown(&name);
                let pair = crate::units::format_pair(from, to, " → ", crate::units::shown_units().label());
                notification.body.push_str(&crate::tr!(
                    "notify-grew-most",
                    kind = kind.to_string(),
                    name = shown,
                    pair = pair
                ));
            }
        }
    }

    /// Drops minutes (and holder rows) older than the longest look-back (the creep window or the
    /// jump look-back); holder rows 7 hours more, so each holder's figure when it began is kept.
    fn trim(&mut self, config: &Config, now: OffsetDateTime) {
        // An hour more than the verdicts read, so a minute at the edge is never missing.
        let keep = verdict::look_back(&config.growth).saturating_add(time::Duration::hours(1));
        while self.series.front().is_some_and(|p| p.at < now - keep) {
            self.series.pop_front();
        }
        let holders_keep = keep.saturating_add(time::Duration::hours(6));
        self.holders.retain(|row| row.at >= now - holders_keep);
    }
}
