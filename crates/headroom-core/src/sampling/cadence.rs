//! The sampling cadence: how late the OS may wake the sampler (its timer tolerance), and what a run
//! of sample times says about the cadence (median interval, share on time) for `headroom doctor`.

use std::time::Duration;

/// An interval is "on time" when it is within this share of the target: 10 %, the bound.
pub(crate) const ON_TIME_PERCENT: u32 = 10;
/// A cadence is steady when at least this share of its intervals is on time.
pub(crate) const STEADY_SHARE: f64 = 0.9;
/// The most lateness the sampler ever allows, whatever the interval: the gauge should not lag more.
pub(crate) const MAX_TOLERANCE: Duration = Duration::from_secs(1);

/// How late the OS may wake the sampler after each tick, so it can group the wake-up with others:
/// 5 % of the interval, at most [`MAX_TOLERANCE`] (2 s → 100 ms).
///
/// Apple: "specify a tolerance for the accuracy of when your timers fire … the system will use
/// this flexibility to shift the execution of timers by small amounts of time — within their
/// tolerances — so that multiple timers can be executed at the same time" (Energy Efficiency Guide
/// for Mac Apps, "Minimize Timer Usage",
/// https://developer.apple.com/library/archive/documentation/Performance/Conceptual/power_efficiency_guidelines_osx/Timers.html);
/// the `NSTimer` reference's rule of thumb is "at least 10% of the interval" for a repeating timer
/// (https://developer.apple.com/documentation/foundation/timer, "Timer Tolerance"). Half of that here, because the ticks sit on a fixed grid (start + n × interval): a wake late by
/// up to `t` makes an interval between `interval − t` and `interval + t`, so 5 % keeps every
/// interval within the 10 % the cadence promises and leaves the other half for the read itself.
pub(crate) fn timer_tolerance(interval: Duration) -> Duration {
    (interval / 20).min(MAX_TOLERANCE)
}

/// What a run of samples says about the cadence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cadence {
    pub target: Duration,
    /// How many intervals were measured (samples − 1).
    pub intervals: usize,
    pub median: Duration,
    pub longest: Duration,
    /// Share (0.0–1.0) of intervals within [`ON_TIME_PERCENT`] of the target.
    pub on_time: f64,
}

impl Cadence {
    /// The cadence of samples taken at `instants` (in order) against `target`; None with fewer than two.
    #[cfg(test)]
    pub(crate) fn from_instants(instants: &[std::time::Instant], target: Duration) -> Option<Cadence> {
        let intervals: Vec<Duration> =
            instants.windows(2).map(|pair| pair[1].saturating_duration_since(pair[0])).collect();
        Cadence::from_intervals(&intervals, target)
    }

    /// The cadence of the given intervals between successive samples; None when there are none.
    pub(crate) fn from_intervals(intervals: &[Duration], target: Duration) -> Option<Cadence> {
        let mut sorted = intervals.to_vec();
        sorted.sort_unstable();
        let longest = *sorted.last()?;
        let middle = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 { sorted[middle] } else { (sorted[middle - 1] + sorted[middle]) / 2 };
        let on_time = sorted.iter().filter(|interval| is_on_time(**interval, target)).count();
        Some(Cadence {
            target,
            intervals: sorted.len(),
            median,
            longest,
            on_time: on_time as f64 / sorted.len() as f64,
        })
    }

    /// Steady: the median is on time and at least [`STEADY_SHARE`] of the intervals are.
    pub(crate) fn is_steady(&self) -> bool {
        is_on_time(self.median, self.target) && self.on_time >= STEADY_SHARE
    }
}

/// Within [`ON_TIME_PERCENT`] of `target`, either side.
pub(crate) fn is_on_time(interval: Duration, target: Duration) -> bool {
    interval.abs_diff(target) <= target * ON_TIME_PERCENT / 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    const TWO_S: Duration = Duration::from_secs(2);

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|v| Duration::from_millis(*v)).collect()
    }

    #[test]
    fn the_tolerance_is_five_percent_of_the_interval_and_capped() {
        assert_eq!(timer_tolerance(TWO_S), Duration::from_millis(100));
        assert_eq!(timer_tolerance(Duration::from_secs(1)), Duration::from_millis(50));
        assert_eq!(timer_tolerance(Duration::from_secs(60)), MAX_TOLERANCE);
        // Late by the whole tolerance after an on-time tick is still on time, in both directions.
        let t = timer_tolerance(TWO_S);
        assert!(is_on_time(TWO_S + t, TWO_S) && is_on_time(TWO_S - t, TWO_S));
    }

    #[test]
    fn a_steady_run_has_its_median_at_the_target() {
        let instants: Vec<Instant> = {
            let start = Instant::now();
            // A 2 s cadence with wakes up to 100 ms late (the tolerance): 0, 2.03, 4.10, 6.00, 8.05, 10.01 s.
            [0, 2030, 4100, 6000, 8050, 10010].iter().map(|ms| start + Duration::from_millis(*ms)).collect()
        };
        let cadence = Cadence::from_instants(&instants, TWO_S).expect("five intervals");
        assert_eq!(cadence.intervals, 5);
        assert_eq!(cadence.median, Duration::from_millis(2030), "of 2.03, 2.07, 1.90, 2.05, 1.96 s");
        assert_eq!(cadence.longest, Duration::from_millis(2070));
        assert_eq!(cadence.on_time, 1.0);
        assert!(cadence.is_steady());
    }

    #[test]
    fn an_app_napped_run_stretches_and_is_not_steady() {
        // What App Nap does to a 2 s timer (stretched toward ~8 s, as SuperIsland#107 reports).
        let cadence = Cadence::from_intervals(&ms(&[2000, 7900, 8100, 8000, 2010, 7950]), TWO_S).expect("intervals");
        assert_eq!(cadence.median, Duration::from_millis(7925));
        assert_eq!(cadence.longest, Duration::from_millis(8100));
        assert!((cadence.on_time - 2.0 / 6.0).abs() < 1e-9, "{}", cadence.on_time);
        assert!(!cadence.is_steady());
    }

    #[test]
    fn one_late_interval_in_ten_is_still_steady_two_are_not() {
        let mut intervals = ms(&[2000; 9]);
        intervals.push(Duration::from_millis(2500));
        assert!(Cadence::from_intervals(&intervals, TWO_S).expect("ten").is_steady());
        intervals[0] = Duration::from_millis(1700);
        let cadence = Cadence::from_intervals(&intervals, TWO_S).expect("ten");
        assert!((cadence.on_time - 0.8).abs() < 1e-9);
        assert!(!cadence.is_steady());
    }

    #[test]
    fn the_boundary_is_inclusive_and_too_few_samples_say_nothing() {
        assert!(is_on_time(Duration::from_millis(2200), TWO_S));
        assert!(!is_on_time(Duration::from_millis(2201), TWO_S));
        assert!(is_on_time(Duration::from_millis(1800), TWO_S));
        assert_eq!(Cadence::from_instants(&[Instant::now()], TWO_S), None);
        assert_eq!(Cadence::from_intervals(&[], TWO_S), None);
    }
}
