//! The Linux formula: the parsed /proc/meminfo and PSI figures to Activity Monitor's categories and pressure.

mod meminfo;
mod psi;

pub use meminfo::{Meminfo, MeminfoError, looks_like_meminfo};
pub use psi::{PSI_CRITICAL_FULL, PSI_CRITICAL_SOME, PSI_WARN_SOME, Psi, PsiError};

use crate::model::figures::{Breakdown, Headroom, HeadroomSource, Pressure, PressureBasis, WiredParts};

/// Everything the Linux categories are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LinuxCounters {
    pub meminfo: Meminfo,
    /// `None` when the kernel has no PSI (or a pasted meminfo had none with it).
    pub psi: Option<Psi>,
    /// amdgpu GTT in use, bytes (system RAM the GPU pinned; 0 without amdgpu): a known part of wired.
    pub gtt_used: u64,
}

/// Without PSI: MemAvailable under 10 % of RAM warns, under 5 % is critical.
pub(crate) const AVAILABLE_WARN_PERCENT: f64 = 10.0;
pub(crate) const AVAILABLE_CRITICAL_PERCENT: f64 = 5.0;

const KIB: u64 = 1024;

impl LinuxCounters {
    fn bytes(kb: u64) -> u64 {
        kb.saturating_mul(KIB)
    }

    /// Activity Monitor's categories (docs/formulas.md, the Linux table). Wired is the residual: memory the
    /// kernel holds that no process owns, floored at zero.
    pub(crate) fn breakdown(&self) -> Breakdown {
        let m = &self.meminfo;
        let total = Self::bytes(m.mem_total);
        let app = Self::bytes(m.anon_pages.saturating_add(m.shmem));
        let cached_files =
            Self::bytes(m.buffers.saturating_add(m.cached).saturating_sub(m.shmem).saturating_add(m.s_reclaimable));
        let compressed = Self::bytes(m.zswap);
        let free = Self::bytes(m.mem_free);
        let wired =
            total.saturating_sub(free).saturating_sub(app).saturating_sub(cached_files).saturating_sub(compressed);
        Breakdown { total, app, wired, compressed, cached_files, free }
    }

    /// The known parts of wired memory; `other` is what they do not explain.
    pub(crate) fn wired_parts(&self) -> WiredParts {
        let m = &self.meminfo;
        let mut parts = WiredParts {
            slab_unreclaimable: Self::bytes(m.s_unreclaim),
            kernel_stack: Self::bytes(m.kernel_stack),
            page_tables: Self::bytes(m.page_tables.saturating_add(m.sec_page_tables)),
            percpu: Self::bytes(m.percpu),
            unevictable: Self::bytes(m.unevictable),
            hugetlb: Self::bytes(m.hugetlb),
            gpu_gtt: self.gtt_used,
            other: 0,
        };
        let known = [
            parts.slab_unreclaimable,
            parts.kernel_stack,
            parts.page_tables,
            parts.percpu,
            parts.unevictable,
            parts.hugetlb,
            parts.gpu_gtt,
        ]
        .iter()
        .fold(0u64, |sum, part| sum.saturating_add(*part));
        parts.other = self.breakdown().wired.saturating_sub(known);
        parts
    }

    pub(crate) fn swap_used(&self) -> u64 {
        Self::bytes(self.meminfo.swap_total.saturating_sub(self.meminfo.swap_free))
    }

    pub(crate) fn swap_total(&self) -> u64 {
        Self::bytes(self.meminfo.swap_total)
    }

    /// The headroom: MemAvailable, the kernel's own estimate of what can be allocated without
    /// swapping; `None` before Linux 3.14, which had no such line.
    pub(crate) fn headroom(&self) -> Option<Headroom> {
        let available = Self::bytes(self.meminfo.mem_available?);
        Some(Headroom::of(available, Self::bytes(self.meminfo.mem_total), HeadroomSource::MemAvailable))
    }

    /// Pressure from PSI when present, else from MemAvailable; `None` when neither is known.
    pub(crate) fn pressure(&self) -> Option<(Pressure, PressureBasis)> {
        if let Some(psi) = self.psi {
            let level = if psi.full_avg10 >= PSI_CRITICAL_FULL || psi.some_avg10 >= PSI_CRITICAL_SOME {
                Pressure::Critical
            } else if psi.some_avg10 >= PSI_WARN_SOME {
                Pressure::Warn
            } else {
                Pressure::Normal
            };
            return Some((level, PressureBasis::Psi { some_avg10: psi.some_avg10, full_avg10: psi.full_avg10 }));
        }
        let available = self.meminfo.mem_available?;
        if self.meminfo.mem_total == 0 {
            return None;
        }
        let percent = available as f64 * 100.0 / self.meminfo.mem_total as f64;
        let level = if percent < AVAILABLE_CRITICAL_PERCENT {
            Pressure::Critical
        } else if percent < AVAILABLE_WARN_PERCENT {
            Pressure::Warn
        } else {
            Pressure::Normal
        };
        Some((level, PressureBasis::MemAvailable { percent }))
    }
}

/// A small meminfo whose every figure the tests can add up by hand.
#[cfg(test)]
pub(crate) const TEST_MEMINFO: &str = "MemTotal: 1000 kB
MemFree: 100 kB
MemAvailable: 500 kB
Buffers: 10 kB
Cached: 300 kB
SwapTotal: 200 kB
SwapFree: 50 kB
AnonPages: 250 kB
Shmem: 40 kB
SReclaimable: 30 kB
SUnreclaim: 20 kB
KernelStack: 5 kB
PageTables: 7 kB
Percpu: 3 kB
Unevictable: 4 kB
Zswap: 60 kB
";

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = TEST_MEMINFO;

    fn counters(text: &str) -> LinuxCounters {
        LinuxCounters { meminfo: Meminfo::parse(text).expect("parses"), psi: None, gtt_used: 0 }
    }

    #[test]
    fn categories_follow_the_design_formula() {
        let b = counters(MINIMAL).breakdown();
        assert_eq!(b.total, 1000 * 1024);
        assert_eq!(b.app, (250 + 40) * 1024);
        assert_eq!(b.cached_files, (10 + 300 - 40 + 30) * 1024);
        assert_eq!(b.compressed, 60 * 1024);
        assert_eq!(b.free, 100 * 1024);
        assert_eq!(b.wired, (1000 - 100 - 290 - 300 - 60) * 1024);
        assert_eq!(b.app + b.wired + b.compressed + b.cached_files + b.free, b.total);
    }

    #[test]
    fn wired_parts_explain_the_residual() {
        let c = counters(MINIMAL);
        let parts = c.wired_parts();
        assert_eq!(parts.slab_unreclaimable, 20 * 1024);
        assert_eq!(parts.page_tables, 7 * 1024);
        assert_eq!(parts.other, (250 - 20 - 5 - 7 - 3 - 4) * 1024);
    }

    #[test]
    fn amdgpu_gtt_is_a_known_part_of_wired_not_the_rest() {
        // 4 GiB of GTT is the RX 570's whole GTT (tests/fixtures/sysfs); here 100 kB of a small machine.
        let c = LinuxCounters { gtt_used: 100 * 1024, ..counters(MINIMAL) };
        let parts = c.wired_parts();
        assert_eq!(parts.gpu_gtt, 100 * 1024);
        assert_eq!(parts.other, (250 - 20 - 5 - 7 - 3 - 4 - 100) * 1024);
        assert_eq!(c.breakdown(), counters(MINIMAL).breakdown(), "the categories do not change, only the parts");
    }

    #[test]
    fn a_negative_residual_floors_at_zero() {
        let text = MINIMAL.replace("MemFree: 100 kB", "MemFree: 900 kB");
        let b = counters(&text).breakdown();
        assert_eq!(b.wired, 0);
        assert_eq!(counters(&text).wired_parts().other, 0);
    }

    #[test]
    fn psi_levels() {
        let cases: &[(&str, Pressure)] = &[
            (
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
                Pressure::Normal,
            ),
            ("some avg10=9.99 avg60=0 avg300=0 total=1\nfull avg10=4.99 avg60=0 avg300=0 total=1\n", Pressure::Normal),
            ("some avg10=10.00 avg60=0 avg300=0 total=1\nfull avg10=0.00 avg60=0 avg300=0 total=1\n", Pressure::Warn),
            (
                "some avg10=12.00 avg60=0 avg300=0 total=1\nfull avg10=5.00 avg60=0 avg300=0 total=1\n",
                Pressure::Critical,
            ),
            (
                "some avg10=40.00 avg60=0 avg300=0 total=1\nfull avg10=0.00 avg60=0 avg300=0 total=1\n",
                Pressure::Critical,
            ),
            ("some avg10=11.00 avg60=0 avg300=0 total=1\n", Pressure::Warn),
        ];
        for (text, want) in cases {
            let psi = Psi::parse(text).expect("parses");
            let c = LinuxCounters { meminfo: Meminfo::default(), psi: Some(psi), gtt_used: 0 };
            assert_eq!(c.pressure().map(|p| p.0), Some(*want), "{text}");
        }
        assert!(Psi::parse("full avg10=1.00 avg60=0 avg300=0 total=1\n").is_err());
        assert!(Psi::parse("some avg10=x avg60=0\n").is_err());
    }

    #[test]
    fn mem_available_rule_without_psi() {
        let at = |available: u64| {
            let text = MINIMAL.replace("MemAvailable: 500 kB", &format!("MemAvailable: {available} kB"));
            counters(&text).pressure().map(|p| p.0)
        };
        assert_eq!(at(100), Some(Pressure::Normal));
        assert_eq!(at(99), Some(Pressure::Warn));
        assert_eq!(at(50), Some(Pressure::Warn));
        assert_eq!(at(49), Some(Pressure::Critical));
        let none = counters(&MINIMAL.replace("MemAvailable: 500 kB\n", ""));
        assert_eq!(none.pressure(), None);
    }

    #[test]
    fn swap() {
        let c = counters(MINIMAL);
        assert_eq!(c.swap_used(), 150 * 1024);
        assert_eq!(c.swap_total(), 200 * 1024);
    }
}
