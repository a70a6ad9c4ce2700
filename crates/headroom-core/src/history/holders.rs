//! Who held wired memory over time: the holders the prober finds, recorded when they change (and
//! every few hours while they do not), so the history can say which one grew without storing a
//! row per probe (every 30 s would be millions of rows a year).

use std::collections::HashMap;

use rusqlite::params;
use serde::Serialize;

use super::change_log::{ChangeLog, Rule};
use super::{HistoryError, Store, time_from_ms, unix_ms};
use crate::owners::WiredOwner;

/// One recorded holder at one time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolderRow {
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
    pub boot_id: String,
    /// `OwnerKind::label` ("locked", "cgroup", "kernel", "kext"…).
    pub kind: String,
    pub name: String,
    pub bytes: u64,
}

/// How many holders are recorded per probe: the largest.
const RECORDED: usize = 8;

/// A holder is recorded when it first reaches 16 MiB, moves by 64 MiB or a tenth, is gone, or
/// every 6 hours while steady, so a steady holder still has a line.
const RULE: Rule =
    Rule { smallest: 16 << 20, moved_bytes: 64 << 20, moved_share: 10, steady_every: time::Duration::hours(6) };

/// What was last recorded of each holder, to record only what changed.
#[derive(Debug, Default)]
pub(crate) struct HolderLog(ChangeLog<(String, String)>);

impl HolderLog {
    /// The rows worth recording from a probe at `at`: the largest holders that are new, moved or
    /// due, and those recorded before that are gone now (as 0, once).
    pub(crate) fn due(&mut self, found: &[WiredOwner], at: time::OffsetDateTime, boot_id: &str) -> Vec<HolderRow> {
        let mut largest: Vec<&WiredOwner> = found.iter().filter(|o| o.kind.only_wired()).collect();
        largest.sort_by_key(|owner| std::cmp::Reverse(owner.bytes));
        // Two processes of one name are one holder, as the exporter sums them.
        let mut current: Vec<((String, String), u64)> = Vec::new();
        for owner in largest {
            let key = (owner.kind.label().to_owned(), owner.name.clone());
            if let Some((_, bytes)) = current.iter_mut().find(|(k, _)| *k == key) {
                *bytes = bytes.saturating_add(owner.bytes);
            } else if current.len() < RECORDED {
                current.push((key, owner.bytes));
            }
        }
        self.0
            .due(&current, at, RULE)
            .into_iter()
            .map(|((kind, name), bytes)| HolderRow { at, boot_id: boot_id.to_owned(), kind, name, bytes })
            .collect()
    }
}

impl Store {
    /// Writes recorded holders in one transaction.
    pub fn insert_holders(&mut self, rows: &[HolderRow]) -> Result<(), HistoryError> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO holders (at_ms, boot_id, kind, name, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for row in rows {
                let bytes = i64::try_from(row.bytes).unwrap_or(i64::MAX);
                insert.execute(params![unix_ms(row.at), row.boot_id, row.kind, row.name, bytes])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every recorded holder row since `since_ms`, oldest first.
    pub fn holders(&self, since_ms: i64) -> Result<Vec<HolderRow>, HistoryError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT at_ms, boot_id, kind, name, bytes FROM holders WHERE at_ms >= ?1 ORDER BY at_ms, rowid",
        )?;
        let rows = statement.query_map([since_ms], |r| {
            Ok(HolderRow {
                at: time_from_ms(r.get(0)?),
                boot_id: r.get(1)?,
                kind: r.get(2)?,
                name: r.get(3)?,
                bytes: super::store::rust_u64(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// Which holder grew most between `from` and the latest row of each (by kind and name), in
/// `rows` (oldest first): (kind, name, bytes then, bytes now). None when none grew.
pub fn grew_most(rows: &[HolderRow], from: time::OffsetDateTime) -> Option<(String, String, u64, u64)> {
    let mut first: HashMap<(&str, &str), u64> = HashMap::new();
    let mut last: HashMap<(&str, &str), u64> = HashMap::new();
    for row in rows {
        let key = (row.kind.as_str(), row.name.as_str());
        if row.at <= from {
            first.insert(key, row.bytes);
        } else {
            first.entry(key).or_insert(0);
        }
        last.insert(key, row.bytes);
    }
    last.into_iter()
        .map(|(key, now)| (key, first.get(&key).copied().unwrap_or(0), now))
        .filter(|(_, then, now)| now > then)
        .max_by_key(|(key, then, now)| (now - then, std::cmp::Reverse(*key)))
        .map(|((kind, name), then, now)| (kind.to_owned(), name.to_owned(), then, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::owners::OwnerKind;

    fn owner(kind: OwnerKind, name: &str, mib: u64) -> WiredOwner {
        WiredOwner { kind, name: name.into(), pid: None, bytes: mib << 20 }
    }

    #[test]
    fn a_holder_is_recorded_when_new_moved_due_or_gone() {
        let t0 = time::OffsetDateTime::UNIX_EPOCH;
        let mut log = HolderLog::default();
        let first =
            log.due(&[owner(OwnerKind::Kernel, "IOKit drivers", 900), owner(OwnerKind::Kernel, "tiny", 1)], t0, "b");
        assert_eq!(
            first.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["IOKit drivers"],
            "tiny is under 16 MiB"
        );
        let minute = time::Duration::MINUTE;
        assert!(
            log.due(&[owner(OwnerKind::Kernel, "IOKit drivers", 950)], t0 + minute, "b").is_empty(),
            "moved 50 MiB: not yet"
        );
        let moved = log.due(&[owner(OwnerKind::Kernel, "IOKit drivers", 1000)], t0 + 2 * minute, "b");
        assert_eq!(moved[0].bytes, 1000 << 20, "a tenth of 900 MiB: recorded");
        let due = log.due(&[owner(OwnerKind::Kernel, "IOKit drivers", 1000)], t0 + 7 * time::Duration::HOUR, "b");
        assert_eq!(due.len(), 1, "six hours steady: recorded again");
        let gone = log.due(&[], t0 + 8 * time::Duration::HOUR, "b");
        assert_eq!((gone.len(), gone[0].bytes), (1, 0), "gone: recorded as 0 once");
        assert!(log.due(&[], t0 + 9 * time::Duration::HOUR, "b").is_empty());
        // Two processes of one name are one holder; a cgroup v1 figure (caches too) is not recorded.
        let pair = [
            owner(OwnerKind::Locked, "postgres", 100),
            owner(OwnerKind::Locked, "postgres", 100),
            owner(OwnerKind::CgroupV1, "x", 500),
        ];
        let rows = log.due(&pair, t0 + 10 * time::Duration::HOUR, "b");
        assert_eq!(rows.iter().map(|r| (r.name.as_str(), r.bytes >> 20)).collect::<Vec<_>>(), [("postgres", 200)]);
    }

    #[test]
    fn the_holder_that_grew_most_since_a_time() {
        let t0 = time::OffsetDateTime::UNIX_EPOCH;
        let row = |hours: i64, name: &str, mib: u64| HolderRow {
            at: t0 + time::Duration::hours(hours),
            boot_id: "b".into(),
            kind: "kernel".into(),
            name: name.into(),
            bytes: mib << 20,
        };
        let rows = [
            row(0, "IOKit drivers", 900),
            row(0, "kalloc", 300),
            row(30, "IOKit drivers", 2300),
            row(40, "kalloc", 350),
            row(50, "new", 200),
        ];
        let grew = grew_most(&rows, t0 + time::Duration::hours(1));
        assert_eq!(grew, Some(("kernel".into(), "IOKit drivers".into(), 900 << 20, 2300 << 20)));
        assert_eq!(grew_most(&rows[..2], t0 + time::Duration::hours(1)), None, "nothing after: nothing grew");
    }
}
