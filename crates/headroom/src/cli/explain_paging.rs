//! What `headroom explain` says of paging: swap written since boot and per day, and the last
//! minute's swap rates from the history with the thrashing rule applied (`verdict::thrashing`).

use headroom_core::history::{self, Store};
use headroom_core::model::Snapshot;
use headroom_core::model::paging::{self, Paging, SwapWritten};
use headroom_core::units::format_gb;
use headroom_core::verdict::thrashing::{self, PagingRates};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub(super) struct PagingNow {
    /// Swap written since boot and per day (absent without paging counters or an hour of uptime).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swap_written: Option<SwapWritten>,
    /// Swap-ins and swap-outs per second over the last minute, from this boot's recorded samples
    /// and this one; null when the history has no recent minute (nothing records).
    pub paging_last_minute: Option<PagingRates>,
    /// The thrashing rule over that minute, whatever the kernel's pressure level says.
    pub thrashing: bool,
}

pub(super) fn read(store: Option<&Store>, snapshot: &Snapshot) -> PagingNow {
    let swap_written = snapshot
        .paging
        .zip(headroom_core::sys::boot_time().ok())
        .and_then(|(counters, booted)| paging::swap_written(counters, booted, snapshot.at));
    let since = history::unix_ms(snapshot.at - thrashing::WINDOW - time::Duration::seconds(5));
    let mut points: Vec<(time::OffsetDateTime, Paging)> = store
        .and_then(|store| store.rows(since, Some(&snapshot.boot_id)).ok())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|row| Some((row.at, Paging { swapped_in: row.swapped_in?, swapped_out: row.swapped_out? })))
        .filter(|(at, _)| *at < snapshot.at)
        .collect();
    points.extend(snapshot.paging.map(|counters| (snapshot.at, counters)));
    let paging_last_minute = thrashing::rates(&points);
    PagingNow { swap_written, paging_last_minute, thrashing: paging_last_minute.is_some_and(|r| r.thrashing()) }
}

/// The explanation's paging lines, aligned with its other rows.
pub(super) fn lines(paging: &PagingNow, swap_total: u64) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(written) = &paging.swap_written {
        lines.push(format!(
            "Swap written   {} since boot, {}/day on average (what swapping costs an SSD)",
            format_gb(written.since_boot),
            format_gb(written.per_day)
        ));
    }
    let rate = |bytes: f64| format_gb(bytes as u64);
    match (&paging.paging_last_minute, paging.thrashing) {
        (Some(r), true) => lines.push(format!(
            "Paging         THRASHING: {}/s out, {}/s back in over the last minute — apps wait on the disk, \
             whatever the pressure level says",
            rate(r.swap_out_per_s),
            rate(r.swap_in_per_s)
        )),
        (Some(r), false) => lines.push(format!(
            "Paging         {}/s out, {}/s in over the last minute",
            rate(r.swap_out_per_s),
            rate(r.swap_in_per_s)
        )),
        (None, _) if swap_total > 0 => {
            lines.push("Paging         unknown: no recorded minute (the app or `headroom record` records one)".into())
        }
        (None, _) => {}
    }
    lines
}
