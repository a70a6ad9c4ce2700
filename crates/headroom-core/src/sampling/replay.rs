//! A synthetic month at full speed, for the long-run memory benchmark: snapshots in virtual time
//! with a daily rhythm, a slow wired leak, a jump, pressure episodes, swap bursts and paging.

use time::{Duration, OffsetDateTime};

use crate::model::{Pressure, Snapshot};

const GIB: f64 = (1u64 << 30) as f64;
const MIB: f64 = (1u64 << 20) as f64;

/// Snapshots from `end - span` to `end`, one per `step`, shaped from a real snapshot's totals.
#[derive(Debug, Clone)]
pub struct Replay {
    base: Snapshot,
    start: OffsetDateTime,
    step: Duration,
    steps: u64,
    next: u64,
    noise: u64,
}

impl Replay {
    pub fn new(base: Snapshot, span: Duration, step: Duration, end: OffsetDateTime) -> Replay {
        let step = step.max(Duration::milliseconds(1));
        let steps = (span.whole_milliseconds() / step.whole_milliseconds()).max(0) as u64;
        let mut base = base;
        base.boot_id = format!("replay-{}", base.boot_id);
        Replay { base, start: end - span, step, steps, next: 0, noise: 0x9e37_79b9_7f4a_7c15 }
    }

    /// How many snapshots the replay holds.
    pub fn len(&self) -> u64 {
        self.steps
    }

    pub fn is_empty(&self) -> bool {
        self.steps == 0
    }

    /// Deterministic noise in [-1, 1].
    fn jitter(&mut self) -> f64 {
        self.noise = self.noise.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.noise >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

impl Iterator for Replay {
    type Item = Snapshot;

    fn next(&mut self) -> Option<Snapshot> {
        if self.next >= self.steps {
            return None;
        }
        let i = self.next;
        self.next += 1;
        let elapsed = self.step * i as u32;
        let day = elapsed.as_seconds_f64() / 86_400.0;
        let (whole_day, second_of_day) = (elapsed.whole_seconds() / 86_400, elapsed.whole_seconds() % 86_400);
        let hour_of_day = second_of_day / 3600;
        let minute_of_day = second_of_day / 60;
        let total = self.base.memory.total as f64;
        // Wired: a base of 8 % of RAM, a 100 MiB/day leak, a 1.5 GiB step on day 10, ±20 MiB noise.
        let wired =
            total * 0.08 + day * 100.0 * MIB + if day >= 10.0 { 1.5 * GIB } else { 0.0 } + self.jitter() * 20.0 * MIB;
        // Apps follow the working day; the file cache fills and is dropped every 4 days.
        let working = (9..18).contains(&hour_of_day);
        let app = total * if working { 0.35 } else { 0.15 } + self.jitter() * 50.0 * MIB;
        let compressed = total * 0.03;
        let cached = total * 0.05 + (day % 4.0) * total * 0.05;
        let memory = &mut self.base.memory;
        memory.wired = wired.max(0.0) as u64;
        memory.app = app.max(0.0) as u64;
        memory.compressed = compressed as u64;
        memory.cached_files = cached as u64;
        let taken = memory.wired.saturating_add(memory.app).saturating_add(memory.compressed);
        memory.cached_files = memory.cached_files.min(memory.total.saturating_sub(taken));
        memory.free = memory.total.saturating_sub(taken.saturating_add(memory.cached_files));
        // Pressure: five minutes of warn at 14:00 every day, critical on Fridays; swap bursts weekly.
        self.base.pressure = match (minute_of_day, whole_day % 7) {
            (840..845, 4) => Pressure::Critical,
            (840..845, _) => Pressure::Warn,
            _ => Pressure::Normal,
        };
        let week_minute = (day % 7.0) * 1440.0;
        self.base.swap_used = if (600.0..610.0).contains(&week_minute) {
            ((week_minute - 600.0) / 10.0 * 1.5 * GIB) as u64
        } else if week_minute >= 610.0 {
            (1.5 * GIB) as u64
        } else {
            0
        };
        self.base.swap_total = self.base.swap_total.max((2.0 * GIB) as u64);
        // Paging since boot: 32 KiB/s written out during working hours (about 1 GiB a day), half of
        // it read back in.
        const OUT_PER_S: i64 = 32 << 10;
        const WORKDAY_S: i64 = 9 * 3600;
        let worked_s = whole_day * WORKDAY_S + (second_of_day - 9 * 3600).clamp(0, WORKDAY_S);
        let out = u64::try_from(worked_s * OUT_PER_S).unwrap_or(0);
        self.base.paging = Some(crate::model::paging::Paging { swapped_in: out / 2, swapped_out: out });
        self.base.at = self.start + elapsed;
        Some(self.base.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyze;

    #[test]
    fn a_month_at_two_seconds_adds_up_and_ends_now() {
        let text = "MemTotal: 16777216 kB\nMemFree: 8388608 kB\nMemAvailable: 12582912 kB\nBuffers: 0 kB\n\
            Cached: 2097152 kB\nAnonPages: 4194304 kB\nShmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n";
        let end = OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("valid");
        let base = analyze::analyze(text, None, end).expect("fixture");
        let replay = Replay::new(base.clone(), Duration::days(30), Duration::seconds(2), end);
        assert_eq!(replay.len(), 30 * 86_400 / 2);
        let mut last = None;
        let (mut warn, mut critical) = (0, 0);
        for (n, s) in replay.clone().enumerate().step_by(997) {
            let m = s.memory;
            assert_eq!(m.app + m.wired + m.compressed + m.cached_files + m.free, m.total, "sample {n}");
            assert!(s.boot_id.starts_with("replay-"));
            assert!(last.is_none_or(|at| s.at > at));
            last = Some(s.at);
        }
        for s in replay.clone() {
            match s.pressure {
                Pressure::Warn => warn += 1,
                Pressure::Critical => critical += 1,
                Pressure::Normal => {}
            }
        }
        // 5 minutes a day at 2 s = 150 samples; Fridays are critical (4 or 5 of them in 30 days).
        assert_eq!(warn + critical, 30 * 150);
        assert!(critical == 4 * 150 || critical == 5 * 150, "{critical}");
        let final_sample = replay.last().expect("not empty");
        assert_eq!(final_sample.at, end - Duration::seconds(2));
        // The leak: about 3 GiB over 30 days on top of the 1.5 GiB step.
        let leaked = final_sample.memory.wired as f64 - 0.08 * 16.0 * GIB;
        assert!((leaked - (2.93 + 1.5) * GIB).abs() < 0.05 * GIB, "{}", leaked / GIB);
    }
}
