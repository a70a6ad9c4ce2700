//! What the app starts from, read once from this boot's history: the sparkline's last hours, the
//! wired series the verdicts look back over, and what was notified and snoozed lately.

use std::collections::VecDeque;

use super::spark::{MinutePoint, SPARK_HOURS};
use crate::config::Config;
use crate::model::Snapshot;
use crate::notify::{self, events};
use crate::verdict::{self, WiredPoint};

/// What the app starts from, read once from this boot's history.
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
}

impl Recorded {
    pub fn load(now: &Snapshot, settings: &Config) -> Recorded {
        let fresh = Recorded { boot_id: Some(now.boot_id.clone()), ..Recorded::default() };
        let Some(path) = crate::history::data_dir().map(|d| d.join(crate::history::DB_FILE)).filter(|p| p.exists())
        else {
            return fresh;
        };
        match crate::history::Store::open(&path) {
            Ok((store, _)) => Recorded::from_store(&store, now, settings),
            Err(error) => {
                tracing::warn!(%error, "cannot read the history");
                fresh
            }
        }
    }

    /// Reads this boot's recent minutes and events from an open history.
    pub fn from_store(store: &crate::history::Store, now: &Snapshot, settings: &Config) -> Recorded {
        let mut recorded = Recorded { boot_id: Some(now.boot_id.clone()), ..Recorded::default() };
        let creep = time::Duration::try_from(settings.growth.creep_window.duration()).unwrap_or(time::Duration::ZERO);
        let look_back = creep.max(time::Duration::hours(verdict::JUMP_LOOK_BACK_HOURS));
        let points = store.minutes(crate::history::unix_ms(now.at - look_back), &now.boot_id).unwrap_or_default();
        let spark_since = now.at - time::Duration::hours(i64::from(SPARK_HOURS));
        for point in &points {
            recorded.wired.push(WiredPoint { at: point.at, wired: point.wired, explained: point.explained });
            if point.at >= spark_since {
                let total = point.total.max(1) as f64;
                let minute = point.at.unix_timestamp().div_euclid(60);
                recorded.minutes.push_back((minute, point.used as f64 / total, point.wired as f64 / total));
            }
        }
        let since = crate::history::unix_ms(now.at - events::RESTORE_LOOK_BACK);
        let found = store.events(since).unwrap_or_default();
        recorded.notify_state = events::restore(&found, now.at);
        recorded.last_notified = recorded
            .notify_state
            .last_sent
            .iter()
            .filter(|(kind, _)| **kind != notify::Kind::Test)
            .max_by_key(|(_, at)| **at)
            .map(|(kind, _)| *kind);
        recorded
    }
}
