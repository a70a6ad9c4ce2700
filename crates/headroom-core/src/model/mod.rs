//! Turns raw counters (from `sys`, or pasted text) into a [`Snapshot`]: pure functions, tested on every platform.
//!
//! `figures` is the shared vocabulary; `macos` and `linux` are the two formulas; `vm_stat` reads
//! the macOS counters from text; `analyze` picks the parser for pasted text; `snapshot` joins them.

pub mod analyze;
pub mod figures;
pub mod linux;
pub mod macos;
pub mod paging;
pub mod snapshot;
pub mod vm_stat;

pub use figures::{Breakdown, Headroom, HeadroomSource, Platform, Pressure, PressureBasis, WiredParts};
pub use snapshot::{JSON_FIELDS, RawCounters, Snapshot};
