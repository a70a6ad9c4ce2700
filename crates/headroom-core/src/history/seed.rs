//! What a front end starts from, read once from the history: this boot's minutes over the longest
//! look-back the verdicts use, and the recent events (what was notified and snoozed).

use super::{Event, MinutePoint, Store, unix_ms};
use crate::config::Config;
use crate::verdict::WiredPoint;

/// How far back the events are read: the longest rate limit or snooze that could still apply
/// (`notify::events::RESTORE_LOOK_BACK` is this).
pub const EVENTS_LOOK_BACK: time::Duration = time::Duration::days(2);

/// This boot's recent history, as stored; empty when there is none or it cannot be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seed {
    pub boot_id: String,
    /// Minute means of this boot since `now − look_back`, oldest first.
    pub minutes: Vec<MinutePoint>,
    /// Events of the last [`EVENTS_LOOK_BACK`], any boot, oldest first.
    pub events: Vec<Event>,
    /// This boot's recorded holders of wired memory over the look-back (and the 6 h before it, so
    /// each holder's figure when the look-back began is there), oldest first.
    pub holders: Vec<super::HolderRow>,
    /// This boot's recorded apps over the leak window (and the 7 hours before it), oldest first.
    pub apps: Vec<super::AppRow>,
}

impl Seed {
    /// Reads the seed for the boot `boot_id` at `now` from an open history. A failed read gives
    /// what could be read and logs why: a front end starts either way.
    pub fn load(store: &Store, boot_id: &str, now: time::OffsetDateTime, settings: &Config) -> Seed {
        let since = unix_ms(now - crate::verdict::look_back(&settings.growth));
        let minutes = store.minutes(since, boot_id).unwrap_or_else(|error| {
            tracing::warn!(%error, "cannot read this boot's recent history");
            Vec::new()
        });
        let events = store.events(unix_ms(now - EVENTS_LOOK_BACK)).unwrap_or_else(|error| {
            tracing::warn!(%error, "cannot read the recent events");
            Vec::new()
        });
        let holders_since = now - crate::verdict::look_back(&settings.growth) - time::Duration::hours(7);
        let holders = store
            .holders(unix_ms(holders_since))
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "cannot read the recorded holders");
                Vec::new()
            })
            .into_iter()
            .filter(|row| row.boot_id == boot_id)
            .collect();
        let window = time::Duration::try_from(settings.apps.leak_window.duration()).unwrap_or(time::Duration::HOUR);
        let apps = store
            .apps(unix_ms(now - window - time::Duration::hours(7)))
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "cannot read the recorded apps");
                Vec::new()
            })
            .into_iter()
            .filter(|row| row.boot_id == boot_id)
            .collect();
        Seed { boot_id: boot_id.to_owned(), minutes, events, holders, apps }
    }

    /// Opens the history in the data directory read-only and reads the seed; empty without one.
    pub(crate) fn read(boot_id: &str, now: time::OffsetDateTime, settings: &Config) -> Seed {
        let empty = Seed { boot_id: boot_id.to_owned(), ..Seed::default() };
        let Some(path) = super::data_dir().map(|dir| dir.join(super::DB_FILE)).filter(|p| p.exists()) else {
            return empty;
        };
        match Store::open_to_read(&path) {
            Ok(store) => Seed::load(&store, boot_id, now, settings),
            Err(error) => {
                tracing::warn!(%error, "cannot read the history");
                empty
            }
        }
    }

    /// The wired series the verdicts look back over, oldest first.
    pub fn wired_points(&self) -> Vec<WiredPoint> {
        self.minutes.iter().map(|m| WiredPoint { at: m.at, wired: m.wired, explained: m.explained }).collect()
    }
}
