//! Each boot in the report: when it started, how long it ran, wired memory at its start and end, its creeping slope and its jumps.

use time::{Duration, OffsetDateTime};

use crate::config::Growth;
use crate::history::Row;
use crate::verdict::{self, CreepVerdict, Creeping, Jump, WiredPoint};

/// A boot as the boots table of the history knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootRecord {
    pub id: String,
    /// When the machine booted, where the recorder noted it.
    pub booted: Option<OffsetDateTime>,
    pub first_seen: OffsetDateTime,
    pub last_seen: OffsetDateTime,
    /// Wired bytes at its first recorded sample.
    pub baseline_wired: u64,
}

/// What the report says about one boot.
#[derive(Debug, Clone, PartialEq)]
pub struct BootSummary {
    pub id: String,
    pub booted: Option<OffsetDateTime>,
    /// When recording of this boot began.
    pub start: OffsetDateTime,
    pub length: Duration,
    pub wired_start: u64,
    pub wired_end: u64,
    /// The fitted slope over the boot's last creep window; `creeping` says whether it crossed the threshold.
    pub slope: Option<Creeping>,
    pub creeping: bool,
    pub jumps: Vec<Jump>,
}

/// Summaries of the boots that have rows in `rows` (rows grouped by boot, as `Store::rows` returns them), in that order.
pub(crate) fn summarize(rows: &[Row], records: &[BootRecord], growth: &Growth) -> Vec<BootSummary> {
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.boot_id == b.boot_id) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
        let record = records.iter().find(|r| r.id == first.boot_id);
        let start = record.map_or(first.at, |r| r.first_seen);
        let end = record.map_or(last.at, |r| r.last_seen.max(last.at));
        let points: Vec<WiredPoint> =
            group.iter().map(|r| WiredPoint { at: r.at, wired: r.wired, explained: r.explained }).collect();
        let (slope, creeping) = match verdict::creeping(&points, growth, false, last.at) {
            CreepVerdict::Creeping(found) => (Some(found), true),
            CreepVerdict::Steady(found) => (Some(found), false),
            CreepVerdict::NotEnoughHistory { .. } => (None, false),
        };
        out.push(BootSummary {
            id: first.boot_id.clone(),
            booted: record.and_then(|r| r.booted),
            start,
            length: end - start,
            wired_start: record.map_or(first.wired, |r| r.baseline_wired),
            wired_end: last.wired,
            slope,
            creeping,
            jumps: jumps(&points, growth, first.at, last.at),
        });
    }
    out
}

/// Every jump in `points`: the jump verdict asked once per look-back window across the span, each
/// step counted once. Rows older than a week are 10-minute means, too coarse for the verdict's
/// per-minute test, so jumps are found in the recent, finer part of the record.
pub(crate) fn jumps(points: &[WiredPoint], growth: &Growth, from: OffsetDateTime, to: OffsetDateTime) -> Vec<Jump> {
    let step = Duration::hours(verdict::JUMP_LOOK_BACK_HOURS / 2);
    let mut found: Vec<Jump> = Vec::new();
    let mut now = from + step;
    loop {
        let at = now.min(to);
        if let Some(jump) = verdict::jump(points, growth, at)
            && !found.iter().any(|seen| (seen.at - jump.at).abs() < growth.jump_hold.duration())
        {
            found.push(jump);
        }
        if at >= to {
            break;
        }
        now += step;
    }
    found.sort_by_key(|jump| jump.at);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Platform, Pressure};

    const GIB: u64 = 1 << 30;

    fn rows(boot: &str, start: OffsetDateTime, hours: i64, wired: impl Fn(i64) -> u64) -> Vec<Row> {
        (0..hours * 60)
            .map(|minute| Row {
                platform: Platform::Macos,
                total: 16 * GIB,
                app: 4 * GIB,
                wired: wired(minute),
                compressed: 0,
                cached_files: 0,
                free: 0,
                swap_used: 0,
                swap_total: 0,
                pressure: Pressure::Normal,
                at: start + Duration::minutes(minute),
                boot_id: boot.into(),
                seq: minute,
                resolution_s: 60,
                count: 30,
                wired_max: wired(minute),
                used_max: 0,
                explained: 0,
                headroom: None,
                swapped_in: None,
                swapped_out: None,
            })
            .collect()
    }

    #[test]
    fn a_creeping_boot_with_a_jump_then_a_steady_one() {
        let t0 = OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid");
        // Boot 1: 2 GiB rising 300 MiB a day for three days, a 1.5 GiB step on day 2 at minute 2000.
        let mut all = rows("one", t0, 72, |m| {
            2 * GIB + (m as u64 * 300 * (1 << 20)) / 1440 + if m >= 2000 { 3 * GIB / 2 } else { 0 }
        });
        let t1 = t0 + Duration::days(4);
        all.extend(rows("two", t1, 48, |_| 2 * GIB));
        let records = vec![BootRecord {
            booted: None,
            id: "one".into(),
            first_seen: t0 - Duration::hours(1),
            last_seen: t0 + Duration::hours(72),
            baseline_wired: 2 * GIB - 5,
        }];
        let boots = summarize(&all, &records, &Growth::default());
        assert_eq!(boots.len(), 2);
        let (one, two) = (&boots[0], &boots[1]);
        assert_eq!((one.start, one.length), (t0 - Duration::hours(1), Duration::hours(73)));
        assert_eq!(one.wired_start, 2 * GIB - 5, "the baseline from the boots table");
        assert!(one.creeping, "{:?}", one.slope);
        assert_eq!(one.jumps.len(), 1, "{:?}", one.jumps);
        // The verdict reports the clock minute the step fell in.
        assert!((one.jumps[0].at - (t0 + Duration::minutes(2000))).abs() < Duration::minutes(2), "{:?}", one.jumps[0]);
        // The second boot has no boots-table record: its rows say when it ran.
        assert_eq!((two.start, two.wired_start, two.wired_end), (t1, 2 * GIB, 2 * GIB));
        assert!(!two.creeping);
        assert!(two.slope.as_ref().is_some_and(|s| s.rate_per_day == 0));
        assert!(two.jumps.is_empty());
    }
}
