//! After a purge: read until Cached Files stops falling, never taking the kernel's cached copy of a read for "steady".
//!
//! On macOS `host_statistics64` is rate-limited for processes that are not platform binaries: within
//! `HOST_STATISTICS_TIME_WINDOW` (1 s), after 2 to 10 requests from all such processes together,
//! the kernel answers with a copy of the last real result and `KERN_SUCCESS`
//! (apple-oss-distributions/xnu, osfmk/kern/host.c, `rate_limit_host_statistics`). Reads 250 ms
//! apart can therefore return the same copy twice, which compares as "no change" although nothing
//! was measured. A repeat is recognised by the fault count (`MacCounters::is_repeat_of`) and is
//! followed by a wait past the window instead of being counted as steady.

use std::time::Duration;

use crate::model::{RawCounters, Snapshot};

/// How long the counters get to settle after a purge, and how often they are read meanwhile.
pub(crate) const LIMIT: Duration = Duration::from_secs(3);
pub(crate) const STEP: Duration = Duration::from_millis(250);
/// XNU's rate-limit window (`HOST_STATISTICS_TIME_WINDOW`, 1 s) and a margin: the first read
/// after this long opens a new window, so it is a real one.
pub(crate) const PAST_RATE_LIMIT: Duration = Duration::from_millis(1100);

/// What a new read says next to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The kernel's cached copy of the previous read: no new information.
    Repeat,
    /// Cached Files moved by at most 1 %.
    Steady,
    /// Cached Files is still moving.
    Moving,
}

/// Compares a new read with the previous one.
pub(crate) fn step(previous: &Snapshot, next: &Snapshot) -> Step {
    if is_cached_copy(previous, next) {
        return Step::Repeat;
    }
    let (a, b) = (previous.memory.cached_files, next.memory.cached_files);
    if a.abs_diff(b) <= a / 100 { Step::Steady } else { Step::Moving }
}

/// True when `next` is the kernel's rate-limited copy of `previous` (macOS). Linux's /proc files
/// are produced afresh on every read, so there a read is never a copy.
pub(crate) fn is_cached_copy(previous: &Snapshot, next: &Snapshot) -> bool {
    match (&previous.raw, &next.raw) {
        (RawCounters::Mac(earlier), RawCounters::Mac(later)) => later.is_repeat_of(earlier),
        _ => false,
    }
}

/// Reads after a purge until two fresh reads agree (see [`step`]) or [`LIMIT`] passes; the last
/// fresh read, or `None` when there was none. `before` is the reading taken before the purge: a
/// copy of it is not an "after".
pub(crate) fn settle(before: &Snapshot, read: impl FnMut() -> Option<Snapshot>) -> Option<Snapshot> {
    settle_with(before, read, std::thread::sleep)
}

/// [`settle`] with the sleep passed in, so the rule runs in tests without waiting. Time is counted
/// as the sum of the waits asked for (the reads themselves take microseconds).
pub(crate) fn settle_with(
    before: &Snapshot,
    mut read: impl FnMut() -> Option<Snapshot>,
    mut sleep: impl FnMut(Duration),
) -> Option<Snapshot> {
    let mut previous = before.clone();
    let mut latest: Option<Snapshot> = None;
    let (mut waited, mut wait) = (Duration::ZERO, Duration::ZERO);
    while waited + wait <= LIMIT {
        if !wait.is_zero() {
            sleep(wait);
        }
        waited += wait;
        let Some(next) = read() else { break };
        let step = step(&previous, &next);
        if step == Step::Repeat {
            wait = PAST_RATE_LIMIT;
            continue;
        }
        // The first fresh read after the purge has nothing after the purge to agree with.
        let first = latest.is_none();
        previous = next.clone();
        latest = Some(next);
        if step == Step::Steady && !first {
            break;
        }
        wait = STEP;
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyze;
    use time::OffsetDateTime;

    /// A real Mac reading (`vm_stat` on an M1 Pro, tests/fixtures/vm_stat) with its file-backed
    /// pages and fault count set: what a live read after a purge looks like.
    fn mac(external_pages: u64, faults: u64) -> Snapshot {
        let text = include_str!("../../tests/fixtures/vm_stat/m1pro-16g-2026-05-28.txt");
        let mut snapshot = analyze::analyze(text, None, OffsetDateTime::UNIX_EPOCH).expect("fixture");
        let RawCounters::Mac(counters) = snapshot.raw else { panic!("a vm_stat fixture gives Mac counters") };
        let counters = crate::model::macos::MacCounters { external: external_pages, faults, ..counters };
        snapshot.memory = counters.breakdown(snapshot.memory.total);
        snapshot.raw = RawCounters::Mac(counters);
        snapshot
    }

    fn linux(cached_files: u64) -> Snapshot {
        let text = include_str!("../../tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
        let mut snapshot = analyze::analyze(text, None, OffsetDateTime::UNIX_EPOCH).expect("fixture");
        snapshot.memory.cached_files = cached_files;
        snapshot
    }

    /// Runs the settle loop over `reads`, returning what it settled on, how many reads it took and the waits.
    fn run(before: &Snapshot, reads: Vec<Snapshot>) -> (Option<Snapshot>, usize, Vec<Duration>) {
        let mut queue = reads.into_iter();
        let mut taken = 0;
        let mut waits = Vec::new();
        let settled = settle_with(
            before,
            || {
                taken += 1;
                queue.next()
            },
            |wait| waits.push(wait),
        );
        (settled, taken, waits)
    }

    #[test]
    fn a_cached_copy_is_a_repeat_not_steady() {
        let a = mac(300_000, 1_000_000);
        assert_eq!(step(&a, &a.clone()), Step::Repeat);
        assert_eq!(step(&a, &mac(300_000, 1_000_500)), Step::Steady, "queues still, faults moved: a real read");
        assert_eq!(step(&a, &mac(100_000, 1_000_900)), Step::Moving);
        // Linux reads are never copies: identical figures there are steady.
        assert_eq!(step(&linux(1 << 30), &linux(1 << 30)), Step::Steady);
    }

    #[test]
    fn copies_of_the_reading_before_the_purge_are_not_taken_for_the_result() {
        let before = mac(300_000, 1_000_000);
        let freed = mac(100_000, 1_050_000);
        let settled_read = mac(99_500, 1_060_000);
        // Two copies of `before` in a row: the old rule called the second one steady and reported
        // nothing freed. Now each copy is followed by a wait past the window.
        let reads = vec![before.clone(), before.clone(), freed.clone(), settled_read.clone()];
        let (settled, taken, waits) = run(&before, reads);
        assert_eq!(settled, Some(settled_read.clone()));
        assert_eq!(taken, 4);
        assert_eq!(waits, vec![PAST_RATE_LIMIT, PAST_RATE_LIMIT, STEP]);
        // A copy of the first fresh read is not "steady" either: the loop waits and reads again.
        let reads = vec![freed.clone(), freed.clone(), settled_read.clone()];
        let (settled, taken, waits) = run(&before, reads);
        assert_eq!(settled, Some(settled_read));
        assert_eq!(taken, 3);
        assert_eq!(waits, vec![STEP, PAST_RATE_LIMIT]);
    }

    #[test]
    fn nothing_but_copies_never_counts_as_settled() {
        let before = mac(300_000, 1_000_000);
        let after = mac(120_000, 1_040_000);
        let reads = std::iter::once(after.clone()).chain(std::iter::repeat_n(after.clone(), 20)).collect();
        let (settled, taken, waits) = run(&before, reads);
        assert_eq!(settled, Some(after), "the one fresh read is the result");
        assert!(waits.iter().skip(1).all(|wait| *wait == PAST_RATE_LIMIT), "{waits:?}");
        assert!(waits.iter().sum::<Duration>() <= LIMIT, "stopped at the limit: {waits:?}");
        assert!(taken < 6, "the limit bounds the reads: {taken}");
        let (none, _, _) = run(&before, vec![before.clone(); 20]);
        assert_eq!(none, None, "no fresh read at all: no \"after\" is made up");
    }

    #[test]
    fn linux_settles_when_two_reads_agree() {
        let before = linux(4 << 30);
        let reads = vec![linux(1 << 30), linux((1 << 30) - 1000), linux(10)];
        let (settled, taken, waits) = run(&before, reads);
        assert_eq!(settled.map(|s| s.memory.cached_files), Some((1 << 30) - 1000));
        assert_eq!(taken, 2);
        assert_eq!(waits, vec![STEP]);
    }
}
