//! Creeping: wired memory rising across the current boot over days, fitted robustly over hourly medians.

use serde::Serialize;
use time::OffsetDateTime;

use super::WiredPoint;
use super::robust::{median, theil_sen};
use crate::config::Growth;

/// Hours of (unexplained) history a trend needs before it is judged.
pub(crate) const MIN_HOURS: usize = 24;
/// Once creeping, the verdict holds until the rate falls below this share of the threshold,
/// so noise around the threshold does not flap it on and off.
pub(crate) const RELEASE_FRACTION: f64 = 0.5;

const HOUR_S: i64 = 3600;
const DAY_S: f64 = 86_400.0;

/// A fitted rise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Creeping {
    /// Fitted wired bytes at the start and end of the window.
    pub from: u64,
    pub to: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
    /// Bytes per day (negative when falling).
    pub rate_per_day: i64,
    /// Hourly medians the fit used (hours with a VM or GPU workload running are left out).
    pub hours: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CreepVerdict {
    /// Too little history yet: hours available and needed.
    NotEnoughHistory {
        hours: usize,
        needed: usize,
    },
    Steady(Creeping),
    Creeping(Creeping),
}

impl CreepVerdict {
    pub fn is_creeping(&self) -> bool {
        matches!(self, CreepVerdict::Creeping(_))
    }
}

/// Judges the last `growth.creep_window` of `points`. Hours in which anything explained wired
/// memory (a VM, GPU work) are left out, so a VM started on Tuesday is not read as a leak.
pub fn creeping(points: &[WiredPoint], growth: &Growth, was_creeping: bool, now: OffsetDateTime) -> CreepVerdict {
    let window_start = now - growth.creep_window.duration();
    let hours = hourly_medians(points.iter().filter(|p| p.at >= window_start && p.at <= now));
    if hours.len() < MIN_HOURS {
        return CreepVerdict::NotEnoughHistory { hours: hours.len(), needed: MIN_HOURS };
    }
    let xy: Vec<(f64, f64)> = hours.iter().map(|(hour, wired)| (*hour as f64, *wired)).collect();
    let Some(fit) = theil_sen(&xy) else {
        return CreepVerdict::NotEnoughHistory { hours: hours.len(), needed: MIN_HOURS };
    };
    let (first, last) = (hours[0].0, hours[hours.len() - 1].0);
    let rate_per_day = fit.slope * DAY_S / HOUR_S as f64;
    let found = Creeping {
        from: fit.at(first as f64).max(0.0) as u64,
        to: fit.at(last as f64).max(0.0) as u64,
        since: at_hour(first),
        until: at_hour(last) + time::Duration::hours(1),
        rate_per_day: rate_per_day as i64,
        hours: hours.len(),
    };
    let threshold = growth.creep_min_per_day.bytes() as f64;
    let limit = if was_creeping { threshold * RELEASE_FRACTION } else { threshold };
    if rate_per_day >= limit { CreepVerdict::Creeping(found) } else { CreepVerdict::Steady(found) }
}

/// The median wired figure of each clock hour that had no explained memory, keyed by hours since the epoch.
fn hourly_medians<'a>(points: impl Iterator<Item = &'a WiredPoint>) -> Vec<(i64, f64)> {
    let mut hours: Vec<(i64, f64)> = Vec::new();
    let mut bucket: Vec<f64> = Vec::new();
    let mut current: Option<i64> = None;
    let mut tainted = false;
    let mut sorted: Vec<&WiredPoint> = points.collect();
    sorted.sort_by_key(|p| p.at);
    for point in sorted {
        let hour = point.at.unix_timestamp().div_euclid(HOUR_S);
        if current != Some(hour) {
            if let (Some(h), false) = (current, tainted)
                && let Some(m) = median(&mut bucket)
            {
                hours.push((h, m));
            }
            bucket.clear();
            tainted = false;
            current = Some(hour);
        }
        tainted |= point.explained > 0;
        bucket.push(point.wired as f64);
    }
    if let (Some(h), false) = (current, tainted)
        && let Some(m) = median(&mut bucket)
    {
        hours.push((h, m));
    }
    hours
}

fn at_hour(hour: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(hour * HOUR_S).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
