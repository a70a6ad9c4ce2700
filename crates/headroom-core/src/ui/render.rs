//! Text forms of a snapshot: the aligned `status` table, `watch` lines, and the JSON contract.

use std::fmt::Write as _;

use time::UtcOffset;
use time::macros::format_description;

use crate::model::{Headroom, Snapshot, WiredParts};
use crate::units::{format_adaptive, format_gb_as, gb_number};

/// The JSON object of `status --json` and of each `watch --json` line.
pub fn json(snapshot: &Snapshot) -> Result<String, serde_json::Error> {
    serde_json::to_string(snapshot)
}

/// `watch --json`'s row: the snapshot, and the paging rates since `previous` (bytes per second,
/// `swap_in_per_s` and `swap_out_per_s`) when both samples have paging counters.
pub fn json_with_rates(snapshot: &Snapshot, previous: Option<&Snapshot>) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(snapshot)?;
    if let (Some((swap_in, swap_out)), Some(row)) =
        (previous.and_then(|p| crate::model::paging::rates(p, snapshot)), value.as_object_mut())
    {
        row.insert("swap_in_per_s".into(), serde_json::json!(swap_in.round()));
        row.insert("swap_out_per_s".into(), serde_json::json!(swap_out.round()));
    }
    serde_json::to_string(&value)
}

/// "Headroom 14.6 GB — 62 % of RAM": the product's own figure, as the dropdown leads with it.
pub(crate) fn headroom_phrase(headroom: &Headroom, units: &str) -> String {
    crate::tr!(
        "menu-headroom",
        size = format_gb_as(headroom.bytes, units),
        percent = format!("{:.0}", headroom.percent)
    )
}

const LABEL_WIDTH: usize = 18;
const VALUE_WIDTH: usize = 8;

fn row(out: &mut String, label: &str, value: &str, note: &str) {
    // Writing to a String cannot fail.
    let _ = if note.is_empty() {
        writeln!(out, "{label:<LABEL_WIDTH$}{value:>VALUE_WIDTH$}")
    } else {
        writeln!(out, "{label:<LABEL_WIDTH$}{value:>VALUE_WIDTH$}  {note}")
    };
}

/// The `status` table: Activity Monitor's names and order, GB with one decimal.
pub fn table(snapshot: &Snapshot, offset: UtcOffset, units: &str) -> String {
    let gb = |bytes: u64| format_gb_as(bytes, units);
    let m = &snapshot.memory;
    let mut out = String::with_capacity(1024);
    // Pasted text says nothing of when it was taken: no time is made up for it.
    if snapshot.boot_id == crate::model::analyze::PASTED_BOOT_ID {
        let _ = writeln!(out, "Memory on pasted text ({}), time not known", snapshot.platform.name());
    } else {
        let _ =
            writeln!(out, "Memory on this machine ({}), {}", snapshot.platform.name(), local_time(snapshot, offset));
    }
    if let Some(h) = &snapshot.headroom {
        let note = format!(
            "{:.0} % of RAM apps can still take before compressing or swapping ({})",
            h.percent,
            h.source.describe()
        );
        row(&mut out, "Headroom", &gb(h.bytes), &note);
    }
    row(
        &mut out,
        "Memory Pressure",
        snapshot.pressure.name(),
        &format!("{} % used; {}", crate::units::percent(m.used(), m.total), snapshot.pressure_basis.describe()),
    );
    let total_note =
        if snapshot.total_estimated { "estimated from the page counts; give --ram for the exact figure" } else { "" };
    row(&mut out, "Physical Memory", &gb(m.total), total_note);
    row(&mut out, "Memory Used", &gb(m.used()), "App + Wired + Compressed");
    row(&mut out, "  App Memory", &gb(m.app), "");
    row(&mut out, "  Wired Memory", &gb(m.wired), "held by the kernel; no app can free it");
    if let Some(parts) = &snapshot.wired_parts {
        wired_part_rows(&mut out, parts);
    }
    let compressed_note = match snapshot.compressed_original {
        Some(original) if m.compressed > 0 => {
            format!("holds {} of memory, {:.1}:1", gb(original), original as f64 / m.compressed as f64)
        }
        _ => String::new(),
    };
    row(&mut out, "  Compressed", &gb(m.compressed), &compressed_note);
    let arc = match &snapshot.raw {
        crate::model::RawCounters::Linux(counters) => counters.arc.map(|arc| arc.size),
        crate::model::RawCounters::Mac(_) => None,
    };
    let cached_note = match arc {
        Some(size) => format!("reclaimable file cache; {} of it the ZFS ARC", gb(size)),
        None => "reclaimable file cache".to_owned(),
    };
    row(&mut out, "Cached Files", &gb(m.cached_files), &cached_note);
    row(&mut out, "Free", &gb(m.free), "");
    if snapshot.swap_known {
        let mut note = format!("of {}", gb(snapshot.swap_total));
        if let Some(in_ram) = snapshot.swap_in_ram {
            // Swap on zram is RAM, compressed: its pool is already in Compressed above.
            let _ = write!(note, "; {} of it in RAM (zram, in Compressed)", gb(in_ram));
        }
        row(&mut out, "Swap Used", &gb(snapshot.swap_used), &note);
    } else {
        row(&mut out, "Swap Used", "unknown", "vm_stat does not print swap; `sysctl vm.swapusage` does");
    }
    if let Some(why) = &snapshot.inconsistent {
        let _ = writeln!(out, "Warning: {why}; these figures cannot all be true.");
    }
    out
}

fn wired_part_rows(out: &mut String, parts: &WiredParts) {
    let named = [
        ("unreclaimable slab", parts.slab_unreclaimable),
        ("unevictable", parts.unevictable),
        ("page tables", parts.page_tables),
        ("kernel stacks", parts.kernel_stack),
        ("per-CPU", parts.percpu),
        ("huge pages", parts.hugetlb),
        ("GPU (amdgpu GTT)", parts.gpu_gtt),
        ("drivers and other kernel", parts.other),
    ];
    for (name, bytes) in named {
        if bytes > 0 {
            row(out, "", &format_adaptive(bytes), name);
        }
    }
}

fn local_time(snapshot: &Snapshot, offset: UtcOffset) -> String {
    let format = format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] [offset_hour sign:mandatory]:[offset_minute]"
    );
    snapshot.at.to_offset(offset).format(&format).unwrap_or_else(|_| snapshot.at.to_string())
}

/// The column header `watch` prints once.
pub fn watch_header(units: &str) -> String {
    format!(
        "{:<8}  {:<8}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>8}   ({units})",
        "time", "pressure", "used", "app", "wired", "compr", "cached", "free", "swap", "headroom"
    )
}

/// One `watch` line, aligned under `watch_header`.
pub fn watch_line(snapshot: &Snapshot, offset: UtcOffset) -> String {
    let m = &snapshot.memory;
    let time =
        snapshot.at.to_offset(offset).format(format_description!("[hour]:[minute]:[second]")).unwrap_or_default();
    format!(
        "{:<8}  {:<8}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>8}",
        time,
        snapshot.pressure.name(),
        gb_number(m.used()),
        gb_number(m.app),
        gb_number(m.wired),
        gb_number(m.compressed),
        gb_number(m.cached_files),
        gb_number(m.free),
        gb_number(snapshot.swap_used),
        snapshot.headroom.map_or_else(|| "—".to_owned(), |h| gb_number(h.bytes)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analyze;
    use time::OffsetDateTime;

    const MEMINFO: &str = "MemTotal: 16777216 kB\nMemFree: 4194304 kB\nMemAvailable: 8388608 kB\nBuffers: 0 kB\n\
        Cached: 2097152 kB\nAnonPages: 6291456 kB\nShmem: 0 kB\nSReclaimable: 1048576 kB\nSUnreclaim: 524288 kB\n\
        SwapTotal: 2097152 kB\nSwapFree: 1048576 kB\n";

    fn snapshot() -> Snapshot {
        analyze::analyze(MEMINFO, None, OffsetDateTime::UNIX_EPOCH).expect("fixture parses")
    }

    #[test]
    fn table_uses_activity_monitors_names_order_and_one_decimal() {
        let text = table(&snapshot(), UtcOffset::UTC, "GB");
        let labels: Vec<&str> = [
            "Memory Pressure",
            "Physical Memory",
            "Memory Used",
            "App Memory",
            "Wired Memory",
            "Compressed",
            "Cached Files",
            "Free",
            "Swap Used",
        ]
        .to_vec();
        let lines: Vec<&str> = text.lines().collect();
        let positions: Vec<usize> = labels
            .iter()
            .map(|l| {
                lines
                    .iter()
                    .position(|line| line.trim_start().starts_with(l))
                    .unwrap_or_else(|| panic!("{l} missing in\n{text}"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "order wrong:\n{text}");
        assert!(text.contains("Physical Memory    16.0 GB"), "{text}");
        assert!(text.contains("  App Memory        6.0 GB"), "{text}");
        assert!(text.contains("Cached Files        3.0 GB"), "{text}");
        assert!(text.contains("Swap Used           1.0 GB  of 2.0 GB"), "{text}");
        assert!(text.contains("unreclaimable slab"), "{text}");
    }

    #[test]
    fn json_has_the_contract_fields_in_bytes() {
        let value: serde_json::Value = serde_json::from_str(&json(&snapshot()).expect("serialises")).expect("valid");
        let extra = ["total_estimated", "wired_parts"];
        for key in crate::model::snapshot::JSON_FIELDS.iter().chain(extra.iter()) {
            assert!(value.get(key).is_some(), "{key} missing from {value}");
        }
        assert_eq!(value["platform"], "linux");
        assert_eq!(value["total"], 16_777_216u64 * 1024);
        assert_eq!(value["pressure"], "normal");
        assert_eq!(value["at"], "1970-01-01T00:00:00Z");
        assert_eq!(value["wired_parts"]["slab_unreclaimable"], 524_288u64 * 1024);
    }

    #[test]
    fn watch_line_aligns_under_its_header() {
        let header = watch_header("GB");
        let line = watch_line(&snapshot(), UtcOffset::UTC);
        assert!(line.starts_with("00:00:00  normal"), "{line}");
        let header_free = header.find("  free").expect("free column") + 2;
        let line_cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(line_cols.len(), 10, "{line}");
        assert_eq!(line_cols[9], gb_number(snapshot().headroom.expect("MemAvailable").bytes), "headroom last: {line}");
        assert_eq!(line.len(), header.trim_end_matches("   (GB)").len(), "{header}\n{line}");
        assert!(table(&snapshot(), UtcOffset::UTC, "GiB").contains("Physical Memory   16.0 GiB"));
        assert!(header_free < line.len());
    }
}
