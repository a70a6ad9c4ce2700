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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::top::{Entry, Grouping};

    fn scan(at: time::OffsetDateTime, apps: &[(&str, u64)]) -> TopList {
        let entries = apps
            .iter()
            .map(|(name, mib)| Entry {
                name: (*name).into(),
                kind: EntryKind::App,
                bytes: mib << 20,
                processes: 1,
                pids: vec![1],
                measure: None,
            })
            .collect();
        TopList { at, grouping: Grouping::ByApp, scanned: apps.len(), unreadable: 0, entries }
    }

    #[test]
    fn a_thousand_apps_record_the_largest_ten_and_an_app_that_restarts_continues_by_name() {
        let t0 = time::OffsetDateTime::UNIX_EPOCH + time::Duration::DAY;
        let mut log = AppLog::default();
        // A scan of 1,000 apps (largest first, as scans are): ten rows.
        let names: Vec<String> = (0..1000).map(|i| format!("app{i:04}")).collect();
        let many: Vec<(&str, u64)> = names.iter().enumerate().map(|(i, n)| (n.as_str(), 5000 - i as u64)).collect();
        assert_eq!(log.due(&scan(t0, &many), "b").len(), RECORDED);
        // Raycast replaces them, quits (recorded gone, as 0), and starts again under a new pid.
        let mut rows = log.due(&scan(t0 + time::Duration::minutes(1), &[("Raycast", 2048)]), "b");
        assert_eq!(rows.len(), 1 + RECORDED, "Raycast new, the ten gone");
        rows.extend(log.due(&scan(t0 + time::Duration::minutes(2), &[]), "b"));
        rows.extend(log.due(&scan(t0 + time::Duration::minutes(3), &[("Raycast", 2400)]), "b"));
        let raycast: Vec<u64> = rows.iter().filter(|r| r.name == "Raycast").map(|r| r.bytes >> 20).collect();
        assert_eq!(raycast, [2048, 0, 2400]);
        // Its growth over the span reads across the restart, by name.
        let grew = growth(&rows, t0 + time::Duration::seconds(90));
        let raycast = grew.iter().find(|g| g.name == "Raycast").expect("Raycast");
        assert_eq!((raycast.from >> 20, raycast.to >> 20, raycast.peak >> 20), (2048, 2400, 2400));
    }

    #[test]
    fn apps_older_than_the_history_keeps_are_dropped_with_the_totals() {
        let mut store = Store::open_in_memory().expect("memory");
        let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(800);
        let row = |days_ago: i64| AppRow {
            at: now - time::Duration::days(days_ago),
            boot_id: "b".into(),
            name: format!("app{days_ago}"),
            bytes: 1 << 30,
        };
        store.insert_apps(&[row(400), row(366), row(10)]).expect("insert");
        let retention = super::super::retention::Retention::default(); // ten-minute rows kept 365 days
        store.apply_retention(&retention, unix_ms(now), None).expect("retention");
        let left: Vec<String> = store.apps(0).expect("apps").into_iter().map(|r| r.name).collect();
        assert_eq!(left, ["app10"]);
    }

    #[test]
    fn past_the_minute_span_an_apps_rows_are_thinned_to_its_peak_and_last_per_six_hours() {
        let mut store = Store::open_in_memory().expect("memory");
        let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(800);
        // 30 days ago, at the start of a six-hour bucket: a row every 10 minutes for 6 h, peaking
        // at the third hour and gone (0) at the end; and the same yesterday, inside the minute span.
        let day = |days_ago: i64| {
            let start = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(800 - days_ago);
            (0..36)
                .map(|i| AppRow {
                    at: start + time::Duration::minutes(10 * i),
                    boot_id: "b".into(),
                    name: "Browser".into(),
                    bytes: if i == 35 { 0 } else { (1000 + 50 * (18 - (i - 18).abs())) as u64 },
                })
                .collect::<Vec<_>>()
        };
        store.insert_apps(&day(30)).expect("insert");
        store.insert_apps(&day(1)).expect("insert");
        let retention = super::super::retention::Retention::default(); // minutes kept 14 days
        store.apply_retention(&retention, unix_ms(now), None).expect("retention");
        let rows = store.apps(0).expect("apps");
        let old: Vec<u64> = rows.iter().filter(|r| r.at < now - time::Duration::days(14)).map(|r| r.bytes).collect();
        assert_eq!(old, [1900, 0], "the peak and the last (gone) of the bucket");
        assert_eq!(rows.len(), 2 + 36, "yesterday's rows are all kept");
        // A second pass changes nothing.
        store.apply_retention(&retention, unix_ms(now), None).expect("retention");
        assert_eq!(store.apps(0).expect("apps").len(), 38);
    }
}
