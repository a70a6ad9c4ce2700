//! When a repeated background job (the top scan, the suspects probe) runs next: on its timer, or later when it was slow, so the two together never cost more than 0.5 % of a core.

use std::time::{Duration, Instant};

/// A job waits at least this many times as long as it took: each at most 0.25 % of a core. A
/// usual machine's top scan (500 processes, about 2 ms) and probe keep their timers; with 10,000
/// processes each reads every /proc entry in about 80–130 ms of CPU here and runs every 30–50 s
/// instead of every 10 and 30 s (docs/benchmarks.md).
pub(crate) const WAIT_PER_RUN_TIME: u32 = 400;

/// When the job that started at `started` and took `took` runs again: `interval` after it
/// started, or [`WAIT_PER_RUN_TIME`] times `took` when that is longer.
pub(crate) fn next_run(started: Instant, took: Duration, interval: Duration) -> Instant {
    let wait = interval.max(took.saturating_mul(WAIT_PER_RUN_TIME));
    started.checked_add(wait).unwrap_or(started + interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_run_waits_longer_so_the_job_stays_under_a_quarter_percent_of_a_core() {
        let started = Instant::now();
        let ten = Duration::from_secs(10);
        assert_eq!(next_run(started, Duration::from_millis(2), ten), started + ten, "a usual run keeps the timer");
        assert_eq!(next_run(started, Duration::from_millis(100), ten), started + Duration::from_secs(40));
        assert_eq!(next_run(started, Duration::MAX, ten), started + ten, "an absurd time does not overflow the clock");
    }
}
