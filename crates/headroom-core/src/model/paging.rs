//! Paging: bytes swapped in and out since boot (Linux `pswpin`/`pswpout` in /proc/vmstat, macOS
//! `swapins`/`swapouts` of `host_statistics64`), and the rates between two samples.

use serde::Serialize;

use super::Snapshot;

/// Bytes swapped in and out since boot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Paging {
    pub swapped_in: u64,
    pub swapped_out: u64,
}

/// Swap-ins and swap-outs per second between two samples, bytes; None when either has no paging
/// counters, no time passed, or a counter went back (a reboot between them).
pub fn rates(earlier: &Snapshot, later: &Snapshot) -> Option<(f64, f64)> {
    let (a, b) = (earlier.paging?, later.paging?);
    let seconds = (later.at - earlier.at).as_seconds_f64();
    if seconds <= 0.0 || b.swapped_in < a.swapped_in || b.swapped_out < a.swapped_out {
        return None;
    }
    Some(((b.swapped_in - a.swapped_in) as f64 / seconds, (b.swapped_out - a.swapped_out) as f64 / seconds))
}

/// Swap written since boot, and per day on average (the SSD-wear question: what a swap file costs
/// the disk); None before an hour of uptime, too short to say "per day".
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SwapWritten {
    pub since_boot: u64,
    pub per_day: u64,
}

pub fn swap_written(paging: Paging, booted: time::OffsetDateTime, now: time::OffsetDateTime) -> Option<SwapWritten> {
    let days = (now - booted).as_seconds_f64() / 86_400.0;
    (days >= 1.0 / 24.0)
        .then(|| SwapWritten { since_boot: paging.swapped_out, per_day: (paging.swapped_out as f64 / days) as u64 })
}

/// `pswpin` and `pswpout` (pages) from /proc/vmstat text, in bytes of `page`-sized pages.
pub fn from_vmstat(text: &str, page: u64) -> Option<Paging> {
    let value =
        |key: &str| text.lines().find_map(|line| line.strip_prefix(key)?.strip_prefix(' ')?.trim().parse::<u64>().ok());
    Some(Paging {
        swapped_in: value("pswpin")?.saturating_mul(page),
        swapped_out: value("pswpout")?.saturating_mul(page),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_between_two_samples() {
        let text = "nr_free_pages 100\npswpin 10\npswpout 250\npgfault 9\n";
        assert_eq!(from_vmstat(text, 4096), Some(Paging { swapped_in: 40_960, swapped_out: 1_024_000 }));
        assert_eq!(from_vmstat("pgfault 9\n", 4096), None);
        let fixture = include_str!("../../tests/fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
        let mut a = crate::model::analyze::analyze(fixture, None, time::OffsetDateTime::UNIX_EPOCH).expect("fixture");
        let mut b = a.clone();
        assert_eq!(rates(&a, &b), None, "a paste has no paging counters");
        a.paging = Some(Paging { swapped_in: 0, swapped_out: 4096 });
        b.paging = Some(Paging { swapped_in: 8192, swapped_out: 4096 });
        b.at += time::Duration::seconds(2);
        assert_eq!(rates(&a, &b), Some((4096.0, 0.0)));
        assert_eq!(rates(&b, &a), None, "backwards in time");
        let booted = time::OffsetDateTime::UNIX_EPOCH;
        let written = Paging { swapped_in: 0, swapped_out: 6 << 30 };
        let two_days = swap_written(written, booted, booted + time::Duration::days(2)).expect("uptime");
        assert_eq!((two_days.since_boot, two_days.per_day), (6 << 30, 3 << 30));
        assert_eq!(swap_written(written, booted, booted + time::Duration::minutes(30)), None, "too soon");
    }
}
