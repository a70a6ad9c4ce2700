//! Verdicts: pressure, wired level for this RAM, creeping and jumps, app leaks, thrashing — pure functions of figures, history and time.

pub mod advice;
mod app_leak;
mod creep;
mod jump;
mod level;
pub mod robust;
pub mod thrashing;

use serde::Serialize;
use time::OffsetDateTime;

pub use app_leak::{AppLeak, app_leaks};
pub use creep::{CreepVerdict, Creeping, creeping};
pub use jump::{Jump, LOOK_BACK_HOURS as JUMP_LOOK_BACK_HOURS, jump, pair_with_suspects};
pub use level::{LevelVerdict, WiredLevel, wired_level};

use crate::config::Config;
use crate::model::{Pressure, Snapshot};
use crate::suspects::Suspects;

/// How far back the wired-memory verdicts read the history: the creeping window or the jump
/// look-back, whichever is longer. Every front end reads by this one rule (`history::Seed`,
/// `explain`, the exporter, the app's notification watch).
pub(crate) fn look_back(growth: &crate::config::Growth) -> time::Duration {
    let creep = time::Duration::try_from(growth.creep_window.duration()).unwrap_or(time::Duration::MAX);
    creep.max(time::Duration::hours(JUMP_LOOK_BACK_HOURS))
}

/// One point of wired-memory history: when, how much was wired, and how much of it running
/// VMs and GPU work accounted for at the time (0 when nothing did or it is not known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WiredPoint {
    pub at: OffsetDateTime,
    pub wired: u64,
    pub explained: u64,
}

/// The pressure level with the headroom figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PressureVerdict {
    pub level: Pressure,
    /// What the level was decided from, in words with figures.
    pub basis: String,
    /// RAM apps can ever use: total − wired.
    pub effective_ram: u64,
    /// App + wired memory as a share of RAM, in percent: how close the unreclaimable part comes to the total.
    pub app_and_wired_percent: f64,
}

pub fn pressure(snapshot: &Snapshot) -> PressureVerdict {
    let m = &snapshot.memory;
    let app_and_wired = m.app.saturating_add(m.wired);
    PressureVerdict {
        level: snapshot.pressure,
        basis: snapshot.pressure_basis.describe(),
        effective_ram: m.total.saturating_sub(m.wired),
        app_and_wired_percent: if m.total > 0 { app_and_wired as f64 * 100.0 / m.total as f64 } else { 0.0 },
    }
}

/// Every verdict at one time, each carrying the figures that produced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdicts {
    pub pressure: PressureVerdict,
    pub wired_level: LevelVerdict,
    pub creeping: CreepVerdict,
    pub jump: Option<Jump>,
}

/// The verdicts a previous evaluation reached, for hysteresis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Previous {
    pub level: Option<WiredLevel>,
    pub creeping: bool,
}

impl Verdicts {
    pub fn as_previous(&self) -> Previous {
        Previous { level: Some(self.wired_level.level), creeping: self.creeping.is_creeping() }
    }
}

/// How many minutes of history the level is smoothed over.
pub const LEVEL_SMOOTHING_MINUTES: i64 = 15;

/// Evaluates all verdicts. `history` is this boot's wired series (oldest first, any resolution,
/// the current sample included or not); `now` is the time of evaluation.
pub fn evaluate(
    snapshot: &Snapshot,
    suspects: &Suspects,
    history: &[WiredPoint],
    previous: Previous,
    config: &Config,
    now: OffsetDateTime,
) -> Verdicts {
    Verdicts {
        pressure: pressure(snapshot),
        wired_level: wired_level(
            smoothed_wired(snapshot.memory.wired, suspects.explained_bytes(), history, now),
            snapshot.memory.total,
            suspects,
            &config.wired,
            previous.level,
        ),
        creeping: creeping(history, &config.growth, previous.creeping, now),
        jump: jump(history, &config.growth, now).map(|mut found| {
            let window = time::Duration::try_from(config.growth.jump_window.duration()).unwrap_or(time::Duration::ZERO);
            pair_with_suspects(&mut found, suspects, window);
            found
        }),
    }
}

/// The wired figure the level is judged on: the median of the last few minutes of *unexplained*
/// wired memory (wired − what VMs and GPU work held at the time), plus what is explained now.
/// One noisy sample neither raises nor clears a verdict, and when a VM stops, its memory leaves
/// the figure at once instead of lingering as unexplained for the smoothing window.
pub fn smoothed_wired(current: u64, explained_now: u64, history: &[WiredPoint], now: OffsetDateTime) -> u64 {
    let since = now - time::Duration::minutes(LEVEL_SMOOTHING_MINUTES);
    let mut values: Vec<f64> = history
        .iter()
        .filter(|p| p.at >= since && p.at <= now)
        .map(|p| p.wired.saturating_sub(p.explained) as f64)
        .collect();
    values.push(current.saturating_sub(explained_now) as f64);
    robust::median(&mut values).map_or(current, |m| (m as u64).saturating_add(explained_now))
}
