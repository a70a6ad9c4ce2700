//! What the app starts from, made from the history's seed (read by the engine off the UI thread):
//! the sparkline's last hours, the wired series the verdicts look back over, and what was notified
//! and snoozed lately.

use std::collections::VecDeque;

use super::spark::{MinutePoint, SPARK_HOURS};
use headroom_core::history::Seed;
use headroom_core::notify::{self, events};
use headroom_core::ui::baseline::Baseline;
use headroom_core::verdict::WiredPoint;

/// What the app starts from, from this boot's history.
#[derive(Debug, Default)]
pub struct Recorded {
    pub boot_id: Option<String>,
    /// The last `SPARK_HOURS` as (minute, used, wired) fractions of RAM.
    pub minutes: VecDeque<MinutePoint>,
    /// The wired series the creeping and jump verdicts look back over.
    pub wired: Vec<WiredPoint>,
    /// What was notified and snoozed lately, so a restart neither repeats nor forgets.
    pub notify_state: notify::State,
    pub last_notified: Option<notify::Kind>,
    /// The baseline last marked during this boot, if any.
    pub baseline: Option<Baseline>,
    /// This boot's recorded holders of wired memory, so an alert can name the one that grew.
    pub holders: Vec<headroom_core::history::HolderRow>,
    /// This boot's recorded apps, so a leak that began before the start is seen.
    pub apps: Vec<headroom_core::history::AppRow>,
}

impl Recorded {
    /// Pure: the seed as the app holds it, at `now`.
    pub fn from_seed(seed: &Seed, now: time::OffsetDateTime) -> Recorded {
        let spark_since = now - time::Duration::hours(i64::from(SPARK_HOURS));
        let minutes = seed
            .minutes
            .iter()
            .filter(|point| point.at >= spark_since)
            .map(|point| {
                let total = point.total.max(1) as f64;
                (point.at.unix_timestamp().div_euclid(60), point.used as f64 / total, point.wired as f64 / total)
            })
            .collect();
        let notify_state = events::restore(&seed.events, now);
        let last_notified = notify_state
            .last_sent
            .iter()
            .filter(|(kind, _)| kind.snoozable())
            .max_by_key(|(_, at)| **at)
            .map(|(kind, _)| *kind);
        Recorded {
            boot_id: Some(seed.boot_id.clone()),
            minutes,
            wired: seed.wired_points(),
            notify_state,
            last_notified,
            baseline: Baseline::last_marked(&seed.events, &seed.boot_id),
            holders: seed.holders.clone(),
            apps: seed.apps.clone(),
        }
    }
}
