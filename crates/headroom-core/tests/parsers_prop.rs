//! Property tests of every parser of outside text, grown from the real fixtures: arbitrary bytes,
//! truncation at every line, duplicated and reordered lines, numbers at 0, u64::MAX, overflow,
//! negative, non-UTF-8. Never a panic (the tests run in debug builds, so an arithmetic overflow
//! panics too); either figures that keep the invariants, or flagged, or an error naming the line.
//!
//! `HEADROOM_PROPTEST_CASES` sets the cases per property (default 2000; CI uses the default).

use headroom_core::model::analyze::{self, AnalyzeError};
use headroom_core::model::linux::{self, Psi};
use headroom_core::model::vm_stat::VmStatError;
use headroom_core::suspects::{gpu, linux_parse, llm, macos_parse, vm};
use proptest::prelude::*;
use time::OffsetDateTime;

fn cases() -> u32 {
    std::env::var("HEADROOM_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2000)
}

fn config() -> ProptestConfig {
    // Failures are kept as regression cases in the unit tests, named, rather than in files.
    ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() }
}

const VM_STAT: &[&str] = &[
    include_str!("fixtures/vm_stat/m1pro-16g-2026-05-28.txt"),
    include_str!("fixtures/vm_stat/intel-4k-wazuh-22113.txt"),
    include_str!("fixtures/vm_stat/apple-silicon-hmcl-4876.txt"),
    include_str!("fixtures/vm_stat/m1pro-16g-with-macos27-line.txt"),
];
const MEMINFO: &[&str] = &[
    include_str!("fixtures/meminfo/debian12-vm-24g-2026-11-22.txt"),
    include_str!("fixtures/meminfo/zfs-64g-htop-1559.txt"),
    include_str!("fixtures/meminfo/zswap-16g-quickshell.txt"),
    // A paste as the README describes: meminfo, then `zramctl`, then arcstats, in one text.
    concat!(
        include_str!("fixtures/meminfo/debian12-vm-24g-2026-11-22.txt"),
        include_str!("fixtures/zram/zramctl-lz4-8g-util-linux-3903.txt"),
        include_str!("fixtures/zfs/arcstats-32g-riemann-tools.txt")
    ),
];

/// Numbers that break careless arithmetic, as text.
fn odd_number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_owned()),
        Just(u64::MAX.to_string()),
        Just("18446744073709551616".to_owned()),
        Just("99999999999999999999999999".to_owned()),
        Just("-1".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("1e9".to_owned()),
        Just("".to_owned()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u64..1 << 40).prop_map(|n| n.to_string()),
    ]
}

/// A fixture's lines, mutated: some dropped, some duplicated, reordered, numbers replaced.
fn mutated(texts: &'static [&'static str]) -> impl Strategy<Value = String> {
    (0..texts.len(), prop::collection::vec((any::<u8>(), odd_number()), 0..64), any::<u64>()).prop_map(
        move |(which, edits, seed)| {
            let mut lines: Vec<String> = texts[which].lines().map(str::to_owned).collect();
            let mut state = seed;
            let mut next = |n: usize| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                (state >> 33) as usize % n.max(1)
            };
            for (action, number) in edits {
                if lines.is_empty() {
                    break;
                }
                let i = next(lines.len());
                match action % 5 {
                    0 => {
                        lines.remove(i);
                    }
                    1 => {
                        let copy = lines[i].clone();
                        lines.insert(next(lines.len()), copy);
                    }
                    2 => {
                        let j = next(lines.len());
                        lines.swap(i, j);
                    }
                    _ => {
                        // Replace the line's number (after the colon) with an odd one.
                        if let Some((label, _)) = lines[i].split_once(':') {
                            lines[i] = format!("{label}: {number}.");
                        }
                    }
                }
            }
            lines.join("\n")
        },
    )
}

/// The five categories never add up past the RAM unless the snapshot says its counters disagree.
fn check_snapshot(result: Result<headroom_core::Snapshot, AnalyzeError>) -> Result<(), TestCaseError> {
    match result {
        Ok(s) => {
            let m = &s.memory;
            let sum: u128 = [m.app, m.wired, m.compressed, m.cached_files, m.free].iter().map(|v| u128::from(*v)).sum();
            prop_assert!(sum <= u128::from(m.total) || s.inconsistent.is_some(), "{m:?} not flagged");
            if let Some(h) = s.headroom {
                prop_assert!(h.percent.is_finite() && h.percent >= 0.0);
            }
            // Rendering never panics either.
            let _ = headroom_core::ui::render::table(&s, time::UtcOffset::UTC, "GB");
            let _ = headroom_core::ui::render::json(&s).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        // A value error names its line; a missing line names the line it wanted.
        Err(AnalyzeError::VmStat(VmStatError::BadValue { line, .. })) => prop_assert!(line > 0),
        Err(error) => prop_assert!(!error.to_string().is_empty()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn vm_stat_mutations_never_panic(text in mutated(VM_STAT), ram in prop::option::of(any::<u64>())) {
        check_snapshot(analyze::analyze(&text, ram, OffsetDateTime::UNIX_EPOCH))?;
    }

    #[test]
    fn meminfo_mutations_never_panic(text in mutated(MEMINFO)) {
        check_snapshot(analyze::analyze(&text, None, OffsetDateTime::UNIX_EPOCH))?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        // Non-UTF-8 input reaches the parsers as the lossy text a reader would hand them.
        let text = String::from_utf8_lossy(&bytes);
        check_snapshot(analyze::analyze(&text, None, OffsetDateTime::UNIX_EPOCH))?;
        let _ = Psi::parse(&text);
        let _ = macos_parse::gpu_in_use(&text);
        let _ = macos_parse::third_party_kexts(&text);
        let _ = macos_parse::active_system_extensions(&text);
        let _ = macos_parse::procargs2_argv(&bytes, 2048);
        let _ = macos_parse::procargs2_argv(&bytes, bytes.len());
        let _ = linux_parse::tainting_modules(&text);
        let _ = linux_parse::slab_caches(&text, 4096);
        let _ = linux_parse::stat_name_and_start(&text);
        let _ = linux_parse::statm_resident(&text, u64::MAX);
        let _ = gpu::sysfs_bytes(&text);
        let _ = linux::parse_mm_stat(&text);
        let _ = linux::swap_on_zram(&text);
        let _ = linux::zram_swaps(&text).count();
        let _ = linux::parse_zramctl(&text);
        let _ = linux::parse_arcstats(&text);
        let _ = headroom_core::owners::cgroup::v2_kernel_bytes(&text);
        let _ = headroom_core::owners::cgroup::v1_kmem_bytes(&text);
        let _ = headroom_core::owners::process::locked_and_pinned(&text);
        let _ = headroom_core::owners::process::rollup_locked(&text);
        let _ = headroom_core::owners::drm::client(&text);
        // The kernel's wired table from arbitrary bytes: every complete record is read, nothing more.
        let rows = headroom_core::owners::macos_table::rows(&bytes);
        prop_assert_eq!(rows.len(), bytes.len() / headroom_core::owners::macos_table::RECORD_BYTES);
        let _ = headroom_core::owners::macos_table::holders(&rows, |_| None);
        let _ = vm::vm_kind(&text);
        let _ = llm::runtime(&text, &[&text]);
        let _ = headroom_core::units::parse_size(&text);
        let _ = headroom_core::top::status::parse(&text);
        let _ = headroom_core::top::cgroup::app_of(&text);
        let _ = headroom_core::top::bundle::app_of_path(&text);
        let _ = headroom_core::top::bundle::executable_name(&text);
    }

    #[test]
    fn psi_lines_with_odd_numbers(some in odd_number(), full in odd_number()) {
        let text = format!("some avg10={some} avg60=0.00 avg300=0.00 total=1\nfull avg10={full} avg60=0 avg300=0 total=1\n");
        if let Ok(psi) = Psi::parse(&text) {
            prop_assert!(psi.some_avg10.is_finite() && psi.some_avg10 >= 0.0);
            prop_assert!(psi.full_avg10.is_finite() && psi.full_avg10 >= 0.0);
        }
    }

    #[test]
    fn tool_outputs_mutated_never_panic(text in mutated(TOOLS), page in prop_oneof![Just(0u64), Just(4096), Just(u64::MAX)]) {
        let _ = macos_parse::gpu_in_use(&text);
        for kext in macos_parse::third_party_kexts(&text) {
            prop_assert!(!kext.name.is_empty());
        }
        let _ = macos_parse::active_system_extensions(&text);
        let _ = linux_parse::tainting_modules(&text);
        for slab in linux_parse::slab_caches(&text, page) {
            prop_assert!(!slab.name.is_empty());
        }
    }

    #[test]
    fn zram_and_zfs_outputs_with_odd_fields_never_panic(text in whitespace_mutated(COLUMNS)) {
        if let Ok((original, pool)) = linux::parse_mm_stat(&text) {
            // Fields 1 and 3 of the kernel's line, never others.
            let fields: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!((original.to_string(), pool.to_string()), (fields[0].to_owned(), fields[2].to_owned()));
        }
        let _ = linux::swap_on_zram(&text);
        if let Some(Ok(zram)) = linux::parse_zramctl(&text) {
            prop_assert!(zram.swap_used <= zram.original);
        }
        if let Ok(arc) = linux::parse_arcstats(&text) {
            prop_assert!(arc.reclaimable() <= arc.size);
        }
        let _ = headroom_core::owners::cgroup::v2_kernel_bytes(&text);
    }

    #[test]
    fn drm_fdinfo_mutations_never_panic(text in mutated(FDINFO)) {
        if let Some(client) = headroom_core::owners::drm::client(&text) {
            prop_assert!(!client.driver.is_empty() || text.contains("drm-driver:"));
        }
    }

    #[test]
    fn sizes_round_trip_through_their_text(bytes in any::<u64>()) {
        let size = headroom_core::config::Size(bytes);
        let text = size.to_string();
        prop_assert_eq!(headroom_core::units::parse_size(&text).ok(), Some(bytes), "{}", text);
    }

    #[test]
    fn config_text_mutations_name_the_line_or_load(text in mutated(CONFIG)) {
        let loaded = headroom_core::config::load_str(&text, std::path::Path::new("config.toml"));
        for error in &loaded.errors {
            // Errors name the file, and a line when the text has one to point at.
            let said = error.to_string();
            prop_assert!(said.contains("config.toml"), "{said}");
        }
    }
}

/// Column outputs (zram, ZFS): each real capture.
const COLUMNS: &[&str] = &[
    include_str!("fixtures/zram/mm_stat-7-fields-kerneladiutor-444.txt"),
    include_str!("fixtures/zram/mm_stat-chromeos-5.10-lkml-initial.txt"),
    include_str!("fixtures/zram/swaps-zram0-sda2-util-linux-1237.txt"),
    include_str!("fixtures/zram/zramctl-lz4-8g-util-linux-3903.txt"),
    include_str!("fixtures/zfs/arcstats-zol-0.6.5-node-exporter.txt"),
    include_str!("fixtures/cgroup/memory-stat-rabbitmq-container.txt"),
];

/// DRM fdinfo captures (tests/fixtures/drm/SOURCES.md), mutated like meminfo (`key: value` lines).
const FDINFO: &[&str] = &[
    include_str!("fixtures/drm/fdinfo-amdgpu-tursulin-v2.txt"),
    include_str!("fixtures/drm/fdinfo-amdgpu-amdgpu-top-87.txt"),
    include_str!("fixtures/drm/fdinfo-i915-man-pages-2024.txt"),
    include_str!("fixtures/drm/fdinfo-panfrost-kernel-doc.txt"),
];

/// A column output with whitespace-separated fields replaced by odd numbers, lines dropped or doubled.
fn whitespace_mutated(texts: &'static [&'static str]) -> impl Strategy<Value = String> {
    (0..texts.len(), prop::collection::vec((any::<u16>(), any::<u16>(), odd_number()), 0..16)).prop_map(
        move |(which, edits)| {
            let mut lines: Vec<Vec<String>> =
                texts[which].lines().map(|l| l.split_whitespace().map(str::to_owned).collect()).collect();
            for (line, field, number) in edits {
                if lines.is_empty() {
                    break;
                }
                let at = usize::from(line) % lines.len();
                match field % 7 {
                    0 => {
                        lines.remove(at);
                    }
                    1 => {
                        let copy = lines[at].clone();
                        lines.push(copy);
                    }
                    _ if !lines[at].is_empty() => {
                        let column = usize::from(field) % lines[at].len();
                        lines[at][column] = number;
                    }
                    _ => {}
                }
            }
            lines.iter().map(|fields| fields.join(" ")).collect::<Vec<_>>().join("\n")
        },
    )
}

const TOOLS: &[&str] = &[
    include_str!("fixtures/macos/ioreg-accelerator-m4.txt"),
    include_str!("fixtures/macos/kmutil-showloaded-big-sur.txt"),
    include_str!("fixtures/macos/kmutil-showloaded-hackintosh.txt"),
    include_str!("fixtures/proc/modules-parallels-guest.txt"),
    include_str!("fixtures/proc/slabinfo-debian12-vm.txt"),
];
const CONFIG: &[&str] = &[include_str!("../../../resources/config.toml")];
const PROC_PID: &[&str] = &[
    include_str!("fixtures/proc/status-self-debian12.txt"),
    include_str!("fixtures/proc/status-kthread-debian12.txt"),
    include_str!("fixtures/proc/cgroup-flatpak-recipes.txt"),
    include_str!("fixtures/proc/cgroup-snap-firefox.txt"),
    include_str!("fixtures/proc/cgroup-gnome-virtualbox.txt"),
    include_str!("fixtures/proc/cgroup-v1-debian12.txt"),
    include_str!("fixtures/proc/cgroup-cosmic-applist.txt"),
    include_str!("fixtures/proc/cgroup-autostart-service.txt"),
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn proc_pid_status_and_cgroup_mutations_never_panic(text in mutated(PROC_PID)) {
        // Sizes are sums of kB lines: an overflow would panic here (debug build), not wrap.
        let _ = headroom_core::top::status::parse(&text);
        if let Some(app) = headroom_core::top::cgroup::app_of(&text) {
            prop_assert!(!app.is_empty());
        }
        let _ = headroom_core::top::bundle::app_of_path(&text);
    }
}

#[test]
fn truncation_at_every_line_of_every_fixture() {
    for text in VM_STAT.iter().chain(MEMINFO) {
        let lines: Vec<&str> = text.lines().collect();
        for cut in 0..=lines.len() {
            let head = lines[..cut].join("\n");
            check_snapshot(analyze::analyze(&head, None, OffsetDateTime::UNIX_EPOCH)).expect("holds");
            check_snapshot(analyze::analyze(&head, Some(16 << 30), OffsetDateTime::UNIX_EPOCH)).expect("holds");
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn durations_round_trip_through_their_text(secs in 1u64..(400 * 86_400)) {
        let span = headroom_core::config::Span(std::time::Duration::from_secs(secs));
        let text = format!("sample_interval = \"{span}\"\n");
        let loaded = headroom_core::config::load_str(&text, std::path::Path::new("config.toml"));
        // Within the allowed range the value comes back exactly; outside it the error names the key.
        match loaded.errors.first() {
            None => prop_assert_eq!(loaded.config.sample_interval.duration(), span.duration(), "{}", text),
            Some(error) => prop_assert!(error.to_string().contains("sample_interval"), "{}", error),
        }
    }
}
