//! Who used memory over time: each app's footprint as the top scan groups it, recorded when it
//! changes (and every 6 hours while it does not), so `top --since` can say who grew and the leak verdict
//! has a series, without a row per app per scan (millions a year).

use rusqlite::params;
use serde::Serialize;

use super::change_log::{ChangeLog, Rule};
use super::{HistoryError, Store, time_from_ms, unix_ms};
use crate::top::{EntryKind, TopList};

/// One app's memory at one time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppRow {
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
    pub boot_id: String,
    pub name: String,
    pub bytes: u64,
}

/// How many apps are recorded per scan: the largest.
const RECORDED: usize = 10;

/// An app is recorded when it first reaches 64 MiB, moves by 32 MiB or a twentieth, is gone, or
/// every 6 hours while steady (hourly would be 10 MB a year for ten steady apps; see docs/benchmarks.md).
const RULE: Rule =
    Rule { smallest: 64 << 20, moved_bytes: 32 << 20, moved_share: 20, steady_every: time::Duration::hours(6) };

/// What was last recorded of each app.
#[derive(Debug, Default)]
pub(crate) struct AppLog(ChangeLog<String>);

impl AppLog {
    /// The rows worth recording from a scan: apps new, moved or due, and those gone (as 0, once).
    pub(crate) fn due(&mut self, list: &TopList, boot_id: &str) -> Vec<AppRow> {
        let current: Vec<(String, u64)> = list
            .entries
            .iter()
            .filter(|e| e.kind != EntryKind::Kernel)
            .take(RECORDED)
            .map(|e| (e.name.clone(), e.bytes))
            .collect();
        self.0
            .due(&current, list.at, RULE)
            .into_iter()
            .map(|(name, bytes)| AppRow { at: list.at, boot_id: boot_id.to_owned(), name, bytes })
            .collect()
    }
}

impl Store {
    /// Writes recorded apps in one transaction.
    pub fn insert_apps(&mut self, rows: &[AppRow]) -> Result<(), HistoryError> {
        let tx = self.conn.transaction()?;
        {
            let mut insert =
                tx.prepare_cached("INSERT INTO apps (at_ms, boot_id, name, bytes) VALUES (?1, ?2, ?3, ?4)")?;
            for row in rows {
                let bytes = i64::try_from(row.bytes).unwrap_or(i64::MAX);
                insert.execute(params![unix_ms(row.at), row.boot_id, row.name, bytes])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every recorded app row since `since_ms`, oldest first.
    pub fn apps(&self, since_ms: i64) -> Result<Vec<AppRow>, HistoryError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT at_ms, boot_id, name, bytes FROM apps WHERE at_ms >= ?1 ORDER BY at_ms, rowid")?;
        let rows = statement.query_map([since_ms], |r| {
            Ok(AppRow {
                at: time_from_ms(r.get(0)?),
                boot_id: r.get(1)?,
                name: r.get(2)?,
                bytes: super::store::rust_u64(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// One app's change over a span: its figure when the span began (its first row in it, or 0 when
/// it started in it), at its end, its peak, and the growth (end − start, negative when it shrank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppGrowth {
    pub name: String,
    pub from: u64,
    pub to: u64,
    pub peak: u64,
    pub growth: i64,
}

/// Each app's growth since `since` (rows oldest first; rows before `since` give each app's figure
/// when the span began), largest growth first.
pub fn growth(rows: &[AppRow], since: time::OffsetDateTime) -> Vec<AppGrowth> {
    let mut by: Vec<AppGrowth> = Vec::new();
    for row in rows {
        let at = by.iter().position(|g| g.name == row.name).unwrap_or_else(|| {
            by.push(AppGrowth { name: row.name.clone(), from: 0, to: 0, peak: 0, growth: 0 });
            by.len() - 1
        });
        let entry = &mut by[at];
        if row.at <= since {
            entry.from = row.bytes;
        } else {
            entry.peak = entry.peak.max(row.bytes);
        }
        entry.to = row.bytes;
    }
    for entry in &mut by {
        entry.peak = entry.peak.max(entry.from).max(entry.to);
        entry.growth = i64::try_from(i128::from(entry.to) - i128::from(entry.from)).unwrap_or(0);
    }
    by.sort_by(|a, b| b.growth.cmp(&a.growth).then_with(|| a.name.cmp(&b.name)));
    by
}
