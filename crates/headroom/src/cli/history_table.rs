//! The `history` table's text: a header and one fixed-width line per row, laid out as bytes.

use time::UtcOffset;

use headroom_core::history::TableRow;
use headroom_core::units::{GB_DIGITS_MAX, gb_digits};

/// The header line, naming the unit the figures are in.
pub fn header(units: &str) -> String {
    format!(
        "{:<19}  {:>5}  {:<8}  {:>6}  {:>6}  {:>6}  {:>9}  {:>6}  {:>6}  {:>6}   ({units})\n",
        "time", "every", "pressure", "used", "app", "wired", "wired max", "compr", "cached", "free"
    )
}

/// Appends one row's line to `out`: the same text `format!` would give with the header's widths
/// (a value wider than its column widens the line, never truncated), written directly because a
/// 14-day table is 60,000 lines and `core::fmt` was a third of the command's time.
pub fn line(out: &mut Vec<u8>, r: &TableRow, offset: UtcOffset) {
    let every: &[u8] = match r.resolution_s {
        0 => b"raw",
        60 => b"1m",
        600 => b"10m",
        _ => b"?",
    };
    let t = r.at.to_offset(offset);
    zero_padded(out, i64::from(t.year()), 4);
    out.push(b'-');
    zero_padded(out, i64::from(u8::from(t.month())), 2);
    out.push(b'-');
    zero_padded(out, i64::from(t.day()), 2);
    out.push(b' ');
    zero_padded(out, i64::from(t.hour()), 2);
    out.push(b':');
    zero_padded(out, i64::from(t.minute()), 2);
    out.push(b':');
    zero_padded(out, i64::from(t.second()), 2);
    out.extend_from_slice(b"  ");
    right(out, every, 5);
    out.extend_from_slice(b"  ");
    left(out, r.pressure.name().as_bytes(), 8);
    for (bytes, width) in
        [(r.used(), 6), (r.app, 6), (r.wired, 6), (r.wired_max, 9), (r.compressed, 6), (r.cached_files, 6), (r.free, 6)]
    {
        out.extend_from_slice(b"  ");
        right(out, gb_digits(bytes, &mut [0; GB_DIGITS_MAX]).as_bytes(), width);
    }
    out.push(b'\n');
}

/// `value` in decimal with at least `width` digits (leading zeros; a minus sign before them).
fn zero_padded(out: &mut Vec<u8>, value: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        out.push(b'-');
    }
    let written = digits.len() - at;
    out.resize(out.len() + width.saturating_sub(written + usize::from(value < 0)), b'0');
    out.extend_from_slice(&digits[at..]);
}

fn right(out: &mut Vec<u8>, text: &[u8], width: usize) {
    out.resize(out.len() + width.saturating_sub(text.len()), b' ');
    out.extend_from_slice(text);
}

fn left(out: &mut Vec<u8>, text: &[u8], width: usize) {
    out.extend_from_slice(text);
    out.resize(out.len() + width.saturating_sub(text.len()), b' ');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use headroom_core::model::Pressure;
    use headroom_core::units::Gb;

    /// The layout as `core::fmt` writes it, which the byte writer must reproduce exactly.
    fn formatted(r: &TableRow, offset: UtcOffset) -> String {
        let every = match r.resolution_s {
            0 => "raw",
            60 => "1m",
            600 => "10m",
            _ => "?",
        };
        let t = r.at.to_offset(offset);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}  {:>5}  {:<8}  {:>6}  {:>6}  {:>6}  {:>9}  {:>6}  {:>6}  {:>6}\n",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            every,
            r.pressure.name(),
            Gb(r.used()),
            Gb(r.app),
            Gb(r.wired),
            Gb(r.wired_max),
            Gb(r.compressed),
            Gb(r.cached_files),
            Gb(r.free),
        )
    }

    fn row(at_s: i64, resolution_s: u32, pressure: Pressure, bytes: [u64; 6]) -> TableRow {
        let [app, wired, compressed, cached_files, free, wired_max] = bytes;
        TableRow {
            at: time::OffsetDateTime::from_unix_timestamp(at_s).expect("in range"),
            resolution_s,
            pressure,
            app,
            wired,
            compressed,
            wired_max,
            cached_files,
            free,
        }
    }

    fn text(r: &TableRow, offset: UtcOffset) -> String {
        let mut out = Vec::new();
        line(&mut out, r, offset);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn a_line_lines_up_under_the_header() {
        let gb = headroom_core::units::GB;
        let r = row(1_795_000_000, 60, Pressure::Warn, [4 * gb, 3 * gb / 2, gb / 10, 2 * gb, 9 * gb, 2 * gb]);
        let line = text(&r, UtcOffset::UTC);
        assert_eq!(
            line,
            "2026-11-18 11:06:40     1m  warn         5.6     4.0     1.5        2.0     0.1     2.0     9.0\n"
        );
        let head = header("GB");
        // Each column's last character sits under its heading's last one.
        for heading in ["every", "used", "wired max", "free"] {
            let end = head.find(heading).expect("heading") + heading.len();
            assert_ne!(line.as_bytes()[end - 1], b' ', "{heading}");
            assert!(matches!(line.as_bytes()[end], b' ' | b'\n'), "{heading}");
        }
    }

    #[test]
    fn wide_values_and_far_years_widen_the_line_as_format_would() {
        let r = row(-62_000_000_000, 7, Pressure::Critical, [u64::MAX, 0, u64::MAX, 1, 0, u64::MAX]);
        assert_eq!(text(&r, UtcOffset::UTC), formatted(&r, UtcOffset::UTC));
        assert!(text(&r, UtcOffset::UTC).starts_with("0005-"), "{}", text(&r, UtcOffset::UTC));
        let far = row(253_402_300_799, 600, Pressure::Normal, [0; 6]);
        assert_eq!(text(&far, UtcOffset::UTC), formatted(&far, UtcOffset::UTC));
    }

    proptest! {
        #[test]
        fn every_line_is_what_format_writes(
            at_s in -60_000_000_000i64..250_000_000_000,
            resolution_s in prop::sample::select(vec![0u32, 60, 600, 5]),
            pressure in prop::sample::select(vec![Pressure::Normal, Pressure::Warn, Pressure::Critical]),
            bytes in prop::array::uniform6(prop_oneof![0u64..1 << 40, any::<u64>()]),
            offset_s in -86_399i32..86_400,
        ) {
            let offset = UtcOffset::from_whole_seconds(offset_s).expect("within a day");
            let r = row(at_s, resolution_s, pressure, bytes);
            prop_assert_eq!(text(&r, offset), formatted(&r, offset));
        }
    }
}
