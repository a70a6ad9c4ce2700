//! The report's axis labels: as fine as the span and the range need, so that no two labels of
//! an axis read the same.

use time::UtcOffset;
use time::macros::format_description;

/// A time axis label as fine as the span needs, so ten labels differ: seconds over a few minutes,
/// the clock within a day, the day and clock over a few days, the day beyond.
pub(crate) fn time_label(ms: i64, span_ms: i64, offset: UtcOffset) -> String {
    let at = crate::history::time_from_ms(ms).to_offset(offset);
    let text = if span_ms > 3 * 86_400_000 {
        at.format(format_description!("[month repr:short] [day]"))
    } else if span_ms > 86_400_000 {
        at.format(format_description!("[month repr:short] [day] [hour]:[minute]"))
    } else if span_ms > 20 * 60_000 {
        at.format(format_description!("[hour]:[minute]"))
    } else {
        at.format(format_description!("[hour]:[minute]:[second]"))
    };
    text.unwrap_or_default()
}

/// Steps a time axis may tick at, in seconds, with the phase (seconds after the Unix epoch, local
/// time) their ticks align to: weeks start on a Monday (1970-01-05), the rest on round numbers.
const STEPS: [(i64, i64); 20] = [
    (1, 0),
    (2, 0),
    (5, 0),
    (10, 0),
    (15, 0),
    (30, 0),
    (60, 0),
    (120, 0),
    (300, 0),
    (600, 0),
    (900, 0),
    (1800, 0),
    (3600, 0),
    (2 * 3600, 0),
    (3 * 3600, 0),
    (6 * 3600, 0),
    (12 * 3600, 0),
    (86_400, 0),
    (2 * 86_400, 0),
    (7 * 86_400, 4 * 86_400),
];

/// At most this many ticks on a time axis: labels about 120 px apart on the report's charts.
const MOST_TICKS: i64 = 8;

/// Where a time axis ticks: at round local times (every 20 s, every 3 hours, each Monday, the first
/// of each month…) with at most [`MOST_TICKS`] between `from_ms` and `to_ms`.
pub(crate) fn time_ticks(from_ms: i64, to_ms: i64, offset: UtcOffset) -> Vec<i64> {
    let span_s = ((to_ms - from_ms) / 1000).max(1);
    let offset_ms = i64::from(offset.whole_seconds()) * 1000;
    if let Some(&(step, phase)) = STEPS.iter().find(|(step, _)| span_s / step <= MOST_TICKS) {
        let (step_ms, phase_ms) = (step * 1000, phase * 1000);
        let local = from_ms + offset_ms - phase_ms;
        let first = local.div_euclid(step_ms) * step_ms + if local.rem_euclid(step_ms) == 0 { 0 } else { step_ms };
        return (0..).map(|n| first + n * step_ms + phase_ms - offset_ms).take_while(|at| *at <= to_ms).collect();
    }
    // Longer than eight weeks: the first of every month, or of every 2nd, 3rd, 6th or 12th.
    let months = span_s / (30 * 86_400);
    let every = [1, 2, 3, 6, 12].into_iter().find(|n| months / n < MOST_TICKS).unwrap_or(12);
    let start = crate::history::time_from_ms(from_ms).to_offset(offset);
    let (mut year, mut month) = (start.year(), u8::from(start.month()));
    let mut ticks = Vec::new();
    loop {
        // The first of the next month: a tick is never before the span starts.
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
        if (i64::from(month) - 1) % every != 0 {
            continue;
        }
        let Ok(month_of) = time::Month::try_from(month) else { break };
        let Ok(date) = time::Date::from_calendar_date(year, month_of, 1) else { break };
        let at = date.midnight().assume_offset(offset);
        let at_ms = crate::history::unix_ms(at.to_offset(UtcOffset::UTC));
        if at_ms > to_ms {
            break;
        }
        ticks.push(at_ms);
    }
    ticks
}

/// A y axis label with as many decimals as the axis's range needs to tell its labels apart
/// (0.2, 0.4 … under 2 GB; 0.05, 0.10 … under 0.2 GB), never "0, 0, 0, 1, 1, 1".
pub(crate) fn value_label(value: f64, top: f64) -> String {
    if top < 0.25 {
        format!("{value:.2}")
    } else if top < 2.5 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_labels_follow_the_span() {
        let at = 1_780_000_000_000; // 2026-05-28 20:26:40 UTC
        let utc = UtcOffset::UTC;
        assert_eq!(time_label(at, 2 * 60_000, utc), "20:26:40", "two minutes: seconds");
        assert_eq!(time_label(at, 86_400_000, utc), "20:26", "a day: the clock");
        assert_eq!(time_label(at, 2 * 86_400_000, utc), "May 28 20:26");
        assert_eq!(time_label(at, 365 * 86_400_000, utc), "May 28", "a year: the day");
    }

    #[test]
    fn time_ticks_fall_on_round_local_times_and_never_more_than_eight() {
        let utc = UtcOffset::UTC;
        let at = 1_780_000_000_000; // 2026-05-28 20:26:40 UTC
        let labels = |from: i64, to: i64, offset: UtcOffset| {
            time_ticks(from, to, offset).into_iter().map(|t| time_label(t, to - from, offset)).collect::<Vec<_>>()
        };
        assert_eq!(
            labels(at, at + 120_000, utc),
            ["20:26:45", "20:27:00", "20:27:15", "20:27:30", "20:27:45", "20:28:00", "20:28:15", "20:28:30"]
        );
        let day = labels(at, at + 86_400_000, utc);
        assert_eq!(day, ["21:00", "00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00"]);
        // Two hours east: the ticks are round in the reader's time.
        let east = UtcOffset::from_hms(2, 0, 0).expect("valid");
        assert_eq!(labels(at, at + 86_400_000, east)[0], "00:00");
        let weeks = labels(at, at + 40 * 86_400_000, utc);
        assert_eq!(weeks, ["Jun 01", "Jun 08", "Jun 15", "Jun 22", "Jun 29", "Jul 06"], "Mondays");
        let year = labels(at, at + 365 * 86_400_000, utc);
        assert_eq!(year, ["Jul 01", "Sep 01", "Nov 01", "Jan 01", "Mar 01", "May 01"]);
        for span in [1_000, 60_000, 3_600_000, 86_400_000, 30 * 86_400_000, 400 * 86_400_000] {
            let ticks = time_ticks(at, at + span, utc);
            assert!((2..=8).contains(&ticks.len()), "{span} ms: {} ticks", ticks.len());
            assert!(ticks.iter().all(|t| (at..=at + span).contains(t)));
        }
    }

    #[test]
    fn value_labels_have_the_decimals_the_range_needs() {
        let labels = |top: f64| (0..=5).map(|i| value_label(top * f64::from(i) / 5.0, top)).collect::<Vec<_>>();
        assert_eq!(labels(1.0), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], "not 0, 0, 0, 1, 1, 1");
        assert_eq!(labels(0.1), ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"]);
        assert_eq!(labels(20.0), ["0", "4", "8", "12", "16", "20"]);
    }
}
