//! The Linux formula: the parsed /proc/meminfo and PSI figures to Activity Monitor's categories and pressure.

mod meminfo;
mod psi;
mod zfs;
mod zram;

pub use meminfo::{Meminfo, MeminfoError, looks_like_meminfo};
pub use psi::{PSI_CRITICAL_FULL, PSI_CRITICAL_SOME, PSI_WARN_SOME, Psi, PsiError};
pub use zfs::{ZfsArc, ZfsError, looks_like_arcstats, parse_arcstats};
pub use zram::{Zram, ZramError, looks_like_zramctl, parse_mm_stat, parse_zramctl, swap_on_zram, zram_swaps};

use crate::model::figures::{Breakdown, Headroom, HeadroomSource, Pressure, PressureBasis, WiredParts};

/// Everything the Linux categories are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LinuxCounters {
    pub meminfo: Meminfo,
    /// `None` when the kernel has no PSI (or a pasted meminfo had none with it).
    pub psi: Option<Psi>,
    /// amdgpu GTT in use, bytes (system RAM the GPU pinned; 0 without amdgpu): a known part of wired.
    pub gtt_used: u64,
    /// zram's pools and the swap on them (zeros without zram).
    pub zram: Zram,
    /// The ZFS ARC, when ZFS is loaded.
    pub arc: Option<ZfsArc>,
    /// Bytes swapped in and out since boot (/proc/vmstat), when read.
    pub paging: Option<crate::model::paging::Paging>,
}

/// Without PSI: MemAvailable under 10 % of RAM warns, under 5 % is critical.
pub(crate) const AVAILABLE_WARN_PERCENT: f64 = 10.0;
pub(crate) const AVAILABLE_CRITICAL_PERCENT: f64 = 5.0;

const KIB: u64 = 1024;

impl LinuxCounters {
    fn bytes(kb: u64) -> u64 {
        kb.saturating_mul(KIB)
    }

    /// Unevictable pages split by where meminfo also counts them, kB: (in AnonPages + Shmem, in
    /// Cached). Anonymous and shmem pages not on the evictable anon LRU lists are the unevictable
    /// ones (mlocked, SHM_LOCKed); the rest of Unevictable is page cache (mlocked files, ramfs).
    /// A meminfo without the LRU lines (a pasted excerpt) is taken as locking anonymous memory, the
    /// common case (mlock), so the page is still counted once.
    fn unevictable_split(&self) -> (u64, u64) {
        let m = &self.meminfo;
        let anon_and_shmem = m.anon_pages.saturating_add(m.shmem);
        let lru_anon = m.active_anon.saturating_add(m.inactive_anon);
        if lru_anon == 0 {
            return (m.unevictable.min(anon_and_shmem), 0);
        }
        let anon = anon_and_shmem.saturating_sub(lru_anon).min(m.unevictable);
        let page_cache = m.buffers.saturating_add(m.cached).saturating_sub(m.shmem);
        (anon, m.unevictable.saturating_sub(anon).min(page_cache))
    }

    /// Activity Monitor's categories (docs/formulas.md, the Linux table), each page once: locked
    /// (unevictable) pages are Wired, as user-wired pages are on macOS, not App or Cached Files as
    /// well; zram's and zswap's pools are Compressed; the ZFS ARC is Cached Files. Wired is the
    /// residual: memory the kernel holds that no process owns, floored at zero.
    pub(crate) fn breakdown(&self) -> Breakdown {
        let m = &self.meminfo;
        let total = Self::bytes(m.mem_total);
        let (locked_anon, locked_files) = self.unevictable_split();
        let app = Self::bytes(m.anon_pages.saturating_add(m.shmem).saturating_sub(locked_anon));
        let page_cache = m.buffers.saturating_add(m.cached).saturating_sub(m.shmem).saturating_sub(locked_files);
        let arc = self.arc.map_or(0, |arc| arc.size);
        let cached_files = Self::bytes(page_cache.saturating_add(m.s_reclaimable)).saturating_add(arc);
        let compressed = Self::bytes(m.zswap).saturating_add(self.zram.pool);
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
            unevictable: {
                let (anon, files) = self.unevictable_split();
                Self::bytes(anon.saturating_add(files))
            },
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

    /// What the compressed pools hold uncompressed (zswap's `Zswapped`, zram's `orig_data_size`).
    pub(crate) fn compressed_original(&self) -> u64 {
        Self::bytes(self.meminfo.zswapped).saturating_add(self.zram.original)
    }

    /// The headroom: MemAvailable, the kernel's own estimate of what can be allocated without
    /// swapping, plus the ZFS ARC above its floor, which MemAvailable leaves out and ZFS gives back
    /// under pressure (btop's rule); `None` before Linux 3.14, which had no MemAvailable line.
    pub(crate) fn headroom(&self) -> Option<Headroom> {
        let arc = self.arc.map_or(0, |arc| arc.reclaimable());
        let available = Self::bytes(self.meminfo.mem_available?).saturating_add(arc);
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
        LinuxCounters { meminfo: Meminfo::parse(text).expect("parses"), ..LinuxCounters::default() }
    }

    #[test]
    fn categories_follow_the_design_formula() {
        let b = counters(MINIMAL).breakdown();
        assert_eq!(b.total, 1000 * 1024);
        // Unevictable (4 kB) is taken out of App: without LRU lines it is taken as mlocked anonymous memory.
        assert_eq!(b.app, (250 + 40 - 4) * 1024);
        assert_eq!(b.cached_files, (10 + 300 - 40 + 30) * 1024);
        assert_eq!(b.compressed, 60 * 1024);
        assert_eq!(b.free, 100 * 1024);
        assert_eq!(b.wired, (1000 - 100 - 286 - 300 - 60) * 1024);
        assert_eq!(b.app + b.wired + b.compressed + b.cached_files + b.free, b.total);
    }

    #[test]
    fn wired_parts_explain_the_residual() {
        let c = counters(MINIMAL);
        let parts = c.wired_parts();
        assert_eq!(parts.slab_unreclaimable, 20 * 1024);
        assert_eq!(parts.page_tables, 7 * 1024);
        assert_eq!(parts.other, (254 - 20 - 5 - 7 - 3 - 4) * 1024);
    }

    #[test]
    fn locked_memory_is_wired_once_zram_and_zswap_are_compressed_and_the_arc_is_cache() {
        // Figures as this machine printed them with a process holding 200 MiB mlocked: AnonPages +
        // Shmem exceed the anon LRU lists by about Unevictable.
        let text = MINIMAL
            .replace("Unevictable: 4 kB", "Unevictable: 215000 kB")
            .replace("MemTotal: 1000 kB", "MemTotal: 1000000 kB")
            .replace("AnonPages: 250 kB", "AnonPages: 400000 kB")
            + "Active(anon): 1000 kB\nInactive(anon): 184040 kB\n";
        let plain = counters(&text);
        let b = plain.breakdown();
        // 400000 + 40 - 185040 = 215000 kB locked: all of it leaves App for Wired.
        assert_eq!(b.app, (400_040 - 215_000) * 1024);
        assert_eq!(plain.wired_parts().unevictable, 215_000 * 1024);
        let parts = plain.wired_parts();
        let named =
            parts.slab_unreclaimable + parts.kernel_stack + parts.page_tables + parts.percpu + parts.unevictable;
        assert_eq!(named + parts.hugetlb + parts.gpu_gtt + parts.other, b.wired, "the parts add up to wired");

        let zram = Zram { pool: 50 * 1024, original: 200 * 1024, swap_used: 200 * 1024 };
        let arc = ZfsArc { size: 100 * 1024, c_min: 30 * 1024 };
        let with = LinuxCounters { zram, arc: Some(arc), ..plain };
        let w = with.breakdown();
        assert_eq!(w.compressed, b.compressed + 50 * 1024, "zram's pool is Compressed");
        assert_eq!(w.cached_files, b.cached_files + 100 * 1024, "the ARC is Cached Files");
        assert_eq!(w.wired, b.wired - 150 * 1024, "both leave the wired residual");
        assert_eq!(w.app + w.wired + w.compressed + w.cached_files + w.free, w.total);
        assert_eq!(with.compressed_original(), 200 * 1024);
        let headroom = |c: &LinuxCounters| c.headroom().expect("MemAvailable").bytes;
        assert_eq!(headroom(&with), headroom(&plain) + 70 * 1024, "the ARC above c_min is headroom");
    }

    #[test]
    fn amdgpu_gtt_is_a_known_part_of_wired_not_the_rest() {
        // 4 GiB of GTT is the RX 570's whole GTT (tests/fixtures/sysfs); here 100 kB of a small machine.
        let c = LinuxCounters { gtt_used: 100 * 1024, ..counters(MINIMAL) };
        let parts = c.wired_parts();
        assert_eq!(parts.gpu_gtt, 100 * 1024);
        assert_eq!(parts.other, (254 - 20 - 5 - 7 - 3 - 4 - 100) * 1024);
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
            let c = LinuxCounters { psi: Some(psi), ..LinuxCounters::default() };
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
