//! The OS-free picture of memory at one instant: Activity Monitor's categories plus the raw counters behind them.

use serde::Serialize;
use time::OffsetDateTime;

use super::figures::{Breakdown, Headroom, Platform, Pressure, PressureBasis, WiredParts};
use super::linux::LinuxCounters;
use super::macos::MacCounters;

/// The counters a snapshot was computed from, kept so a figure can always be traced back.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCounters {
    Mac(MacCounters),
    Linux(LinuxCounters),
}

/// The fields of the `status --json` contract that every row-shaped JSON (status, watch, history) carries.
pub const JSON_FIELDS: &[&str] = &[
    "platform",
    "total",
    "app",
    "wired",
    "compressed",
    "cached_files",
    "free",
    "swap_used",
    "swap_total",
    "pressure",
    "at",
    "boot_id",
];

/// Memory at one instant. Sizes are bytes; arithmetic is saturating.
///
/// Serialises to the JSON contract of `headroom status --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub platform: Platform,
    #[serde(flatten)]
    pub memory: Breakdown,
    pub swap_used: u64,
    pub swap_total: u64,
    /// The part of `swap_used` that lives in RAM, compressed (swap on zram); absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swap_in_ram: Option<u64>,
    /// What Compressed holds uncompressed (zram's and zswap's original sizes); absent when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compressed_original: Option<u64>,
    /// Bytes swapped in and out since boot (absent from pasted text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<super::paging::Paging>,
    pub pressure: Pressure,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// True when the total was estimated from page counts rather than read from the machine.
    pub total_estimated: bool,
    /// Identifies the boot, so growth is measured per boot.
    pub boot_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wired_parts: Option<WiredParts>,
    /// What apps can still take before compressing or swapping (`headroom`, `headroom_percent`,
    /// `headroom_source` in JSON); absent when the source has no such figure.
    #[serde(flatten)]
    pub headroom: Option<Headroom>,
    /// Set when the source's own counters disagree (the categories add up to more than the RAM):
    /// the figures are shown as computed, and this says they cannot all be true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inconsistent: Option<String>,
    /// False when the source had no swap figures (a pasted `vm_stat`).
    #[serde(skip)]
    pub swap_known: bool,
    #[serde(skip)]
    pub pressure_basis: PressureBasis,
    #[serde(skip)]
    pub raw: RawCounters,
}

impl Snapshot {
    /// The Linux formula's snapshot (live or pasted). Without PSI or MemAvailable there is no
    /// pressure signal: the level stays normal and `no_pressure` says why, so no display presents
    /// a guess as a measurement.
    pub(crate) fn from_linux(
        counters: LinuxCounters,
        at: OffsetDateTime,
        boot_id: String,
        no_pressure: &'static str,
    ) -> Snapshot {
        let (pressure, pressure_basis) =
            counters.pressure().unwrap_or((Pressure::Normal, PressureBasis::Unknown(no_pressure)));
        let memory = counters.breakdown();
        Snapshot {
            platform: Platform::Linux,
            memory,
            swap_used: counters.swap_used(),
            swap_total: counters.swap_total(),
            swap_in_ram: (counters.zram.swap_used > 0).then_some(counters.zram.swap_used),
            compressed_original: Some(counters.compressed_original()).filter(|bytes| *bytes > 0),
            paging: counters.paging,
            swap_known: true,
            pressure,
            pressure_basis,
            at,
            total_estimated: false,
            boot_id,
            wired_parts: Some(counters.wired_parts()),
            headroom: counters.headroom(),
            inconsistent: memory.inconsistency(),
            raw: RawCounters::Linux(counters),
        }
    }
}
