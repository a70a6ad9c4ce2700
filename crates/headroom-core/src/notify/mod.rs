//! Notifications: what to send is decided by a pure function of verdicts, history of what was sent, time and config.

pub mod deliver;
pub mod events;
mod replies;
mod snooze;
pub mod watch;

pub use replies::{digest_due, purge_result, test_notification};
pub(crate) use snooze::app_awake;
pub use snooze::{snooze, snooze_app};
use std::collections::HashMap;

use serde::Serialize;
use time::OffsetDateTime;

use crate::config::Notifications;
use crate::model::{Pressure, Snapshot};
use crate::units::{format_adaptive, format_gb};
use crate::verdict::{CreepVerdict, Verdicts, WiredLevel};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Creeping,
    Jump,
    WiredLevel,
    Pressure,
    SwapGrowth,
    PurgeResult,
    /// An app that kept growing (`apps.leak_window`, `apps.leak_min_growth`): told once per app.
    AppLeak,
    /// One app above `apps.ceiling` for a minute: told once per app.
    Runaway,
    /// Pages swapped out and back in over the last minute while the kernel's level read normal.
    Thrashing,
    /// The day's notifications in one (`daily_digest`).
    Digest,
    /// Sent on request to check that notifications reach the user.
    Test,
    /// The answer to a click in the menu (a comparison, a marked baseline, a snooze, a file that
    /// could not be opened): shown even when alerts are off, never rate-limited or snoozed.
    Answer,
}

impl Kind {
    pub(crate) const ALL: [Kind; 12] = [
        Kind::Creeping,
        Kind::Jump,
        Kind::WiredLevel,
        Kind::Pressure,
        Kind::SwapGrowth,
        Kind::PurgeResult,
        Kind::AppLeak,
        Kind::Runaway,
        Kind::Thrashing,
        Kind::Digest,
        Kind::Test,
        Kind::Answer,
    ];

    /// The name used in config, history events and JSON.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Creeping => "creeping",
            Kind::Jump => "jump",
            Kind::WiredLevel => "wired_level",
            Kind::Pressure => "pressure",
            Kind::SwapGrowth => "swap_growth",
            Kind::PurgeResult => "purge_result",
            Kind::AppLeak => "app_leak",
            Kind::Runaway => "runaway",
            Kind::Thrashing => "thrashing",
            Kind::Digest => "digest",
            Kind::Test => "test",
            Kind::Answer => "answer",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Kinds a person may snooze: the alerts, not the answers to their own clicks.
    pub fn snoozable(self) -> bool {
        !matches!(self, Kind::PurgeResult | Kind::Digest | Kind::Test | Kind::Answer)
    }

    /// What a person calls this kind, as in "Snooze wired-jump alerts for a day".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Creeping => "wired-creep",
            Kind::Jump => "wired-jump",
            Kind::WiredLevel => "wired-level",
            Kind::Pressure => "memory-pressure",
            Kind::SwapGrowth => "swap-growth",
            Kind::PurgeResult => "purge-result",
            Kind::AppLeak => "app-leak",
            Kind::Runaway => "runaway-app",
            Kind::Thrashing => "thrashing",
            Kind::Digest => "daily-digest",
            Kind::Test => "test",
            Kind::Answer => "answer",
        }
    }
}

/// One notification to show: a title, a body with the numbers, and its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub kind: Kind,
    /// The app it is about (a leak, a runaway app), so a snooze can silence that app alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub title: String,
    pub body: String,
}

/// The answer to a click, shown where the user looks.
pub fn answer(title: impl Into<String>, body: impl Into<String>) -> Notification {
    Notification { subject: None, kind: Kind::Answer, title: title.into(), body: body.into() }
}

/// Swap growth that is worth a notification, and the window it is measured over.
pub(crate) const SWAP_GROWTH_MIN: u64 = 1 << 30;
pub(crate) const SWAP_GROWTH_WINDOW: time::Duration = time::Duration::minutes(10);

/// What the decision remembers between two evaluations.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// When each kind was last sent.
    pub last_sent: HashMap<Kind, OffsetDateTime>,
    /// Kinds snoozed until a time.
    pub snoozed_until: HashMap<Kind, OffsetDateTime>,
    /// Apps whose leak and runaway alerts are snoozed, until a time.
    pub snoozed_apps: HashMap<String, OffsetDateTime>,
    was_creeping: bool,
    level: Option<WiredLevel>,
    last_jump_at: Option<OffsetDateTime>,
    /// The pressure episode under way: its level and since when, and whether it was notified.
    pressure: Option<(Pressure, OffsetDateTime, bool)>,
    swap_window: Option<(OffsetDateTime, u64)>,
    /// Held back for the daily digest.
    pub digest: Vec<Notification>,
    digest_sent: Option<OffsetDateTime>,
    /// The time of the previous decision, to see the wall clock step or a suspend between two.
    last_decided: Option<OffsetDateTime>,
}

/// Two samples further apart than this (a suspend, or the clock stepped forward) say nothing of
/// what happened between them: a duration is not measured across the gap.
pub(crate) const SAMPLE_GAP_MAX: time::Duration = time::Duration::minutes(30);

/// True when the wall clock went backwards or skipped more than [`SAMPLE_GAP_MAX`] since `last`.
fn clock_broke(last: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    last.is_some_and(|last| now < last || now - last > SAMPLE_GAP_MAX)
}

pub(crate) fn allowed(state: &State, config: &Notifications, kind: Kind, now: OffsetDateTime) -> bool {
    let enabled = config.enabled
        && match kind {
            Kind::Creeping => config.kinds.creeping,
            Kind::Jump => config.kinds.jump,
            Kind::WiredLevel => config.kinds.wired_level,
            Kind::Pressure => config.kinds.pressure,
            Kind::SwapGrowth => config.kinds.swap_growth,
            Kind::PurgeResult => config.kinds.purge_result,
            Kind::AppLeak => config.kinds.app_leak,
            Kind::Thrashing => config.kinds.thrashing,
            Kind::Runaway => config.kinds.runaway,
            Kind::Digest | Kind::Test | Kind::Answer => true,
        };
    let min_interval = time::Duration::try_from(config.min_interval.duration()).unwrap_or(time::Duration::ZERO);
    let rested = state.last_sent.get(&kind).is_none_or(|last| now - *last >= min_interval);
    let awake = state.snoozed_until.get(&kind).is_none_or(|until| now >= *until);
    enabled && rested && awake
}

/// Decides what to send now. Edges, not levels: a condition notifies when it starts (or, for
/// pressure, once it has lasted long enough), never again until it has cleared; and at most one
/// notification of a kind per `min_interval`.
pub fn decide(
    state: &mut State,
    verdicts: &Verdicts,
    snapshot: &Snapshot,
    config: &Notifications,
    now: OffsetDateTime,
) -> Vec<Notification> {
    let mut candidates = Vec::new();
    // Pressure "for 480 minutes" after a suspend, or swap growth "in -15 minutes" after the clock
    // stepped back, would be made up: episodes and windows start again after such a break.
    if clock_broke(state.last_decided.replace(now), now) {
        state.pressure = None;
        state.swap_window = None;
    }

    // Creeping: on the edge into creeping (the verdict itself has hysteresis).
    let creeping = verdicts.creeping.is_creeping();
    if creeping
        && !state.was_creeping
        && let CreepVerdict::Creeping(c) = &verdicts.creeping
    {
        let days = (c.until - c.since).whole_hours() as f64 / 24.0;
        candidates.push(Notification {
            subject: None,
            kind: Kind::Creeping,
            title: crate::tr!("notify-creeping-title"),
            body: crate::tr!(
                "notify-creeping-body",
                from = format_gb(c.from),
                to = format_gb(c.to),
                days = crate::i18n::localize_number(format!("{days:.1}")),
                rate = format_adaptive(u64::try_from(c.rate_per_day).unwrap_or(0))
            ),
        });
    }
    state.was_creeping = creeping;

    // Jump: once per jump (identified by when it happened).
    if let Some(jump) = &verdicts.jump
        && state.last_jump_at != Some(jump.at)
    {
        state.last_jump_at = Some(jump.at);
        let cause = if jump.is_explained() {
            crate::tr!("notify-jump-explained")
        } else if let Some(first) = jump.appeared.first() {
            crate::tr!("notify-jump-around", what = first.as_str())
        } else {
            crate::tr!("notify-jump-unexplained")
        };
        candidates.push(Notification {
            subject: None,
            kind: Kind::Jump,
            title: crate::tr!("notify-jump-title", size = format_gb(jump.size())),
            body: crate::tr!(
                "notify-jump-body",
                from = format_gb(jump.before),
                to = format_gb(jump.after),
                cause = cause
            ),
        });
    }

    // Wired level: when it rises (the level verdict has hysteresis).
    let level = &verdicts.wired_level;
    // The first verdict after a start counts as a change from normal: starting with wired memory
    // already high alerts once (within the rate limit the events restore), rather than never.
    if level.level > WiredLevel::Normal && level.level > state.level.unwrap_or(WiredLevel::Normal) {
        let name = level.level.word();
        // A VM whose size could not be read may hold it: say so rather than "nothing explains it".
        let cause = match level.unknown_size.first() {
            None => crate::tr!("notify-level-unexplained"),
            Some(vm) => crate::tr!("notify-level-vm", vm = vm.as_str()),
        };
        // The level is judged on the median of the last minutes; when the figure of the moment
        // differs, both are said, so the alert and the menu's "Wired Memory" row never seem to disagree.
        let now_wired = snapshot.memory.wired;
        let moment = if now_wired.abs_diff(level.wired) >= crate::units::GB / 10 {
            crate::tr!(
                "notify-level-moment",
                minutes = crate::verdict::LEVEL_SMOOTHING_MINUTES,
                now = format_gb(now_wired)
            )
        } else {
            String::new()
        };
        candidates.push(Notification {
            subject: None,
            kind: Kind::WiredLevel,
            title: crate::tr!("notify-level-title", level = name),
            body: crate::tr!(
                "notify-level-body",
                wired = format_gb(level.wired),
                moment = moment,
                total = format_gb(level.total),
                range = crate::units::format_pair(
                    level.expected_min,
                    level.expected_max,
                    "–",
                    crate::units::shown_units().label()
                ),
                cause = cause
            ),
        });
    }
    state.level = Some(level.level);

    // Pressure: warn or critical that lasts at least the minimum, once per episode.
    let min_duration =
        time::Duration::try_from(config.pressure_min_duration.duration()).unwrap_or(time::Duration::ZERO);
    let pressure = snapshot.pressure;
    state.pressure = match (state.pressure.take(), pressure) {
        (_, Pressure::Normal) => None,
        (Some((level, since, sent)), now_level) if now_level <= level || sent => {
            Some((level.max(now_level), since, sent))
        }
        (_, now_level) => Some((now_level, now, false)),
    };
    if let Some((level, since, false)) = state.pressure
        && now - since >= min_duration
    {
        state.pressure = Some((level, since, true));
        candidates.push(Notification {
            subject: None,
            kind: Kind::Pressure,
            title: if level == Pressure::Critical {
                crate::tr!("notify-pressure-critical")
            } else {
                crate::tr!("notify-pressure-high")
            },
            body: crate::tr!(
                "notify-pressure-body",
                minutes = (now - since).whole_minutes(),
                basis = verdicts.pressure.basis.as_str()
            ),
        });
    }

    // Swap growing fast: ≥ 1 GB within 10 minutes.
    let swap = snapshot.swap_used;
    match state.swap_window {
        Some((start, base)) if now >= start && now - start <= SWAP_GROWTH_WINDOW => {
            if swap.saturating_sub(base) >= SWAP_GROWTH_MIN {
                candidates.push(Notification {
                    subject: None,
                    kind: Kind::SwapGrowth,
                    title: crate::tr!("notify-swap-title"),
                    body: crate::tr!(
                        "notify-swap-body",
                        from = format_gb(base),
                        to = format_gb(swap),
                        minutes = (now - start).whole_minutes()
                    ),
                });
                state.swap_window = Some((now, swap));
            } else if swap < base {
                state.swap_window = Some((now, swap));
            }
        }
        _ => state.swap_window = Some((now, swap)),
    }

    let mut send = Vec::new();
    for notification in candidates {
        if !allowed(state, config, notification.kind, now) {
            continue;
        }
        state.last_sent.insert(notification.kind, now);
        if config.daily_digest {
            state.digest.push(notification);
        } else {
            send.push(notification);
        }
    }
    send
}
