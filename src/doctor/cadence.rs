//! The sampling cadence as measured: the gaps between samples against the interval asked for, and
//! whether successive reads were the same cached counters (macOS rate-limits `host_statistics64`).

use std::time::Duration;

/// What the doctor saw of the sampler over a few seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct CadenceFinding {
    pub target: Duration,
    /// Gaps between successive samples, in order.
    pub gaps: Vec<Duration>,
    /// Successive samples whose raw counters were identical (a cached copy, or an idle machine).
    pub repeated: usize,
}

/// A gap further than this from the target is off the cadence (App Nap stretches 2 s to ~8 s).
pub const TOLERANCE: f64 = 0.10;

impl CadenceFinding {
    /// The median gap; `None` with fewer than two samples.
    pub fn median(&self) -> Option<Duration> {
        let mut gaps = self.gaps.clone();
        gaps.sort();
        gaps.get(gaps.len() / 2).copied().filter(|_| !gaps.is_empty())
    }

    /// How many gaps lie within [`TOLERANCE`] of the target.
    pub fn on_time(&self) -> usize {
        let target = self.target.as_secs_f64();
        self.gaps.iter().filter(|gap| (gap.as_secs_f64() - target).abs() <= target * TOLERANCE).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|v| Duration::from_millis(*v)).collect()
    }

    #[test]
    fn median_and_on_time_gaps() {
        let steady =
            CadenceFinding { target: Duration::from_secs(2), gaps: ms(&[2001, 1999, 2003, 2000]), repeated: 0 };
        assert_eq!(steady.on_time(), 4);
        assert_eq!(steady.median(), Some(Duration::from_millis(2001)));
        // App Nap: timers coalesced to about 8 s.
        let napping = CadenceFinding { target: Duration::from_secs(2), gaps: ms(&[7900, 8100, 2000]), repeated: 0 };
        assert_eq!(napping.on_time(), 1);
        assert_eq!(napping.median(), Some(Duration::from_millis(7900)));
        let none = CadenceFinding { target: Duration::from_secs(2), gaps: Vec::new(), repeated: 0 };
        assert_eq!((none.median(), none.on_time()), (None, 0));
    }
}
