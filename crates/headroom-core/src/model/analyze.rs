//! Turns pasted `vm_stat` or /proc/meminfo text into a Snapshot, the same way the live backends do.

use thiserror::Error;
use time::OffsetDateTime;

use crate::model::figures::Platform;
use crate::model::linux::{
    LinuxCounters, Meminfo, MeminfoError, ZfsError, ZramError, looks_like_arcstats, looks_like_meminfo, parse_arcstats,
    parse_zramctl,
};
use crate::model::snapshot::{RawCounters, Snapshot};
use crate::model::vm_stat::{self, VmStatError};

/// The boot id of a snapshot made from pasted text: there is no boot to name.
pub const PASTED_BOOT_ID: &str = "pasted";

/// Why a text could not be analysed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AnalyzeError {
    #[error(
        "this is neither `vm_stat` output nor /proc/meminfo (no `Mach Virtual Memory Statistics:` or `MemTotal:` line)"
    )]
    UnknownFormat,
    #[error("vm_stat text: {0}")]
    VmStat(#[from] VmStatError),
    #[error("/proc/meminfo text: {0}")]
    Meminfo(#[from] MeminfoError),
    #[error("zramctl text: {0}")]
    Zram(#[from] ZramError),
    #[error("arcstats text: {0}")]
    Zfs(#[from] ZfsError),
    /// `--ram` is smaller than the memory the text's own page counts occupy: one of them is wrong.
    #[error(
        "--ram {} is less than the {} the vm_stat text counts in RAM ({} pages free, active, inactive, \
         speculative, throttled, wired and in the compressor); give the Mac's installed RAM, or leave --ram out \
         to estimate it",
        format_bytes(*ram),
        format_bytes(*counted),
        pages
    )]
    RamTooSmall { ram: u64, counted: u64, pages: u64 },
}

/// "1.0 GiB (1073741824 bytes)": both the readable size and the exact figure.
fn format_bytes(bytes: u64) -> String {
    format!("{:.1} GiB ({bytes} bytes)", bytes as f64 / (1u64 << 30) as f64)
}

/// What kind of text was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    VmStat,
    Meminfo,
}

pub fn detect(text: &str) -> Option<InputKind> {
    if vm_stat::looks_like_vm_stat(text) {
        Some(InputKind::VmStat)
    } else if looks_like_meminfo(text) {
        Some(InputKind::Meminfo)
    } else {
        None
    }
}

/// Builds a snapshot from pasted text. `ram` is the installed RAM for `vm_stat` text (which does
/// not say it); without it the total is estimated from the page counts and marked as estimated.
/// For /proc/meminfo the total is MemTotal and `ram` is not used.
pub fn analyze(text: &str, ram: Option<u64>, at: OffsetDateTime) -> Result<Snapshot, AnalyzeError> {
    match detect(text).ok_or(AnalyzeError::UnknownFormat)? {
        InputKind::VmStat => {
            let counters = vm_stat::parse(text)?;
            let counted = counters.queued_pages().saturating_mul(counters.page_size);
            let (total, total_estimated) = match ram {
                Some(bytes) if bytes < counted => {
                    return Err(AnalyzeError::RamTooSmall { ram: bytes, counted, pages: counters.queued_pages() });
                }
                Some(bytes) => (bytes, false),
                None => (counters.estimated_total(), true),
            };
            let (pressure, pressure_basis) = counters.pressure();
            let memory = counters.breakdown(total);
            Ok(Snapshot {
                platform: Platform::Macos,
                memory,
                swap_used: 0,
                swap_total: 0,
                swap_in_ram: None,
                compressed_original: None,
                paging: None,
                swap_known: false,
                pressure,
                pressure_basis,
                at,
                total_estimated,
                boot_id: PASTED_BOOT_ID.to_owned(),
                wired_parts: None,
                headroom: Some(counters.derived_headroom(total)),
                inconsistent: memory.inconsistency(),
                raw: RawCounters::Mac(counters),
            })
        }
        InputKind::Meminfo => {
            // A paste may follow meminfo with `zramctl` and arcstats (docs/formulas.md): each page once.
            let zram = parse_zramctl(text).transpose()?.unwrap_or_default();
            let arc = if looks_like_arcstats(text) { Some(parse_arcstats(text)?) } else { None };
            let counters = LinuxCounters { meminfo: Meminfo::parse(text)?, zram, arc, ..LinuxCounters::default() };
            Ok(Snapshot::from_linux(
                counters,
                at,
                PASTED_BOOT_ID.to_owned(),
                "the text has no MemAvailable line and no PSI",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_text_is_refused() {
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(analyze("hello\nworld\n", None, now), Err(AnalyzeError::UnknownFormat));
    }
}
