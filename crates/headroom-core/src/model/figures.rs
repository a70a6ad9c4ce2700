//! The words every model shares: platform, pressure and what it was decided from, Activity Monitor's categories, Linux's wired parts.

use serde::Serialize;

/// Which kind of system the figures describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Macos,
    Linux,
}

impl Platform {
    pub fn name(self) -> &'static str {
        match self {
            Platform::Macos => "macos",
            Platform::Linux => "linux",
        }
    }
}

/// Memory pressure as the kernel (or PSI) sees it, in Activity Monitor's three colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pressure {
    Normal,
    Warn,
    Critical,
}

impl Pressure {
    pub fn name(self) -> &'static str {
        match self {
            Pressure::Normal => "normal",
            Pressure::Warn => "warn",
            Pressure::Critical => "critical",
        }
    }

    /// The level in a sentence ("pressure normal"), in the app's language; `name` is the JSON's word.
    pub fn word(self) -> String {
        match self {
            Pressure::Normal => crate::tr!("pressure-word-normal"),
            Pressure::Warn => crate::tr!("pressure-word-warn"),
            Pressure::Critical => crate::tr!("pressure-word-critical"),
        }
    }

    /// The level as a title ("Memory Pressure: Warning"), in the app's language.
    pub fn title(self) -> String {
        match self {
            Pressure::Normal => crate::tr!("pressure-normal"),
            Pressure::Warn => crate::tr!("pressure-warn"),
            Pressure::Critical => crate::tr!("pressure-critical"),
        }
    }
}

/// What a pressure level was decided from, so every display can show its figures.
#[derive(Debug, Clone, PartialEq)]
pub enum PressureBasis {
    /// macOS `kern.memorystatus_vm_pressure_level` (1 normal, 2 warn, 4 critical).
    KernelLevel(i32),
    /// The kernel's own rule applied to page counts (xnu doc/vm/memorystatus_notify.md): available
    /// non-compressed pages against the warn and critical thresholds.
    PageCounts { available: u64, warn_below: u64, critical_below: u64 },
    /// Linux PSI `/proc/pressure/memory`, percent of the last 10 s.
    Psi { some_avg10: f64, full_avg10: f64 },
    /// Linux without PSI: MemAvailable as a share of MemTotal, in percent.
    MemAvailable { percent: f64 },
    /// No signal was available (e.g. a pasted meminfo from a kernel without MemAvailable).
    Unknown(&'static str),
}

impl PressureBasis {
    /// One short phrase with the figures, e.g. "PSI some 0.0 %, full 0.0 % (10 s)".
    pub(crate) fn describe(&self) -> String {
        match self {
            PressureBasis::KernelLevel(level) => crate::tr!("basis-kernel", level = *level),
            PressureBasis::PageCounts { available, warn_below, critical_below } => {
                crate::tr!("basis-pages", available = *available, warn = *warn_below, critical = *critical_below)
            }
            PressureBasis::Psi { some_avg10, full_avg10 } => crate::tr!(
                "basis-psi",
                some = crate::i18n::localize_number(format!("{some_avg10:.1}")),
                full = crate::i18n::localize_number(format!("{full_avg10:.1}"))
            ),
            PressureBasis::MemAvailable { percent } => {
                crate::tr!("basis-available", percent = crate::i18n::localize_number(format!("{percent:.1}")))
            }
            PressureBasis::Unknown(why) => crate::tr!("basis-unknown", why = *why),
        }
    }
}

/// Activity Monitor's categories, in bytes. `free` is what is left once the others are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Breakdown {
    pub total: u64,
    pub app: u64,
    pub wired: u64,
    pub compressed: u64,
    pub cached_files: u64,
    pub free: u64,
}

impl Breakdown {
    /// Activity Monitor's "Memory Used": App + Wired + Compressed.
    pub fn used(&self) -> u64 {
        self.app.saturating_add(self.wired).saturating_add(self.compressed)
    }

    /// Why the figures cannot all be true, when the categories add up to more than the RAM: the
    /// input's own counters disagree (a Free or Wired floored at zero hides it otherwise).
    pub(crate) fn inconsistency(&self) -> Option<String> {
        let sum: u128 =
            [self.app, self.wired, self.compressed, self.cached_files, self.free].iter().map(|v| u128::from(*v)).sum();
        (sum > u128::from(self.total)).then(|| {
            format!(
                "the counters disagree: the categories add up to {sum} bytes, more than the {} bytes of RAM",
                self.total
            )
        })
    }
}

/// The known parts of Linux "wired" memory (held by the kernel, or locked by a process), in bytes;
/// they add up to wired (`other` is the rest, floored at zero when the kernel's counters disagree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct WiredParts {
    /// SUnreclaim: kernel slab memory that cannot be reclaimed.
    pub slab_unreclaimable: u64,
    pub kernel_stack: u64,
    /// PageTables + SecPageTables.
    pub page_tables: u64,
    pub percpu: u64,
    /// Pages locked in RAM (mlock, SHM_LOCK, ramfs): taken out of App Memory and Cached Files.
    pub unevictable: u64,
    pub hugetlb: u64,
    /// amdgpu GTT: system RAM the GPU has pinned (driver memory in no process, in neither
    /// AnonPages nor Cached); 0 without amdgpu.
    pub gpu_gtt: u64,
    /// The rest: drivers, vmalloc, firmware reservations and other kernel allocations.
    pub other: u64,
}

impl WiredParts {
    /// Every part with its name as `explain` says it, largest first (a stable order for ties):
    /// the text shows each part the JSON has.
    pub fn named(&self) -> Vec<(&'static str, u64)> {
        let mut parts = vec![
            ("unreclaimable slab", self.slab_unreclaimable),
            ("page tables", self.page_tables),
            ("kernel stacks", self.kernel_stack),
            ("per-CPU", self.percpu),
            ("unevictable (mlock)", self.unevictable),
            ("huge pages reserved", self.hugetlb),
            ("GPU (GTT)", self.gpu_gtt),
            ("drivers and other kernel", self.other),
        ];
        parts.sort_by_key(|part| std::cmp::Reverse(part.1));
        parts
    }
}

/// Where the headroom figure came from: the kernel's own, or derived from page counts and said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadroomSource {
    /// macOS `kern.memorystatus_level`: the percent `memory_pressure` prints as "System-wide memory free percentage".
    Kernel,
    /// Linux `MemAvailable`, the kernel's estimate of what can be allocated without swapping.
    MemAvailable,
    /// Pasted `vm_stat`: the kernel's formula applied to the printed page counts.
    Derived,
}

impl HeadroomSource {
    pub fn describe(self) -> &'static str {
        match self {
            HeadroomSource::Kernel => "kern.memorystatus_level",
            HeadroomSource::MemAvailable => "MemAvailable",
            HeadroomSource::Derived => "derived from the page counts (active + inactive + free + speculative)",
        }
    }
}

/// What apps can still take before the system must compress or swap: bytes and percent of RAM.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Headroom {
    #[serde(rename = "headroom")]
    pub bytes: u64,
    #[serde(rename = "headroom_percent")]
    pub percent: f64,
    #[serde(rename = "headroom_source")]
    pub source: HeadroomSource,
}

impl Headroom {
    /// `bytes` of `total`, with the percent computed (0 for a zero total).
    pub(crate) fn of(bytes: u64, total: u64, source: HeadroomSource) -> Headroom {
        let percent = if total == 0 { 0.0 } else { bytes as f64 * 100.0 / total as f64 };
        Headroom { bytes, percent, source }
    }

    /// The kernel's whole percent of `total` (macOS `kern.memorystatus_level`), capped at 100.
    pub fn from_percent(level: u32, total: u64, source: HeadroomSource) -> Headroom {
        let level = level.min(100);
        let bytes = u64::try_from(u128::from(total) * u128::from(level) / 100).unwrap_or(u64::MAX);
        Headroom { bytes, percent: f64::from(level), source }
    }
}
