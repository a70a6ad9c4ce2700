//! Reduces history rows to the chart's pixel columns, keeping each column's minimum and maximum, and splits the columns where the record has gaps.

use crate::history::Row;
use crate::model::Pressure;

/// The figures a chart draws, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Figures {
    pub app: u64,
    pub wired: u64,
    pub compressed: u64,
    pub cached_files: u64,
    pub free: u64,
    pub swap_used: u64,
    pub total: u64,
    /// `None` when no row of the column had the headroom figure.
    pub headroom: Option<u64>,
}

impl Figures {
    fn of(row: &Row) -> Figures {
        Figures {
            app: row.app,
            wired: row.wired,
            compressed: row.compressed,
            cached_files: row.cached_files,
            free: row.free,
            swap_used: row.swap_used,
            total: row.total,
            headroom: row.headroom,
        }
    }

    fn combine(self, other: Figures, pick: fn(u64, u64) -> u64) -> Figures {
        Figures {
            app: pick(self.app, other.app),
            wired: pick(self.wired, other.wired),
            compressed: pick(self.compressed, other.compressed),
            cached_files: pick(self.cached_files, other.cached_files),
            free: pick(self.free, other.free),
            swap_used: pick(self.swap_used, other.swap_used),
            total: pick(self.total, other.total),
            headroom: match (self.headroom, other.headroom) {
                (Some(a), Some(b)) => Some(pick(a, b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// One pixel column of a chart: the lowest and highest of each figure among the rows in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub index: usize,
    /// The column's first and last row times, ms since the epoch.
    pub first_ms: i64,
    pub last_ms: i64,
    pub low: Figures,
    pub high: Figures,
    /// The highest pressure of the column.
    pub pressure: Pressure,
    /// Whether wired memory's minimum came before its maximum, so the drawn line goes the way the data went.
    pub low_first: bool,
}

/// The span a chart shows and how many columns it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub from_ms: i64,
    pub to_ms: i64,
    pub width: usize,
}

impl Frame {
    pub(crate) fn column_of(&self, at_ms: i64) -> Option<usize> {
        if at_ms < self.from_ms || at_ms > self.to_ms || self.width == 0 {
            return None;
        }
        let span = (self.to_ms - self.from_ms).max(1) as i128;
        let index = (i128::from(at_ms - self.from_ms) * self.width as i128 / span) as usize;
        Some(index.min(self.width - 1))
    }

    /// Milliseconds one column covers.
    pub(crate) fn column_ms(&self) -> i64 {
        ((self.to_ms - self.from_ms) / self.width.max(1) as i64).max(1)
    }
}

/// The rows (any order) reduced to at most `frame.width` columns, oldest first; rows outside the frame are left out.
pub(crate) fn reduce(rows: &[Row], frame: Frame) -> Vec<Column> {
    let mut slots: Vec<Option<Column>> = vec![None; frame.width];
    let mut wired_low_at = vec![0i64; frame.width];
    let mut wired_high_at = vec![0i64; frame.width];
    for row in rows {
        let at = row.at_ms();
        let Some(index) = frame.column_of(at) else { continue };
        let figures = Figures::of(row);
        let slot = &mut slots[index];
        match slot {
            None => {
                *slot = Some(Column {
                    index,
                    first_ms: at,
                    last_ms: at,
                    low: figures,
                    high: Figures { wired: row.wired_max.max(row.wired), ..figures },
                    pressure: row.pressure,
                    low_first: true,
                });
                wired_low_at[index] = at;
                wired_high_at[index] = at;
            }
            Some(column) => {
                if figures.wired < column.low.wired {
                    wired_low_at[index] = at;
                }
                if row.wired_max.max(row.wired) > column.high.wired {
                    wired_high_at[index] = at;
                }
                column.first_ms = column.first_ms.min(at);
                column.last_ms = column.last_ms.max(at);
                column.low = column.low.combine(figures, u64::min);
                column.high = column.high.combine(Figures { wired: row.wired_max.max(row.wired), ..figures }, u64::max);
                column.pressure = column.pressure.max(row.pressure);
            }
        }
    }
    slots
        .into_iter()
        .flatten()
        .map(|mut column| {
            column.low_first = wired_low_at[column.index] <= wired_high_at[column.index];
            column
        })
        .collect()
}

/// Splits columns into runs without gaps: a run ends where the next column with data is more than
/// one column and more than `max_gap_ms` away (the machine was off, or nothing was recorded), so
/// charts do not draw a line across time nobody measured.
pub(crate) fn runs(columns: &[Column], max_gap_ms: i64) -> Vec<&[Column]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=columns.len() {
        let split = i == columns.len() || {
            let (a, b) = (&columns[i - 1], &columns[i]);
            b.index > a.index + 1 && b.first_ms - a.last_ms > max_gap_ms
        };
        if split {
            if start < i {
                out.push(&columns[start..i]);
            }
            start = i;
        }
    }
    out
}

/// Two points per column (minimum and maximum, in the order they happened) of one figure: what a
/// line through the column must pass through for its spikes and dips to stay visible.
pub(crate) fn envelope(run: &[Column], figure: impl Fn(&Figures) -> Option<u64>) -> Vec<(i64, u64)> {
    let mut points = Vec::with_capacity(run.len() * 2);
    for column in run {
        let (Some(low), Some(high)) = (figure(&column.low), figure(&column.high)) else { continue };
        let (first, second) = if column.low_first { (low, high) } else { (high, low) };
        // At the column's first and last recorded times, so the drawn extent is the recorded extent.
        points.push((column.first_ms, first));
        if column.last_ms != column.first_ms {
            points.push((column.last_ms, second));
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Platform;

    fn row(at_s: i64, wired: u64, pressure: Pressure) -> Row {
        Row {
            platform: Platform::Linux,
            total: 16,
            app: 4,
            wired,
            compressed: 1,
            cached_files: 2,
            free: 16 - 7 - wired,
            swap_used: 0,
            swap_total: 0,
            pressure,
            at: time::OffsetDateTime::from_unix_timestamp(at_s).expect("valid"),
            boot_id: "b".into(),
            seq: at_s,
            resolution_s: 0,
            count: 1,
            wired_max: wired,
            used_max: 0,
            explained: 0,
            headroom: (at_s % 2 == 0).then_some(8),
            swapped_in: None,
            swapped_out: None,
        }
    }

    #[test]
    fn a_year_of_rows_becomes_one_column_per_pixel_with_its_extremes() {
        // 10-minute rows over a year, a one-off spike to 9 at row 1000.
        let rows: Vec<Row> = (0..52_560)
            .map(|i| row(i * 600, if i == 1000 { 9 } else { 2 + (i % 3) as u64 }, Pressure::Normal))
            .collect();
        let frame = Frame { from_ms: 0, to_ms: 52_560 * 600_000, width: 1000 };
        let columns = reduce(&rows, frame);
        assert_eq!(columns.len(), 1000);
        assert!(columns.iter().all(|c| c.low.wired == 2));
        let spiky: Vec<&Column> = columns.iter().filter(|c| c.high.wired == 9).collect();
        assert_eq!(spiky.len(), 1, "the spike survives in exactly one column");
        assert!(columns.iter().filter(|c| c.high.wired != 9).all(|c| c.high.wired == 4));
        let points = envelope(&columns, |f| Some(f.wired));
        assert_eq!(points.len(), 2000);
        assert!(points.windows(2).all(|w| w[0].0 <= w[1].0), "points run forward in time");
        assert_eq!(points[0].0, 0);
        assert_eq!(points.last().map(|p| p.0), Some(52_559 * 600_000));
    }

    #[test]
    fn pressure_is_the_columns_worst_and_headroom_its_lowest_known() {
        let rows = vec![row(0, 2, Pressure::Normal), row(1, 2, Pressure::Critical), row(2, 3, Pressure::Warn)];
        let frame = Frame { from_ms: 0, to_ms: 10_000, width: 2 };
        let columns = reduce(&rows, frame);
        assert_eq!(columns.len(), 1);
        assert_eq!(columns[0].pressure, Pressure::Critical);
        assert_eq!((columns[0].low.headroom, columns[0].high.headroom), (Some(8), Some(8)));
        assert_eq!((columns[0].low.wired, columns[0].high.wired), (2, 3));
        assert!(columns[0].low_first);
    }

    #[test]
    fn a_gap_in_the_record_splits_the_runs_and_rows_outside_the_frame_are_left_out() {
        let mut rows: Vec<Row> = (0..100).map(|i| row(i * 60, 2, Pressure::Normal)).collect();
        rows.extend((300..400).map(|i| row(i * 60, 2, Pressure::Normal)));
        rows.push(row(-60, 2, Pressure::Normal));
        let frame = Frame { from_ms: 0, to_ms: 400 * 60_000, width: 400 };
        let columns = reduce(&rows, frame);
        assert_eq!(columns.len(), 200);
        let split = runs(&columns, 20 * 60_000);
        assert_eq!(split.iter().map(|r| r.len()).collect::<Vec<_>>(), vec![100, 100]);
        assert_eq!(runs(&columns, 10 * 3_600_000).len(), 1, "a gap shorter than the limit joins");
        assert!(runs(&[], 1).is_empty());
    }
}
