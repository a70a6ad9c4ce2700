//! The RAM verdict on recorded histories: a machine that needs more, one that does not, and one
//! with too little history to be sure.

use super::*;
use crate::model::Platform;

const GIB: u64 = 1 << 30;

/// A history of `days` days, a row every 10 minutes (downsampled rows, as a long history keeps
/// them), from one boot a day; `each(minute)` gives (pressure, app, wired, compressed, swap out since boot).
fn history(days: i64, ram: u64, each: impl Fn(i64) -> (Pressure, u64, u64, u64, u64)) -> Vec<Row> {
    let start = time::macros::datetime!(2026-11-02 00:00 UTC);
    (0..days * 144)
        .map(|i| {
            let minute = i * 10;
            let (pressure, app, wired, compressed, out) = each(minute);
            Row {
                platform: Platform::Macos,
                total: ram,
                app,
                wired,
                compressed,
                cached_files: 0,
                free: 0,
                swap_used: 0,
                swap_total: 0,
                pressure,
                at: start + time::Duration::minutes(minute),
                boot_id: format!("boot-{}", minute / 1440),
                seq: i,
                resolution_s: 600,
                count: 1,
                wired_max: wired,
                used_max: 0,
                explained: 0,
                headroom: None,
                swapped_in: Some(0),
                swapped_out: Some(out),
            }
        })
        .collect()
}

fn working(minute: i64) -> bool {
    let hour = (minute % 1440) / 60;
    let weekday = (minute / 1440) % 7; // 2026-11-02 is a Monday
    weekday < 5 && (9..18).contains(&hour)
}

#[test]
fn a_16_gb_mac_at_warn_in_working_hours_that_swaps_needs_about_24_gb() {
    let rows = history(21, 16 * GIB, |m| {
        let busy = working(m);
        let pressure = if busy && (m % 1440) / 60 >= 14 { Pressure::Warn } else { Pressure::Normal };
        let app = if busy { 13 * GIB } else { 6 * GIB };
        // 6 GB of swap written a day, spread over the day's rows.
        (pressure, app, 3 * GIB, GIB, (m % 1440) as u64 * 6 * GIB / 1440)
    });
    let advice = advise(&rows, UtcOffset::UTC).expect("rows");
    assert!(!advice.enough);
    assert!(advice.pressure_share > 0.05 && advice.pressure_share < 0.2, "{}", advice.pressure_share);
    let working_share = advice.working_pressure_share.expect("working hours recorded");
    assert!(working_share > 0.4, "warn 14:00–18:00 of 09:00–18:00: {working_share}");
    assert_eq!(advice.peak_demand, 17 * GIB);
    assert!(advice.swap_per_day.expect("counters") > 5 * GIB);
    assert_eq!(advice.suggested_ram, 24 * GIB, "17 GB of demand / 0.85 = 20 GB: the next size sold is 24 GB");
    assert_eq!((advice.confidence, advice.boots), (Confidence::High, 21));
}

#[test]
fn a_machine_that_stays_normal_is_enough_as_it_is() {
    let rows = history(10, 16 * GIB, |m| (Pressure::Normal, if working(m) { 8 * GIB } else { 4 * GIB }, 2 * GIB, 0, 0));
    let advice = advise(&rows, UtcOffset::UTC).expect("rows");
    assert!(advice.enough, "{advice:?}");
    assert_eq!((advice.suggested_ram, advice.confidence), (16 * GIB, Confidence::Medium));
    assert_eq!(advice.pressure_share, 0.0);
    assert!((advice.wired_share - 0.125).abs() < 1e-9);
}

#[test]
fn an_hour_of_history_still_gives_a_verdict_and_says_it_is_unsure() {
    let rows: Vec<Row> =
        history(1, 8 * GIB, |_| (Pressure::Critical, 7 * GIB, GIB, GIB, 0)).into_iter().take(6).collect();
    let advice = advise(&rows, UtcOffset::UTC).expect("rows");
    assert_eq!((advice.enough, advice.confidence, advice.recorded_s), (false, Confidence::Low, 3600));
    assert_eq!(advice.suggested_ram, 12 * GIB, "9 GB / 0.85 = 10.6 GB: 12 GB");
    assert_eq!(advise(&[], UtcOffset::UTC), None);
}

#[test]
fn raw_rows_count_the_gap_to_the_next_and_a_long_gap_counts_nothing() {
    let mut rows = history(1, 8 * GIB, |_| (Pressure::Normal, GIB, GIB, 0, 0));
    rows.truncate(3);
    for (i, row) in rows.iter_mut().enumerate() {
        row.resolution_s = 0;
        row.at = time::macros::datetime!(2026-11-02 00:00 UTC) + time::Duration::seconds([0, 2, 3600][i]);
    }
    // The row before an hour asleep stands for one interval (the gap before it); the row after the
    // sleep, the last, has no gap of 10 minutes or less on either side.
    assert_eq!(weights(&rows), vec![2, 2, 0]);
    rows[2].at = rows[1].at + time::Duration::seconds(2);
    assert_eq!(weights(&rows), vec![2, 2, 2]);
}
