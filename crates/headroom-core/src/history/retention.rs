//! Downsampling with age: raw samples fold into per-minute rows, those into per-10-minute rows, and the oldest go.

use rusqlite::{Transaction, params};

use super::HistoryError;
use crate::config;

/// How long each resolution is kept, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub raw_for_ms: i64,
    pub minute_for_ms: i64,
    pub ten_minute_for_ms: i64,
}

impl From<&config::History> for Retention {
    fn from(history: &config::History) -> Retention {
        let ms = |span: config::Span| i64::try_from(span.duration().as_millis()).unwrap_or(i64::MAX);
        Retention {
            raw_for_ms: ms(history.raw_for),
            minute_for_ms: ms(history.minute_for),
            ten_minute_for_ms: ms(history.ten_minute_for),
        }
    }
}

impl Default for Retention {
    fn default() -> Retention {
        Retention::from(&config::History::default())
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RetentionReport {
    /// Raw rows folded into minute rows.
    pub raw_folded: u64,
    /// Minute rows folded into ten-minute rows.
    pub minute_folded: u64,
    /// Ten-minute rows older than the last horizon, dropped.
    pub dropped: u64,
}

const MINUTE_MS: i64 = 60_000;
const TEN_MINUTES_MS: i64 = 600_000;

/// One pass; returns what it did and how far the apps' and holders' rows are now thinned, which
/// the next pass hands back as `thinned_to_ms` (None: thin every old row).
pub(super) fn apply(
    tx: &Transaction<'_>,
    retention: &Retention,
    now_ms: i64,
    current_boot: Option<&str>,
    thinned_to_ms: Option<i64>,
) -> Result<(RetentionReport, i64), HistoryError> {
    // Cut-offs fall on bucket boundaries so a bucket is never split between two passes.
    let raw_cutoff = align(now_ms.saturating_sub(retention.raw_for_ms), MINUTE_MS);
    let minute_cutoff = align(now_ms.saturating_sub(retention.minute_for_ms), TEN_MINUTES_MS);
    let raw_folded = fold(tx, 0, 60, raw_cutoff)?;
    let minute_folded = fold(tx, 60, 600, minute_cutoff)?;
    let horizon = now_ms.saturating_sub(retention.ten_minute_for_ms);
    let dropped = tx.execute("DELETE FROM samples WHERE resolution_s = 600 AND at_ms < ?1", [horizon])? as u64;
    // Who held wired memory and who used memory are kept as long as the totals (their time indexes
    // make this a range delete): without it a year's database would only ever grow.
    tx.execute("DELETE FROM holders WHERE at_ms < ?1", [horizon])?;
    tx.execute("DELETE FROM apps WHERE at_ms < ?1", [horizon])?;
    // Past the per-minute span, they are thinned as the totals are downsampled: per app (or holder)
    // and six hours, the row of the peak and the last row (which may say it was gone).
    let thin_cutoff = align(now_ms.saturating_sub(retention.minute_for_ms), THIN_BUCKET_MS);
    let thin_from = thinned_to_ms.map_or(i64::MIN, |to| to.saturating_sub(THIN_BUCKET_MS));
    if thin_from < thin_cutoff {
        tx.execute(&thin("apps", "name"), [thin_from, thin_cutoff, THIN_BUCKET_MS])?;
        tx.execute(&thin("holders", "kind, name"), [thin_from, thin_cutoff, THIN_BUCKET_MS])?;
    }
    // Boots with nothing left go too, but never the current boot: its row is its baseline.
    tx.execute(
        "DELETE FROM boots WHERE last_seen_ms < ?1 AND (?2 IS NULL OR boot_id <> ?2)
           AND NOT EXISTS (SELECT 1 FROM samples s WHERE s.boot_id = boots.boot_id)",
        params![horizon, current_boot],
    )?;
    Ok((RetentionReport { raw_folded, minute_folded, dropped }, thin_cutoff.max(thinned_to_ms.unwrap_or(i64::MIN))))
}

/// The span an app's or a holder's old rows are thinned to two per.
const THIN_BUCKET_MS: i64 = 6 * 3_600_000;

/// Deletes from `table`'s rows in [`?1`, `?2`) all but, per (boot, `key`, `?3`-ms bucket), the row
/// of the highest figure and the last row. Both tables have a rowid and a time index; the bounds
/// fall on bucket boundaries, so a bucket is thinned whole.
fn thin(table: &str, key: &str) -> String {
    format!(
        "DELETE FROM {table} WHERE at_ms >= ?1 AND at_ms < ?2 AND rowid NOT IN (
           SELECT rowid FROM (
             SELECT rowid,
               ROW_NUMBER() OVER (PARTITION BY boot_id, {key}, at_ms / ?3 ORDER BY bytes DESC, at_ms DESC) AS by_size,
               ROW_NUMBER() OVER (PARTITION BY boot_id, {key}, at_ms / ?3 ORDER BY at_ms DESC, rowid DESC) AS by_time
             FROM {table} WHERE at_ms >= ?1 AND at_ms < ?2)
           WHERE by_size = 1 OR by_time = 1)"
    )
}

fn align(ms: i64, bucket_ms: i64) -> i64 {
    ms.div_euclid(bucket_ms) * bucket_ms
}

/// Sums for one bucket of rows being folded.
struct Bucket {
    boot_id: String,
    key: i64,
    seq: i64,
    sums: [u128; 8],
    count: u64,
    pressure: i64,
    wired_max: i64,
    used_max: i64,
    explained: i64,
    /// The lowest headroom in the bucket; None when no row had one.
    headroom: Option<i64>,
    /// The paging counters as of the bucket's last row that had them (they only grow within a boot).
    swapped: Option<(i64, i64)>,
}

/// Folds rows of `from_s` resolution older than `cutoff_ms` into `to_s` rows: the count-weighted
/// mean of each category, the maximum pressure, wired and used. Buckets are runs of consecutive
/// rows (in sequence order) of one boot in one wall-clock bucket, so a clock jump never merges
/// samples out of order. Returns how many rows were folded.
fn fold(tx: &Transaction<'_>, from_s: i64, to_s: i64, cutoff_ms: i64) -> Result<u64, HistoryError> {
    let bucket_ms = to_s * 1000;
    let mut select = tx.prepare_cached(
        "SELECT boot_id, seq, at_ms, total, app, wired, compressed, cached_files, free, swap_used, swap_total,
                pressure, wired_max, used_max, count, explained, headroom, swapped_in, swapped_out
         FROM samples WHERE resolution_s = ?1 AND at_ms < ?2 ORDER BY boot_id, seq",
    )?;
    let mut insert = tx.prepare_cached(super::schema::INSERT_SAMPLE)?;
    let mut folded = 0u64;
    let mut current: Option<Bucket> = None;
    let mut rows = select.query(params![from_s, cutoff_ms])?;
    let mut flush = |bucket: Bucket| -> Result<(), rusqlite::Error> {
        let count = bucket.count.max(1) as u128;
        let mean = |i: usize| i64::try_from(bucket.sums[i] / count).unwrap_or(i64::MAX);
        insert.execute(params![
            bucket.boot_id,
            to_s,
            bucket.seq,
            bucket.key * bucket_ms,
            mean(0),
            mean(1),
            mean(2),
            mean(3),
            mean(4),
            mean(5),
            mean(6),
            mean(7),
            bucket.pressure,
            bucket.wired_max,
            bucket.used_max,
            i64::try_from(bucket.count).unwrap_or(i64::MAX),
            bucket.explained,
            bucket.headroom,
            bucket.swapped.map(|(swapped_in, _)| swapped_in),
            bucket.swapped.map(|(_, swapped_out)| swapped_out),
        ])?;
        Ok(())
    };
    while let Some(row) = rows.next()? {
        folded += 1;
        let boot_id: String = row.get(0)?;
        let seq: i64 = row.get(1)?;
        let key = row.get::<_, i64>(2)?.div_euclid(bucket_ms);
        let weight: i64 = row.get(14)?;
        let weight = u128::try_from(weight.max(1)).unwrap_or(1);
        let same = current.as_ref().is_some_and(|b| b.boot_id == boot_id && b.key == key);
        if !same {
            if let Some(done) = current.take() {
                flush(done)?;
            }
            current = Some(Bucket {
                boot_id,
                key,
                seq,
                sums: [0; 8],
                count: 0,
                pressure: 0,
                wired_max: 0,
                used_max: 0,
                explained: 0,
                headroom: None,
                swapped: None,
            });
        }
        if let Some(bucket) = current.as_mut() {
            for i in 0..8 {
                let value = u128::try_from(row.get::<_, i64>(3 + i)?.max(0)).unwrap_or(0);
                bucket.sums[i] += value * weight;
            }
            bucket.count += u64::try_from(weight).unwrap_or(1);
            bucket.pressure = bucket.pressure.max(row.get(11)?);
            bucket.wired_max = bucket.wired_max.max(row.get(12)?);
            bucket.used_max = bucket.used_max.max(row.get(13)?);
            bucket.explained = bucket.explained.max(row.get(15)?);
            if let Some(headroom) = row.get::<_, Option<i64>>(16)? {
                bucket.headroom = Some(bucket.headroom.map_or(headroom, |low| low.min(headroom)));
            }
            if let (Some(swapped_in), Some(swapped_out)) =
                (row.get::<_, Option<i64>>(17)?, row.get::<_, Option<i64>>(18)?)
            {
                bucket.swapped = Some((swapped_in, swapped_out));
            }
        }
    }
    drop(rows);
    if let Some(done) = current.take() {
        flush(done)?;
    }
    tx.execute("DELETE FROM samples WHERE resolution_s = ?1 AND at_ms < ?2", params![from_s, cutoff_ms])?;
    Ok(folded)
}
