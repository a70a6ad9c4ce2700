//! Every page once, on real captures (tests/fixtures/{zram,zfs,meminfo}, sources in each SOURCES.md
//! or header): zram's pool and zswap's are Compressed, the swap on zram is told from disk swap, the
//! ZFS ARC is Cached Files, locked pages are Wired — and a paste of meminfo with zramctl and
//! arcstats after it is read as one machine.

use headroom_core::model::analyze;
use headroom_core::model::linux::{self, ZfsArc};
use time::OffsetDateTime;

const DEBIAN: &str = include_str!("fixtures/meminfo/debian12-vm-24g-2026-11-22.txt");
const ZFS_64G: &str = include_str!("fixtures/meminfo/zfs-64g-htop-1559.txt");
const ZSWAP: &str = include_str!("fixtures/meminfo/zswap-16g-quickshell.txt");
const MIB: u64 = 1 << 20;

fn analyze(text: &str) -> headroom_core::Snapshot {
    analyze::analyze(text, None, OffsetDateTime::UNIX_EPOCH).expect("analyses")
}

#[test]
fn mm_stat_in_both_layouts_gives_what_is_held_and_the_pool() {
    let cases = [
        (include_str!("fixtures/zram/mm_stat-7-fields-kerneladiutor-444.txt"), 181_977_088, 64_512_000),
        (include_str!("fixtures/zram/mm_stat-chromeos-5.10-lkml-initial.txt"), 8_955_662_336, 2_277_711_872),
        (include_str!("fixtures/zram/mm_stat-chromeos-5.10-lkml-recompressed.txt"), 8_905_592_832, 1_984_495_616),
    ];
    for (text, original, pool) in cases {
        assert_eq!(linux::parse_mm_stat(text), Ok((original, pool)), "{text}");
    }
}

#[test]
fn proc_swaps_tells_zram_from_a_disk_partition() {
    let one = include_str!("fixtures/zram/swaps-zram0-util-linux-3903.txt");
    assert_eq!(linux::swap_on_zram(one), 7_475_912 * 1024);
    let beside_disk = include_str!("fixtures/zram/swaps-zram0-sda2-util-linux-1237.txt");
    assert_eq!(linux::swap_on_zram(beside_disk), 239_872 * 1024, "sda2 is disk swap");
    assert_eq!(linux::zram_swaps(beside_disk).collect::<Vec<_>>(), ["zram0"]);
}

#[test]
fn zramctl_as_printed_sums_its_devices() {
    let lz4 = include_str!("fixtures/zram/zramctl-lz4-8g-util-linux-3903.txt");
    let zram = linux::parse_zramctl(lz4).expect("a header").expect("parses");
    assert_eq!(zram.pool, (903.8 * MIB as f64) as u64);
    assert_eq!(zram.original, (2.3 * (1u64 << 30) as f64) as u64);
    assert_eq!(zram.swap_used, zram.original, "a [SWAP] device's data is swap in RAM");
    let small = include_str!("fixtures/zram/zramctl-lzo-rle-util-linux-1237.txt");
    assert_eq!(linux::parse_zramctl(small).expect("a header").expect("parses").pool, (1.5 * MIB as f64) as u64);
}

#[test]
fn arcstats_from_three_machines() {
    let cases = [
        (include_str!("fixtures/zfs/arcstats-zol-0.6.5-node-exporter.txt"), 1_603_939_792, 33_554_432),
        (include_str!("fixtures/zfs/arcstats-32g-riemann-tools.txt"), 16_791_717_984, 1_047_941_632),
        (include_str!("fixtures/zfs/arcstats-64g-mackerel-plugin.txt"), 33_743_421_984, 2_104_793_216),
    ];
    for (text, size, c_min) in cases {
        assert!(linux::looks_like_arcstats(text));
        assert_eq!(linux::parse_arcstats(text), Ok(ZfsArc { size, c_min }));
    }
}

#[test]
fn zswap_is_compressed_with_what_it_holds() {
    let s = analyze(ZSWAP);
    assert_eq!(s.memory.compressed, 183_944 * 1024);
    assert_eq!(s.compressed_original, Some(505_544 * 1024));
    let text = headroom_core::ui::render::table(&s, time::UtcOffset::UTC, "GB");
    assert!(text.contains("holds 494 MB of memory, 2.7:1"), "{text}");
}

#[test]
fn a_paste_of_meminfo_then_zramctl_moves_the_pool_from_wired_to_compressed() {
    let zramctl = include_str!("fixtures/zram/zramctl-lz4-8g-util-linux-3903.txt");
    let alone = analyze(DEBIAN);
    let with = analyze(&format!("{DEBIAN}$ zramctl\n{zramctl}"));
    let pool = (903.8 * MIB as f64) as u64;
    assert_eq!(with.memory.compressed, alone.memory.compressed + pool);
    assert_eq!(with.memory.wired, alone.memory.wired.saturating_sub(pool));
    assert_eq!(with.memory.app, alone.memory.app);
    assert_eq!(with.swap_in_ram, Some((2.3 * (1u64 << 30) as f64) as u64));
    let text = headroom_core::ui::render::table(&with, time::UtcOffset::UTC, "GB");
    assert!(text.contains("of it in RAM (zram, in Compressed)"), "{text}");
}

#[test]
fn a_paste_of_meminfo_then_arcstats_makes_the_arc_cache_and_headroom() {
    // htop #1559's 64 GB ZFS machine, with the 64 GB arcstats capture after it (two machines of
    // the same size: what matters is that the paste is read as one).
    let arcstats = include_str!("fixtures/zfs/arcstats-64g-mackerel-plugin.txt");
    let alone = analyze(ZFS_64G);
    let with = analyze(&format!("{ZFS_64G}{arcstats}"));
    assert_eq!(with.memory.cached_files, alone.memory.cached_files + 33_743_421_984);
    assert!(with.memory.wired < alone.memory.wired, "the ARC leaves the wired residual");
    let headroom = |s: &headroom_core::Snapshot| s.headroom.expect("MemAvailable").bytes;
    assert_eq!(headroom(&with), headroom(&alone) + (33_743_421_984 - 2_104_793_216));
    let text = headroom_core::ui::render::table(&with, time::UtcOffset::UTC, "GB");
    assert!(text.contains("of it the ZFS ARC"), "{text}");
}

#[test]
fn locked_pages_in_a_real_capture_are_wired_once() {
    // The zswap machine had 190164 kB unevictable; AnonPages + Shmem against the anon LRU lists
    // says how much of it App Memory held.
    let s = analyze(ZSWAP);
    let parts = s.wired_parts.expect("Linux parts");
    let sum = parts.slab_unreclaimable
        + parts.kernel_stack
        + parts.page_tables
        + parts.percpu
        + parts.unevictable
        + parts.hugetlb
        + parts.gpu_gtt
        + parts.other;
    assert_eq!(sum, s.memory.wired, "the parts of wired add up to wired");
    assert!(parts.unevictable > 0 && parts.unevictable <= 190_164 * 1024);
}

#[test]
fn a_cgroups_kernel_memory_from_real_memory_stat_files() {
    use headroom_core::owners::cgroup::v2_kernel_bytes;
    // Linux 5.18+: `kernel` less reclaimable slab (a RabbitMQ container).
    let container = include_str!("fixtures/cgroup/memory-stat-rabbitmq-container.txt");
    assert_eq!(v2_kernel_bytes(container), Some(167_936_000 - 4_199_912));
    // Before `kernel` existed (oomd's 2018 fixture): the kernel parts it lists, reclaimable slab left out.
    let older = include_str!("fixtures/cgroup/memory-stat-oomd-system-slice.txt");
    assert_eq!(v2_kernel_bytes(older), Some(7_225_344 + 1_228_800 + 33_984_512));
}
