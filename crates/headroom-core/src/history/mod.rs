//! Memory history in SQLite: samples per boot, downsampled with age, plus events; survives restarts and faults.

mod apps;
mod change_log;
mod event;
mod holders;
mod inspect;
mod lock;
mod recorder;
mod recording;
mod retention;
mod schema;
mod seed;
mod span;
mod store;

use std::path::PathBuf;

use directories::ProjectDirs;
use serde::Serialize;
use thiserror::Error;

pub(crate) use apps::AppLog;
pub use apps::{AppGrowth, AppRow, growth as app_growth};
pub use event::{Event, EventKind};
pub(crate) use holders::HolderLog;
pub use holders::{HolderRow, grew_most};
pub use inspect::{Inspection, inspect};
pub use lock::{RecorderLock, lock_path};
pub use recorder::{Recorder, RecorderNotice};
pub use recording::Recording;
pub use retention::Retention;
pub use schema::{MIGRATIONS, current_version};
pub use seed::{EVENTS_LOOK_BACK, Seed};
pub use span::{ROWS_QUERY, TABLE_QUERY, TableRow};
pub use store::{BootSpan, MinutePoint, OpenReport, Store};

use crate::model::{Platform, Pressure, Snapshot};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "history.db";

#[derive(Debug, Error)]
pub enum HistoryError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the history database was written by a newer Headroom (schema {found}; this one knows up to {known})")]
    NewerSchema { found: u32, known: u32 },
    #[error("already recording (pid {pid})")]
    AlreadyRecording { pid: String },
}

/// The platform's data directory: Linux `$XDG_DATA_HOME/headroom`, macOS
/// `~/Library/Application Support/app.headroom.Headroom`. `HEADROOM_DATA_DIR` overrides it.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("HEADROOM_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    ProjectDirs::from("app", "headroom", "Headroom").map(|dirs| dirs.data_dir().to_owned())
}

/// Milliseconds since the Unix epoch, the database's time unit (saturating far outside ±292 million years).
pub fn unix_ms(at: time::OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(if at.year() < 1970 { i64::MIN } else { i64::MAX })
}

/// Adds one event to the database in `dir` (opening it for just this), for writers other than the
/// recorder: a purge, a notification. A corrupt file is moved aside as in [`Store::open`].
pub fn append_event(dir: &std::path::Path, event: Event) -> Result<(), HistoryError> {
    let (mut store, _) = Store::open(&dir.join(DB_FILE))?;
    store.insert(&[], &[event])
}

/// One stored row: a raw sample (`resolution_s` 0) or the mean of `count` samples over 60 or 600 s.
/// Serialises with the same field names as `status --json`, plus the downsampling fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub platform: Platform,
    pub total: u64,
    pub app: u64,
    pub wired: u64,
    pub compressed: u64,
    pub cached_files: u64,
    pub free: u64,
    pub swap_used: u64,
    pub swap_total: u64,
    /// The highest level seen in the row's span.
    pub pressure: Pressure,
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
    pub boot_id: String,
    pub seq: i64,
    pub resolution_s: u32,
    pub count: u32,
    pub wired_max: u64,
    pub used_max: u64,
    /// Wired bytes running VMs and GPU work accounted for (the maximum over the row's span).
    pub explained: u64,
    /// What apps could still take (the lowest over the row's span); null before it was recorded.
    pub headroom: Option<u64>,
    /// Bytes swapped in and out since boot as of the row's end; null before schema 10 and where
    /// the system has no such counter.
    pub swapped_in: Option<u64>,
    pub swapped_out: Option<u64>,
}

impl Row {
    /// A raw row from a snapshot; `seq` orders it within its boot whatever the wall clock does.
    pub fn from_snapshot(snapshot: &Snapshot, seq: i64) -> Row {
        let m = &snapshot.memory;
        Row {
            platform: snapshot.platform,
            total: m.total,
            app: m.app,
            wired: m.wired,
            compressed: m.compressed,
            cached_files: m.cached_files,
            free: m.free,
            swap_used: snapshot.swap_used,
            swap_total: snapshot.swap_total,
            pressure: snapshot.pressure,
            at: snapshot.at,
            boot_id: snapshot.boot_id.clone(),
            seq,
            resolution_s: 0,
            count: 1,
            wired_max: m.wired,
            used_max: m.used(),
            explained: 0,
            headroom: snapshot.headroom.map(|h| h.bytes),
            swapped_in: snapshot.paging.map(|p| p.swapped_in),
            swapped_out: snapshot.paging.map(|p| p.swapped_out),
        }
    }

    pub(crate) fn used(&self) -> u64 {
        self.app.saturating_add(self.wired).saturating_add(self.compressed)
    }

    pub fn at_ms(&self) -> i64 {
        unix_ms(self.at)
    }
}

pub(crate) fn pressure_code(pressure: Pressure) -> i64 {
    match pressure {
        Pressure::Normal => 0,
        Pressure::Warn => 1,
        Pressure::Critical => 2,
    }
}

pub(crate) fn pressure_from_code(code: i64) -> Pressure {
    match code {
        i64::MIN..=0 => Pressure::Normal,
        1 => Pressure::Warn,
        _ => Pressure::Critical,
    }
}

pub(crate) fn platform_from_name(name: &str) -> Platform {
    if name == "macos" { Platform::Macos } else { Platform::Linux }
}

pub(crate) fn time_from_ms(ms: i64) -> time::OffsetDateTime {
    // Seconds and then the millisecond: the 128-bit nanosecond path costs more than the rest of a
    // row's decoding, and every row read goes through here. rem_euclid is 0..1000, so it fits a u16.
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .and_then(|at| at.replace_millisecond(ms.rem_euclid(1000) as u16))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// A sample event for tests of the events table.
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub fn store_event_for_test(at: time::OffsetDateTime) -> Event {
    Event {
        at,
        boot_id: Some("b1".to_owned()),
        kind: EventKind::Purge,
        detail: serde_json::json!({"cached_files_before": 4_400_000_000u64, "cached_files_after": 1_400_000_000u64}),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn stored_milliseconds_read_back_as_the_same_instant(ms in -377_705_116_800_000i64..253_402_300_800_000) {
            let at = time_from_ms(ms);
            prop_assert_eq!(Some(at), time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok());
            prop_assert_eq!(unix_ms(at), ms);
        }
    }

    #[test]
    fn milliseconds_outside_times_range_read_as_the_epoch() {
        for ms in [i64::MIN, i64::MAX, 253_402_300_800_000 * 10] {
            assert_eq!(time_from_ms(ms), time::OffsetDateTime::UNIX_EPOCH, "{ms}");
        }
    }
}
