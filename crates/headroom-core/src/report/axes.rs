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
    fn value_labels_have_the_decimals_the_range_needs() {
        let labels = |top: f64| (0..=5).map(|i| value_label(top * f64::from(i) / 5.0, top)).collect::<Vec<_>>();
        assert_eq!(labels(1.0), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], "not 0, 0, 0, 1, 1, 1");
        assert_eq!(labels(0.1), ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"]);
        assert_eq!(labels(20.0), ["0", "4", "8", "12", "16", "20"]);
    }
}
