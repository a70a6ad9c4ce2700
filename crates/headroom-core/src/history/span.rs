//! Reading a span of the history: every row since a time, in boot and sample order, straight from SQLite's order.

use rusqlite::params;

use super::store::{Store, rust_u64};
use super::{HistoryError, Row, platform_from_name, pressure_from_code, time_from_ms};
use crate::model::Pressure;

/// What a line of the `history` table shows of a row, read without the columns it does not
/// (half of them: on a 14-day span that is a quarter of the command's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableRow {
    pub at: time::OffsetDateTime,
    pub resolution_s: u32,
    pub pressure: Pressure,
    pub app: u64,
    pub wired: u64,
    pub compressed: u64,
    pub wired_max: u64,
    pub cached_files: u64,
    pub free: u64,
}

impl TableRow {
    pub fn used(&self) -> u64 {
        self.app.saturating_add(self.wired).saturating_add(self.compressed)
    }
}

/// A query for `$columns` of the rows of a span (`?1` the span's start in ms, `?2` a boot id or
/// NULL for all), in boot and sample order. Boots are walked by their start (index
/// `boots_by_start`), skipping those last seen before the span; each boot's samples along the
/// table itself, which is kept in (boot, sequence) order, from the lowest sequence in the span,
/// found in the time index (`samples_by_time`, which holds the key columns), so rows before the
/// span are never read and nothing is sorted. `NOT INDEXED` keeps the planner off
/// `samples_by_time` for that walk (it would then sort); on a WITHOUT ROWID table it still
/// searches the primary key. The `at_ms` test drops rows written before a clock step back.
macro_rules! span_query {
    ($columns:literal) => {
        concat!(
            "SELECT ",
            $columns,
            "
     FROM boots b INDEXED BY boots_by_start
     JOIN samples s NOT INDEXED ON s.boot_id = b.boot_id
     WHERE b.last_seen_ms >= ?1 AND (?2 IS NULL OR b.boot_id = ?2)
       AND s.seq >= (SELECT MIN(f.seq) FROM samples f INDEXED BY samples_by_time
                     WHERE f.resolution_s IN (0, 60, 600) AND f.at_ms >= ?1 AND f.boot_id = b.boot_id)
       AND s.at_ms >= ?1
     ORDER BY b.first_seen_ms, b.boot_id, s.seq"
        )
    };
}

/// Whole rows of a span ([`Store::each_row`]).
#[doc(hidden)]
pub const ROWS_QUERY: &str = span_query!(
    "b.platform, s.total, s.app, s.wired, s.compressed, s.cached_files, s.free, s.swap_used,
        s.swap_total, s.pressure, s.at_ms, s.boot_id, s.seq, s.resolution_s, s.count, s.wired_max, s.used_max,
        s.explained, s.headroom, s.swapped_in, s.swapped_out"
);

/// The table's columns of a span ([`Store::each_table_row`]).
#[doc(hidden)]
pub const TABLE_QUERY: &str = span_query!(
    "s.at_ms, s.resolution_s, s.pressure, s.app, s.wired, s.compressed, s.wired_max, s.cached_files, s.free"
);

impl Store {
    /// Rows at or after `since_ms`, optionally of one boot, in boot order and then in sample order
    /// (by sequence, so a wall-clock jump does not reorder them). SQLite returns them in that order
    /// (see [`span_query!`]); neither it nor Rust sorts them.
    pub fn rows(&self, since_ms: i64, boot_id: Option<&str>) -> Result<Vec<Row>, HistoryError> {
        let mut rows = Vec::new();
        self.each_row(since_ms, boot_id, |row| rows.push(row))?;
        Ok(rows)
    }

    /// The same rows as [`Store::rows`], handed over one at a time as SQLite reads them.
    pub(crate) fn each_row(
        &self,
        since_ms: i64,
        boot_id: Option<&str>,
        each: impl FnMut(Row),
    ) -> Result<(), HistoryError> {
        self.each_in_span(ROWS_QUERY, since_ms, boot_id, each, |r| {
            Ok(Row {
                platform: platform_from_name(r.get_ref(0)?.as_str().unwrap_or_default()),
                total: rust_u64(r.get(1)?),
                app: rust_u64(r.get(2)?),
                wired: rust_u64(r.get(3)?),
                compressed: rust_u64(r.get(4)?),
                cached_files: rust_u64(r.get(5)?),
                free: rust_u64(r.get(6)?),
                swap_used: rust_u64(r.get(7)?),
                swap_total: rust_u64(r.get(8)?),
                pressure: pressure_from_code(r.get(9)?),
                at: time_from_ms(r.get(10)?),
                boot_id: r.get(11)?,
                seq: r.get(12)?,
                resolution_s: r.get(13)?,
                count: r.get(14)?,
                wired_max: rust_u64(r.get(15)?),
                used_max: rust_u64(r.get(16)?),
                explained: rust_u64(r.get(17)?),
                headroom: r.get::<_, Option<i64>>(18)?.map(rust_u64),
                swapped_in: r.get::<_, Option<i64>>(19)?.map(rust_u64),
                swapped_out: r.get::<_, Option<i64>>(20)?.map(rust_u64),
            })
        })
    }

    /// The same span as [`Store::each_row`], with only what a table line shows, so a long span is
    /// printed as it is read and without decoding the rest.
    pub fn each_table_row(
        &self,
        since_ms: i64,
        boot_id: Option<&str>,
        each: impl FnMut(TableRow),
    ) -> Result<(), HistoryError> {
        self.each_in_span(TABLE_QUERY, since_ms, boot_id, each, |r| {
            Ok(TableRow {
                at: time_from_ms(r.get(0)?),
                resolution_s: r.get(1)?,
                pressure: pressure_from_code(r.get(2)?),
                app: rust_u64(r.get(3)?),
                wired: rust_u64(r.get(4)?),
                compressed: rust_u64(r.get(5)?),
                wired_max: rust_u64(r.get(6)?),
                cached_files: rust_u64(r.get(7)?),
                free: rust_u64(r.get(8)?),
            })
        })
    }

    /// Runs one of the span queries and hands each row, as `decode` reads it, to `each`.
    fn each_in_span<T>(
        &self,
        query: &str,
        since_ms: i64,
        boot_id: Option<&str>,
        mut each: impl FnMut(T),
        decode: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<(), HistoryError> {
        let mut statement = self.conn.prepare_cached(query)?;
        for row in statement.query_map(params![since_ms, boot_id], decode)? {
            each(row?);
        }
        Ok(())
    }
}
