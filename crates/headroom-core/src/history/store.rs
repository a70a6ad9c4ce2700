//! The SQLite store: opening (WAL, migrations, moving a corrupt file aside), batched inserts and queries.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use super::event::Event;
use super::retention::{self, Retention, RetentionReport};
use super::schema::{INSERT_SAMPLE, migrate};
use super::{HistoryError, Row, pressure_code, time_from_ms};

/// One minute of a boot's history: its first sample's time and the minute's mean figures, bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinutePoint {
    pub at: time::OffsetDateTime,
    pub total: u64,
    pub used: u64,
    pub wired: u64,
    pub explained: u64,
}

/// A boot the history has rows for: when its recording began and last wrote, and when the machine
/// booted (None when the recorder never read it: recorded before schema 7, or replayed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootSpan {
    pub id: String,
    pub first_seen: time::OffsetDateTime,
    pub last_seen: time::OffsetDateTime,
    pub booted: Option<time::OffsetDateTime>,
}

/// What happened while opening, for the caller to tell the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Where a corrupt database was moved to before a new one was started.
    pub moved_aside: Option<PathBuf>,
    /// The schema version found (0 for a new file).
    pub migrated_from: u32,
}

pub struct Store {
    pub(super) conn: Connection,
    /// Where the last retention pass thinned the apps' and holders' rows up to: the next pass
    /// starts a bucket before it, so a year of rows is not walked every ten minutes. None until the
    /// first pass of this open, which thins everything (rows that aged while nothing recorded too).
    thinned_to_ms: Option<i64>,
}

enum OpenFailure {
    Corrupt(String),
    Other(HistoryError),
}

impl From<rusqlite::Error> for OpenFailure {
    fn from(error: rusqlite::Error) -> OpenFailure {
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => OpenFailure::Corrupt(error.to_string()),
            _ => OpenFailure::Other(error.into()),
        }
    }
}

impl Store {
    /// Opens (or creates) the database at `path`. A corrupt file is renamed to
    /// `history.db.corrupt-<time>` (with its -wal and -shm files) and a new one is started; nothing is deleted.
    pub fn open(path: &Path) -> Result<(Store, OpenReport), HistoryError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| HistoryError::Io { path: dir.to_owned(), source })?;
        }
        match Store::open_checked(path) {
            Ok((store, migrated_from)) => Ok((store, OpenReport { moved_aside: None, migrated_from })),
            Err(OpenFailure::Other(error)) => Err(error),
            Err(OpenFailure::Corrupt(reason)) => {
                let aside = move_aside(path)?;
                // The caller tells the user (RecorderNotice / OpenReport); the log keeps the reason.
                tracing::info!(%reason, moved_to = %aside.display(), "history database was corrupt; started a new one");
                let (store, migrated_from) = Store::open_checked(path).map_err(|failure| match failure {
                    OpenFailure::Other(error) => error,
                    OpenFailure::Corrupt(reason) => HistoryError::Io {
                        path: path.to_owned(),
                        source: std::io::Error::other(format!("still corrupt after moving aside: {reason}")),
                    },
                })?;
                Ok((store, OpenReport { moved_aside: Some(aside), migrated_from }))
            }
        }
    }

    fn open_checked(path: &Path) -> Result<(Store, u32), OpenFailure> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::info!(mode, "history database is not in WAL mode");
        }
        // NORMAL is durable across application crashes in WAL mode and avoids an fsync per commit.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
        if check != "ok" {
            return Err(OpenFailure::Corrupt(check));
        }
        let migrated_from = migrate(&mut conn).map_err(OpenFailure::Other)?;
        Ok((Store { conn, thinned_to_ms: None }, migrated_from))
    }

    /// Opens an existing database to read it (`history`, `report`): migrated like [`Store::open`], but
    /// without `quick_check`, which reads the whole file (about 50 ms on a year's) and would cost a
    /// reader more than its query. Corruption still shows as an error of the query; the recorder's
    /// own open finds it and moves the file aside.
    pub fn open_to_read(path: &Path) -> Result<Store, HistoryError> {
        // One thread uses the connection: SQLite's own mutexes only cost time (6 % of a long read).
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        migrate(&mut conn)?;
        // Reading pages through a memory map spares a copy of each into SQLite's cache (a year's
        // history is tens of MB; the map is address space, not memory). SQLite falls back to
        // reads where mapping is unavailable.
        conn.pragma_update(None, "mmap_size", READ_MAP_BYTES)?;
        Ok(Store { conn, thinned_to_ms: None })
    }

    /// A database in memory, for tests and benchmarks of the real SQL.
    #[cfg(any(test, feature = "testing"))]
    pub fn open_in_memory() -> Result<Store, HistoryError> {
        let mut conn = Connection::open_in_memory()?;
        migrate(&mut conn)?;
        Ok(Store { conn, thinned_to_ms: None })
    }

    /// How long a statement waits for another connection's lock before "database is locked".
    pub(crate) fn set_busy_timeout(&self, timeout: Duration) -> Result<(), HistoryError> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    /// Caps this connection's database at `pages` pages (SQLite's `max_page_count`, never below
    /// its current size) and returns the cap in force: how the fault tests make SQLite answer
    /// SQLITE_FULL, as on a full disk, without filling one.
    #[doc(hidden)]
    pub fn limit_pages(&self, pages: u32) -> Result<u32, HistoryError> {
        Ok(self.conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| row.get(0))?)
    }

    /// The next sequence number for `boot_id`: one past the highest stored at any resolution.
    pub(crate) fn next_seq(&self, boot_id: &str) -> Result<i64, HistoryError> {
        let max: Option<i64> =
            self.conn.query_row("SELECT MAX(seq) FROM samples WHERE boot_id = ?1", [boot_id], |row| row.get(0))?;
        Ok(max.map_or(0, |max| max + 1))
    }

    /// Writes a batch of rows and events in one transaction, and records each boot (its first row is its baseline).
    pub fn insert(&mut self, rows: &[Row], events: &[Event]) -> Result<(), HistoryError> {
        let tx = self.conn.transaction()?;
        {
            let mut boot = tx.prepare_cached(
                "INSERT INTO boots (boot_id, platform, first_seen_ms, last_seen_ms, baseline_wired, baseline_used)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5)
                 ON CONFLICT (boot_id) DO UPDATE SET last_seen_ms = MAX(last_seen_ms, excluded.last_seen_ms)",
            )?;
            let mut sample = tx.prepare_cached(INSERT_SAMPLE)?;
            for row in rows {
                let at_ms = row.at_ms();
                boot.execute(params![
                    row.boot_id,
                    row.platform.name(),
                    at_ms,
                    sql_u64(row.wired),
                    sql_u64(row.used())
                ])?;
                sample.execute(params![
                    row.boot_id,
                    row.resolution_s,
                    row.seq,
                    at_ms,
                    sql_u64(row.total),
                    sql_u64(row.app),
                    sql_u64(row.wired),
                    sql_u64(row.compressed),
                    sql_u64(row.cached_files),
                    sql_u64(row.free),
                    sql_u64(row.swap_used),
                    sql_u64(row.swap_total),
                    pressure_code(row.pressure),
                    sql_u64(row.wired_max),
                    sql_u64(row.used_max),
                    row.count,
                    sql_u64(row.explained),
                    row.headroom.map(sql_u64),
                    row.swapped_in.map(sql_u64),
                    row.swapped_out.map(sql_u64),
                ])?;
            }
            let mut event =
                tx.prepare_cached("INSERT INTO events (at_ms, boot_id, kind, detail) VALUES (?1, ?2, ?3, ?4)")?;
            for e in events {
                let at_ms = super::unix_ms(e.at);
                event.execute(params![at_ms, e.boot_id, e.kind.as_str(), e.detail.to_string()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// One boot's series since `since_ms` at one point per minute (the minute's means), oldest
    /// first: what the app's sparkline and notification watch start from. Aggregated in SQL so a
    /// day of 2-second rows never exists in memory as rows.
    pub fn minutes(&self, since_ms: i64, boot_id: &str) -> Result<Vec<MinutePoint>, HistoryError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT MIN(at_ms), MAX(total), AVG(app + wired + compressed), AVG(wired), AVG(explained)
             FROM samples
             WHERE resolution_s IN (0, 60, 600) AND at_ms >= ?1 AND boot_id = ?2
             GROUP BY at_ms / 60000
             ORDER BY MIN(seq)",
        )?;
        let points = statement.query_map(params![since_ms, boot_id], |r| {
            let mean = |i: usize| r.get::<_, f64>(i).map(|v| v.max(0.0) as u64);
            Ok(MinutePoint {
                at: time_from_ms(r.get(0)?),
                total: rust_u64(r.get(1)?),
                used: mean(2)?,
                wired: mean(3)?,
                explained: mean(4)?,
            })
        })?;
        Ok(points.collect::<Result<Vec<_>, _>>()?)
    }

    /// Events at or after `since_ms`, oldest first.
    pub fn events(&self, since_ms: i64) -> Result<Vec<Event>, HistoryError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT at_ms, boot_id, kind, detail FROM events WHERE at_ms >= ?1 ORDER BY at_ms, id")?;
        let events = statement.query_map([since_ms], |r| {
            let (kind, detail): (String, String) = (r.get(2)?, r.get(3)?);
            let Ok(kind) = kind.parse();
            Ok(Event {
                at: time_from_ms(r.get(0)?),
                boot_id: r.get(1)?,
                kind,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            })
        })?;
        Ok(events.collect::<Result<Vec<_>, _>>()?)
    }

    /// The baseline (first sample) of a boot: (time, wired, used).
    pub fn baseline(&self, boot_id: &str) -> Result<Option<(time::OffsetDateTime, u64, u64)>, HistoryError> {
        Ok(self
            .conn
            .query_row(
                "SELECT first_seen_ms, baseline_wired, baseline_used FROM boots WHERE boot_id = ?1",
                [boot_id],
                |r| Ok((time_from_ms(r.get(0)?), rust_u64(r.get(1)?), rust_u64(r.get(2)?))),
            )
            .optional()?)
    }

    /// Every recorded boot, oldest first.
    pub fn boots(&self) -> Result<Vec<BootSpan>, HistoryError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT boot_id, first_seen_ms, last_seen_ms, booted_ms FROM boots ORDER BY first_seen_ms",
        )?;
        let boots = statement.query_map([], |r| {
            Ok(BootSpan {
                id: r.get(0)?,
                first_seen: time_from_ms(r.get(1)?),
                last_seen: time_from_ms(r.get(2)?),
                booted: r.get::<_, Option<i64>>(3)?.map(time_from_ms),
            })
        })?;
        Ok(boots.collect::<Result<Vec<_>, _>>()?)
    }

    /// Notes when `boot_id`'s machine booted, once: the first boot time noted stays (the kernel's
    /// figure moves when the clock is corrected). Nothing happens before the boot has a row.
    pub(crate) fn note_booted(&self, boot_id: &str, booted: time::OffsetDateTime) -> Result<bool, HistoryError> {
        let changed = self.conn.execute(
            "UPDATE boots SET booted_ms = ?2 WHERE boot_id = ?1 AND booted_ms IS NULL",
            params![boot_id, super::unix_ms(booted)],
        )?;
        Ok(changed > 0 || self.baseline(boot_id)?.is_some())
    }

    /// Downsamples and drops old rows (see `Retention`), in one transaction.
    pub(crate) fn apply_retention(
        &mut self,
        retention: &Retention,
        now_ms: i64,
        current_boot: Option<&str>,
    ) -> Result<RetentionReport, HistoryError> {
        let tx = self.conn.transaction()?;
        let (report, thinned_to) = retention::apply(&tx, retention, now_ms, current_boot, self.thinned_to_ms)?;
        tx.commit()?;
        self.thinned_to_ms = Some(thinned_to);
        Ok(report)
    }

    /// Row counts per resolution (raw, minute, ten-minute), for reports and tests.
    pub fn counts(&self) -> Result<[u64; 3], HistoryError> {
        let mut counts = [0u64; 3];
        for (slot, resolution) in counts.iter_mut().zip([0, 60, 600]) {
            let n: i64 =
                self.conn
                    .query_row("SELECT COUNT(*) FROM samples WHERE resolution_s = ?1", [resolution], |r| r.get(0))?;
            *slot = rust_u64(n);
        }
        Ok(counts)
    }

    /// Runs SQLite's checkpoint so the -wal file is folded into the database (e.g. before measuring its size).
    pub fn checkpoint(&self) -> Result<(), HistoryError> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// How much of the database a reader maps into memory: more than a year's history.
const READ_MAP_BYTES: i64 = 256 << 20;

/// SQLite integers are i64; memory sizes above 8 EiB do not exist, so saturating is exact in practice.
fn sql_u64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) fn rust_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Renames `path` (and its -wal/-shm companions) to `<name>.corrupt-<UTC time>`; returns the new database path.
fn move_aside(path: &Path) -> Result<PathBuf, HistoryError> {
    let stamp = time::OffsetDateTime::now_utc()
        .format(time::macros::format_description!("[year][month][day]T[hour][minute][second]Z"))
        .unwrap_or_else(|_| "unknown-time".to_owned());
    let aside = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
    std::fs::rename(path, &aside).map_err(|source| HistoryError::Io { path: path.to_owned(), source })?;
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", path.display()));
        if companion.exists() {
            let target = PathBuf::from(format!("{}{suffix}", aside.display()));
            std::fs::rename(&companion, &target).map_err(|source| HistoryError::Io { path: companion, source })?;
        }
    }
    Ok(aside)
}
