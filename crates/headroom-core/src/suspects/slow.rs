//! What each source of the suspects costs to read, and the slow sources kept between gatherings.

use std::time::{Duration, Instant};

use serde::{Serialize, Serializer};
use time::OffsetDateTime;

/// How often kernel and system extensions are listed. They change only when software is installed
/// or a driver loads, while `kmutil showloaded` can take seconds of CPU on a Mac; VMs and GPU
/// memory, which come and go, are read at every gathering (the prober's 30 s).
pub const EXTENSIONS_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// How often the wired holders (a walk of /proc and the cgroup tree) and the slab caches are read
/// again while nothing asks sooner: wired memory moves slowly, and at the prober's 30 s they were
/// most of the idle app's cost (about 10 ms a gathering: 0.08 % of a core in all, measured
/// 2026-12-06, docs/benchmarks.md). The first gathering of a process reads them (so `explain` and
/// `doctor` always do); the app's "Held by" rows are at most this old.
pub const HOLDERS_INTERVAL: Duration = Duration::from_secs(2 * 60);

/// The wall time one source took, for the logs and `headroom doctor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeCost {
    /// The tool or file read: "kmutil showloaded", "/proc/slabinfo", "libproc (VM processes)"…
    pub source: &'static str,
    #[serde(rename = "took_ms", serialize_with = "milliseconds")]
    pub took: Duration,
    /// When it was read; earlier than the gathering for a kept (slow) source.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

fn milliseconds<S: Serializer>(took: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((took.as_secs_f64() * 1e6).round() / 1e3)
}

/// Runs `read` and says how long it took.
pub(crate) fn timed<T>(source: &'static str, at: OffsetDateTime, read: impl FnOnce() -> T) -> (T, ProbeCost) {
    let started = Instant::now();
    let value = read();
    let took = started.elapsed();
    tracing::debug!(source, took_ms = took.as_secs_f64() * 1e3, "suspects source read");
    (value, ProbeCost { source, took, at })
}

/// A slow source's last result, read again only once `every` has passed since it was read.
#[allow(dead_code, reason = "used by the macOS suspects; compiled everywhere so its tests run on Linux")]
#[derive(Debug, Default)]
pub(crate) struct Kept<T> {
    last: Option<(Instant, T)>,
}

#[allow(dead_code, reason = "used by the macOS suspects; compiled everywhere so its tests run on Linux")]
impl<T: Clone> Kept<T> {
    pub(crate) const fn new() -> Kept<T> {
        Kept { last: None }
    }

    /// The kept value, or a fresh one from `read` when there is none or it is `every` old.
    pub(crate) fn get(&mut self, now: Instant, every: Duration, read: impl FnOnce() -> T) -> T {
        match &self.last {
            Some((at, value)) if now.saturating_duration_since(*at) < every => value.clone(),
            _ => {
                let value = read();
                self.last = Some((now, value.clone()));
                value
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_source_is_read_at_start_then_only_once_its_interval_has_passed() {
        let start = Instant::now();
        let mut kept = Kept::new();
        let mut reads = 0;
        let mut read_at = |offset: u64| {
            kept.get(start + Duration::from_secs(offset), EXTENSIONS_INTERVAL, || {
                reads += 1;
                reads
            })
        };
        // Gatherings every 30 s for 25 minutes: read at 0, 600 and 1200 s, the kept value between.
        let seen: Vec<u32> = (0..50).map(|i| read_at(i * 30)).collect();
        assert_eq!(seen[0], 1);
        assert_eq!(seen[19], 1, "570 s: still the first reading");
        assert_eq!(seen[20], 2, "600 s: read again");
        assert_eq!(seen[40], 3);
        assert_eq!(seen[49], 3);
    }

    #[test]
    fn a_cost_is_measured_and_serialised_in_milliseconds() {
        let (value, cost) = timed("test", OffsetDateTime::UNIX_EPOCH, || 7);
        assert_eq!((value, cost.source), (7, "test"));
        let json = serde_json::to_value(ProbeCost { took: Duration::from_micros(1_234_567), ..cost }).expect("json");
        assert_eq!(json["took_ms"], 1234.567);
        assert_eq!(json["source"], "test");
    }
}
