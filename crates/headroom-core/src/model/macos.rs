//! The macOS formula: page counters (from `host_statistics64` or `vm_stat`) to Activity Monitor's categories and pressure.

use super::figures::{Breakdown, Headroom, HeadroomSource, Pressure, PressureBasis};
use crate::units::GB;

/// The page counters Activity Monitor's categories are computed from, in pages of `page_size` bytes.
///
/// `free` excludes speculative pages, as `vm_stat` prints it ("Pages free" = `free_count` −
/// `speculative_count`); the live backend subtracts them the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MacCounters {
    pub page_size: u64,
    pub free: u64,
    pub speculative: u64,
    pub active: u64,
    pub inactive: u64,
    pub throttled: u64,
    /// "Pages wired down" / `wire_count`.
    pub wired: u64,
    /// "Pages purgeable" / `purgeable_count`.
    pub purgeable: u64,
    /// "File-backed pages" / `external_page_count`.
    pub external: u64,
    /// "Anonymous pages" / `internal_page_count`.
    pub internal: u64,
    /// "Pages occupied by compressor" / `compressor_page_count`: the compressor's own footprint.
    pub compressor: u64,
    /// "Translation faults" / `faults`: a count since boot that moves with any activity on the
    /// machine, so two genuine reads never share it. It tells a fresh read from the kernel's cached
    /// copy (see [`MacCounters::is_repeat_of`]); 0 when a pasted `vm_stat` lacks the line.
    pub faults: u64,
}

impl MacCounters {
    fn bytes(&self, pages: u64) -> u64 {
        pages.saturating_mul(self.page_size)
    }

    /// True when this read is the kernel's cached copy of `earlier`, not a new reading.
    ///
    /// XNU rate-limits `host_statistics64` for processes that are not platform binaries: within a
    /// window of `HOST_STATISTICS_TIME_WINDOW` (1 s), after 2 to 10 requests from all such processes
    /// together, it answers with a copy of the last real result and `KERN_SUCCESS`
    /// (apple-oss-distributions/xnu, osfmk/kern/host.c, `rate_limit_host_statistics`). A copy is
    /// identical to that result, fault count included, while the fault count of any two real reads
    /// differs; so identical counters mean "no new reading", never "nothing changed".
    pub(crate) fn is_repeat_of(&self, earlier: &MacCounters) -> bool {
        self == earlier
    }

    /// Activity Monitor's categories for a machine with `total` bytes of RAM (docs/formulas.md, the macOS table).
    pub(crate) fn breakdown(&self, total: u64) -> Breakdown {
        let app = self.bytes(self.internal.saturating_sub(self.purgeable));
        let wired = self.bytes(self.wired);
        let compressed = self.bytes(self.compressor);
        let cached_files = self.bytes(self.external.saturating_add(self.purgeable));
        let used = app.saturating_add(wired).saturating_add(compressed);
        let free = total.saturating_sub(used).saturating_sub(cached_files);
        Breakdown { total, app, wired, compressed, cached_files, free }
    }

    /// Every page on one of the kernel's queues, each once. Slightly less than the RAM installed, since
    /// the kernel keeps some memory off the queues (firmware, the kernel image, stolen pages).
    /// Throttled pages are not added: on macOS `wire_count` already holds them (XNU
    /// osfmk/kern/host.c `vm_stats`: `wire_count = vm_page_wire_count + throttled_count +
    /// vm_lopage_free_count` under XNU_TARGET_OS_OSX), so "Pages wired down" counts them too.
    pub(crate) fn queued_pages(&self) -> u64 {
        [self.free, self.speculative, self.active, self.inactive, self.wired, self.compressor]
            .iter()
            .fold(0u64, |sum, pages| sum.saturating_add(*pages))
    }

    /// An estimate of the installed RAM when only page counts are known: the queued pages rounded
    /// up to a whole GiB, since Macs ship whole-GiB RAM and the pages off the queues are well under 1 GiB.
    pub(crate) fn estimated_total(&self) -> u64 {
        let bytes = self.bytes(self.queued_pages());
        bytes.div_ceil(GB).saturating_mul(GB)
    }

    /// The kernel's pressure rule (xnu doc/vm/memorystatus_notify.md): with
    /// A = active + inactive + free + speculative pages and C = compressor pages, warn when
    /// A < 0.5 × (A + C), critical when A < 1.2 × 0.29 × (A + C).
    /// The kernel's headroom, derived from page counts for pasted text: on macOS (no jetsam)
    /// `memorystatus_level` = available × 100 / total pages, with available = active + inactive +
    /// free + speculative (xnu `osfmk/vm/vm_pageout.c` `vm_pressure_response` and `vm_page.h`
    /// `VM_CHECK_MEMORYSTATUS` = `AVAILABLE_NON_COMPRESSED_MEMORY`).
    pub(crate) fn derived_headroom(&self, total: u64) -> Headroom {
        let available =
            self.active.saturating_add(self.inactive).saturating_add(self.free).saturating_add(self.speculative);
        Headroom::of(self.bytes(available).min(total), total, HeadroomSource::Derived)
    }

    pub(crate) fn pressure(&self) -> (Pressure, PressureBasis) {
        let available = [self.active, self.inactive, self.free, self.speculative]
            .iter()
            .fold(0u64, |sum, pages| sum.saturating_add(*pages));
        let all = u128::from(available) + u128::from(self.compressor);
        // Integer thresholds: 0.5 × all, and 1.2 × 0.29 = 0.348 = 348/1000 × all.
        let warn_below = u64::try_from(all / 2).unwrap_or(u64::MAX);
        let critical_below = u64::try_from(all * 348 / 1000).unwrap_or(u64::MAX);
        let level = if available < critical_below {
            Pressure::Critical
        } else if available < warn_below {
            Pressure::Warn
        } else {
            Pressure::Normal
        };
        (level, PressureBasis::PageCounts { available, warn_below, critical_below })
    }
}

/// Maps `kern.memorystatus_vm_pressure_level` (1 normal, 2 warn, 4 critical) to a level.
pub fn pressure_from_kernel_level(level: i32) -> Option<Pressure> {
    match level {
        1 => Some(Pressure::Normal),
        2 => Some(Pressure::Warn),
        4 => Some(Pressure::Critical),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counters() -> MacCounters {
        MacCounters {
            page_size: 16384,
            free: 100,
            speculative: 10,
            active: 300,
            inactive: 200,
            throttled: 0,
            wired: 150,
            purgeable: 20,
            external: 250,
            internal: 270,
            compressor: 40,
            faults: 123_456_789,
        }
    }

    #[test]
    fn a_cached_copy_is_a_repeat_and_a_new_read_is_not() {
        let first = counters();
        assert!(first.is_repeat_of(&first), "the kernel's cached copy is identical to the last real read");
        // A genuine read a moment later: the queues may not have moved, but the fault count has.
        let later = MacCounters { faults: first.faults + 1_873, ..first };
        assert!(!later.is_repeat_of(&first));
        let freed = MacCounters { external: 10, faults: first.faults + 90_000, ..first };
        assert!(!freed.is_repeat_of(&first));
    }

    #[test]
    fn categories_follow_activity_monitor() {
        let c = counters();
        let total = 1000 * 16384;
        let b = c.breakdown(total);
        assert_eq!(b.app, 250 * 16384);
        assert_eq!(b.wired, 150 * 16384);
        assert_eq!(b.compressed, 40 * 16384);
        assert_eq!(b.cached_files, 270 * 16384);
        assert_eq!(b.free, total - (250 + 150 + 40 + 270) * 16384);
        assert_eq!(b.used(), (250 + 150 + 40) * 16384);
    }

    #[test]
    fn odd_counters_saturate_instead_of_panicking() {
        let c = MacCounters {
            page_size: u64::MAX,
            purgeable: 10,
            internal: 3,
            wired: u64::MAX,
            compressor: u64::MAX,
            external: u64::MAX,
            ..MacCounters::default()
        };
        let b = c.breakdown(16 * GB);
        assert_eq!(b.app, 0, "purgeable above anonymous floors at zero");
        assert_eq!(b.free, 0, "used above total floors at zero");
        assert_eq!(b.wired, u64::MAX);
        let _ = c.estimated_total();
        let _ = c.pressure();
    }

    #[test]
    fn pressure_thresholds_are_the_kernels() {
        // A = 600, C = 400: warn below 500, critical below 348.
        let base = MacCounters { active: 600, compressor: 400, page_size: 4096, ..Default::default() };
        assert_eq!(base.pressure().0, Pressure::Normal);
        let warn = MacCounters { active: 499, compressor: 501, ..base };
        assert_eq!(warn.pressure().0, Pressure::Warn);
        let critical = MacCounters { active: 347, compressor: 653, ..base };
        assert_eq!(critical.pressure().0, Pressure::Critical);
        // Exactly on the warn threshold is not below it.
        let edge = MacCounters { active: 500, compressor: 500, ..base };
        assert_eq!(edge.pressure().0, Pressure::Normal);
    }

    #[test]
    fn estimated_total_rounds_up_to_whole_gib() {
        let c = MacCounters { page_size: 16384, free: 1_007_285, ..Default::default() };
        assert_eq!(c.estimated_total(), 16 * GB);
        let exact = MacCounters { page_size: 4096, free: (GB / 4096) * 2, ..Default::default() };
        assert_eq!(exact.estimated_total(), 2 * GB);
    }

    #[test]
    fn throttled_pages_are_counted_once_inside_wired() {
        // 2 GiB exactly on the queues, 1,000 of its wired pages throttled: still 2 GiB, not a page more.
        let pages = (2 * GB) / 4096;
        let c =
            MacCounters { page_size: 4096, free: pages - 5_000, wired: 5_000, throttled: 1_000, ..Default::default() };
        assert_eq!(c.queued_pages(), pages);
        assert_eq!(c.estimated_total(), 2 * GB);
    }

    #[test]
    fn kernel_levels() {
        assert_eq!(pressure_from_kernel_level(1), Some(Pressure::Normal));
        assert_eq!(pressure_from_kernel_level(2), Some(Pressure::Warn));
        assert_eq!(pressure_from_kernel_level(4), Some(Pressure::Critical));
        assert_eq!(pressure_from_kernel_level(0), None);
        assert_eq!(pressure_from_kernel_level(3), None);
    }

    #[test]
    fn the_kernels_headroom_percent_and_the_derived_figure() {
        // Recorded: `memory_pressure` on a 24 GB Mac printed "The system has 25769803776 (6291456
        // pages with a page size of 4096)" and "System-wide memory free percentage: 71%" (quoted
        // in a public Rust test, index file id 71537328988): the bytes are 71 % of hw.memsize.
        let h = Headroom::from_percent(71, 25_769_803_776, HeadroomSource::Kernel);
        assert_eq!((h.bytes, h.percent), (18_296_560_680, 71.0));
        assert_eq!(Headroom::from_percent(250, 1000, HeadroomSource::Kernel).bytes, 1000, "capped at all of RAM");
        // Derived for pasted text: active + inactive + free + speculative pages, as the kernel counts.
        let text = include_str!("../../tests/fixtures/vm_stat/m1pro-16g-2026-05-28.txt");
        let m1 = crate::model::vm_stat::parse(text).expect("fixture");
        let total = 16u64 << 30;
        let derived = m1.derived_headroom(total);
        assert_eq!(derived.bytes, (194_947 + 191_193 + 4_518 + 3_014) * 16_384);
        assert_eq!(derived.source, HeadroomSource::Derived);
        assert!((derived.percent - derived.bytes as f64 * 100.0 / total as f64).abs() < 1e-9);
        assert_eq!(counters().derived_headroom(1).bytes, 1, "never more than the RAM given");
    }
}
