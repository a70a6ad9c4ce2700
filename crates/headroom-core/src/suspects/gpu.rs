//! The GPU memory budget: Apple Silicon's wired ceiling (`iogpu.wired_limit_mb` or its default) and amdgpu's GTT.
//!
//! Pure: the figures come from `sys`, the RAM size from the snapshot.

use super::GpuMemory;

/// Where a GPU memory figure comes from, which decides what its ceiling means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpuSource {
    /// Apple Silicon: IOAccelerator's "In use system memory", capped by `iogpu.wired_limit_mb`.
    AppleSilicon,
    /// Linux amdgpu: `mem_info_gtt_used` against `mem_info_gtt_total` (system RAM the GPU has pinned).
    AmdGtt,
}

impl GpuSource {
    /// The source of the GPU figure on `platform`.
    pub fn of(platform: crate::Platform) -> GpuSource {
        match platform {
            crate::Platform::Macos => GpuSource::AppleSilicon,
            crate::Platform::Linux => GpuSource::AmdGtt,
        }
    }

    /// The source on the system this runs on, where the suspects were gathered.
    pub(crate) fn here() -> GpuSource {
        GpuSource::of(crate::sys::PLATFORM)
    }
}

/// The cap macOS puts on GPU-wired memory when `iogpu.wired_limit_mb` is 0 (its default):
/// two thirds of RAM up to 32 GB, three quarters above.
///
/// IOGPUFamily is not open source and XNU does not hold this rule, so it is read off what Metal
/// reports as `recommendedMaxWorkingSetSize`, the figure MLX (`max_recommended_working_set_size`),
/// llama.cpp and exo (PR #1672: "~10.67 GB on 16GB M4") treat as the cap. Recorded values, all
/// from llama.cpp's start-up log (see the test): 16 GB → 11453.25 MB (÷10^6), 32 GB → 21845.34 MiB
/// (ollama/ollama#434), 36 GB → 28991.03 MB (M4 Max), 64 GB → 49152.00 MiB (ggml-org/llama.cpp#1870).
/// A 128 GB Mac reports about 96 GB (stencel.io, "Apple silicon limitations with usage on local LLM").
/// Some tools quote up to ~84 % on large Macs (notatestuser/ds4-control#12); no recorded value was
/// found for that, so this rule may understate the cap there.
pub(crate) fn default_wired_limit(ram: u64) -> u64 {
    const THRESHOLD: u64 = 32 << 30;
    if ram <= THRESHOLD { ram / 3 * 2 + ram % 3 * 2 / 3 } else { ram / 4 * 3 + ram % 4 * 3 / 4 }
}

/// A limit that still leaves the system room: the larger of 80 % of RAM and RAM − 5 GB, which is
/// what exo's `configure_mlx.sh` sets `iogpu.wired_limit_mb` to (exo-explore/exo, configure_mlx.sh).
/// In MiB, as the sysctl takes it.
pub(crate) fn suggested_limit_mb(ram: u64) -> u64 {
    let ram_mb = ram >> 20;
    (ram_mb * 80 / 100).max(ram_mb.saturating_sub(5 * 1024))
}

/// The ceiling in force: the limit that was read (the sysctl when set, the GTT size), else the
/// default for this much RAM; `None` when there is no default to derive (GTT without a total).
pub fn ceiling(gpu: &GpuMemory, source: GpuSource, ram: u64) -> Option<u64> {
    match (gpu.limit, source) {
        (Some(limit), _) => Some(limit),
        (None, GpuSource::AppleSilicon) if ram > 0 => Some(default_wired_limit(ram)),
        (None, _) => None,
    }
}

/// "GPU memory 18.2 GB of 21.3 GB limit" (Apple Silicon; "default limit" when the sysctl is 0),
/// or "GPU memory (GTT) 1.2 GB of 8.0 GB" on Linux. `format` prints a size ("18.2 GB").
pub fn budget_line(gpu: &GpuMemory, source: GpuSource, ram: u64, format: impl Fn(u64) -> String) -> String {
    let ceiling = ceiling(gpu, source, ram);
    match (source, ceiling) {
        (GpuSource::AppleSilicon, Some(cap)) if gpu.limit.is_some() => {
            crate::tr!("gpu-limit", used = format(gpu.in_use), cap = format(cap))
        }
        (GpuSource::AppleSilicon, Some(cap)) => {
            crate::tr!("gpu-default-limit", used = format(gpu.in_use), cap = format(cap))
        }
        (GpuSource::AmdGtt, Some(cap)) => crate::tr!("gpu-gtt-of", used = format(gpu.in_use), cap = format(cap)),
        (GpuSource::AppleSilicon, None) => crate::tr!("gpu-used", used = format(gpu.in_use)),
        (GpuSource::AmdGtt, None) => crate::tr!("gpu-gtt", used = format(gpu.in_use)),
    }
}

/// True where the GPU budget always has a line in the dropdown: Apple Silicon, where GPU memory is wired.
pub(crate) const APPLE_SILICON: bool = crate::sys::APPLE_SILICON;

/// The dropdown's GPU line: on Apple Silicon always (reading…, unknown, or the budget); elsewhere only
/// once GPU memory is known and above 0 (amdgpu GTT). `ram` is 0 before the first sample.
pub(crate) fn menu_line(
    gpu: Option<&super::Probe<GpuMemory>>,
    source: GpuSource,
    ram: u64,
    apple_silicon: bool,
    format: impl Fn(u64) -> String,
) -> Option<String> {
    match gpu {
        Some(super::Probe::Found(gpu)) if apple_silicon || gpu.in_use > 0 => {
            Some(budget_line(gpu, source, ram, format))
        }
        None if apple_silicon => Some(crate::tr!("gpu-reading")),
        Some(_) if apple_silicon => Some(crate::tr!("gpu-unknown")),
        _ => None,
    }
}

/// Bytes from one amdgpu sysfs counter (`mem_info_gtt_used`, `mem_info_gtt_total`): a decimal
/// number of bytes and a newline (drivers/gpu/drm/amd/amdgpu/amdgpu_gtt_mgr.c prints them with "%llu\n").
pub fn sysfs_bytes(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    #[test]
    fn the_default_limit_matches_what_real_macs_report() {
        // (RAM, what llama.cpp printed, the unit it printed in).
        let recorded: &[(u64, f64, f64)] = &[
            (16 * GIB, 11453.25, 1e6),       // M1 Pro 16 GB, llama.cpp b6xxx log (÷10^6)
            (32 * GIB, 21845.34, 1048576.0), // M2 Max 32 GB, ollama/ollama#434 (÷2^20)
            (36 * GIB, 28991.03, 1e6),       // M4 Max 36 GB, llama-cli log (÷10^6)
            (64 * GIB, 49152.00, 1048576.0), // M1 Max 64 GB, ggml-org/llama.cpp#1870 (÷2^20)
        ];
        for &(ram, printed, unit) in recorded {
            let ours = default_wired_limit(ram) as f64 / unit;
            assert!((ours - printed).abs() < 0.01, "{} GiB: {ours:.2} vs recorded {printed}", ram / GIB);
        }
        assert_eq!(default_wired_limit(8 * GIB), 5_726_623_061, "two thirds of 8 GiB, rounded down");
        assert_eq!(default_wired_limit(128 * GIB), 96 * GIB);
        assert_eq!(default_wired_limit(0), 0);
    }

    #[test]
    fn the_suggested_limit_leaves_the_system_five_gb_or_a_fifth() {
        let cases: &[(u64, u64)] = &[(16, 13_107), (32, 27_648), (64, 60_416), (128, 125_952)];
        for &(gb, want_mb) in cases {
            assert_eq!(suggested_limit_mb(gb * GIB), want_mb, "{gb} GB");
        }
    }

    #[test]
    fn the_budget_line_says_which_limit() {
        let show = |bytes: u64| crate::units::format_gb(bytes);
        let m4 = GpuMemory { in_use: 351_141_888, limit: None }; // tests/fixtures/macos/ioreg-accelerator-m4.txt
        assert_eq!(
            budget_line(&m4, GpuSource::AppleSilicon, 16 * GIB, show),
            "GPU memory 335 MB of 10.7 GB default limit"
        );
        let raised = GpuMemory { in_use: 18_200 << 20, limit: Some(21_800 << 20) };
        assert_eq!(
            budget_line(&raised, GpuSource::AppleSilicon, 32 * GIB, show),
            "GPU memory 17.8 GB of 21.3 GB limit"
        );
        let gtt = GpuMemory { in_use: GIB + GIB / 5, limit: Some(4_294_967_296) };
        assert_eq!(budget_line(&gtt, GpuSource::AmdGtt, 16 * GIB, show), "GPU memory (GTT) 1.2 GB of 4.0 GB");
        assert_eq!(ceiling(&GpuMemory { in_use: 1, limit: None }, GpuSource::AmdGtt, 16 * GIB), None);
        assert_eq!(budget_line(&m4, GpuSource::AppleSilicon, 0, show), "GPU memory 335 MB", "RAM unknown");
    }

    #[test]
    fn the_menu_line_shows_on_apple_silicon_or_when_known() {
        use super::super::Probe;
        let show = |bytes: u64| crate::units::format_gb(bytes);
        let in_use = crate::suspects::macos_parse::gpu_in_use(include_str!(
            "../../tests/fixtures/macos/ioreg-accelerator-m4.txt"
        ));
        let m4 = Probe::Found(GpuMemory { in_use: in_use.expect("recorded"), limit: None });
        let line = |gpu: Option<&Probe<GpuMemory>>, source, apple| menu_line(gpu, source, 16 * GIB, apple, show);
        let apple = GpuSource::AppleSilicon;
        assert_eq!(line(Some(&m4), apple, true).as_deref(), Some("GPU memory 335 MB of 10.7 GB default limit"));
        assert_eq!(line(None, apple, true).as_deref(), Some("GPU memory: reading…"));
        assert_eq!(line(Some(&Probe::Unknown("x".into())), apple, true).as_deref(), Some("GPU memory: unknown"));
        let idle = Probe::Found(GpuMemory { in_use: 0, limit: Some(4 * GIB) });
        assert_eq!(line(Some(&idle), GpuSource::AmdGtt, false), None, "no line for an idle GTT");
        assert_eq!(line(None, GpuSource::AmdGtt, false), None);
        assert_eq!(line(Some(&Probe::NotApplicable), GpuSource::AmdGtt, false), None);
        let busy = Probe::Found(GpuMemory { in_use: GIB, limit: Some(4 * GIB) });
        assert_eq!(line(Some(&busy), GpuSource::AmdGtt, false).as_deref(), Some("GPU memory (GTT) 1.0 GB of 4.0 GB"));
    }

    #[test]
    fn gtt_counters_from_real_sysfs_files() {
        // Ricks-Lab/gpu-utils#118: `cat /sys/class/drm/card1/device/mem_info_gtt_total` on an RX 570.
        let total = include_str!("../../tests/fixtures/sysfs/amdgpu-rx570-mem_info_gtt_total.txt");
        assert_eq!(sysfs_bytes(total), Some(4_294_967_296));
        assert_eq!(sysfs_bytes("0\n"), Some(0));
        assert_eq!(sysfs_bytes(""), None);
        assert_eq!(sysfs_bytes("n/a\n"), None);
    }
}
