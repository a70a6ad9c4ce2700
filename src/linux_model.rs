//! The Linux formula: /proc/meminfo and /proc/pressure/memory text to Activity Monitor's categories and pressure.

use thiserror::Error;

use crate::snapshot::{Breakdown, Pressure, PressureBasis, WiredParts};

/// Why /proc/meminfo (or a pasted copy) could not be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MeminfoError {
    #[error("missing field `{0}:`")]
    Missing(&'static str),
    #[error("line {line}: `{field}` has the value `{value}`, which is not a size in kB")]
    BadValue { line: usize, field: String, value: String },
}

/// Why /proc/pressure/memory could not be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PsiError {
    #[error("no `{0}` line with avg10")]
    Missing(&'static str),
    #[error("`{0}` is not a PSI line")]
    Malformed(String),
}

/// The /proc/meminfo fields Headroom uses, in kB as the kernel prints them.
/// Fields that older kernels lack are zero when absent; `mem_available` is `None` before Linux 3.14.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Meminfo {
    pub mem_total: u64,
    pub mem_free: u64,
    pub mem_available: Option<u64>,
    pub buffers: u64,
    pub cached: u64,
    pub anon_pages: u64,
    pub shmem: u64,
    pub s_reclaimable: u64,
    pub s_unreclaim: u64,
    pub kernel_stack: u64,
    pub page_tables: u64,
    pub sec_page_tables: u64,
    pub percpu: u64,
    pub unevictable: u64,
    pub hugetlb: u64,
    pub zswap: u64,
    pub swap_total: u64,
    pub swap_free: u64,
}

/// Fields without which the categories cannot be computed.
const REQUIRED: &[&str] =
    &["MemTotal", "MemFree", "Buffers", "Cached", "AnonPages", "Shmem", "SReclaimable", "SwapTotal", "SwapFree"];

/// True when `text` looks like /proc/meminfo.
pub fn looks_like_meminfo(text: &str) -> bool {
    text.lines().any(|line| line.trim_start().starts_with("MemTotal:"))
}

impl Meminfo {
    /// Parses /proc/meminfo text. Lines without a colon (a shell prompt) and fields Headroom does
    /// not use are skipped; a used field with a value that is not a number is an error naming its line.
    pub fn parse(text: &str) -> Result<Meminfo, MeminfoError> {
        let mut info = Meminfo::default();
        // One bit per REQUIRED entry: this runs every sample, so no allocation and no searching.
        let mut seen: u32 = 0;
        for (index, line) in text.split('\n').enumerate() {
            let Some((field, value)) = line.split_once(':') else { continue };
            let field = field.trim_ascii();
            let Some(slot) = info.slot(field) else { continue };
            let kb = parse_kb(value).ok_or_else(|| MeminfoError::BadValue {
                line: index + 1,
                field: field.to_owned(),
                value: value.trim().to_owned(),
            })?;
            match slot {
                Slot::Available => info.mem_available = Some(kb),
                Slot::Field(field, required) => {
                    *info.field_mut(field) = kb;
                    if let Some(bit) = required {
                        seen |= 1 << bit;
                    }
                }
            }
        }
        if let Some(missing) = REQUIRED.iter().enumerate().find(|(bit, _)| seen & (1 << bit) == 0) {
            return Err(MeminfoError::Missing(missing.1));
        }
        Ok(info)
    }

    /// What a /proc/meminfo name fills, if Headroom uses it, and its bit in REQUIRED.
    fn slot(&self, name: &str) -> Option<Slot> {
        use MeminfoField::*;
        let (field, required) = match name {
            "MemAvailable" => return Some(Slot::Available),
            "MemTotal" => (MemTotal, Some(0)),
            "MemFree" => (MemFree, Some(1)),
            "Buffers" => (Buffers, Some(2)),
            "Cached" => (Cached, Some(3)),
            "AnonPages" => (AnonPages, Some(4)),
            "Shmem" => (Shmem, Some(5)),
            "SReclaimable" => (SReclaimable, Some(6)),
            "SwapTotal" => (SwapTotal, Some(7)),
            "SwapFree" => (SwapFree, Some(8)),
            "SUnreclaim" => (SUnreclaim, None),
            "KernelStack" => (KernelStack, None),
            "PageTables" => (PageTables, None),
            "SecPageTables" => (SecPageTables, None),
            "Percpu" => (Percpu, None),
            "Unevictable" => (Unevictable, None),
            "Hugetlb" => (Hugetlb, None),
            "Zswap" => (Zswap, None),
            _ => return None,
        };
        Some(Slot::Field(field, required))
    }

    fn field_mut(&mut self, field: MeminfoField) -> &mut u64 {
        use MeminfoField::*;
        match field {
            MemTotal => &mut self.mem_total,
            MemFree => &mut self.mem_free,
            Buffers => &mut self.buffers,
            Cached => &mut self.cached,
            AnonPages => &mut self.anon_pages,
            Shmem => &mut self.shmem,
            SReclaimable => &mut self.s_reclaimable,
            SUnreclaim => &mut self.s_unreclaim,
            KernelStack => &mut self.kernel_stack,
            PageTables => &mut self.page_tables,
            SecPageTables => &mut self.sec_page_tables,
            Percpu => &mut self.percpu,
            Unevictable => &mut self.unevictable,
            Hugetlb => &mut self.hugetlb,
            Zswap => &mut self.zswap,
            SwapTotal => &mut self.swap_total,
            SwapFree => &mut self.swap_free,
        }
    }
}

#[derive(Clone, Copy)]
enum MeminfoField {
    MemTotal,
    MemFree,
    Buffers,
    Cached,
    AnonPages,
    Shmem,
    SReclaimable,
    SUnreclaim,
    KernelStack,
    PageTables,
    SecPageTables,
    Percpu,
    Unevictable,
    Hugetlb,
    Zswap,
    SwapTotal,
    SwapFree,
}

/// What a used line fills: MemAvailable (optional, before 3.14 absent), or a field with its REQUIRED bit.
enum Slot {
    Available,
    Field(MeminfoField, Option<u8>),
}

/// "  24684084 kB" → 24684084.
fn parse_kb(value: &str) -> Option<u64> {
    let value = value.trim_ascii();
    let number = value.strip_suffix("kB").unwrap_or(value).trim_ascii_end();
    number.parse().ok()
}

/// Everything the Linux categories are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LinuxCounters {
    pub meminfo: Meminfo,
    /// `None` when the kernel has no PSI (or a pasted meminfo had none with it).
    pub psi: Option<Psi>,
}

/// The avg10 figures of /proc/pressure/memory, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Psi {
    pub some_avg10: f64,
    pub full_avg10: f64,
}

impl Psi {
    /// Parses /proc/pressure/memory: `some avg10=0.00 avg60=… total=…` and `full avg10=…`.
    pub fn parse(text: &str) -> Result<Psi, PsiError> {
        let mut some = None;
        let mut full = None;
        for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let mut words = line.split_whitespace();
            let kind = words.next().unwrap_or_default();
            let avg10 = words
                .find_map(|word| word.strip_prefix("avg10="))
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| PsiError::Malformed(line.to_owned()))?;
            match kind {
                "some" => some = Some(avg10),
                "full" => full = Some(avg10),
                _ => return Err(PsiError::Malformed(line.to_owned())),
            }
        }
        Ok(Psi {
            some_avg10: some.ok_or(PsiError::Missing("some"))?,
            // Kernels before 5.13 printed no `full` line for the system-wide file.
            full_avg10: full.unwrap_or(0.0),
        })
    }
}

/// PSI thresholds (design.md): some ≥ 10 % warns; full ≥ 5 % or some ≥ 40 % is critical.
pub const PSI_WARN_SOME: f64 = 10.0;
pub const PSI_CRITICAL_SOME: f64 = 40.0;
pub const PSI_CRITICAL_FULL: f64 = 5.0;
/// Without PSI: MemAvailable under 10 % of RAM warns, under 5 % is critical.
pub const AVAILABLE_WARN_PERCENT: f64 = 10.0;
pub const AVAILABLE_CRITICAL_PERCENT: f64 = 5.0;

const KIB: u64 = 1024;

impl LinuxCounters {
    fn bytes(kb: u64) -> u64 {
        kb.saturating_mul(KIB)
    }

    /// Activity Monitor's categories (design.md, Linux table). Wired is the residual: memory the
    /// kernel holds that no process owns, floored at zero.
    pub fn breakdown(&self) -> Breakdown {
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
    pub fn wired_parts(&self) -> WiredParts {
        let m = &self.meminfo;
        let mut parts = WiredParts {
            slab_unreclaimable: Self::bytes(m.s_unreclaim),
            kernel_stack: Self::bytes(m.kernel_stack),
            page_tables: Self::bytes(m.page_tables.saturating_add(m.sec_page_tables)),
            percpu: Self::bytes(m.percpu),
            unevictable: Self::bytes(m.unevictable),
            hugetlb: Self::bytes(m.hugetlb),
            other: 0,
        };
        let known = [
            parts.slab_unreclaimable,
            parts.kernel_stack,
            parts.page_tables,
            parts.percpu,
            parts.unevictable,
            parts.hugetlb,
        ]
        .iter()
        .fold(0u64, |sum, part| sum.saturating_add(*part));
        parts.other = self.breakdown().wired.saturating_sub(known);
        parts
    }

    pub fn swap_used(&self) -> u64 {
        Self::bytes(self.meminfo.swap_total.saturating_sub(self.meminfo.swap_free))
    }

    pub fn swap_total(&self) -> u64 {
        Self::bytes(self.meminfo.swap_total)
    }

    /// Pressure from PSI when present, else from MemAvailable; `None` when neither is known.
    pub fn pressure(&self) -> Option<(Pressure, PressureBasis)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "MemTotal: 1000 kB
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

    fn counters(text: &str) -> LinuxCounters {
        LinuxCounters { meminfo: Meminfo::parse(text).expect("parses"), psi: None }
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
    fn a_negative_residual_floors_at_zero() {
        let text = MINIMAL.replace("MemFree: 100 kB", "MemFree: 900 kB");
        let b = counters(&text).breakdown();
        assert_eq!(b.wired, 0);
        assert_eq!(counters(&text).wired_parts().other, 0);
    }

    #[test]
    fn missing_and_bad_fields_are_named() {
        let text = MINIMAL.replace("AnonPages: 250 kB\n", "");
        assert_eq!(Meminfo::parse(&text), Err(MeminfoError::Missing("AnonPages")));
        // Each required name's bit is its place in REQUIRED, so "missing" names the right one.
        for (bit, name) in REQUIRED.iter().enumerate() {
            match Meminfo::default().slot(name) {
                Some(Slot::Field(_, Some(b))) => assert_eq!(usize::from(b), bit, "{name}"),
                _ => panic!("{name} is required but has no bit"),
            }
        }
        let text = MINIMAL.replace("Shmem: 40 kB", "Shmem: forty kB");
        assert_eq!(
            Meminfo::parse(&text),
            Err(MeminfoError::BadValue { line: 9, field: "Shmem".into(), value: "forty kB".into() })
        );
        // Optional fields may be absent (old kernels).
        let text = MINIMAL.replace("Zswap: 60 kB\n", "").replace("MemAvailable: 500 kB\n", "");
        let info = Meminfo::parse(&text).expect("parses");
        assert_eq!(info.zswap, 0);
        assert_eq!(info.mem_available, None);
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
            let c = LinuxCounters { meminfo: Meminfo::default(), psi: Some(psi) };
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
