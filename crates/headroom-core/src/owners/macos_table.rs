//! macOS: the kernel's own table of wired memory by owner, as `mach_memory_info()` returns it and
//! `zprint` prints it ("wired memory"), turned into holders. Pure: the rows arrive as bytes.
//!
//! Layout and constants from apple-oss-distributions/xnu, the same in every tag from
//! xnu-7195.50.7.100.1 (macOS 11) to xnu-11417.121.6 (macOS 15.5):
//! * `mach_memory_info_t` (osfmk/mach_debug/zone_info.h): flags, site, size, free, largest,
//!   collectable_bytes, mapped, peak (u64 each, offsets 0–56), tag and zone (u16, 64 and 66),
//!   _resvA[2] (u16), _resv[3] (u64, from 72), name[80] (from 96): 176 bytes, 8-aligned
//!   (osfmk/mach_debug/mach_debug_types.defs: `struct[22] of uint64_t`).
//! * `VM_KERN_SITE_*` flags and `VM_KERN_MEMORY_*` tags, `VM_KERN_COUNT_*` counters
//!   (osfmk/mach/vm_statistics.h, under KERNEL_PRIVATE: not in the SDK, so they are defined here).
//! * Which rows count, as zprint decides (system_cmds zprint/zprint.c `PrintLarge`): not
//!   `VM_KERN_SITE_HIDE`, and `VM_KERN_SITE_WIRED` (or ZONE) set; the `VM_KERN_COUNT_WIRED` counter
//!   is the kernel's own wired total. Counters are found by flags and site, never by position: their
//!   number went from 14 to 15 in xnu-11215.61.5 (macOS 15.2).

use super::{OwnerKind, WiredOwner};

/// Bytes per `mach_memory_info_t`.
pub const RECORD_BYTES: usize = 176;
/// Bytes per `mach_zone_name_t` and `mach_zone_info_t` (for freeing the other two arrays).
pub const ZONE_NAME_BYTES: usize = 80;
pub const ZONE_INFO_BYTES: usize = 64;

pub const SITE_TYPE: u64 = 0xFF;
pub const SITE_TAG: u64 = 0;
pub const SITE_KMOD: u64 = 1;
pub const SITE_KERNEL: u64 = 2;
pub const SITE_COUNTER: u64 = 3;
pub const SITE_WIRED: u64 = 0x100;
pub const SITE_HIDE: u64 = 0x200;
pub const SITE_NAMED: u64 = 0x400;
pub const SITE_ZONE: u64 = 0x800;

/// `VM_KERN_COUNT_*` counters used here.
pub const COUNT_RESERVED: u64 = 1;
pub const COUNT_WIRED: u64 = 2;
pub const COUNT_STOLEN: u64 = 4;
pub const COUNT_LOPAGE: u64 = 5;
pub const COUNT_BOOT_STOLEN: u64 = 10;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub flags: u64,
    pub site: u64,
    /// Current bytes.
    pub size: u64,
    pub tag: u16,
    /// The kernel's name for a `VM_KERN_SITE_NAMED` row (a dynamic tag a driver named).
    pub name: String,
}

/// The rows in `bytes` (the array the kernel returned, native little-endian on both Mac
/// architectures); a trailing partial record is ignored.
pub fn rows(bytes: &[u8]) -> Vec<Row> {
    let word = |record: &[u8], at: usize| {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&record[at..at + 8]);
        u64::from_le_bytes(raw)
    };
    bytes
        .chunks_exact(RECORD_BYTES)
        .map(|record| {
            let name = &record[96..96 + 80];
            let end = name.iter().position(|b| *b == 0).unwrap_or(name.len());
            Row {
                flags: word(record, 0),
                site: word(record, 8),
                size: word(record, 16),
                tag: u16::from_le_bytes([record[64], record[65]]),
                name: String::from_utf8_lossy(&name[..end]).into_owned(),
            }
        })
        .collect()
}

/// A static `VM_KERN_MEMORY_*` tag in words (xnu osfmk/mach/vm_statistics.h; 0–33 the same from
/// macOS 11 to 15, 35–37 added in 14.4, 15.2 and 15.4). Dynamic tags carry their own name.
pub fn tag_name(tag: u64) -> Option<&'static str> {
    Some(match tag {
        0 => "untagged kernel memory",
        1 => "Mach kernel",
        2 => "BSD kernel",
        3 => "IOKit drivers",
        4 => "libkern",
        5 => "kext loading",
        6 => "kernel extensions",
        7 => "Mach IPC",
        8 => "kernel stacks",
        9 => "per-CPU data",
        10 => "page tables (pmap)",
        11 => "page table entries",
        12 => "kernel zones",
        13 => "kernel allocations (kalloc)",
        14 => "memory compressor",
        15 => "compressed data",
        16 => "phantom cache",
        17 => "wait queues",
        18 => "diagnostics",
        19 => "logging",
        20 => "file system",
        21 => "network buffers (mbuf)",
        22 => "unified buffer cache",
        23 => "security",
        24 => "locked by apps (mlock)",
        25 => "exit reasons",
        26 => "Skywalk networking",
        27 => "link tables",
        28 => "Hypervisor (VMs)",
        29 => "kernel allocations (data)",
        30 => "retired pages",
        31 => "kernel allocations (typed)",
        32 => "triage",
        33 => "CPU accounting",
        35 => "exclaves",
        36 => "exclaves (shared)",
        37 => "kernel allocations (shared)",
        _ => return None,
    })
}

/// A `VM_KERN_SITE_WIRED` counter in words: memory wired before or outside the kernel's allocators.
/// Not `VM_KERN_COUNT_BOOT_STOLEN`: the kernel adds the booter's memory to its own wired counter
/// (`wired_size += booter_size`, osfmk/vm/vm_resident.c `vm_page_diagnose`) but not to the
/// `wire_count` that vm_stat and Headroom's Wired show (osfmk/kern/host.c), so it names nothing of it.
fn counter_name(site: u64) -> Option<&'static str> {
    Some(match site {
        COUNT_RESERVED => "wired at boot (kernel, early allocations)",
        COUNT_STOLEN => "taken at boot (firmware, GPU carve-outs)",
        COUNT_LOPAGE => "low pages reserved",
        _ => return None,
    })
}

/// What the table says: its holders, the kernel's own wired total (`VM_KERN_COUNT_WIRED`), and the
/// zones' memory from the hidden `VM_KERN_MEMORY_ZONE` row (zone pages are allocated under that tag;
/// zprint hides the row only because it prints the zones apart, whose sizes non-root callers do not get).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub holders: Vec<WiredOwner>,
    pub wired: Option<u64>,
    pub zones: Option<u64>,
}

/// `VM_KERN_MEMORY_ZONE`.
const ZONE_TAG: u64 = 12;

fn tag_or_number(tag: u64) -> String {
    tag_name(tag).map_or_else(|| format!("tag {tag}"), str::to_owned)
}

/// The table's holders. `kext_name` names a kext by its load tag (`kmutil showloaded`'s Index column).
pub fn holders(rows: &[Row], kext_name: impl Fn(u64) -> Option<String>) -> Table {
    let mut table = Table::default();
    for row in rows {
        let kind = row.flags & SITE_TYPE;
        if kind == SITE_COUNTER && row.site == COUNT_WIRED {
            table.wired = Some(row.size);
        }
        if kind == SITE_TAG && row.site == ZONE_TAG && row.size > 0 {
            table.zones = Some(row.size);
        }
        // As zprint: hidden rows are not listed, and only wired rows add up (zone rows, on
        // DEBUG/DEVELOPMENT kernels only, are listed by zprint but never added to its total).
        let listed = row.flags & SITE_HIDE == 0 && row.flags & SITE_WIRED != 0 && row.flags & SITE_ZONE == 0;
        if !listed || row.size < 1024 {
            continue;
        }
        let named = (row.flags & SITE_NAMED != 0).then(|| {
            // A named row's site is 0; should its name be empty, its tag says what it is.
            if row.name.is_empty() { tag_or_number(u64::from(row.tag)) } else { row.name.clone() }
        });
        let (owner_kind, name) = match (named, kind) {
            (Some(name), _) => (OwnerKind::Kernel, name),
            (None, SITE_TAG) => (OwnerKind::Kernel, tag_or_number(row.site)),
            // The kmutil list is kept for minutes: a tag missing from it may be a kext loaded since.
            (None, SITE_KMOD) => (
                OwnerKind::Kext,
                kext_name(row.site)
                    .unwrap_or_else(|| format!("kext with load tag {} (not in the last kmutil list)", row.site)),
            ),
            (None, SITE_COUNTER) => match counter_name(row.site) {
                Some(name) => (OwnerKind::Boot, name.to_owned()),
                None => continue,
            },
            // The site is the unslid address of the allocation site (zprint symbolicates it).
            (None, SITE_KERNEL) => (OwnerKind::Kernel, format!("kernel site {:#x}", row.site)),
            _ => continue,
        };
        table.holders.push(WiredOwner { kind: owner_kind, name, pid: None, bytes: row.size });
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record laid out as zone_info.h declares it (a fixture built from the header: no Mac
    /// here to record one on).
    pub(crate) fn record(flags: u64, site: u64, size: u64, tag: u16, name: &str) -> Vec<u8> {
        let mut bytes = vec![0u8; RECORD_BYTES];
        bytes[0..8].copy_from_slice(&flags.to_le_bytes());
        bytes[8..16].copy_from_slice(&site.to_le_bytes());
        bytes[16..24].copy_from_slice(&size.to_le_bytes());
        bytes[56..64].copy_from_slice(&(size * 2).to_le_bytes()); // peak: never read
        bytes[64..66].copy_from_slice(&tag.to_le_bytes());
        bytes[96..96 + name.len()].copy_from_slice(name.as_bytes());
        bytes
    }

    #[test]
    fn a_table_as_the_kernel_lays_it_out_names_its_holders() {
        let mib = 1u64 << 20;
        let table: Vec<u8> = [
            record(SITE_TAG | SITE_WIRED, 3, 900 * mib, 3, ""),    // IOKit
            record(SITE_TAG | SITE_WIRED, 28, 2048 * mib, 28, ""), // HV
            record(SITE_TAG | SITE_WIRED, 24, 64 * mib, 24, ""),   // MLOCK
            record(SITE_TAG | SITE_HIDE, 12, 700 * mib, 12, ""),   // ZONE: hidden
            record(SITE_TAG, 7, 5 * mib, 7, ""),                   // not wired
            record(SITE_KMOD | SITE_WIRED, 142, 40 * mib, 0, ""),  // a kext by load tag
            record(SITE_KMOD | SITE_WIRED, 999, 2 * mib, 0, ""),   // unloaded since
            record(SITE_TAG | SITE_WIRED | SITE_NAMED, 40, 30 * mib, 40, "com.example.filter"),
            record(SITE_COUNTER | SITE_WIRED, COUNT_STOLEN, 120 * mib, 260, ""),
            // The booter's memory: in the kernel's wired counter, not in wire_count; not a holder.
            record(SITE_COUNTER | SITE_WIRED, COUNT_BOOT_STOLEN, 300 * mib, 266, ""),
            // A zone row (DEBUG kernels): listed by zprint, never added to its total.
            record(SITE_ZONE | SITE_WIRED, 0, 9 * mib, 0, "kalloc.32"),
            record(SITE_COUNTER, COUNT_WIRED, 5600 * mib, 258, ""),
            record(SITE_COUNTER, 0, 16384 * mib, 256, ""), // MANAGED: not a holder
            record(SITE_TAG | SITE_WIRED, 13, 512, 13, ""), // under 1 KiB
        ]
        .concat();
        let rows = rows(&table);
        assert_eq!(rows.len(), 14);
        let read = holders(&rows, |tag| (tag == 142).then(|| "com.vendor.driver".to_owned()));
        assert_eq!(read.wired, Some(5600 * mib), "the kernel's own wired total");
        assert_eq!(read.zones, Some(700 * mib), "the hidden zone row says what the zones hold");
        let named: Vec<(OwnerKind, &str, u64)> =
            read.holders.iter().map(|o| (o.kind, o.name.as_str(), o.bytes / mib)).collect();
        assert_eq!(
            named,
            [
                (OwnerKind::Kernel, "IOKit drivers", 900),
                (OwnerKind::Kernel, "Hypervisor (VMs)", 2048),
                (OwnerKind::Kernel, "locked by apps (mlock)", 64),
                (OwnerKind::Kext, "com.vendor.driver", 40),
                (OwnerKind::Kext, "kext with load tag 999 (not in the last kmutil list)", 2),
                (OwnerKind::Kernel, "com.example.filter", 30),
                (OwnerKind::Boot, "taken at boot (firmware, GPU carve-outs)", 120),
            ]
        );
        // A short trailing record (a truncated copy) is ignored, not misread.
        assert_eq!(super::rows(&table[..RECORD_BYTES + 10]).len(), 1);
    }
}
