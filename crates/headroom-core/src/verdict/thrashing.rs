//! Thrashing: the machine swaps pages out and back in over the last minute, whatever the kernel's
//! pressure level says (docs/formulas.md, "Thrashing").
//!
//! Pages that leave memory and are fetched back are what thrashing is (Denning, "Thrashing: its
//! causes and prevention", 1968); swapping is the saturation signal of memory in Brendan Gregg's
//! USE method (https://www.brendangregg.com/USEmethod/use-linux.html: `vmstat` `si`/`so`). The
//! kernel's own level can read normal meanwhile: Linux PSI counts time stalled, not pages moved
//! (https://docs.kernel.org/accounting/psi.html), and macOS's level follows free pages. The
//! thresholds are ours, in bytes so 4 KiB and 16 KiB pages are judged alike.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::model::paging::Paging;

/// The span the rates are measured over.
pub const WINDOW: Duration = Duration::minutes(1);
/// At least this much of the window must be covered by counters, so one burst between two
/// samples a few seconds apart is not called thrashing.
pub const MIN_COVERED: Duration = Duration::seconds(30);
/// Pages going both ways at this rate each: out, and back in.
pub const BOTH_WAYS_PER_S: f64 = 4.0 * 1024.0 * 1024.0;
/// Or pages coming back in at this rate alone (what was swapped out is needed again).
pub const IN_ALONE_PER_S: f64 = 16.0 * 1024.0 * 1024.0;

/// Swap-ins and swap-outs per second over the last [`WINDOW`] (bytes), and how long that was.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PagingRates {
    pub swap_in_per_s: f64,
    pub swap_out_per_s: f64,
    pub seconds: f64,
}

impl PagingRates {
    /// The rule: [`BOTH_WAYS_PER_S`] each way, or [`IN_ALONE_PER_S`] in.
    pub fn thrashing(&self) -> bool {
        (self.swap_in_per_s >= BOTH_WAYS_PER_S && self.swap_out_per_s >= BOTH_WAYS_PER_S)
            || self.swap_in_per_s >= IN_ALONE_PER_S
    }
}

/// The rates over the last minute of `points` (paging counters of one boot, oldest first): from
/// the earliest point inside the window to the latest. None when less than [`MIN_COVERED`] is
/// covered or a counter went back (a reboot between them).
pub fn rates(points: &[(OffsetDateTime, Paging)]) -> Option<PagingRates> {
    let &(last_at, last) = points.last()?;
    let &(first_at, first) = points.iter().find(|(at, _)| *at >= last_at - WINDOW)?;
    let covered = last_at - first_at;
    if covered < MIN_COVERED || last.swapped_in < first.swapped_in || last.swapped_out < first.swapped_out {
        return None;
    }
    let seconds = covered.as_seconds_f64();
    Some(PagingRates {
        swap_in_per_s: (last.swapped_in - first.swapped_in) as f64 / seconds,
        swap_out_per_s: (last.swapped_out - first.swapped_out) as f64 / seconds,
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    fn series(every_s: i64, count: i64, in_per_s: u64, out_per_s: u64) -> Vec<(OffsetDateTime, Paging)> {
        let t0 = OffsetDateTime::UNIX_EPOCH + Duration::DAY;
        (0..count)
            .map(|i| {
                let elapsed = (i * every_s) as u64;
                (
                    t0 + Duration::seconds(i * every_s),
                    Paging { swapped_in: elapsed * in_per_s, swapped_out: elapsed * out_per_s },
                )
            })
            .collect()
    }

    #[test]
    fn pages_both_ways_or_heavily_in_are_thrashing_and_the_rest_is_not() {
        let both = rates(&series(2, 60, 5 * MIB, 5 * MIB)).expect("covered");
        assert_eq!((both.swap_in_per_s, both.swap_out_per_s, both.seconds), (5.0 * MIB as f64, 5.0 * MIB as f64, 60.0));
        assert!(both.thrashing());
        assert!(rates(&series(2, 60, 20 * MIB, 0)).expect("covered").thrashing(), "heavy swap-in alone");
        assert!(!rates(&series(2, 60, 0, 50 * MIB)).expect("covered").thrashing(), "writing out only: not yet");
        assert!(!rates(&series(2, 60, 3 * MIB, 3 * MIB)).expect("covered").thrashing(), "light paging");
        assert!(!rates(&series(2, 60, 0, 0)).expect("covered").thrashing());
    }

    #[test]
    fn a_short_span_or_a_counter_going_back_says_nothing() {
        assert_eq!(rates(&series(2, 10, 50 * MIB, 50 * MIB)), None, "18 s of counters");
        assert_eq!(rates(&[]), None);
        let mut rebooted = series(2, 40, MIB, MIB);
        rebooted.last_mut().expect("points").1 = Paging::default();
        assert_eq!(rates(&rebooted), None);
        // Only the last minute counts: an hour of calm and then a storm reads as the storm.
        let mut long = series(2, 1800, 0, 0);
        let (end, base) = *long.last().expect("points");
        for i in 1..=30u64 {
            let paging = Paging { swapped_in: base.swapped_in + i * 2 * 8 * MIB, swapped_out: i * 2 * 8 * MIB };
            long.push((end + Duration::seconds(2 * i as i64), paging));
        }
        let storm = rates(&long).expect("covered");
        assert_eq!((storm.swap_in_per_s, storm.seconds), (8.0 * MIB as f64, 60.0));
    }
}
