//! The report's "Swap written per day" bars: what swapping cost the disk each local day, from the
//! paging counters every sample carries (bytes swapped out since boot, history schema 10).

use plotters::prelude::*;
use time::UtcOffset;

use super::{Chart, INK, Inputs, Layout, MESH, ReportError, SWAP, draw_err, gb, key, svg, time_chart};
use super::{time_label, value_label};
use crate::history::{Row, unix_ms};

/// One local day's swap written: its start and end (ms) and the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Day {
    pub from_ms: i64,
    pub to_ms: i64,
    pub bytes: u64,
}

/// Swap written per local day from rows in boot and sample order: each step of a boot's counter
/// counts on the day of the row that saw it. A boot's first row says nothing (what it carries was
/// written before the span, or before recording began); a counter that went back is a new start.
/// None when no row carries the counters (recorded before schema 10, or no such counter).
pub(crate) fn written_per_day(rows: &[Row], offset: UtcOffset) -> Option<Vec<Day>> {
    let mut days: Vec<Day> = Vec::new();
    let mut last: Option<(&str, u64)> = None;
    let mut any = false;
    for row in rows {
        let Some(out) = row.swapped_out else { continue };
        any = true;
        let step = match last {
            Some((boot, before)) if boot == row.boot_id && out >= before => out - before,
            _ => 0,
        };
        last = Some((row.boot_id.as_str(), out));
        let local = row.at.to_offset(offset);
        let start = local.replace_time(time::Time::MIDNIGHT);
        let (from_ms, to_ms) = (unix_ms(start), unix_ms(start + time::Duration::DAY));
        match days.last_mut() {
            Some(day) if day.from_ms == from_ms => day.bytes += step,
            _ => days.push(Day { from_ms, to_ms, bytes: step }),
        }
    }
    any.then_some(days)
}

/// "Swap written per day", or None when the span's rows carry no paging counters.
pub(crate) fn chart(inputs: &Inputs, rows: &[Row]) -> Result<Option<Chart>, ReportError> {
    let Some(days) = written_per_day(rows, inputs.offset) else { return Ok(None) };
    let frame = inputs.frame;
    let total: u64 = days.iter().map(|d| d.bytes).sum();
    let peak = days.iter().map(|d| d.bytes).max().unwrap_or(0);
    // A floor of 0.1 GB: a span with nothing written still draws a readable, empty axis.
    let top = (gb(peak) * 1.15).max(0.1);
    let mut chart = svg(200, |root| {
        let mut chart = time_chart(root, frame, inputs.offset, top, Layout::Chart)?;
        // Five labels at most: plotters then steps by 0.05, 0.1, 0.2 or 0.5 over this chart's small
        // tops, three labels or more, none rounding to the same text (four gave "0.0, 0.5" once).
        mesh!(chart, inputs, "GB written", 5, top);
        let bars = days.iter().filter(|d| d.bytes > 0 && d.to_ms > frame.from_ms && d.from_ms < frame.to_ms).map(|d| {
            // A day's bar leaves a sliver between it and the next, so neighbouring days read apart.
            let gap = (d.to_ms - d.from_ms) / 40;
            let (a, b) = ((d.from_ms + gap).max(frame.from_ms), (d.to_ms - gap).min(frame.to_ms));
            Rectangle::new([(a, 0.0), (b, gb(d.bytes))], SWAP.filled())
        });
        chart.draw_series(bars).map_err(draw_err)?;
        let (x, _) = chart.plotting_area().get_pixel_range();
        Ok((x.start, x.end))
    })?;
    let total_shown = crate::units::format_gb(total);
    chart.key = vec![key(format!("swap written each day ({total_shown} in this span)"), SWAP, false)];
    Ok(Some(chart))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(boot: &str, at: time::OffsetDateTime, out: Option<u64>) -> Row {
        let mut row = Row::from_snapshot(
            &crate::model::analyze::analyze(
                "MemTotal: 1000000 kB\nMemFree: 100 kB\nBuffers: 1 kB\nCached: 1 kB\nAnonPages: 1 kB\n\
                 Shmem: 0 kB\nSReclaimable: 0 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n",
                None,
                at,
            )
            .expect("parses"),
            0,
        );
        row.boot_id = boot.into();
        row.swapped_out = out;
        row
    }

    #[test]
    fn each_step_counts_on_its_local_day_and_a_new_boot_starts_again() {
        // 2026-12-05 22:00 UTC is 23:00 at UTC+1: the row an hour later is on the next local day.
        let t0 = time::macros::datetime!(2026-12-05 22:00 UTC);
        let offset = time::macros::offset!(+1);
        let h = |hours: i64| t0 + time::Duration::hours(hours);
        let gib = 1u64 << 30;
        let rows = [
            row("a", h(0), Some(10 * gib)),
            row("a", h(1), Some(12 * gib)),
            row("a", h(2), None),
            row("a", h(3), Some(15 * gib)),
            // A reboot: its counter starts again; its first reading says nothing of this span.
            row("b", h(4), Some(gib)),
            row("b", h(5), Some(3 * gib)),
        ];
        let days = written_per_day(&rows, offset).expect("counters");
        let midnight = unix_ms(time::macros::datetime!(2026-12-05 23:00 UTC));
        assert_eq!(days.iter().map(|d| d.bytes).collect::<Vec<_>>(), vec![0, 7 * gib]);
        assert_eq!((days[1].from_ms, days[1].to_ms), (midnight, midnight + 86_400_000));
        assert_eq!(written_per_day(&[row("a", h(0), None)], offset), None, "no counters, no chart");
    }
}
