//! "Do I need more RAM?": from the recorded history, how often pressure left normal, how much swap
//! was written per day, what the machine's demand (app + wired + compressed) reached, and whether
//! wired memory crept — then a verdict with a size, and how sure it is.

use serde::Serialize;
use time::{UtcOffset, Weekday};

use crate::history::Row;
use crate::model::Pressure;
use crate::units::GB;

/// Pressure away from normal for at least this share of the recorded time means more RAM would help.
pub const PRESSURE_SHARE: f64 = 0.02;
/// Swap written per day (the mean over the days recorded) at or above this means more RAM would help.
pub const SWAP_PER_DAY: u64 = GB;
/// Demand (app + wired + compressed) whose 95th percentile is at or above this share of RAM leaves
/// too little for the file cache: more RAM would help.
pub const DEMAND_SHARE: f64 = 0.95;
/// The size suggested leaves this share of it for the file cache and the system.
pub const CACHE_SHARE: f64 = 0.15;
/// A row's gap to the next longer than this is the machine asleep or not recording: it counts no more.
const LONGEST_GAP_S: i64 = 600;
/// RAM sizes Macs and PCs are sold with, in GB (2^30 bytes, as RAM is sold).
const SIZES_GB: [u64; 15] = [4, 8, 12, 16, 18, 24, 32, 36, 48, 64, 96, 128, 192, 256, 512];

/// How much history the verdict stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Under 3 days recorded.
    Low,
    /// 3 to 14 days.
    Medium,
    /// 14 days or more.
    High,
}

/// The answer, with every figure it stands on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    pub ram: u64,
    /// Seconds of recorded time (gaps longer than 10 minutes not counted), and the boots seen.
    pub recorded_s: i64,
    pub boots: usize,
    pub samples: usize,
    /// Share of the recorded time at warn or critical, and at critical.
    pub pressure_share: f64,
    pub critical_share: f64,
    /// The same share in working hours (Monday to Friday, 09:00–18:00 local), when any were recorded.
    pub working_pressure_share: Option<f64>,
    /// Swap written per day, the mean over the recorded days (None without paging counters).
    pub swap_per_day: Option<u64>,
    /// App + wired + compressed: its highest, and its 95th percentile over recorded time.
    pub peak_demand: u64,
    pub p95_demand: u64,
    /// Wired memory's median share of RAM, and how its daily median moved from the first day to the last.
    pub wired_share: f64,
    pub wired_change: i64,
    /// Whether more RAM would have helped, and the size that would have kept pressure normal
    /// (this machine's own when it is enough).
    pub enough: bool,
    pub suggested_ram: u64,
    pub confidence: Confidence,
}

/// The advice from `rows` (boot and sample order, as the history gives them); None without rows.
pub fn advise(rows: &[Row], offset: UtcOffset) -> Option<Advice> {
    let ram = rows.iter().map(|r| r.total).max().filter(|ram| *ram > 0)?;
    let weights = weights(rows);
    let recorded_s: i64 = weights.iter().sum();
    let total = recorded_s.max(1) as f64;
    let share = |keep: &dyn Fn(&Row) -> bool| {
        rows.iter().zip(&weights).filter(|(r, _)| keep(r)).map(|(_, w)| *w).sum::<i64>() as f64 / total
    };
    let pressure_share = share(&|r| r.pressure != Pressure::Normal);
    let critical_share = share(&|r| r.pressure == Pressure::Critical);
    let working: Vec<(&Row, &i64)> = rows.iter().zip(&weights).filter(|(r, _)| working_hour(r, offset)).collect();
    let working_s: i64 = working.iter().map(|(_, w)| **w).sum();
    let working_pressure_share = (working_s > 0).then(|| {
        working.iter().filter(|(r, _)| r.pressure != Pressure::Normal).map(|(_, w)| **w).sum::<i64>() as f64
            / working_s as f64
    });
    // Written over the recorded time, per 24 hours of it (a part-day is not a whole day's worth).
    let swap_per_day = crate::report::swap_written_per_day(rows, offset).map(|days| {
        let written = days.iter().map(|d| d.bytes).sum::<u64>();
        (written as f64 * 86_400.0 / recorded_s.max(1) as f64) as u64
    });
    let demand = |r: &Row| r.app.saturating_add(r.wired).saturating_add(r.compressed).max(r.used_max);
    let peak_demand = rows.iter().map(demand).max().unwrap_or(0);
    let p95_demand = weighted_percentile(rows.iter().map(demand).zip(weights.iter().copied()).collect(), 0.95);
    let wired_share = weighted_percentile(rows.iter().map(|r| r.wired).zip(weights.iter().copied()).collect(), 0.5)
        as f64
        / ram as f64;
    let wired_change = daily_wired_change(rows, offset);
    let enough = pressure_share < PRESSURE_SHARE
        && swap_per_day.is_none_or(|day| day < SWAP_PER_DAY)
        && (p95_demand as f64) < DEMAND_SHARE * ram as f64;
    let suggested_ram = if enough { ram } else { size_for(p95_demand.max(peak_demand * 9 / 10), ram) };
    let days = recorded_s as f64 / 86_400.0;
    let confidence = if days >= 14.0 {
        Confidence::High
    } else if days >= 3.0 {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    let boots = {
        let mut ids: Vec<&str> = rows.iter().map(|r| r.boot_id.as_str()).collect();
        ids.dedup();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    Some(Advice {
        ram,
        recorded_s,
        boots,
        samples: rows.len(),
        pressure_share,
        critical_share,
        working_pressure_share,
        swap_per_day,
        peak_demand,
        p95_demand,
        wired_share,
        wired_change,
        enough,
        suggested_ram,
        confidence,
    })
}

impl Advice {
    /// The verdict in one sentence with its figures: "16.0 GB was at warn or critical 11 % of the
    /// time (33 % of working hours) and swapped 6.0 GB a day, …; about 24.0 GB would have kept
    /// pressure normal." or "16.0 GB is enough: pressure normal 99.8 % of the time, …". In the
    /// app's language (the commands': English).
    pub fn verdict(&self) -> String {
        let size = crate::units::format_gb;
        let number = |value: f64, places: usize| crate::i18n::localize_number(format!("{value:.places$}"));
        if self.enough {
            return crate::tr!(
                "advise-enough",
                ram = size(self.ram),
                normal = number(100.0 * (1.0 - self.pressure_share), 1),
                peak = size(self.peak_demand),
                p95 = size(self.p95_demand)
            );
        }
        let working = self
            .working_pressure_share
            .map_or_else(String::new, |w| crate::tr!("advise-working", share = number(100.0 * w, 0)));
        let swap = self
            .swap_per_day
            .filter(|d| *d > 0)
            .map_or_else(String::new, |d| crate::tr!("advise-swap", size = size(d)));
        crate::tr!(
            "advise-more",
            ram = size(self.ram),
            share = number(100.0 * self.pressure_share, 0),
            working = working,
            swap = swap,
            peak = size(self.peak_demand),
            suggested = size(self.suggested_ram)
        )
    }

    /// How much history it stands on: "From 3.2 days of history over 2 boots (medium confidence: …)."
    pub fn basis(&self) -> String {
        if self.samples <= 1 {
            return crate::tr!("advise-basis-one");
        }
        let number = |value: f64| crate::i18n::localize_number(format!("{value:.1}"));
        let recorded = if self.recorded_s >= 86_400 {
            crate::tr!("advise-days", n = number(self.recorded_s as f64 / 86_400.0))
        } else if self.recorded_s >= 3600 {
            crate::tr!("advise-hours", n = number(self.recorded_s as f64 / 3600.0))
        } else if self.recorded_s >= 120 {
            crate::tr!("advise-minutes", n = self.recorded_s / 60)
        } else {
            crate::tr!("advise-seconds", n = self.recorded_s)
        };
        let how_sure = match self.confidence {
            Confidence::Low => crate::tr!("advise-low"),
            Confidence::Medium => crate::tr!("advise-medium"),
            Confidence::High => crate::tr!("advise-high"),
        };
        crate::tr!("advise-basis", recorded = recorded, boots = self.boots, how = how_sure)
    }
}

/// The smallest size sold that holds `demand` with room left for the file cache, and is larger
/// than `ram` (the machine already has `ram`, and it was not enough).
fn size_for(demand: u64, ram: u64) -> u64 {
    let wanted = (demand as f64 / (1.0 - CACHE_SHARE)) as u64;
    SIZES_GB
        .iter()
        .map(|gb| gb * GB)
        .find(|size| *size >= wanted && *size > ram)
        .unwrap_or_else(|| wanted.max(ram + 1).div_ceil(64 * GB) * 64 * GB)
}

/// The seconds each row stands for: its span for a downsampled row, else the gap to the next row of
/// its boot (the last row of a boot: the boot's typical gap), gaps over 10 minutes not counted.
fn weights(rows: &[Row]) -> Vec<i64> {
    let gap = |i: usize| -> Option<i64> {
        let (row, next) = (&rows[i], rows.get(i + 1)?);
        (next.boot_id == row.boot_id)
            .then(|| (next.at - row.at).whole_seconds())
            .filter(|g| (1..=LONGEST_GAP_S).contains(g))
    };
    let mut weights: Vec<i64> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let weight = if row.resolution_s > 0 { i64::from(row.resolution_s) } else { gap(i).unwrap_or(0) };
        weights.push(weight);
    }
    // A boot's last raw row: the gap before it, so a short history is not one row short.
    for i in 0..rows.len() {
        if weights[i] == 0 && rows[i].resolution_s == 0 && i > 0 {
            weights[i] = gap(i - 1).unwrap_or(0);
        }
    }
    weights
}

fn working_hour(row: &Row, offset: UtcOffset) -> bool {
    let local = row.at.to_offset(offset);
    !matches!(local.weekday(), Weekday::Saturday | Weekday::Sunday) && (9..18).contains(&local.hour())
}

/// The value below which `share` of the weight lies.
fn weighted_percentile(mut values: Vec<(u64, i64)>, share: f64) -> u64 {
    values.sort_unstable_by_key(|(value, _)| *value);
    let total: i64 = values.iter().map(|(_, w)| *w).sum();
    let mut seen = 0i64;
    for (value, weight) in &values {
        seen += weight;
        if seen as f64 >= share * total as f64 {
            return *value;
        }
    }
    values.last().map_or(0, |(value, _)| *value)
}

/// The median wired figure of the last local day recorded less that of the first.
fn daily_wired_change(rows: &[Row], offset: UtcOffset) -> i64 {
    let day = |r: &Row| r.at.to_offset(offset).date();
    let (Some(first), Some(last)) = (rows.first().map(day), rows.last().map(day)) else { return 0 };
    let median = |d: time::Date| {
        let mut wired: Vec<u64> = rows.iter().filter(|r| day(r) == d).map(|r| r.wired).collect();
        wired.sort_unstable();
        wired.get(wired.len() / 2).copied().unwrap_or(0)
    };
    i64::try_from(median(last)).unwrap_or(i64::MAX) - i64::try_from(median(first)).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
