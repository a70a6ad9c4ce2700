//! Jumps: a step up in wired memory of at least `jump_min` within `jump_window` that still holds `jump_hold` later.

use serde::Serialize;
use time::OffsetDateTime;

use super::WiredPoint;
use super::robust::median;
use crate::config::Growth;
use crate::suspects::Suspects;

/// How far back jumps are looked for.
pub const LOOK_BACK_HOURS: i64 = 24;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jump {
    /// Median wired bytes in the window before the step, and over the hold period after it.
    pub before: u64,
    pub after: u64,
    /// When the step happened (the first minute at the new level).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// How much of the step running VMs or GPU work account for, bytes.
    pub explained: u64,
    /// What appeared around the step: VM processes started within the jump window of it.
    pub appeared: Vec<String>,
}

impl Jump {
    pub fn size(&self) -> u64 {
        self.after.saturating_sub(self.before)
    }

    /// True when VMs or GPU work account for at least half of the step.
    pub fn is_explained(&self) -> bool {
        self.explained.saturating_mul(2) >= self.size()
    }
}

/// The largest step in the last day, on per-minute medians. A step counts once its hold period has passed.
pub fn jump(points: &[WiredPoint], growth: &Growth, now: OffsetDateTime) -> Option<Jump> {
    let start = now - time::Duration::hours(LOOK_BACK_HOURS);
    let minutes = minute_medians(points.iter().filter(|p| p.at >= start && p.at <= now));
    let window = growth.jump_window.duration().as_secs().div_ceil(60).max(1) as i64;
    let hold = growth.jump_hold.duration().as_secs().div_ceil(60).max(1) as i64;
    let now_minute = now.unix_timestamp().div_euclid(60);
    let min_step = growth.jump_min.bytes() as f64;
    let mut best: Option<((f64, f64), Jump)> = None;
    for (i, &(minute, _, _)) in minutes.iter().enumerate() {
        if minute + hold > now_minute {
            break;
        }
        let before: Vec<&(i64, f64, f64)> =
            minutes[..i].iter().rev().take_while(|(m, _, _)| *m >= minute - window).collect();
        let after: Vec<&(i64, f64, f64)> = minutes[i..].iter().take_while(|(m, _, _)| *m < minute + hold).collect();
        // Both sides need most of their minutes, so a gap in the record is not mistaken for a step.
        if (before.len() as i64) < window / 2 || (after.len() as i64) < hold / 2 {
            continue;
        }
        let (Some(level_before), Some(level_after)) = (
            median(&mut before.iter().map(|p| p.1).collect::<Vec<_>>()),
            median(&mut after.iter().map(|p| p.1).collect::<Vec<_>>()),
        ) else {
            continue;
        };
        // The step is measured between the high end of before and the low end of after, so it is
        // largest exactly where the level changed and only counts if the new level held.
        let (Some(high_before), Some(low_after)) =
            (quantile(before.iter().map(|p| p.1).collect(), 0.9), quantile(after.iter().map(|p| p.1).collect(), 0.1))
        else {
            continue;
        };
        let step = low_after - high_before;
        // Ties (a clean step is as tall a minute or two either side) go to the candidate whose
        // windows are purest: the largest difference of means.
        let mean = |side: &[&(i64, f64, f64)]| side.iter().map(|p| p.1).sum::<f64>() / side.len() as f64;
        let score = (step, mean(&after) - mean(&before));
        if step < min_step || best.as_ref().is_some_and(|(best_score, _)| *best_score >= score) {
            continue;
        }
        let explained_before = median(&mut before.iter().map(|p| p.2).collect::<Vec<_>>()).unwrap_or(0.0);
        let explained_after = median(&mut after.iter().map(|p| p.2).collect::<Vec<_>>()).unwrap_or(0.0);
        let found = Jump {
            before: level_before as u64,
            after: level_after as u64,
            at: OffsetDateTime::from_unix_timestamp(minute * 60).unwrap_or(OffsetDateTime::UNIX_EPOCH),
            explained: (explained_after - explained_before).max(0.0) as u64,
            appeared: Vec::new(),
        };
        best = Some((score, found));
    }
    best.map(|(_, found)| found)
}

/// Names the VM processes that started within `window` of the jump, so the step is paired with its likely cause.
pub fn pair_with_suspects(jump: &mut Jump, suspects: &Suspects, window: time::Duration) {
    jump.appeared = suspects
        .vms
        .found()
        .into_iter()
        .flatten()
        .filter(|vm| vm.started.is_some_and(|started| (started - jump.at).abs() <= window))
        .map(|vm| {
            format!(
                "{} `{}` (pid {}) started {}",
                vm.kind,
                vm.name,
                vm.pid,
                vm.started.map_or_else(String::new, |t| t.to_string())
            )
        })
        .collect();
}

/// (minute, median wired, median explained) for each minute with samples.
fn minute_medians<'a>(points: impl Iterator<Item = &'a WiredPoint>) -> Vec<(i64, f64, f64)> {
    let mut sorted: Vec<&WiredPoint> = points.collect();
    sorted.sort_by_key(|p| p.at);
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let minute = sorted[i].at.unix_timestamp().div_euclid(60);
        let mut wired = Vec::new();
        let mut explained = Vec::new();
        while i < sorted.len() && sorted[i].at.unix_timestamp().div_euclid(60) == minute {
            wired.push(sorted[i].wired as f64);
            explained.push(sorted[i].explained as f64);
            i += 1;
        }
        if let (Some(w), Some(e)) = (median(&mut wired), median(&mut explained)) {
            out.push((minute, w, e));
        }
    }
    out
}

/// The `p` quantile (0..=1) of `values`, nearest rank.
fn quantile(mut values: Vec<f64>, p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((values.len() - 1) as f64 * p).round() as usize;
    values.get(rank).copied()
}
